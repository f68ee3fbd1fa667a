// Writes a compaction's snapshot. better-sqlite3 runs on the main thread: a large snapshot written in
// one transaction kept every document's edits waiting, and every socket unread, for as long as the
// write took. A large snapshot goes in parts of PART_BYTES, one
// transaction each with a turn of the event loop between them (other documents' edits commit in
// between); a last small transaction makes them current (and, with history off, deletes the rows
// they cover).

import { randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';

/** About 7 ms of main thread a part, here. */
export const PART_BYTES = 1024 * 1024;

export type CompactStep = 'part-written' | 'snapshot-written' | 'rows-deleted';

export interface SnapshotToWrite {
  documentId: string;
  state: Buffer;
  vector: Buffer | null;
  /** Stored only with the vector. */
  floor: Buffer | null;
  upTo: number;
  now: number;
}

const EMPTY = Buffer.alloc(0);

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function split(bytes: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) parts.push(bytes.subarray(at, at + size));
  return parts;
}

/** Where a snapshot stored in parts is: its generation, and how many of its parts are the state. */
export interface SnapshotWriterOptions {
  /** The rows a snapshot covers stay, as history (default); false deletes them. */
  keepRows?: boolean;
  partBytes?: number;
  onStep?: (step: CompactStep) => void;
}

export interface PartsPlace {
  generation: number;
  stateParts: number;
}

export class SnapshotWriter {
  private readonly upsert: Database.Statement<[string, Buffer, Buffer | null, Buffer | null, number, number, number | null, number | null]>;
  private readonly keepEditTime: Database.Statement<{ id: string; upTo: number }>;
  private readonly dropRows: Database.Statement<[string, number]>;
  private readonly writePart: Database.Statement<[string, number, number, Buffer]>;
  private readonly countParts: Database.Statement<[string, number], { parts: number }>;
  private readonly readParts: Database.Statement<[string, number], { data: Buffer }>;
  private readonly dropStalePart: Database.Statement<[string, string]>;
  private readonly commit: (snapshot: SnapshotToWrite, parts: (PartsPlace & { count: number }) | null) => void;

  private readonly partBytes: number;
  private readonly onStep?: (step: CompactStep) => void;

  constructor(sqlite: Database.Database, { keepRows = true, partBytes = PART_BYTES, onStep }: SnapshotWriterOptions = {}) {
    this.partBytes = partBytes;
    this.onStep = onStep;
    this.upsert = sqlite.prepare(
      `insert into document_snapshots (document_id, state, state_vector, floor, up_to_update_id, created_at, parts_generation, state_parts)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (document_id) do update set state = excluded.state, state_vector = excluded.state_vector, floor = excluded.floor,
         up_to_update_id = excluded.up_to_update_id, created_at = excluded.created_at,
         parts_generation = excluded.parts_generation, state_parts = excluded.state_parts
       -- Never replace a snapshot with an older one: the newer one covers rows that may be gone.
       where document_snapshots.up_to_update_id <= excluded.up_to_update_id`,
    );
    // The rows about to go may hold the document's last edit: updated_at keeps its time.
    this.keepEditTime = sqlite.prepare(
      `update documents set updated_at = max(updated_at, coalesce(
         (select created_at from document_updates where document_id = @id and id <= @upTo order by id desc limit 1), 0))
       where id = @id`,
    );
    this.dropRows = sqlite.prepare('delete from document_updates where document_id = ? and id <= ?');
    this.writePart = sqlite.prepare('insert into document_snapshot_parts (document_id, generation, seq, data) values (?, ?, ?, ?)');
    this.countParts = sqlite.prepare('select count(*) as parts from document_snapshot_parts where document_id = ? and generation = ?');
    this.readParts = sqlite.prepare('select data from document_snapshot_parts where document_id = ? and generation = ? order by seq');
    this.dropStalePart = sqlite.prepare(
      `delete from document_snapshot_parts where (document_id, generation, seq) = (
         select document_id, generation, seq from document_snapshot_parts
         where document_id = ? and generation is not (select parts_generation from document_snapshots where document_id = ?) limit 1)`,
    );
    this.commit = sqlite.transaction((snapshot: SnapshotToWrite, parts: (PartsPlace & { count: number }) | null) => {
      const { documentId, vector, upTo, now } = snapshot;
      // Only one compaction of a document runs at a time; if another's clean-up took these parts anyway, fail rather than point at nothing.
      if (parts && this.countParts.get(documentId, parts.generation)!.parts !== parts.count) {
        throw new Error(`the parts of document ${documentId}'s new snapshot are missing; the compaction will be tried again`);
      }
      const [state, floor] = parts ? [EMPTY, null] : [snapshot.state, snapshot.floor];
      if (this.upsert.run(documentId, state, vector, floor, upTo, now, parts?.generation ?? null, parts?.stateParts ?? null).changes === 0) return;
      this.onStep?.('snapshot-written');
      if (!keepRows) {
        this.keepEditTime.run({ id: documentId, upTo });
        this.dropRows.run(documentId, upTo);
      }
      this.onStep?.('rows-deleted');
    });
  }

  /** Resolves once the snapshot is current (or a newer one already was) and the rows it covers are gone. */
  async write(snapshot: SnapshotToWrite): Promise<void> {
    const { documentId, state, floor } = snapshot;
    if (state.byteLength + (floor?.byteLength ?? 0) <= this.partBytes) {
      this.commit(snapshot, null);
    } else {
      const generation = randomInt(2 ** 47);
      const stateParts = split(state, this.partBytes);
      const parts = floor ? [...stateParts, ...split(floor, this.partBytes)] : stateParts;
      for (const [seq, part] of parts.entries()) {
        this.writePart.run(documentId, generation, seq, part);
        this.onStep?.('part-written');
        await turn();
      }
      this.commit(snapshot, { generation, stateParts: stateParts.length, count: parts.length });
    }
    // The replaced snapshot's parts, or those of a compaction that crashed or lost to a newer one.
    await this.dropStaleParts(documentId);
  }

  /** The state and floor of a snapshot stored in parts. */
  read(documentId: string, place: PartsPlace): { state: Buffer; floor: Buffer | null } {
    const parts = this.readParts.all(documentId, place.generation).map((row) => row.data);
    const floorParts = parts.slice(place.stateParts);
    return { state: Buffer.concat(parts.slice(0, place.stateParts)), floor: floorParts.length > 0 ? Buffer.concat(floorParts) : null };
  }

  /** A part per turn: deleting a 10 MB snapshot's pages in one go would hold everyone up again. */
  private async dropStaleParts(documentId: string): Promise<void> {
    while (this.dropStalePart.run(documentId, documentId).changes > 0) await turn();
  }
}
