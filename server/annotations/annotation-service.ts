// Annotating a document: commands applied by the server to the room's Y.Doc on behalf of an
// actor (people never write annotation state themselves), and reads of the live state.

import { randomBytes } from 'node:crypto';
import { applyCommand, type CommandResult } from '../../shared/model/apply-command.js';
import type { Command } from '../../shared/model/commands.js';
import { toCsv } from '../../shared/model/csv-export.js';
import { readLabels } from '../../shared/model/labels.js';
import { annotationsMap, sourceText } from '../../shared/model/layout.js';
import { ModelError, notFound } from '../../shared/model/model-error.js';
import { countAnnotations, readAnnotation, readAnnotations } from '../../shared/model/read-annotations.js';
import type { Actor, AnnotationView, Label } from '../../shared/model/types.js';
import { toW3CAnnotationPage } from '../../shared/model/w3c-export.js';
import type { Room } from '../collab/room.js';
import { OnBehalfOf } from '../collab/change-author.js';
import type { RoomRegistry } from '../collab/room-registry.js';
import type { Store } from '../storage/store.js';
import type { Logger } from '../logger.js';
import type * as Y from 'yjs';
import { type DamagedEntry, annotationAt, findDamaged } from '../../shared/model/layout-check.js';
import { StoreFailingError } from '../storage/write-failure.js';
import { type ImportReport, importAnnotations } from '../../shared/model/import/import-annotations.js';
import { parseWebAnnotations } from '../../shared/model/import/w3c-parse.js';
import type { PastState } from '../../shared/model/activity/activity-entry.js';
import { type RestoreResult, type RestoreScope, restoreMoment } from '../../shared/model/history/restore-moment.js';

export interface CommandOutcome {
  result: CommandResult;
  /** The annotations the command touched, as they are now (deleted ones are absent). */
  annotations: AnnotationView[];
  label?: Label;
}

const newId = () => randomBytes(9).toString('base64url');

export class AnnotationService {
  /** Damaged entries already logged ("document key"), so a document read often logs each once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
    /** Commands are refused once the document's stored state is this large. */
    private readonly maxStateBytes: number,
    private readonly log: Logger,
  ) {}

  private async inRoom<T>(documentId: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
    const out = await this.rooms.withRoom(documentId, fn);
    if (!out) throw notFound('document', documentId);
    return out.value;
  }

  /** The entries readers skipped in this document, logged once each. */
  private damagedIn(documentId: string, doc: Y.Doc): DamagedEntry[] {
    const damaged = findDamaged(doc);
    for (const entry of damaged) {
      const key = `${documentId} ${entry.map}/${entry.key}`;
      if (this.reported.has(key)) continue;
      // Bounded by forgetting: an entry forgotten is logged once more.
      if (this.reported.size >= 10_000) this.reported.clear();
      this.reported.add(key);
      this.log.warn({ documentId, map: entry.map, key: entry.key, problem: entry.problem }, 'skipped an entry that does not match the document layout');
    }
    return damaged;
  }

  /** Applies a command in one transaction and resolves once the change is stored and relayed. */
  execute(documentId: string, command: Command, actor: Actor): Promise<CommandOutcome> {
    return this.write(
      documentId,
      new OnBehalfOf(actor, 'command'),
      (doc) => applyCommand(doc, command, { actor, now: new Date().toISOString(), newId }),
      (doc, result) => {
        const map = annotationsMap(doc);
        const annotations = result.annotationIds.flatMap((id) => {
          const entry = map.get(id);
          const view = entry ? readAnnotation(doc, entry) : null;
          return view ? [view] : [];
        });
        const label = result.labelId ? readLabels(doc).find((l) => l.id === result.labelId) : undefined;
        return { result, annotations, label };
      },
    );
  }

  /**
   * Imports Web Annotations (shared/model/import/) in one transaction: the input is checked whole
   * before anything is written, so a refused import leaves the document as it was.
   */
  importW3C(documentId: string, input: unknown, actor: Actor): Promise<ImportReport> {
    const items = parseWebAnnotations(input);
    return this.write(
      documentId,
      new OnBehalfOf(actor, 'import'),
      (doc) => importAnnotations(doc, items, { actor, now: new Date().toISOString(), documentId }),
      (_doc, report) => report,
    );
  }

  /**
   * Puts annotations back as they were at a moment (`past`, from the history): all of them, one, or
   * one comment (restore-moment.ts), as a change going forward that is itself in the history.
   */
  restore(documentId: string, past: PastState, scope: RestoreScope, actor: Actor): Promise<RestoreResult> {
    const then = new Map(past.annotations.map((a) => [a.id, a]));
    return this.write(
      documentId,
      new OnBehalfOf(actor, 'restore'),
      (doc) => restoreMoment(doc, then, actor, new Date().toISOString(), scope),
      (_doc, result) => result,
    );
  }

  /** The annotations as they were at a moment, as W3C Web Annotations (as exportW3C). */
  pastAsW3C(past: PastState, documentUrl: string) {
    return toW3CAnnotationPage(past.annotations, { documentUrl, text: past.text, labels: past.labels });
  }

  /** The annotations as they were at a moment, as CSV (as exportCsv). */
  async pastAsCsv(documentId: string, past: PastState): Promise<{ title: string; csv: string }> {
    const record = await this.store.getDocument(documentId);
    if (!record) throw notFound('document', documentId);
    return { title: record.title, csv: toCsv(past.annotations, { title: record.title, text: past.text, labels: past.labels }) };
  }

  /**
   * Runs `change` in one transaction of the room's document, made `by` someone, and answers (with
   * `answer`, read right after it) once the change is stored and relayed.
   */
  private write<R, T>(documentId: string, by: OnBehalfOf, change: (doc: Y.Doc) => R, answer: (doc: Y.Doc, result: R) => T): Promise<T> {
    return this.inRoom(documentId, async (room) => {
      if (room.storedBytes > this.maxStateBytes) {
        throw new ModelError('too_large', 'document_too_large', `the document has reached its maximum size of ${this.maxStateBytes} bytes`);
      }
      // Refused, not applied: a change that could not be stored would leave the person waiting with
      // no answer, and one answered with an error after being applied would be applied twice on retry.
      const failing = room.storeFailure;
      if (failing) throw new StoreFailingError(failing);
      const doc = room.doc;
      const before = countAnnotations(doc);
      let result!: R;
      doc.transact(() => {
        result = change(doc);
      }, by);
      const out = answer(doc, result);
      await room.whenDurable();
      const after = countAnnotations(doc);
      // The count is a listing's cache (written again when the room unloads): failing to write it must
      // not answer an error for a change that is stored, or the client's retry would apply it twice.
      if (after !== before) {
        await this.store
          .setAnnotationCount(documentId, after)
          .catch((error: unknown) =>
            this.log.warn({ err: error, documentId }, 'recording the annotation count failed; the listing shows it once the document unloads'),
          );
      }
      return out;
    });
  }

  /** The annotations and labels, and the entries skipped because they do not match the layout. */
  list(documentId: string): Promise<{ annotations: AnnotationView[]; labels: Label[]; damaged: DamagedEntry[] }> {
    return this.inRoom(documentId, (room) => ({
      annotations: readAnnotations(room.doc),
      labels: readLabels(room.doc),
      damaged: this.damagedIn(documentId, room.doc),
    }));
  }

  get(documentId: string, annotationId: string): Promise<AnnotationView> {
    return this.inRoom(documentId, (room) => {
      if (!annotationsMap(room.doc).has(annotationId)) throw notFound('annotation', annotationId);
      const entry = annotationAt(room.doc, annotationId);
      const view = entry ? readAnnotation(room.doc, entry) : null;
      if (!view) {
        this.damagedIn(documentId, room.doc);
        throw new ModelError(
          'conflict',
          'annotation_damaged',
          `the annotation "${annotationId}" does not match the document layout; an owner can remove damaged entries`,
        );
      }
      return view;
    });
  }

  labels(documentId: string): Promise<Label[]> {
    return this.inRoom(documentId, (room) => readLabels(room.doc));
  }

  exportW3C(documentId: string, documentUrl: string) {
    return this.inRoom(documentId, (room) => {
      this.damagedIn(documentId, room.doc);
      return toW3CAnnotationPage(readAnnotations(room.doc), {
        documentUrl,
        text: sourceText(room.doc).toString(),
        labels: readLabels(room.doc),
      });
    });
  }

  /** The CSV export (shared/model/csv-export.ts) and the title to name the file after. */
  async exportCsv(documentId: string): Promise<{ title: string; csv: string }> {
    // The title lives in the store, not in the Y.Doc.
    const record = await this.store.getDocument(documentId);
    if (!record) throw notFound('document', documentId);
    const csv = await this.inRoom(documentId, (room) =>
      toCsv(readAnnotations(room.doc), { title: record.title, text: sourceText(room.doc).toString(), labels: readLabels(room.doc) }),
    );
    return { title: record.title, csv };
  }
}
