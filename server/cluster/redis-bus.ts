// ClusterBus over Redis pub/sub: one channel per document, a subscriber connection and a
// publisher connection. Pub/sub drops what is sent while a subscriber is away, so a reconnect is
// reported and the rooms catch up from the shared store.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { ClusterBus, ClusterHandler, ClusterMessage } from './cluster-bus.js';
import { decodeClusterMessage, encodeClusterMessage } from './cluster-codec.js';

// Deletes the lock only if this instance still holds it.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisBus implements ClusterBus {
  readonly instanceId = randomBytes(6).toString('base64url');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<ClusterHandler>>();
  private readonly reconnectListeners: (() => void)[] = [];
  private wasReady = false;

  private constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    const options = { connectionName: `glossa-${this.instanceId}`, maxRetriesPerRequest: null, enableOfflineQueue: true };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, options);
    for (const client of [this.pub, this.sub]) client.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
    this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => this.deliver(channel.toString(), data));
    this.sub.on('ready', () => {
      // ioredis re-subscribes by itself; what was published meanwhile must be caught up.
      if (this.wasReady) {
        log.info('redis link restored; catching up from the store');
        for (const listener of this.reconnectListeners) listener();
      }
      this.wasReady = true;
    });
  }

  static async connect(url: string, prefix: string, log: Logger): Promise<RedisBus> {
    const bus = new RedisBus(url, prefix, log);
    await Promise.all([bus.pub.ping(), bus.sub.ping()]);
    return bus;
  }

  private channel(documentId: string): string {
    return `${this.prefix}:doc:${documentId}`;
  }

  private deliver(channel: string, data: Buffer): void {
    const handlers = this.handlers.get(channel);
    if (!handlers) return;
    let decoded;
    try {
      decoded = decodeClusterMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      this.log.warn({ err: error, channel }, 'undecodable cluster message');
      return;
    }
    if (decoded.origin === this.instanceId) return;
    for (const handler of handlers) handler(decoded.message);
  }

  publish(documentId: string, message: ClusterMessage): void {
    const data = Buffer.from(encodeClusterMessage(this.instanceId, message));
    this.pub.publish(this.channel(documentId), data).catch((err: Error) => this.log.warn({ err: err.message, documentId }, 'publish failed'));
  }

  async subscribe(documentId: string, handler: ClusterHandler): Promise<() => void> {
    const channel = this.channel(documentId);
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      await this.sub.subscribe(channel);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        this.sub.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async tryLock(name: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const key = `${this.prefix}:lock:${name}`;
    const token = randomBytes(9).toString('base64url');
    const ok = await this.pub.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return async () => {
      await this.pub.eval(RELEASE, 1, key, token);
    };
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
