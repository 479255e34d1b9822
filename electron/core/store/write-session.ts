// The write connection and what it does with each message: commit a batch in one
// transaction, run a single operation, run maintenance. Lives in the writer worker; kept
// apart from the worker wiring so it can be tested on a plain connection.
import type Database from 'better-sqlite3';
import { errorText, sqliteCode } from './error-text.ts';
import { MaintenanceRunner, type MaintenanceOp, type MaintenanceResult } from './maintenance.ts';
import { runMigrations, type MigrateResult } from './migrate.ts';
import { multiRowInsertSql } from './multi-row-insert.ts';
import { openWriterConnection } from './sqlite-pragmas.ts';
import type { BatchOutcome, RowGroup, WriterConfig } from './writer-protocol.ts';

interface PreparedKind {
  stmt: Database.Statement;
  width: number;
  /** Reused for every row of this kind: binding reads it, nothing keeps it. */
  row: unknown[];
  /** Plain inserts also get a many-rows-per-statement form (multi-row-insert.ts). */
  multi: { stmt: Database.Statement; rows: number; args: unknown[] } | null;
}

export type OpenSessionResult =
  { ok: true; session: WriteSession; migrated: Extract<MigrateResult, { ok: true }> } | { ok: false; message: string };

export class WriteSession {
  readonly #db: Database.Database;
  readonly #kinds: Map<string, PreparedKind>;
  readonly #maintenance: MaintenanceRunner;

  private constructor(db: Database.Database, kinds: Map<string, PreparedKind>) {
    this.#db = db;
    this.#kinds = kinds;
    this.#maintenance = new MaintenanceRunner(db);
  }

  /** Opens the file, runs pending migrations, prepares every kind's statement. */
  static open(config: WriterConfig): OpenSessionResult {
    let db: Database.Database;
    try {
      db = openWriterConnection(config.dbPath, { maxDbBytes: config.maxDbBytes });
    } catch (err) {
      return { ok: false, message: `cannot open ${config.dbPath}: ${describeError(err)}` };
    }
    const migrated = runMigrations(db, config.migrations);
    if (!migrated.ok) {
      db.close();
      return { ok: false, message: migrated.message };
    }
    const kinds = new Map<string, PreparedKind>();
    for (const [name, spec] of Object.entries(config.kinds)) {
      try {
        const width = spec.columns.length;
        const multi = multiRowInsertSql(spec.sql);
        kinds.set(name, {
          stmt: db.prepare(spec.sql),
          width,
          row: new Array<unknown>(width),
          multi:
            multi === null
              ? null
              : { stmt: db.prepare(multi.sql), rows: multi.rows, args: new Array<unknown>(multi.rows * width) },
        });
      } catch (err) {
        db.close();
        return { ok: false, message: `write kind ${name}: ${errorText(err)}` };
      }
    }
    return { ok: true, session: new WriteSession(db, kinds), migrated };
  }

  /**
   * Commits every row in one transaction. A row SQLite refuses (constraint, wrong type) is
   * skipped and reported; the rest of the batch still commits. An error that aborts the
   * transaction (disk full, I/O error) loses this batch only, reported as one problem.
   */
  commitBatch(groups: readonly RowGroup[], arena: Uint8Array | null = null): BatchOutcome {
    const started = performance.now();
    let rows = 0;
    for (const g of groups) rows += g.rows;
    const rejected = new Map<string, number>();
    const unpacked = groups.filter((g) => unpackBlobs(g, arena, rejected));
    const kinds: Record<string, number> = {};
    let stored = 0;
    try {
      this.#db.transaction(() => {
        for (const g of unpacked) {
          const kind = this.#kinds.get(g.kind);
          if (kind === undefined || g.values.length !== g.rows * kind.width) {
            const why = kind === undefined ? 'unknown write kind' : 'row width does not match the kind';
            rejected.set(`${g.kind}: ${why}`, (rejected.get(`${g.kind}: ${why}`) ?? 0) + g.rows);
            continue;
          }
          const n = this.#insertGroup(kind, g, rejected);
          if (n > 0) kinds[g.kind] = (kinds[g.kind] ?? 0) + n;
          stored += n;
        }
      })();
    } catch (err) {
      return {
        rows,
        stored: 0,
        kinds: {},
        problems: [`batch of ${rows} rows not stored: ${describeError(err)}`],
        ms: performance.now() - started,
      };
    }
    const problems = [...rejected].map(([what, n]) => `${n} row${n === 1 ? '' : 's'} rejected, ${what}`);
    return { rows, stored, kinds, problems, ms: performance.now() - started };
  }

  #insertGroup(kind: PreparedKind, g: RowGroup, rejected: Map<string, number>): number {
    const values = g.values;
    const multi = kind.multi;
    let stored = 0;
    let r = 0;
    if (multi !== null) {
      const span = multi.rows * kind.width;
      for (; g.rows - r >= multi.rows; r += multi.rows) {
        const off = r * kind.width;
        for (let i = 0; i < span; i++) multi.args[i] = values[off + i];
        try {
          multi.stmt.run(multi.args);
          stored += multi.rows;
        } catch (err) {
          if (!isRowLevelError(err) || !this.#db.inTransaction) throw err;
          // The failed statement undid its own rows; redo them singly so only the bad one is lost.
          stored += this.#insertRows(kind, g, r, multi.rows, rejected);
        }
      }
    }
    return stored + this.#insertRows(kind, g, r, g.rows - r, rejected);
  }

  #insertRows(kind: PreparedKind, g: RowGroup, first: number, count: number, rejected: Map<string, number>): number {
    const { stmt, width, row } = kind;
    const values = g.values;
    let stored = 0;
    let off = first * width;
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < width; c++) row[c] = values[off++];
      try {
        stmt.run(row);
        stored++;
      } catch (err) {
        // A refused row only undoes its own statement; anything that ended the transaction
        // (SQLite rolls back on SQLITE_FULL and I/O errors) must abort the whole batch.
        if (!isRowLevelError(err) || !this.#db.inTransaction) throw err;
        const key = `${g.kind}: ${errorText(err)}`;
        rejected.set(key, (rejected.get(key) ?? 0) + 1);
      }
    }
    return stored;
  }

  /** One row in its own transaction; the caller gets the reason if it was refused. */
  runOne(group: RowGroup): { ok: true } | { ok: false; message: string } {
    const kind = this.#kinds.get(group.kind);
    if (kind === undefined) return { ok: false, message: `${group.kind}: unknown write kind` };
    if (group.rows !== 1 || group.values.length !== kind.width) {
      return { ok: false, message: `${group.kind}: row width does not match the kind` };
    }
    try {
      this.#db.transaction(() => kind.stmt.run(group.values))();
      return { ok: true };
    } catch (err) {
      return { ok: false, message: `${group.kind}: ${describeError(err)}` };
    }
  }

  maintain(op: MaintenanceOp): MaintenanceResult {
    return this.#maintenance.run(op);
  }

  close(): void {
    try {
      // Cheap at close; keeps query plans good as tables grow (SQLite's recommendation).
      this.#db.pragma('optimize');
    } catch {
      // A full or read-only disk can refuse even this; closing matters more.
    }
    this.#db.close();
  }
}

const NO_BYTES = new Uint8Array(0);

/** Puts each binary value back in its slot as a view into the arena; false (and reported) if they do not fit. */
function unpackBlobs(g: RowGroup, arena: Uint8Array | null, rejected: Map<string, number>): boolean {
  const refs = g.blobs;
  if (refs === undefined || refs.length === 0) return true;
  const values = g.values;
  // A batch whose binary values are all empty sends no arena.
  const bytes = arena ?? NO_BYTES;
  for (let i = 0; i + 2 < refs.length; i += 3) {
    const slot = refs[i] ?? -1;
    const start = refs[i + 1] ?? -1;
    const end = start + (refs[i + 2] ?? 0);
    if (slot < 0 || slot >= values.length || start < 0 || end > bytes.byteLength) {
      const key = `${g.kind}: binary values missing from the batch`;
      rejected.set(key, (rejected.get(key) ?? 0) + g.rows);
      return false;
    }
    values[slot] = bytes.subarray(start, end);
  }
  return true;
}

/** Errors that concern one row's values, not the database: the row is dropped, the batch goes on. */
function isRowLevelError(err: unknown): boolean {
  const code = sqliteCode(err);
  if (code !== null)
    return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG';
  // better-sqlite3 throws TypeError/RangeError for values it cannot bind (booleans, objects, wrong count).
  return err instanceof TypeError || err instanceof RangeError;
}

function describeError(err: unknown): string {
  const code = sqliteCode(err);
  const text = errorText(err);
  return code !== null && !text.includes(code) ? `${text} (${code})` : text;
}
