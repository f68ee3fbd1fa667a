// The harness side: load-client processes (forked, each with its own event loop) and calls into them.

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '../stats.js';
import type { RpcRequest, RpcResponse } from './rpc.js';
import { pin } from '../pin.js';

export class ClientProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exitError: Error | null = null;

  constructor(
    readonly index: number,
    script: string,
    nodeFlags: readonly string[] = [],
  ) {
    const path = fileURLToPath(new URL(script, import.meta.url));
    this.child = fork(path, [], { execArgv: ['--import', 'tsx', ...nodeFlags], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    pin(this.child.pid!, 'clients');
    this.child.on('message', (message: RpcResponse) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`load client ${index}: ${message.error}`));
    });
    this.child.on('exit', (code, signal) => {
      this.exitError = new Error(`load client ${index} exited (${code ?? signal})`);
      for (const waiter of this.pending.values()) waiter.reject(this.exitError);
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(method: string, args: unknown = {}, timeoutMs = 60_000): Promise<T> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    const result = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, args } satisfies RpcRequest);
    });
    return withTimeout(result, timeoutMs, `load client ${this.index}: ${method}`).finally(() => this.pending.delete(id));
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** `count` processes running the same load-client script. */
export class ClientPool {
  readonly processes: ClientProcess[];

  /** `nodeFlags`: extra Node options for the load processes (e.g. heap sizing). */
  constructor(script: string, count: number, nodeFlags: readonly string[] = []) {
    this.processes = Array.from({ length: count }, (_, i) => new ClientProcess(i, script, nodeFlags));
  }

  /** Calls `method` on every process, with per-process arguments. */
  all<T>(method: string, args: (index: number) => unknown, timeoutMs?: number): Promise<T[]> {
    return Promise.all(this.processes.map((p, i) => p.call<T>(method, args(i), timeoutMs)));
  }

  close(): Promise<void[]> {
    return Promise.all(this.processes.map((p) => p.close()));
  }
}

/** Splits `total` items into `parts` near-equal counts. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
