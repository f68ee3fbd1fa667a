// The load-client side of the harness's IPC: named handlers answer the harness's calls.

export type Handler = (args: never) => unknown;

export interface RpcRequest {
  id: number;
  method: string;
  args: unknown;
}

export interface RpcResponse {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Serves `handlers` over process IPC; the process exits when the harness goes away. */
export function serveRpc(handlers: Record<string, Handler>): void {
  if (!process.send) throw new Error('a load client must be started by the harness (fork)');
  // Stock providers each add a process 'exit' listener; hundreds per process are expected here.
  process.setMaxListeners(0);
  process.on('message', (message: RpcRequest) => {
    const handler = handlers[message.method];
    // The harness may already be gone (it stops waiting on a timeout); a lost reply is fine then.
    const reply = (response: Omit<RpcResponse, 'id'>) => {
      if (process.connected) process.send!({ id: message.id, ...response }, undefined, {}, () => {});
    };
    if (!handler) {
      reply({ ok: false, error: `no handler "${message.method}"` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args as never))
      .then(
        (result) => reply({ ok: true, result }),
        (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
