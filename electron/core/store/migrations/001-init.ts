import type { Migration } from './migration.ts';

// STRICT tables: a value of the wrong type is a constraint error reported by the writer,
// not a silently stored string in an integer column.
export const migration001: Migration = {
  version: 1,
  name: 'init',
  sql: `
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL -- JSON text
    ) STRICT;

    -- Per-listener counter history, one row per listener per health tick. No foreign keys (hot table).
    CREATE TABLE health_samples (
      at        INTEGER NOT NULL, -- microseconds UTC
      source    TEXT    NOT NULL,
      proto     TEXT    NOT NULL,
      received  INTEGER NOT NULL,
      decoded   INTEGER NOT NULL,
      malformed INTEGER NOT NULL,
      dropped   INTEGER NOT NULL,
      stored    INTEGER NOT NULL
    ) STRICT;
    -- Retention deletes oldest-first by time; history charts read one listener over a time range.
    CREATE INDEX health_samples_at ON health_samples (at);
    CREATE INDEX health_samples_listener_at ON health_samples (source, proto, at);
  `,
};
