import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../store/migrations/index.ts';
import { runMigrations } from '../store/migrate.ts';
import { SipQueries } from '../sip/queries.ts';
import {
  countMessages,
  loadMessages,
  MAX_EXPORT_CALLS,
  MAX_EXPORT_MESSAGES,
  MAX_EXPORT_RAW_BYTES,
  selectCalls,
} from './select.ts';

const dirs: string[] = [];
const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function store(): Database.Database {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-select-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'test.db'));
  dbs.push(db);
  const r = runMigrations(db, MIGRATIONS);
  if (!r.ok) throw new Error(r.message);
  return db;
}

/** `n` calls call-0..call-(n-1), started 1 µs apart, optionally with correlation ids. */
function insertCalls(
  db: Database.Database,
  n: number,
  correlation: (i: number) => string | null = () => null,
  capture = 0,
): void {
  const stmt = db.prepare(
    `INSERT INTO calls (capture, call_id, method, state, started_at, updated_at, from_user, to_user, src_ip, src_port, dst_ip, dst_port, message_count, retransmissions, correlation_id)
     VALUES (?, ?, 'INVITE', 'ended', ?, ?, 'alice', 'bob', '192.0.2.1', 5060, '192.0.2.2', 5060, 1, 0, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) stmt.run(capture, `call-${i}`, 1000 + i, 1000 + i, correlation(i));
  })();
}

/** `perCall` messages for each of the first `calls` calls; timestamps interleave across calls. */
function insertMessages(
  db: Database.Database,
  calls: number,
  perCall: number,
  rawSql = "'OPTIONS sip:x SIP/2.0' || char(13, 10, 13, 10)",
): void {
  db.exec(`
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${calls * perCall - 1})
    INSERT INTO sip_messages (capture, ts, call_id, method, cseq, cseq_method, src_ip, src_port, dst_ip, dst_port, transport, flags, raw)
    SELECT 0, 5000 + (i / ${calls}), 'call-' || (i % ${calls}), 'OPTIONS', 1, 'OPTIONS', '192.0.2.1', 5060, '192.0.2.2', 5060, 'udp', 0, CAST(${rawSql} AS BLOB) FROM seq;
  `);
}

describe('export selection', () => {
  it('takes a named call with the legs calls.get links to it, newest first', () => {
    const db = store();
    // call-0 and call-1 share the correlation id X; call-2's correlation id names call-3's Call-ID.
    insertCalls(db, 5, (i) => (i < 2 ? 'X' : i === 2 ? 'call-3' : null));
    const q = new SipQueries(db);
    for (const [id, expected] of [
      ['call-0', ['call-1', 'call-0']],
      ['call-3', ['call-3', 'call-2']],
      ['call-4', ['call-4']],
    ] as const) {
      const r = selectCalls(q, { callIds: [id] });
      if (!r.ok) throw new Error(r.message);
      expect(r.result.calls.map((c) => c.callId)).toEqual(expected);
      const viaGet = q.getCall({ callId: id })!;
      expect(new Set(r.result.calls.map((c) => c.callId))).toEqual(
        new Set([viaGet.call.callId, ...viaGet.legs.map((l) => l.callId)]),
      );
    }
  });

  it('takes every call a search matches in the capture asked for, and says which Call-ID is unknown', () => {
    const db = store();
    insertCalls(db, 3);
    insertCalls(db, 2, () => null, 7);
    const q = new SipQueries(db);
    const live = selectCalls(q, { query: {} });
    const imported = selectCalls(q, { query: { capture: 7 } });
    const top = selectCalls(q, { query: {}, capture: 7 });
    expect(live.ok && live.result.calls.map((c) => c.callId)).toEqual(['call-2', 'call-1', 'call-0']);
    expect(imported.ok && imported.result).toMatchObject({
      capture: 7,
      calls: [{ callId: 'call-1' }, { callId: 'call-0' }],
    });
    expect(top.ok && top.result.capture).toBe(7);
    expect(selectCalls(q, { callIds: ['call-0', 'nope', 'nada'] })).toMatchObject({
      ok: false,
      code: 'not_found',
      message: expect.stringContaining('nope (and 1 more)'),
    });
    expect(selectCalls(q, { query: { user: 'zed' } })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it(`refuses a search matching more than ${MAX_EXPORT_CALLS} calls with a message that says how to narrow it`, () => {
    const db = store();
    insertCalls(db, MAX_EXPORT_CALLS + 1);
    expect(selectCalls(new SipQueries(db), { query: {} })).toMatchObject({
      ok: false,
      code: 'bad_request',
      message: expect.stringMatching(/more than 10,000 calls: narrow it/),
    });
  });

  it(`refuses more than ${MAX_EXPORT_MESSAGES} messages before loading any`, () => {
    const db = store();
    insertCalls(db, 3);
    insertMessages(db, 3, Math.ceil((MAX_EXPORT_MESSAGES + 1) / 3));
    const sel = selectCalls(new SipQueries(db), { query: {} });
    if (!sel.ok) throw new Error(sel.message);
    expect(countMessages(db, sel.result)).toMatchObject({
      ok: false,
      code: 'bad_request',
      message: expect.stringContaining('200,001 messages'),
    });
  });

  it(`refuses more than ${MAX_EXPORT_RAW_BYTES / 1024 / 1024} MiB of SIP`, () => {
    const db = store();
    insertCalls(db, 1);
    insertMessages(db, 1, 2, `zeroblob(${MAX_EXPORT_RAW_BYTES / 2 + 1})`);
    const sel = selectCalls(new SipQueries(db), { callIds: ['call-0'] });
    if (!sel.ok) throw new Error(sel.message);
    expect(countMessages(db, sel.result)).toMatchObject({
      ok: false,
      code: 'bad_request',
      message: expect.stringContaining('MiB of SIP'),
    });
  });

  it('loads the messages of many calls in capture-time order with their bytes', async () => {
    const db = store();
    insertCalls(db, 600);
    insertMessages(db, 600, 3);
    const sel = selectCalls(new SipQueries(db), { query: {} });
    if (!sel.ok) throw new Error(sel.message);
    expect(countMessages(db, sel.result)).toEqual({ ok: true, result: { messages: 1800, rawBytes: 1800 * 25 } });
    const r = await loadMessages(db, sel.result);
    if (!r.ok) throw new Error(r.message);
    expect(r.result).toHaveLength(1800);
    const keys = r.result.map((m) => [m.ts, m.id]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(r.result[0]!.raw).toEqual(Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'));
    expect(r.result[0]).toMatchObject({ method: 'OPTIONS', transport: 'udp', retransmission: false });
  });
});
