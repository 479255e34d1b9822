// Bounded housekeeping writes (retention deletes, space reclaim) that run in the writer
// worker, so the writer stays the only connection that writes. Each op is one short
// transaction between ingest batches.
import type Database from 'better-sqlite3';
import { errorText } from './error-text.ts';

/** Restricts a delete to rows where `column = value`, e.g. live capture only (`capture = 0`). */
export interface RowScope {
  column: string;
  value: number | string;
}

export type MaintenanceOp =
  /** Delete up to `limit` rows whose time column is below `before`, oldest first. */
  | { op: 'delete-before'; table: string; timeColumn: string; scope?: RowScope; before: number; limit: number }
  /** Delete the `limit` oldest rows, whatever their age (size cap). */
  | { op: 'delete-oldest'; table: string; timeColumn: string; scope?: RowScope; limit: number }
  /** Hand up to `pages` free pages back to the file system and truncate the WAL. */
  | { op: 'reclaim'; pages: number };

/** `changes`: rows deleted, or pages released for `reclaim`. */
export type MaintenanceResult = { ok: true; changes: number } | { ok: false; message: string };

// Table and column names are spliced into SQL (identifiers cannot be bound), so only plain
// identifiers are accepted; the names come from the core's own retention table list.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class MaintenanceRunner {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  run(op: MaintenanceOp): MaintenanceResult {
    try {
      switch (op.op) {
        case 'delete-before':
        case 'delete-oldest':
          return this.#delete(op);
        case 'reclaim':
          return this.#reclaim(op.pages);
      }
    } catch (err) {
      return { ok: false, message: `${op.op}: ${errorText(err)}` };
    }
  }

  #delete(op: Extract<MaintenanceOp, { table: string }>): MaintenanceResult {
    const names = [op.table, op.timeColumn, ...(op.scope ? [op.scope.column] : [])];
    const bad = names.find((n) => !IDENTIFIER.test(n));
    if (bad !== undefined) return { ok: false, message: `${op.op}: not a plain identifier: ${bad}` };
    if (!Number.isSafeInteger(op.limit) || op.limit < 1)
      return { ok: false, message: `${op.op}: bad limit ${op.limit}` };
    const t = `"${op.table}"`;
    const c = `"${op.timeColumn}"`;
    const conditions: string[] = [];
    const params: (number | string)[] = [];
    if (op.scope) {
      conditions.push(`"${op.scope.column}" = ?`);
      params.push(op.scope.value);
    }
    if (op.op === 'delete-before') {
      conditions.push(`${c} < ?`);
      params.push(op.before);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    // rowid IN (... ORDER BY time LIMIT n) walks the (scope, time) index and touches only the chunk.
    const stmt = this.#prepare(
      `DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} ${where} ORDER BY ${c} LIMIT ?)`,
    );
    return { ok: true, changes: stmt.run(...params, op.limit).changes };
  }

  #reclaim(pages: number): MaintenanceResult {
    if (!Number.isSafeInteger(pages) || pages < 1) return { ok: false, message: `reclaim: bad page count ${pages}` };
    const before = this.#db.pragma('freelist_count', { simple: true }) as number;
    this.#db.pragma(`incremental_vacuum(${pages})`);
    const after = this.#db.pragma('freelist_count', { simple: true }) as number;
    // TRUNCATE shrinks the -wal file too; if a reader holds an old snapshot it just does less.
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return { ok: true, changes: before - after };
  }

  #prepare(sql: string): Database.Statement {
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }
}
