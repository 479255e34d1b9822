// Messages between the main-thread writer (writer.ts) and its worker (writer-worker.ts).
// Rows travel as one flat array of column values per kind, so a batch of thousands of rows
// is a handful of arrays for the structured clone, not thousands of objects.
import type { Migration } from './migrations/migration.ts';
import type { MaintenanceOp, MaintenanceResult } from './maintenance.ts';
import type { SqlValue } from './write-kinds.ts';

export interface KindSpec {
  readonly sql: string;
  readonly columns: readonly string[];
}

/** workerData of the writer worker: everything it needs, as plain data. */
export interface WriterConfig {
  dbPath: string;
  kinds: Readonly<Record<string, KindSpec>>;
  migrations: readonly Migration[];
  /** Hard ceiling on the file (max_page_count); null for none. */
  maxDbBytes: number | null;
}

/**
 * `rows` rows of one kind: values[r * columns + c]. A binary value travels in the batch's
 * arena instead: its slot holds null and `blobs` holds (slot, offset, length) triples.
 */
export interface RowGroup {
  kind: string;
  rows: number;
  values: SqlValue[];
  blobs?: number[];
}

export type ToWorker =
  | { type: 'batch'; seq: number; groups: RowGroup[]; arena: Uint8Array | null }
  | { type: 'run'; seq: number; group: RowGroup }
  | { type: 'maintain'; seq: number; op: MaintenanceOp }
  | { type: 'close'; seq: number };

export interface BatchOutcome {
  /** Rows in the batch, stored or not. */
  rows: number;
  stored: number;
  /** Stored rows per kind. */
  kinds: Record<string, number>;
  /** One readable line per kind of failure (rejected rows are grouped). */
  problems: string[];
  /** Time spent in the transaction, ms. */
  ms: number;
}

export type FromWorker =
  | { type: 'ready'; userVersion: number; applied: number[] }
  | { type: 'open-failed'; message: string }
  | ({ type: 'committed'; seq: number } & BatchOutcome)
  | { type: 'ran'; seq: number; kind: string; ms: number; result: { ok: true } | { ok: false; message: string } }
  | { type: 'maintained'; seq: number; result: MaintenanceResult }
  | { type: 'closed'; seq: number };
