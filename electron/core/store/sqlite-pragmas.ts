// How each connection is configured (ARCHITECTURE 6). The writer owns the journal settings;
// readers only wait politely for locks.
import Database from 'better-sqlite3';

/** The WAL file is truncated back to this after a checkpoint, so a burst does not leave a huge -wal behind. */
export const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Page size of a new database. 16 KiB instead of SQLite's 4 KiB: ingest rows carry ~600-byte
 * SIP messages, and bigger pages mean a quarter of the WAL frame writes and checkpoint copies
 * (measured: system time per stored SIP-sized row fell from ~2.7 to ~1.6 µs).
 */
export const PAGE_SIZE_BYTES = 16 * 1024;

/**
 * Checkpoint once the WAL holds this many pages (~16 MiB at 16 KiB pages). Each checkpoint
 * syncs; at SIP capture rates this is about one a second, not several.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 1000;

/** Writer page cache, in KiB (negative cache_size means KiB): holds the hot index pages of the ingest tables. */
export const WRITER_CACHE_KIB = 32 * 1024;

/** The writer waits this long for a lock (only a reader's checkpoint-blocking snapshot can hold one). */
export const WRITER_BUSY_TIMEOUT_MS = 5000;

/** A reader waits this long instead of failing at once with SQLITE_BUSY while the writer checkpoints. */
export const READER_BUSY_TIMEOUT_MS = 2000;

export interface WriterPragmaOptions {
  /** Hard ceiling on the file in bytes (turned into `max_page_count`); null leaves SQLite's own limit. */
  maxDbBytes: number | null;
}

/** Opens the single write connection and sets it up; call before any table exists for auto_vacuum to take. */
export function openWriterConnection(dbPath: string, opts: WriterPragmaOptions): Database.Database {
  const db = new Database(dbPath, { timeout: WRITER_BUSY_TIMEOUT_MS });
  try {
    // page_size and auto_vacuum only take effect on a new, empty file (they are properties of
    // the file layout); an existing database keeps what it was created with.
    db.pragma(`page_size = ${PAGE_SIZE_BYTES}`);
    // Retention relies on it to hand freed pages back to the file system with incremental_vacuum.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit is durable against a process crash (kill -9); only an OS
    // crash or power loss can lose the last transactions, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('temp_store = MEMORY');
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
    if (opts.maxDbBytes !== null) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(opts.maxDbBytes / pageSize))}`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A read-only connection; the file must already exist (the writer creates it). */
export function openReaderConnection(dbPath: string): Database.Database {
  return new Database(dbPath, { readonly: true, fileMustExist: true, timeout: READER_BUSY_TIMEOUT_MS });
}
