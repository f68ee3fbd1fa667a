// Commands a person made, sent to the server in order. While offline they wait (in localStorage,
// so a reload keeps them) and go out on reconnect; one the server rejects is kept and shown, not lost.

import type { CommandInput } from '../../shared/model/commands.js';
import { IDENTITY_HEADER, type Identity, encodeIdentity } from '../../shared/protocol/identity.js';
import { newId } from './new-id.js';

export interface PendingCommand {
  key: string;
  command: CommandInput;
  /** Set when the server refused the command; it will not be retried. */
  error?: { code: string; message: string };
}

/** Why the oldest command waits to be sent again. */
export interface RetryReason {
  /** The server's error code (e.g. `store_write_failing`, answered with 503), `http_<status>` without one, or `network` when no answer came. */
  code: string;
  message: string;
  /** Why storing fails, when the server said (a 503 `store_write_failing`). */
  reason?: string;
}

export interface CommandQueueOptions {
  /** POST endpoint taking one command: `${server}/api/documents/${id}/commands`. */
  endpoint: string;
  /** Named in open mode's identity header; null sends none (the server then says "Anonymous"). */
  identity: Identity | null;
  /** The signed token to send as Authorization (read at each request, so a replaced one is used). */
  token?: () => string | null;
  /** Called when the server says the token is missing or expired; the command waits and is retried. */
  onUnauthenticated?: () => void;
  storage?: Storage;
  storageKey: string;
  fetch?: typeof fetch;
}

const RETRY_MAX_MS = 10_000;

export class CommandQueue extends EventTarget {
  private queue: PendingCommand[] = [];
  private rejected: PendingCommand[] = [];
  private sending = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 250;
  private retryReason: RetryReason | null = null;

  constructor(private readonly options: CommandQueueOptions) {
    super();
    try {
      const saved = options.storage?.getItem(options.storageKey);
      if (saved) this.queue = JSON.parse(saved) as PendingCommand[];
    } catch {
      this.queue = [];
    }
  }

  /** Commands not yet accepted by the server, oldest first. */
  get pending(): readonly PendingCommand[] {
    return this.queue;
  }

  /** Why the oldest pending command waits to be sent again (the last attempt's answer); null while none waits for a retry. */
  get waitingBecause(): RetryReason | null {
    return this.retryReason;
  }

  /** Commands the server refused, with its reason. */
  get failed(): readonly PendingCommand[] {
    return this.rejected;
  }

  enqueue(command: CommandInput): PendingCommand {
    const entry = { key: newId(), command };
    this.queue.push(entry);
    this.changed();
    void this.flush();
    return entry;
  }

  dismiss(key: string): void {
    this.rejected = this.rejected.filter((c) => c.key !== key);
    this.changed();
  }

  /** Sends what is queued, in order; stops at the first network failure and retries later. */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        // Offline, a request can only fail: wait for the browser's "online" (the session calls retryNow).
        if (globalThis.navigator?.onLine === false) return;
        const entry = this.queue[0]!;
        const outcome = await this.send(entry);
        if (outcome !== 'ok' && 'retry' in outcome) {
          this.setRetryReason(outcome.retry);
          this.scheduleRetry();
          return;
        }
        this.queue.shift();
        const refused = outcome === 'ok' ? undefined : { ...entry, error: outcome };
        if (refused) this.rejected.push(refused);
        this.retryDelay = 250;
        this.retryReason = null;
        this.changed(refused);
      }
    } finally {
      this.sending = false;
    }
  }

  private async send(entry: PendingCommand): Promise<'ok' | { retry: RetryReason } | { code: string; message: string }> {
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(this.options.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.authHeaders() },
        body: JSON.stringify(entry.command),
      });
    } catch (error) {
      return { retry: { code: 'network', message: error instanceof Error ? error.message : String(error) } };
    }
    if (res.ok) return 'ok';
    const error = await errorOf(res);
    if (res.status === 401) {
      // Not the command's fault: it waits for a fresh token instead of being dropped.
      this.options.onUnauthenticated?.();
      return { retry: error };
    }
    // 5xx and 429 are the server's trouble, not the command's: keep it and try again (a 503
    // store_write_failing command was not applied, so sending it again cannot apply it twice).
    if (res.status >= 500 || res.status === 429) return { retry: error };
    return error;
  }

  private setRetryReason(reason: RetryReason): void {
    const same = this.retryReason?.code === reason.code && this.retryReason.message === reason.message;
    this.retryReason = reason;
    if (!same) this.dispatchEvent(new CustomEvent('change', { detail: {} }));
  }

  private authHeaders(): Record<string, string> {
    const token = this.options.token?.();
    if (token) return { Authorization: `Bearer ${token}` };
    return this.options.identity ? { [IDENTITY_HEADER]: encodeIdentity(this.options.identity) } : {};
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.retryDelay);
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
  }

  /** Sends now (e.g. on reconnect), without waiting for the backoff. */
  retryNow(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryDelay = 250;
    // Tried again now: what the last attempt was answered no longer says why it waits.
    if (this.retryReason && !this.sending) {
      this.retryReason = null;
      this.dispatchEvent(new CustomEvent('change', { detail: {} }));
    }
    void this.flush();
  }

  private changed(rejected?: PendingCommand): void {
    this.options.storage?.setItem(this.options.storageKey, JSON.stringify(this.queue));
    this.dispatchEvent(new CustomEvent('change', { detail: { rejected } }));
  }

  destroy(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}

/** The server's `{error: {code, message}}`, or one made of the status when the body has none. */
async function errorOf(res: Response): Promise<{ code: string; message: string; reason?: string }> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown; reason?: unknown } };
    if (typeof body.error?.code === 'string') {
      const error = { code: body.error.code, message: typeof body.error.message === 'string' ? body.error.message : '' };
      return typeof body.error.reason === 'string' ? { ...error, reason: body.error.reason } : error;
    }
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return { code: `http_${res.status}`, message: res.statusText };
}
