// Many rows per INSERT statement: each `stmt.run` crosses from JS into SQLite once, so
// binding 64 rows per call instead of one cuts the writer's per-row overhead (measured ~1 µs
// of ~5 µs per SIP-sized row).

/** Rows bound per multi-row statement; the batch's remainder goes one row at a time. */
export const ROWS_PER_STATEMENT = 64;

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32: a statement may not bind more. */
const MAX_BOUND_VALUES = 32_766;

// A plain single-row insert: "INSERT INTO t (a, b) VALUES (?, ?)" and nothing after the
// values (no ON CONFLICT, no RETURNING), so repeating the tuple means "these rows, in order".
const SINGLE_ROW_INSERT = /^\s*INSERT\s+INTO\s+[^;]*?\bVALUES\s*(\(\s*\?(?:\s*,\s*\?)*\s*\))\s*;?\s*$/i;

/** The statement repeated for `rows` rows, or null when `sql` is not a plain single-row insert. */
export function multiRowInsertSql(
  sql: string,
  rows: number = ROWS_PER_STATEMENT,
): { sql: string; rows: number } | null {
  const m = SINGLE_ROW_INSERT.exec(sql);
  const tuple = m?.[1];
  if (tuple === undefined) return null;
  const width = tuple.split('?').length - 1;
  const n = Math.min(rows, Math.floor(MAX_BOUND_VALUES / width));
  if (n < 2) return null;
  const head = sql.slice(0, sql.lastIndexOf(tuple) + tuple.length);
  return { sql: head + `, ${tuple}`.repeat(n - 1), rows: n };
}
