// Vitest global setup: builds /embed.js once, so browser tests run the client as it is in the tree.

import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' });
}
