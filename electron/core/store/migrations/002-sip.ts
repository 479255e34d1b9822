import type { Migration } from './migration.ts';

// SIP capture. Hot ingest tables: no foreign keys. Messages are indexed only for what the hot
// path can afford (by call and by time); every other search goes through `calls`, one row per
// Call-ID, which carries all the indexed search columns.
export const migration002: Migration = {
  version: 2,
  name: 'sip',
  sql: `
    CREATE TABLE sip_messages (
      id             INTEGER PRIMARY KEY,
      capture        INTEGER NOT NULL,          -- 0 live, else an imported capture
      ts             INTEGER NOT NULL,          -- microseconds UTC (capture agent's clock)
      call_id        TEXT    NOT NULL,
      method         TEXT,                      -- request method; NULL for a response
      status         INTEGER,                   -- response code; NULL for a request
      reason         TEXT,
      cseq           INTEGER NOT NULL,
      cseq_method    TEXT    NOT NULL,
      src_ip         TEXT    NOT NULL,
      src_port       INTEGER NOT NULL,
      dst_ip         TEXT    NOT NULL,
      dst_port       INTEGER NOT NULL,
      transport      TEXT    NOT NULL,
      capture_id     INTEGER,
      node           TEXT,
      correlation_id TEXT,
      flags          INTEGER NOT NULL,          -- 1 retransmission, 2 malformed
      malformed      TEXT,
      raw            BLOB    NOT NULL           -- the payload as captured, byte for byte
    ) STRICT;
    CREATE INDEX sip_messages_call ON sip_messages (capture, call_id, ts);
    CREATE INDEX sip_messages_ts ON sip_messages (capture, ts);

    CREATE TABLE calls (
      id              INTEGER PRIMARY KEY,
      capture         INTEGER NOT NULL,
      call_id         TEXT    NOT NULL,
      method          TEXT    NOT NULL,
      state           TEXT    NOT NULL,
      started_at      INTEGER NOT NULL,
      ringing_at      INTEGER,
      answered_at     INTEGER,
      ended_at        INTEGER,
      updated_at      INTEGER NOT NULL,
      final_code      INTEGER,
      final_reason    TEXT,
      end_reason      TEXT,
      ended_by        TEXT,
      from_user       TEXT    NOT NULL,
      to_user         TEXT    NOT NULL,
      from_uri        TEXT,
      to_uri          TEXT,
      src_ip          TEXT    NOT NULL,
      src_port        INTEGER NOT NULL,
      dst_ip          TEXT    NOT NULL,
      dst_port        INTEGER NOT NULL,
      user_agent      TEXT,
      message_count   INTEGER NOT NULL,
      retransmissions INTEGER NOT NULL,
      srd_ms          REAL,
      pdd_ms          REAL,
      duration_ms     REAL,
      rrd_ms          REAL,
      correlation_id  TEXT,
      capture_id      INTEGER,
      node            TEXT,
      UNIQUE (capture, call_id)
    ) STRICT;
    CREATE INDEX calls_started ON calls (capture, started_at);
    CREATE INDEX calls_from ON calls (capture, from_user);
    CREATE INDEX calls_to ON calls (capture, to_user);
    CREATE INDEX calls_src ON calls (capture, src_ip);
    CREATE INDEX calls_dst ON calls (capture, dst_ip);
    CREATE INDEX calls_method ON calls (capture, method, started_at);
    CREATE INDEX calls_final ON calls (capture, final_code);
    CREATE INDEX calls_ua ON calls (capture, user_agent);
    CREATE INDEX calls_correlation ON calls (correlation_id) WHERE correlation_id IS NOT NULL;
  `,
};
