// Turning a function of ours into code Chromium can run. tsx (esbuild with keepNames) wraps named
// functions in calls to a `__name` helper that exists only in Node; the page gets a no-op one.

import type { BrowserContext } from 'playwright-core';

const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** Runs `fn(arg)` at the start of every document of the context, before the page's own scripts. */
export async function addInitFunction<A>(context: BrowserContext, fn: (arg: A) => void, arg: A): Promise<void> {
  await context.addInitScript({ content: `${NAME_SHIM}\n(${fn.toString()})(${JSON.stringify(arg)});` });
}

/** Makes page.evaluate(fn) safe for functions compiled by tsx. */
export async function addNameShim(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: NAME_SHIM });
}
