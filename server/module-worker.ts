// Starts a worker thread on a module that sits beside the caller's own.

import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * `name` is the module's file name without its extension. The compiled server starts the thread on
 * its JavaScript. Run from TypeScript sources (tests, `tsx`), the thread first registers tsx's
 * loader itself: on Node 20 a worker ignores `--import tsx` in its execArgv (the module then
 * fails to load as an unknown ".ts" file).
 */
export function startModuleWorker(callerUrl: string, name: string, workerData: unknown, options: Omit<WorkerOptions, 'workerData' | 'eval'> = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { ...options, workerData });
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { ...options, eval: true, workerData });
}
