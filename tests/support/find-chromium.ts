// Where Chrome or Chromium lives on this machine (CHROMIUM_PATH first), and how it is started
// here: headless, and kept off the network (this machine's closed network refuses its calls home).
// No test framework in here: the screenshot script uses it too.

import { existsSync } from 'node:fs';

export const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** The browser to drive: CHROMIUM_PATH when set, else the first Chrome or Chromium found; null if none. */
export const CHROMIUM: string | null = process.env.CHROMIUM_PATH || (CANDIDATES.find((path) => existsSync(path)) ?? null);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
