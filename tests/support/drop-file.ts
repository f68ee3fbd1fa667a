// Dragging a file from the desktop onto a page: Chromium's own drag input (CDP Input.dispatchDragEvent),
// the path a person's drag takes, since a headless browser has no desktop to drag from.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { tempDir } from './temp-dir.js';

/** Drags a file named `name` holding `content` over `target` and drops it there. */
export async function dropFile(page: Page, target: Locator, name: string, content: string | Uint8Array): Promise<void> {
  const path = join(tempDir('glossa-drop-'), name);
  writeFileSync(path, content);
  const box = await target.boundingBox();
  if (!box) throw new Error('the drop target is not on screen');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [path], dragOperationsMask: 1 };
  await page.mouse.move(x, y);
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
  await cdp.detach();
}

/** Slows the page's uploads to `bytesPerSecond`, as a slow office link would. */
export async function throttleUploads(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
}
