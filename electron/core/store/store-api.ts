// The store's public shape: what the core holds after openStore().
import type Database from 'better-sqlite3';
import type { MaintenanceOp, MaintenanceResult } from './maintenance.ts';
import type { RowMap, WriteRows } from './write-kinds.ts';

export interface StoreOptions {
  dataDir: string;
  /** Commit as soon as this many rows are queued (default 5000). */
  batchMaxRows?: number;
  /** Commit at most this long after the first queued row (default 100 ms). */
  batchMaxDelayMs?: number;
  /**
   * Hard ceiling on the database file, bytes (SQLite `max_page_count`): writes beyond it fail
   * with SQLITE_FULL and are reported. A last guard behind retention; unset means no ceiling.
   */
  maxDbBytes?: number;
}

export interface CommitInfo {
  /** Transactions that stored rows, since open. */
  batches: number;
  /** Rows stored since open. Rows commit in append order, so this is also how far the log has got. */
  rows: number;
  /** Microseconds UTC. */
  lastCommitAt: number;
  /** Time the worker spent in the last transaction, ms. */
  lastBatchMs: number;
}

/**
 * Rows of one kind whose fate is now known: every row `append` numbered from + 1 to through
 * (inclusive) has been committed, except `lost` of them (a failed batch, a refused row).
 */
export interface SettledRange {
  from: number;
  through: number;
  lost: number;
}

/**
 * `kinds`: rows stored per kind by this one commit. `settled`: per kind, the appended rows settled
 * since the previous event (this commit and any failed batch before it), so a producer sharing the
 * writer with others can tell which of its own rows are on disk.
 */
export type CommitEvent = CommitInfo & { kinds: Record<string, number>; settled: Record<string, SettledRange> };

export type RunResult = { ok: true } | { ok: false; message: string };

export interface WriterStats {
  /** Rows appended and not yet committed (waiting on the main thread or in the worker). */
  queued: number;
  committedRows: number;
  batches: number;
  /** Error reports made through onError. */
  errors: number;
  lastBatchMs: number;
  /** Rows accepted by append that were not stored: refused rows, failed batches, queue overflow. */
  lostRows: number;
}

export interface StoreWriter<R extends RowMap = WriteRows> {
  /**
   * Queue one row of a registered write kind; it is committed within batchMaxDelayMs (default 100 ms) or when batchMaxRows (default 5000) rows are queued. Never throws; errors are counted and reported via onError.
   *
   * Failures: a row SQLite refuses (constraint, wrong type) is dropped alone and the rest of its
   * batch commits; an error that aborts the transaction (disk full, I/O error) loses that one
   * batch, reported once with its row count; later batches are tried as usual. Rows beyond
   * MAX_QUEUED_ROWS waiting for the disk are dropped and reported once per overflow episode.
   *
   * Returns the row's position among the rows of its kind accepted since open (1, 2, ...), which
   * commit events' `settled` ranges refer to, or 0 when the row was refused and will not be stored.
   */
  append<K extends keyof R & string>(kind: K, row: R[K]): number;
  /** Run one registered operation right away (its own transaction, after everything queued before it) and resolve when committed. For settings saves and other rare writes. */
  run<K extends keyof R & string>(kind: K, row: R[K]): Promise<RunResult>;
  /** Resolves when everything queued so far is committed. */
  flush(): Promise<CommitInfo>;
  /** Housekeeping write (retention chunk, space reclaim) in its own transaction, after everything queued before it. */
  maintain(op: MaintenanceOp): Promise<MaintenanceResult>;
  onCommit(cb: (info: CommitEvent) => void): () => void;
  onError(cb: (message: string) => void): () => void;
  stats(): WriterStats;
}

export interface Store<R extends RowMap = WriteRows> {
  /** <dataDir>/pbxscope.db */
  readonly dbPath: string;
  readonly writer: StoreWriter<R>;
  /** Read-only connection (readonly: true), for small reads in the core thread. */
  readonly reader: Database.Database;
  /** Main db file + -wal + -shm sizes. */
  dbBytes(): number;
  /** Flushes everything queued, stops the worker, closes connections. */
  close(): Promise<void>;
}
