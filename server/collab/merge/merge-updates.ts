// Y.mergeUpdates re-sorts all of its inputs every time it moves from one to the next, so its
// cost grows with the square of their number. Merged in groups, each sort stays short and the
// result is byte for byte the same. A merge also
// re-encodes every input, so the largest (a document's snapshot, usually) joins only at the end:
// a tree of groups would re-encode it once per level.

import * as Y from 'yjs';

const GROUP = 32;

function mergeInGroups(updates: readonly Uint8Array[]): Uint8Array {
  let level = updates;
  while (level.length > GROUP) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += GROUP) {
      const group = level.slice(i, i + GROUP);
      next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
    }
    level = next;
  }
  return level.length === 1 ? level[0]! : Y.mergeUpdates([...level]);
}

/** The updates as one (the first, untouched, when there is only one). */
export function mergeUpdates(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length <= GROUP) return mergeInGroups(updates);
  let largest = 0;
  for (let i = 1; i < updates.length; i++) if (updates[i]!.byteLength > updates[largest]!.byteLength) largest = i;
  const rest = updates.filter((_, i) => i !== largest);
  return Y.mergeUpdates([updates[largest]!, mergeInGroups(rest)]);
}
