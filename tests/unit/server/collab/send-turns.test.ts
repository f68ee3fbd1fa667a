// Large answers go out a turn's worth at a time, so frames that arrive meanwhile are read between
// them, and nothing is reordered.

import { describe, expect, it } from 'vitest';
import { SendTurns } from '../../../../server/collab/send-turns.js';

/** Resolves after the event loop has gone round `turns` times. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('SendTurns', () => {
  it('sends at once while the turn has room, then one turn at a time, reading between turns, in order', async () => {
    const sendTurns = new SendTurns(100);
    const events: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) sendTurns.send(100, () => events.push(name));
    expect(events).toEqual(['a']);
    // What a socket's incoming frame does: it waits for the loop to come round.
    setImmediate(() => events.push('frame read'));
    await turns(5);
    expect(events).toEqual(['a', 'b', 'frame read', 'c', 'd']);
  });

  it('sends small answers of one turn together, without waiting', () => {
    const sendTurns = new SendTurns(100);
    const events: string[] = [];
    for (const name of ['a', 'b', 'c']) sendTurns.send(10, () => events.push(name));
    expect(events).toEqual(['a', 'b', 'c']);
  });
});
