// Reads of the captures table and of what a capture holds, on the read-only connection.
import type Database from 'better-sqlite3';
import type { CaptureInfo } from '../../../shared/domain.ts';
import type { CaptureSaveRow } from './capture-rows.ts';

export interface CaptureContent {
  messages: number;
  calls: number;
  firstTs: number | null;
  lastTs: number | null;
}

function toInfo(r: CaptureSaveRow): CaptureInfo {
  return {
    id: r.id,
    name: r.name,
    format: r.format,
    importedAt: r.imported_at,
    fileBytes: r.file_bytes,
    messages: r.messages,
    calls: r.calls,
    firstTs: r.first_ts,
    lastTs: r.last_ts,
  };
}

export class CapturesRepo {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(reader: Database.Database) {
    this.#db = reader;
  }

  /** Captures ready to browse, newest first. */
  list(): CaptureInfo[] {
    const rows = this.#stmt(
      "SELECT * FROM captures WHERE state = 'ready' ORDER BY imported_at DESC, id DESC",
    ).all() as CaptureSaveRow[];
    return rows.map(toInfo);
  }

  get(id: number): CaptureSaveRow | undefined {
    return this.#stmt('SELECT * FROM captures WHERE id = ?').get(id) as CaptureSaveRow | undefined;
  }

  /** Captures an import or a delete did not finish (the process died): their rows are to be removed. */
  unfinished(): CaptureSaveRow[] {
    return this.#stmt("SELECT * FROM captures WHERE state != 'ready' ORDER BY id").all() as CaptureSaveRow[];
  }

  /**
   * The highest capture number in use anywhere: captures rows and, in case one was lost, the
   * message and call rows themselves (each a walk of the first column of a (capture, ...) index).
   */
  highestUsedId(): number {
    const r = this.#stmt(
      `SELECT max(
         coalesce((SELECT max(id) FROM captures), 0),
         coalesce((SELECT max(capture) FROM sip_messages), 0),
         coalesce((SELECT max(capture) FROM calls), 0)) AS n`,
    ).get() as { n: number };
    return r.n;
  }

  /** Counts and time span of what is stored for a capture (index range scans on (capture, ...)). */
  content(id: number): CaptureContent {
    const m = this.#stmt(
      'SELECT count(*) AS n, min(ts) AS first, max(ts) AS last FROM sip_messages WHERE capture = ?',
    ).get(id) as {
      n: number;
      first: number | null;
      last: number | null;
    };
    const c = this.#stmt('SELECT count(*) AS n FROM calls WHERE capture = ?').get(id) as { n: number };
    return { messages: m.n, calls: c.n, firstTs: m.first, lastTs: m.last };
  }

  #stmt(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }
}
