// Y.Docs for model tests: a document as the server creates it, replicas, and syncing them.

import * as Y from 'yjs';
import { applyCommand, type CommandContext } from '../../shared/model/apply-command.js';
import { type CommandInput, commandSchema } from '../../shared/model/commands.js';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import type { Actor } from '../../shared/model/types.js';

export const alice: Actor = { id: 'u-alice', name: 'Alice', color: '#c2255c', role: 'editor' };
export const bob: Actor = { id: 'u-bob', name: 'Bob', color: '#1971c2', role: 'editor' };

export function sourceDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, createSourceDocumentState(text));
  return doc;
}

/** A second replica of `doc` with the same state. */
export function replica(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Exchanges what each doc is missing, both ways. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

let counter = 0;

/** Validates and applies a command the way the server does, in one transaction. */
export function run(doc: Y.Doc, input: CommandInput, actor: Actor = alice, now = '2026-11-28T12:00:00.000Z') {
  const command = commandSchema.parse(input);
  const ctx: CommandContext = { actor, now, newId: () => `id-${++counter}` };
  let result!: ReturnType<typeof applyCommand>;
  doc.transact(() => {
    result = applyCommand(doc, command, ctx);
  });
  return result;
}
