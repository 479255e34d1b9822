// Prepared statements by SQL text, for query services whose filters combine into a bounded set of
// SQL shapes: each shape is prepared once, and the cache is bounded in case a caller builds many.
import type Database from 'better-sqlite3';

/** Far above the number of distinct shapes any query service builds; a bound, not a tuning knob. */
export const MAX_CACHED_STATEMENTS = 256;

export class StatementCache {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  get(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}
