// Turning thrown values into the text and SQLite code that error values carry.

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** better-sqlite3's SqliteError carries the extended result code ("SQLITE_CONSTRAINT_NOTNULL"). */
export function sqliteCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}
