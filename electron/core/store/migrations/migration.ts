/** One schema step. Versions run 1, 2, 3... in order; each runs once, tracked by `PRAGMA user_version`. */
export interface Migration {
  readonly version: number;
  /** Short label for error messages ("init", "sip-messages"). */
  readonly name: string;
  /** Executed as one script inside the migration's transaction. */
  readonly sql: string;
}
