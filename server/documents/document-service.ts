// Creating, reading and deleting documents: the store's records plus the live rooms.

import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { sourceText } from '../../shared/model/layout.js';
import { countAnnotations } from '../../shared/model/read-annotations.js';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import type { RoomRegistry } from '../collab/room-registry.js';
import { docFromStoredState } from '../collab/stored-doc.js';
import type { DocumentRecord, Store } from '../storage/store.js';

export interface DocumentWithText extends DocumentRecord {
  text: string;
}

export class DocumentService {
  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
  ) {}

  async create(title: string, text: string): Promise<DocumentRecord> {
    const id = randomBytes(12).toString('base64url');
    const state = createSourceDocumentState(text);
    return this.store.createDocument({
      id,
      title,
      sourceBytes: Buffer.byteLength(text, 'utf8'),
      state,
      stateVector: Y.encodeStateVectorFromUpdate(state),
    });
  }

  /** Every document; annotation counts are live for documents open right now. */
  async list(): Promise<DocumentRecord[]> {
    const records = await this.store.listDocuments();
    return records.map((record) => {
      // A room whose content has not changed since it loaded has the stored count.
      const room = this.rooms.loadedRoom(record.id);
      return room?.contentChanged ? { ...record, annotationCount: countAnnotations(room.doc) } : record;
    });
  }

  record(id: string): Promise<DocumentRecord | null> {
    return this.store.getDocument(id);
  }

  /** The document with its current source text (live, if someone has it open). */
  async get(id: string): Promise<DocumentWithText | null> {
    const record = await this.store.getDocument(id);
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

  /** Deletes the stored document first, so a client reconnecting meanwhile finds nothing to load. */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.store.deleteDocument(id);
    await this.rooms.closeDocument(id, CloseCode.DocumentDeleted);
    return deleted;
  }
}
