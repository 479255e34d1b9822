// Retention by age and by size cap (ARCHITECTURE 6): a pure planner picks the next bounded
// chunk to delete from a snapshot of the database; the executor measures, asks the planner,
// and sends each chunk through the writer (which stays the only writer), until nothing is due.
import type Database from 'better-sqlite3';
import type { RetentionSettings } from '../../../shared/domain.ts';
import { AMI_RETENTION_TABLES } from '../ami/store/retention.ts';
import { errorText } from './error-text.ts';
import type { MaintenanceOp, MaintenanceResult, RowScope } from './maintenance.ts';

export interface RetentionTable {
  readonly table: string;
  /** Integer microseconds UTC, indexed (the deletes walk this index). */
  readonly timeColumn: string;
  /** Only rows matching it are pruned; the index must then be (scope column, time column). */
  readonly scope?: RowScope;
}

/**
 * Tables pruned by retention; each a rowid table with an index on its time column (or on
 * scope column + time column). Capabilities add theirs. SIP tables are scoped to live capture
 * (capture = 0): an imported pcap stays until the user removes it.
 */
export const RETENTION_TABLES: readonly RetentionTable[] = [
  { table: 'health_samples', timeColumn: 'at' },
  { table: 'sip_messages', timeColumn: 'ts', scope: { column: 'capture', value: 0 } },
  { table: 'calls', timeColumn: 'started_at', scope: { column: 'capture', value: 0 } },
  ...AMI_RETENTION_TABLES,
];

export interface RetentionPolicy {
  /** Rows older than this (µs) go; null keeps any age. */
  maxAgeUs: number | null;
  /** Bytes of used pages the database may hold; null means no cap. */
  maxBytes: number | null;
}

const US_PER_DAY = 86_400_000_000;

/** Rows per delete transaction: a few ms of writer time, so ingest batches behind it wait no longer than behind a normal batch. */
export const RETENTION_CHUNK_ROWS = 5000;

/** Chunks per pass (~1M rows): bounds how long one pass shares the writer with ingest; the next pass continues. */
export const MAX_CHUNKS_PER_PASS = 200;

/** Once over the cap, delete down to this fraction of it, so a busy system does not prune a chunk on every pass. */
export const SIZE_LOW_WATER = 0.9;

/** Free pages handed back per reclaim step (8 MiB at 16 KiB pages): keeps each step short. */
export const RECLAIM_PAGES_PER_STEP = 512;

/** Reclaim steps per pass; with RECLAIM_PAGES_PER_STEP that is up to 1.6 GiB returned per pass. */
const MAX_RECLAIM_STEPS = 200;

export function retentionPolicyFromSettings(s: RetentionSettings): RetentionPolicy {
  return { maxAgeUs: s.maxAgeDays * US_PER_DAY, maxBytes: s.maxBytes };
}

export interface TableState extends RetentionTable {
  /** Smallest time value in the table; null when it is empty. */
  oldestAt: number | null;
}

export interface RetentionSnapshot {
  /** µs UTC. */
  now: number;
  /** Bytes of pages in use: (page_count - freelist_count) * page_size. Free pages do not count. */
  usedBytes: number;
  tables: readonly TableState[];
}

export interface RetentionStep {
  reason: 'age' | 'size';
  op: Extract<MaintenanceOp, { table: string }>;
}

/**
 * The next chunk to delete, or null when nothing is due. Age first (cheap, exact), then size:
 * the chunk comes from the table holding the oldest row, so the cap removes history oldest
 * first across tables. `sizePassActive`: a size step already ran in this pass, so keep going
 * down to the low-water mark.
 */
export function planRetentionStep(
  s: RetentionSnapshot,
  policy: RetentionPolicy,
  sizePassActive: boolean,
  chunkRows: number = RETENTION_CHUNK_ROWS,
): RetentionStep | null {
  if (policy.maxAgeUs !== null) {
    const before = s.now - policy.maxAgeUs;
    for (const t of s.tables) {
      if (t.oldestAt !== null && t.oldestAt < before) {
        return { reason: 'age', op: { op: 'delete-before', ...target(t), before, limit: chunkRows } };
      }
    }
  }
  if (policy.maxBytes !== null) {
    const limit = sizePassActive ? policy.maxBytes * SIZE_LOW_WATER : policy.maxBytes;
    if (s.usedBytes > limit) {
      let oldest: (TableState & { oldestAt: number }) | null = null;
      for (const t of s.tables) {
        if (t.oldestAt !== null && (oldest === null || t.oldestAt < oldest.oldestAt))
          oldest = { ...t, oldestAt: t.oldestAt };
      }
      if (oldest !== null) {
        return { reason: 'size', op: { op: 'delete-oldest', ...target(oldest), limit: chunkRows } };
      }
    }
  }
  return null;
}

function target(t: RetentionTable): { table: string; timeColumn: string; scope?: RowScope } {
  return t.scope === undefined
    ? { table: t.table, timeColumn: t.timeColumn }
    : { table: t.table, timeColumn: t.timeColumn, scope: t.scope };
}

/** Reads the planner's input through the read-only connection (index lookups and header fields only). */
export function measureRetention(
  reader: Database.Database,
  tables: readonly RetentionTable[],
  now: number,
): RetentionSnapshot {
  const pageSize = reader.pragma('page_size', { simple: true }) as number;
  const pages = reader.pragma('page_count', { simple: true }) as number;
  const free = reader.pragma('freelist_count', { simple: true }) as number;
  const states = tables.map((t) => {
    const where = t.scope === undefined ? '' : ` WHERE "${t.scope.column}" = ?`;
    const stmt = reader.prepare(`SELECT min("${t.timeColumn}") AS oldest FROM "${t.table}"${where}`);
    const row = (t.scope === undefined ? stmt.get() : stmt.get(t.scope.value)) as { oldest: number | null };
    return { ...t, oldestAt: row.oldest };
  });
  return { now, usedBytes: (pages - free) * pageSize, tables: states };
}

export interface RetentionWriter {
  maintain(op: MaintenanceOp): Promise<MaintenanceResult>;
}

export interface RetentionOptions {
  /** µs UTC; default now. */
  now?: number;
  tables?: readonly RetentionTable[];
  chunkRows?: number;
  maxChunks?: number;
}

export interface RetentionReport {
  deletedByAge: number;
  deletedBySize: number;
  chunks: number;
  reclaimedPages: number;
  usedBytesBefore: number;
  usedBytesAfter: number;
  /** 'chunk-limit': more is due; run another pass later. */
  stopped: 'done' | 'chunk-limit' | 'error';
  error?: string;
}

/** One bounded retention pass. Never throws: a failure ends the pass with `stopped: 'error'`. */
export async function enforceRetention(
  store: { reader: Database.Database; writer: RetentionWriter },
  policy: RetentionPolicy,
  opts: RetentionOptions = {},
): Promise<RetentionReport> {
  const now = opts.now ?? Date.now() * 1000;
  const tables = opts.tables ?? RETENTION_TABLES;
  const chunkRows = opts.chunkRows ?? RETENTION_CHUNK_ROWS;
  const maxChunks = opts.maxChunks ?? MAX_CHUNKS_PER_PASS;
  const report: RetentionReport = {
    deletedByAge: 0,
    deletedBySize: 0,
    chunks: 0,
    reclaimedPages: 0,
    usedBytesBefore: 0,
    usedBytesAfter: 0,
    stopped: 'done',
  };
  const fail = (message: string): RetentionReport => ({ ...report, stopped: 'error', error: message });

  let sizePassActive = false;
  for (;;) {
    let snapshot: RetentionSnapshot;
    try {
      snapshot = measureRetention(store.reader, tables, now);
    } catch (err) {
      return fail(`retention could not measure the database: ${errorText(err)}`);
    }
    if (report.chunks === 0) report.usedBytesBefore = snapshot.usedBytes;
    report.usedBytesAfter = snapshot.usedBytes;
    const step = planRetentionStep(snapshot, policy, sizePassActive, chunkRows);
    if (step === null) break;
    if (report.chunks >= maxChunks) {
      report.stopped = 'chunk-limit';
      break;
    }
    const result = await store.writer.maintain(step.op);
    if (!result.ok) return fail(result.message);
    report.chunks++;
    if (step.reason === 'age') report.deletedByAge += result.changes;
    else {
      report.deletedBySize += result.changes;
      sizePassActive = true;
    }
    // Someone else emptied the chunk first; the next snapshot would plan the same step again.
    if (result.changes === 0) break;
  }

  if (report.deletedByAge + report.deletedBySize > 0) {
    for (let i = 0; i < MAX_RECLAIM_STEPS; i++) {
      const result = await store.writer.maintain({ op: 'reclaim', pages: RECLAIM_PAGES_PER_STEP });
      if (!result.ok) return fail(result.message);
      report.reclaimedPages += result.changes;
      if (result.changes < RECLAIM_PAGES_PER_STEP) break;
    }
    try {
      report.usedBytesAfter = measureRetention(store.reader, tables, now).usedBytes;
    } catch (err) {
      return fail(`retention could not measure the database: ${errorText(err)}`);
    }
  }
  return report;
}
