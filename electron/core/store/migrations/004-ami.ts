import type { Migration } from './migration.ts';

// Asterisk AMI. Hot ingest tables: no foreign keys, one row per event, few indexes (partial where
// a column is often empty, so rows without it cost no index write). Time is µs UTC of receipt.
export const migration004: Migration = {
  version: 4,
  name: 'ami',
  sql: `
    CREATE TABLE ami_events (
      id        INTEGER PRIMARY KEY,
      pbx       TEXT    NOT NULL,          -- AMI connection id
      ts        INTEGER NOT NULL,
      name      TEXT    NOT NULL,          -- Event header
      uniqueid  TEXT,
      linkedid  TEXT,
      queue     TEXT,
      interface TEXT,
      fields    TEXT    NOT NULL           -- JSON [[key, value], ...]: every header in wire order, repeats kept
    ) STRICT;
    CREATE INDEX ami_events_ts ON ami_events (ts);
    CREATE INDEX ami_events_name ON ami_events (name, ts);
    CREATE INDEX ami_events_uniqueid ON ami_events (uniqueid) WHERE uniqueid IS NOT NULL;
    CREATE INDEX ami_events_linkedid ON ami_events (linkedid) WHERE linkedid IS NOT NULL;
    CREATE INDEX ami_events_queue ON ami_events (queue, ts) WHERE queue IS NOT NULL;
    CREATE INDEX ami_events_interface ON ami_events (interface, ts) WHERE interface IS NOT NULL;

    -- One row per channel, written at its Hangup (CDR-like); looked up by time or by call (linkedid).
    CREATE TABLE ami_channel_history (
      id             INTEGER PRIMARY KEY,
      pbx            TEXT    NOT NULL,
      uniqueid       TEXT    NOT NULL,
      linkedid       TEXT    NOT NULL,
      channel        TEXT    NOT NULL,
      caller_num     TEXT    NOT NULL,
      caller_name    TEXT    NOT NULL,
      connected_num  TEXT    NOT NULL,
      connected_name TEXT    NOT NULL,
      account_code   TEXT    NOT NULL,
      context        TEXT    NOT NULL,     -- where it entered the dialplan (CDR dcontext/dst)
      exten          TEXT    NOT NULL,
      created_at     INTEGER NOT NULL,
      answered_at    INTEGER,
      ended_at       INTEGER NOT NULL,
      duration_sec   REAL    NOT NULL,     -- ended - created
      billsec        REAL,                 -- ended - answered; NULL when never answered
      cause          INTEGER,              -- Q.850 hangup cause
      cause_txt      TEXT    NOT NULL
    ) STRICT;
    CREATE INDEX ami_channel_history_ended ON ami_channel_history (ended_at);
    CREATE INDEX ami_channel_history_linkedid ON ami_channel_history (linkedid);

    -- Queue facts in queue_log's vocabulary (ENTERQUEUE, CONNECT, ABANDON...), the KPIs' input.
    CREATE TABLE ami_queue_events (
      id          INTEGER PRIMARY KEY,
      pbx         TEXT    NOT NULL,
      ts          INTEGER NOT NULL,
      queue       TEXT    NOT NULL,
      uniqueid    TEXT,
      interface   TEXT,
      member_name TEXT,
      event       TEXT    NOT NULL,
      wait_sec    REAL,                    -- waited in queue (AMI HoldTime)
      talk_sec    REAL,
      ring_sec    REAL,
      position    INTEGER,
      reason      TEXT
    ) STRICT;
    CREATE INDEX ami_queue_events_ts ON ami_queue_events (ts);
    -- Pause state before a range (a pause that began earlier still counts inside it).
    CREATE INDEX ami_queue_events_pause ON ami_queue_events (pbx, queue, interface, ts) WHERE event IN ('PAUSE', 'UNPAUSE', 'REMOVEMEMBER');

    CREATE TABLE ami_security_events (
      id             INTEGER PRIMARY KEY,
      pbx            TEXT    NOT NULL,
      ts             INTEGER NOT NULL,
      name           TEXT    NOT NULL,     -- InvalidPassword, FailedACL, ChallengeResponseFailed...
      severity       TEXT,
      service        TEXT,                 -- AMI, PJSIP, SIP, IAX2...
      account_id     TEXT,
      remote_address TEXT,                 -- as sent: IPV4/UDP/203.0.113.5/5060
      remote_ip      TEXT,                 -- the address part, for per-source counting
      local_address  TEXT,
      session_id     TEXT
    ) STRICT;
    CREATE INDEX ami_security_events_ts ON ami_security_events (ts);
    CREATE INDEX ami_security_events_remote ON ami_security_events (remote_ip, ts);
  `,
};
