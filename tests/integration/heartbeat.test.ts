// A client whose network goes silent (no close, no reset) is noticed by the server's heartbeat and
// its presence removed for everyone; when it comes back it reappears for everyone at once, though
// stock clients would otherwise ignore its unchanged presence (same clock as before it left).

import { expect, it } from 'vitest';
import { startNetworkLink } from '../support/network-link.js';
import { connectClient } from '../support/yjs-clients.js';
import { createDocument, startTestServer } from '../support/test-server.js';

const user = (name: string) => ({ id: `u-${name}`, name, color: '#1971c2' });
const names = (client: ReturnType<typeof connectClient>) =>
  [...client.provider.awareness.getStates().values()].flatMap((s) => (s as { user?: { name: string } }).user?.name ?? []).sort();

/** Ana connected directly, Ben through a link the test can cut; both present for each other. */
async function anaAndBen(env: Record<string, string> = {}) {
  const server = await startTestServer(env);
  const documentId = await createDocument(server.url, 'A report.', 'Heartbeat');
  const link = await startNetworkLink(server.url);
  const ana = connectClient(server.url, documentId);
  const ben = connectClient(link.url, documentId);
  ana.provider.awareness.setLocalStateField('user', user('Ana'));
  ben.provider.awareness.setLocalStateField('user', user('Ben'));
  await expect.poll(() => names(ana)).toEqual(['Ana', 'Ben']);
  return { link, ana, ben };
}

it('a silent client leaves everyone’s presence, and a returning one is seen again', async () => {
  const { link, ana, ben } = await anaAndBen();

  link.cut();
  // Only the heartbeat can tell (the awareness timeout would take 30 s).
  await expect.poll(() => names(ana), { timeout: 8000 }).toEqual(['Ana']);

  link.restore();
  await expect.poll(() => ben.provider.wsconnected, { timeout: 8000 }).toBe(true);
  await expect.poll(() => names(ana), { timeout: 8000 }).toEqual(['Ana', 'Ben']);
  // (Ben's stock provider kept Ana's clock when it dropped her state, so it shows her again only at
  // her next presence renewal; Glossa's own client forgets those clocks, see tests/e2e/presence.test.ts.)
});

it('a client silent for a moment leaves presence and comes back on the same socket, moving again', async () => {
  const { link, ana, ben } = await anaAndBen();
  const socket = ben.provider.ws;

  link.stall();
  await expect.poll(() => names(ana), { timeout: 8000 }).toEqual(['Ana']);
  link.heal();
  await expect.poll(() => names(ana), { timeout: 8000 }).toEqual(['Ana', 'Ben']);
  // No reconnect was needed, and what Ben does next still reaches Ana (his clock caught up).
  expect(ben.provider.ws).toBe(socket);
  ben.provider.awareness.setLocalStateField('selection', { start: 'a', end: 'b' });
  await expect.poll(() => [...ana.provider.awareness.getStates().values()].some((s) => (s as { selection?: unknown }).selection !== undefined)).toBe(true);
});

it('HEARTBEAT_MS=0 turns it off: a silent client stays until its presence times out', async () => {
  const { link, ana } = await anaAndBen({ HEARTBEAT_MS: '0' });
  link.cut();
  // Three beats' worth of silence later the server still holds Ben's socket.
  const stillThere = await new Promise<string[]>((resolve) => setTimeout(() => resolve(names(ana)), 3000));
  expect(stillThere).toEqual(['Ana', 'Ben']);
});
