// Creating, reading, renaming and deleting documents: the store's records plus the live rooms.

import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { type DocumentSummary, summarizeDocument } from '../../shared/model/document-summary.js';
import { sourceText } from '../../shared/model/layout.js';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import { type AnchorHealth, healthCounts } from '../../shared/model/anchor-health.js';
import { reviseText } from '../../shared/model/revise-text.js';
import type { Room } from '../collab/room.js';
import type { RoomRegistry } from '../collab/room-registry.js';
import { docFromStoredState, type StateMerger } from '../collab/merge/index.js';
import type { RevisionAuthor, RevisionRecord } from '../storage/revision-store.js';
import type { DocumentRecord, Store } from '../storage/store.js';
import { OnBehalfOf } from '../collab/change-author.js';

export interface DocumentWithText extends DocumentRecord {
  text: string;
}

export class DocumentService {
  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
    /** Reads a room's content kept as bytes off the main thread. */
    private readonly merger: StateMerger,
  ) {}

  async create(title: string, text: string, author: RevisionAuthor | null = null): Promise<DocumentRecord> {
    const id = randomBytes(12).toString('base64url');
    const state = createSourceDocumentState(text);
    return this.store.createDocument({
      id,
      title,
      sourceBytes: Buffer.byteLength(text, 'utf8'),
      state,
      stateVector: Y.encodeStateVectorFromUpdate(state),
      author,
    });
  }

  /** Every document; counts and activity are live for documents open right now. */
  async list(): Promise<DocumentRecord[]> {
    const records = await this.store.listDocuments();
    return Promise.all(records.map((record) => this.withLiveSummary(record)));
  }

  /** One document's record (counts and activity live if it is open), without its text. */
  async record(id: string): Promise<DocumentRecord | null> {
    const record = await this.store.getDocument(id);
    return record && this.withLiveSummary(record);
  }

  /** The document with its current source text (live, if someone has it open). */
  async get(id: string): Promise<DocumentWithText | null> {
    const record = await this.record(id);
    if (!record) return null;
    const room = this.rooms.isOpen(id) ? await this.rooms.open(id) : null;
    if (room) return { ...record, text: sourceText(room.doc).toString() };
    const stored = await this.store.loadState(id);
    if (!stored) return null;
    const doc = docFromStoredState(stored);
    const text = sourceText(doc).toString();
    doc.destroy();
    return { ...record, text };
  }

  /**
   * Makes `text` the document's text, as the edits that turn the current one into it (see
   * revise-text.ts): people connected see them live, and highlights stay on their characters.
   * Resolves with the version recorded once the text is stored; null when there is no such document.
   */
  async revise(id: string, text: string, author: RevisionAuthor | null): Promise<RevisionRecord | null> {
    const done = await this.rooms.withRoom(id, async (room) => {
      const { inserted, deleted } = reviseText(room.doc, text, new OnBehalfOf(author, 'revision'));
      const annotations: Record<AnchorHealth, number> = healthCounts(room.doc);
      await room.whenDurable();
      return { inserted, deleted, annotations };
    });
    if (!done) return null;
    return this.store.revisions.record(id, { author, sourceBytes: Buffer.byteLength(text, 'utf8'), ...done.value });
  }

  /** The versions of the document's text, newest first; null when there is no such document. */
  async revisions(id: string): Promise<RevisionRecord[] | null> {
    const revisions = await this.store.revisions.list(id);
    return revisions.length > 0 || (await this.store.getDocument(id)) ? revisions : null;
  }

  async rename(id: string, title: string): Promise<DocumentRecord | null> {
    const record = await this.store.renameDocument(id, title);
    return record && this.withLiveSummary(record);
  }

  /** Deletes the stored document first, so a client reconnecting meanwhile finds nothing to load. */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.store.deleteDocument(id);
    await this.rooms.closeDocument(id, CloseCode.DocumentDeleted);
    return deleted;
  }

  /**
   * Stores what the list shows of a room about to unload, if its content changed while open:
   * edits never pay for it, and raw Yjs updates (editors') are counted too.
   */
  async recordSummary(room: Room): Promise<void> {
    if (!room.contentChanged) return;
    await this.store.setSummary(room.documentId, await this.summarize(room));
  }

  // A room whose content has not changed since it loaded has the stored summary.
  private async withLiveSummary(record: DocumentRecord): Promise<DocumentRecord> {
    const room = this.rooms.loadedRoom(record.id);
    if (!room?.contentChanged) return record;
    const { annotationCount, ...activity } = await this.summarize(room);
    return { ...record, annotationCount, activity };
  }

  /**
   * Read from the Y.Doc if the server has one built, otherwise from the bytes in the merge thread:
   * building a Y.Doc here would hold up every edit on the instance.
   */
  private summarize(room: Room): Promise<DocumentSummary> {
    const held = room.content.held;
    return 'doc' in held ? Promise.resolve(summarizeDocument(held.doc)) : this.merger.summarize(held.pieces);
  }
}
