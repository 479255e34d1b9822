import type { Migration } from './migration.ts';

// Imported captures (pcap, pcapng, bundles). Their messages and calls live in sip_messages and
// calls with `capture` = captures.id, next to live data (capture 0) and exempt from retention.
// A row is written in state 'importing' before the first message row, so rows left by a crash
// mid-import (or mid-delete, state 'deleting') always have a row saying they are to be removed.
export const migration003: Migration = {
  version: 3,
  name: 'captures',
  sql: `
    CREATE TABLE captures (
      id          INTEGER PRIMARY KEY,       -- the value of sip_messages.capture / calls.capture
      name        TEXT    NOT NULL,
      format      TEXT    NOT NULL CHECK (format IN ('pcap', 'pcapng', 'bundle')),
      imported_at INTEGER NOT NULL,          -- microseconds UTC
      file_bytes  INTEGER NOT NULL,
      messages    INTEGER NOT NULL,
      calls       INTEGER NOT NULL,
      first_ts    INTEGER,                   -- first and last message time, microseconds UTC
      last_ts     INTEGER,
      state       TEXT    NOT NULL CHECK (state IN ('importing', 'ready', 'deleting'))
    ) STRICT;
  `,
};
