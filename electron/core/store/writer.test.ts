import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import type { CommitEvent, Store } from './store-api.ts';
import { healthRow, makeTempDir } from './test-data.ts';
import type { HealthSampleRow } from './write-kinds.ts';
import { BATCH_MAX_BLOB_BYTES, MAX_QUEUED_ROWS } from './writer.ts';
import type { SipMessageWrite } from '../sip/rows.ts';

let temp: ReturnType<typeof makeTempDir>;
let store: Store | null = null;

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  await store?.close();
  store = null;
  temp.remove();
});

async function open(
  opts: { batchMaxRows?: number; batchMaxDelayMs?: number; maxDbBytes?: number } = {},
): Promise<Store> {
  store = await openStore({ dataDir: temp.dir, ...opts });
  return store;
}

function sipRow(i: number, raw: Uint8Array): SipMessageWrite {
  return {
    capture: 0,
    ts: 1_700_000_000_000_000 + i,
    call_id: `call-${i}`,
    method: 'INVITE',
    status: null,
    reason: null,
    cseq: 1,
    cseq_method: 'INVITE',
    src_ip: '192.0.2.1',
    src_port: 5060,
    dst_ip: '192.0.2.2',
    dst_port: 5060,
    transport: 'udp',
    capture_id: null,
    node: null,
    correlation_id: null,
    flags: 0,
    malformed: null,
    raw,
  };
}

function count(s: Store): number {
  return (s.reader.prepare('SELECT count(*) AS n FROM health_samples').get() as { n: number }).n;
}

function nextCommit(s: Store): Promise<CommitEvent> {
  return new Promise((resolve) => {
    const off = s.writer.onCommit((info) => {
      off();
      resolve(info);
    });
  });
}

describe('store writer', () => {
  it('stores appended rows with their values once flushed', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    for (let i = 1; i <= 10; i++) s.writer.append('health.sample', healthRow(i));
    expect(count(s)).toBe(0); // still queued: neither the size nor the delay has triggered
    const info = await s.writer.flush();
    expect(info.rows).toBe(10);
    expect(info.batches).toBe(1);
    const rows = s.reader.prepare('SELECT * FROM health_samples ORDER BY at').all() as HealthSampleRow[];
    expect(rows).toEqual(Array.from({ length: 10 }, (_, i) => healthRow(i + 1)));
  });

  it('commits a batch as soon as batchMaxRows rows are queued, without waiting for the delay', async () => {
    const s = await open({ batchMaxRows: 100, batchMaxDelayMs: 60_000 });
    const commits: CommitEvent[] = [];
    s.writer.onCommit((c) => commits.push(c));
    for (let i = 1; i <= 250; i++) s.writer.append('health.sample', healthRow(i));
    expect(s.writer.stats().queued).toBe(250);
    await new Promise<void>((resolve) => {
      const off = s.writer.onCommit((c) => {
        if (c.rows === 200) {
          off();
          resolve();
        }
      });
    });
    expect(commits.map((c) => c.kinds)).toEqual([{ 'health.sample': 100 }, { 'health.sample': 100 }]);
    expect(count(s)).toBe(200);
    expect(s.writer.stats().queued).toBe(50); // the tail waits for its delay or a flush
    expect((await s.writer.flush()).rows).toBe(250);
  });

  it('commits a partial batch batchMaxDelayMs after its first row without a flush', async () => {
    const s = await open({ batchMaxDelayMs: 50 });
    const started = performance.now();
    const committed = nextCommit(s);
    s.writer.append('health.sample', healthRow(1));
    s.writer.append('health.sample', healthRow(2));
    const info = await committed;
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(info.kinds).toEqual({ 'health.sample': 2 });
    expect(count(s)).toBe(2);
  });

  it('groups rows of several kinds into one transaction and counts each kind', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    const committed = nextCommit(s);
    s.writer.append('health.sample', healthRow(1));
    s.writer.append('settings.put', { key: 'theme', value: '"dark"' });
    s.writer.append('health.sample', healthRow(2));
    await s.writer.flush();
    expect((await committed).kinds).toEqual({ 'health.sample': 2, 'settings.put': 1 });
    expect(s.writer.stats()).toMatchObject({ batches: 1, committedRows: 3, queued: 0 });
  });

  it('runs an operation after every row appended before it, in its own transaction', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    s.writer.append('settings.put', { key: 'theme', value: '"light"' });
    for (let i = 1; i <= 5; i++) s.writer.append('health.sample', healthRow(i));
    const result = await s.writer.run('settings.put', { key: 'theme', value: '"dark"' });
    expect(result).toEqual({ ok: true });
    // Had the queued upsert run after `run`, the value would be "light".
    expect(s.reader.prepare("SELECT value FROM settings WHERE key = 'theme'").get()).toEqual({ value: '"dark"' });
    expect(count(s)).toBe(5);
    expect(s.writer.stats()).toMatchObject({ batches: 2, committedRows: 7, queued: 0 }); // 6 queued rows, then the run
  });

  it('rejects only the row that violates a constraint: the rest of its batch and later batches land', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    const errors: string[] = [];
    s.writer.onError((m) => errors.push(m));
    for (let i = 1; i <= 5; i++) s.writer.append('health.sample', healthRow(i));
    // Deliberately ill-typed: the NOT NULL column must refuse it at runtime.
    s.writer.append('health.sample', { ...healthRow(6), source: null as unknown as 'hep' });
    for (let i = 7; i <= 10; i++) s.writer.append('health.sample', healthRow(i));
    const info = await s.writer.flush();
    expect(info.rows).toBe(9);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('1 row rejected');
    expect(errors[0]).toContain('NOT NULL constraint failed: health_samples.source');
    const seqs = (
      s.reader.prepare('SELECT received FROM health_samples ORDER BY at').all() as { received: number }[]
    ).map((r) => r.received);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10]);

    s.writer.append('health.sample', healthRow(11));
    await s.writer.flush();
    expect(count(s)).toBe(10);
    expect(s.writer.stats()).toMatchObject({ errors: 1, lostRows: 1, committedRows: 10 });
  });

  it('rejects a value of the wrong type in a STRICT column as a row error', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    const errors: string[] = [];
    s.writer.onError((m) => errors.push(m));
    s.writer.append('health.sample', { ...healthRow(1), received: 'many' as unknown as number });
    s.writer.append('health.sample', healthRow(2));
    expect((await s.writer.flush()).rows).toBe(1);
    expect(errors[0]).toMatch(/cannot store TEXT value in INTEGER column health_samples\.received/);
  });

  it('answers a refused run with the reason instead of throwing', async () => {
    const s = await open();
    const result = await s.writer.run('settings.put', { key: 'x', value: null as unknown as string });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('NOT NULL constraint failed: settings.value');
    expect(await s.writer.run('settings.put', { key: 'x', value: '1' })).toEqual({ ok: true });
  });

  it('reports an unregistered kind instead of throwing', async () => {
    const s = await open();
    const errors: string[] = [];
    s.writer.onError((m) => errors.push(m));
    expect(() => s.writer.append('no.such.kind' as 'health.sample', healthRow(1))).not.toThrow();
    expect(errors).toEqual(['no.such.kind: unknown write kind']);
    expect(await s.writer.run('no.such.kind' as 'health.sample', healthRow(1))).toEqual({
      ok: false,
      message: 'no.such.kind: unknown write kind',
    });
  });

  it('close commits everything still queued and leaves no -wal file behind', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    for (let i = 1; i <= 100; i++) s.writer.append('health.sample', healthRow(i));
    await s.close();
    store = null;
    expect(existsSync(`${s.dbPath}-wal`)).toBe(false);
    const db = new Database(s.dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM health_samples').get()).toEqual({ n: 100 });
    db.close();
  });

  it('counts and reports once the rows appended after close, without throwing', async () => {
    const s = await open();
    const errors: string[] = [];
    s.writer.onError((m) => errors.push(m));
    await s.close();
    store = null;
    s.writer.append('health.sample', healthRow(1));
    s.writer.append('health.sample', healthRow(2));
    expect(errors).toHaveLength(1);
    expect(s.writer.stats().lostRows).toBe(2);
    expect(await s.writer.run('settings.put', { key: 'a', value: '1' })).toMatchObject({ ok: false });
  });

  it('dbBytes grows as rows are committed', async () => {
    const s = await open();
    const before = s.dbBytes();
    expect(before).toBeGreaterThan(0);
    for (let i = 1; i <= 20_000; i++) s.writer.append('health.sample', healthRow(i));
    await s.writer.flush();
    expect(s.dbBytes()).toBeGreaterThan(before + 20_000 * 30); // at least ~30 bytes a row across table and indexes
  });

  it('a full database reports a clear error, keeps what was stored and keeps answering', async () => {
    // The cap sits a few pages above the empty schema (which grows with every capability's tables),
    // so the first 100 rows fit and the next 40,000 cannot.
    const probe = await open();
    const schemaBytes =
      (probe.reader.pragma('page_count', { simple: true }) as number) *
      (probe.reader.pragma('page_size', { simple: true }) as number);
    await probe.close();
    const s = await open({ maxDbBytes: schemaBytes + 64 * 1024 });
    const errors: string[] = [];
    s.writer.onError((m) => errors.push(m));
    for (let i = 1; i <= 100; i++) s.writer.append('health.sample', healthRow(i));
    await s.writer.flush();
    expect(count(s)).toBe(100);

    for (let i = 101; i <= 40_100; i++) s.writer.append('health.sample', healthRow(i));
    await s.writer.flush();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/batch of \d+ rows not stored: database or disk is full \(SQLITE_FULL\)/);
    expect(count(s)).toBe(100);
    expect(s.reader.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(s.writer.stats().lostRows).toBe(40_000);
    // The writer is still alive: a small write that fits still commits.
    expect(await s.writer.run('settings.put', { key: 'k', value: '1' })).toEqual({ ok: true });
  });

  it('stores binary values byte for byte, copied at append so the caller may reuse its buffer', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    const recv = new Uint8Array(64 * 1024); // like a reused socket read buffer
    const messages = ['INVITE sip:bob@example.com SIP/2.0\r\n\r\n', 'SIP/2.0 200 OK\r\n\r\n', ''];
    messages.forEach((text, i) => {
      const bytes = new TextEncoder().encode(text);
      recv.set(bytes, 1000 + i);
      s.writer.append('sip.message', sipRow(i, recv.subarray(1000 + i, 1000 + i + bytes.byteLength)));
      recv.fill(0); // the caller overwrites its buffer right after append
    });
    await s.writer.flush();
    const stored = s.reader.prepare('SELECT raw FROM sip_messages ORDER BY ts').all() as { raw: Buffer }[];
    expect(stored.map((r) => r.raw.toString('utf8'))).toEqual(messages);
  });

  it('sends a batch early once its binary values reach BATCH_MAX_BLOB_BYTES', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    const committed = nextCommit(s);
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    const rows = Math.ceil(BATCH_MAX_BLOB_BYTES / chunk.byteLength);
    for (let i = 0; i < rows + 3; i++) s.writer.append('sip.message', sipRow(i, chunk));
    expect((await committed).kinds).toEqual({ 'sip.message': rows });
    expect(s.writer.stats().queued).toBe(3);
  });

  it('drops rows beyond MAX_QUEUED_ROWS waiting for the disk and reports it once', async () => {
    const s = await open();
    const errors: string[] = [];
    s.writer.onError((m) => errors.push(m));
    // Appending without yielding: no commit can be acknowledged, so the queue only grows.
    for (let i = 1; i <= MAX_QUEUED_ROWS + 1000; i++) s.writer.append('health.sample', healthRow(i));
    expect(s.writer.stats()).toMatchObject({ queued: MAX_QUEUED_ROWS, lostRows: 1000 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('queue full');
    expect((await s.writer.flush()).rows).toBe(MAX_QUEUED_ROWS);
    // Drained: appends are accepted again.
    s.writer.append('health.sample', healthRow(MAX_QUEUED_ROWS + 5000));
    expect((await s.writer.flush()).rows).toBe(MAX_QUEUED_ROWS + 1);
  });
  it('numbers accepted rows per kind and settles them in ranges, one commit event per batch', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    const events: CommitEvent[] = [];
    s.writer.onCommit((e) => events.push(e));
    expect([1, 2, 3].map((i) => s.writer.append('health.sample', healthRow(i)))).toEqual([1, 2, 3]);
    expect(s.writer.append('settings.put', { key: 'theme', value: '"dark"' })).toBe(1);
    await s.writer.flush();
    expect(s.writer.append('health.sample', healthRow(4))).toBe(4);
    await s.writer.flush();
    expect(events.map((e) => e.settled)).toEqual([
      { 'health.sample': { from: 0, through: 3, lost: 0 }, 'settings.put': { from: 0, through: 1, lost: 0 } },
      { 'health.sample': { from: 3, through: 4, lost: 0 } },
    ]);
  });

  it('settles a refused row as lost, and a refused append returns 0', async () => {
    const s = await open({ batchMaxDelayMs: 60_000 });
    const events: CommitEvent[] = [];
    s.writer.onCommit((e) => events.push(e));
    s.writer.append('health.sample', healthRow(1));
    // Deliberately ill-typed: the NOT NULL column must refuse it at runtime.
    s.writer.append('health.sample', { ...healthRow(2), source: null as unknown as 'hep' });
    await s.writer.flush();
    expect(events.at(-1)?.settled['health.sample']).toEqual({ from: 0, through: 2, lost: 1 });
    await s.close();
    expect(s.writer.append('health.sample', healthRow(3))).toBe(0);
  });

  it('sends a commit event for a batch that stored nothing, so producers learn their rows are lost', async () => {
    const probe = await open();
    const schemaBytes =
      (probe.reader.pragma('page_count', { simple: true }) as number) *
      (probe.reader.pragma('page_size', { simple: true }) as number);
    await probe.close();
    const s = await open({ maxDbBytes: schemaBytes + 64 * 1024, batchMaxDelayMs: 60_000 });
    const events: CommitEvent[] = [];
    s.writer.onCommit((e) => events.push(e));
    for (let i = 1; i <= 40_000; i++) s.writer.append('health.sample', healthRow(i));
    await s.writer.flush();
    const settled = events.map((e) => e.settled['health.sample']);
    expect(settled.at(-1)?.through).toBe(40_000);
    // Contiguous ranges covering every row, and every row that is not in the table is counted lost.
    expect(settled.map((r) => r?.from)).toEqual([0, ...settled.slice(0, -1).map((r) => r?.through)]);
    expect(settled.reduce((n, r) => n + (r?.lost ?? 0), 0)).toBe(40_000 - count(s));
    expect(count(s)).toBeLessThan(40_000);
  });
});
