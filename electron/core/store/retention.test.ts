import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import {
  enforceRetention,
  measureRetention,
  planRetentionStep,
  retentionPolicyFromSettings,
  RETENTION_TABLES,
  SIZE_LOW_WATER,
  type RetentionSnapshot,
} from './retention.ts';
import type { Store } from './store-api.ts';
import { healthRow, makeTempDir } from './test-data.ts';

const T0 = 1_700_000_000_000_000; // µs
const SEC = 1_000_000;

describe('retention planner', () => {
  const snap = (usedBytes: number, oldest: Record<string, number | null>): RetentionSnapshot => ({
    now: T0 + 1000 * SEC,
    usedBytes,
    tables: Object.entries(oldest).map(([table, oldestAt]) => ({ table, timeColumn: 'at', oldestAt })),
  });

  it('plans nothing when no row is too old and the database is under its cap', () => {
    expect(
      planRetentionStep(snap(900, { a: T0 + 500 * SEC }), { maxAgeUs: 600 * SEC, maxBytes: 1000 }, false),
    ).toBeNull();
  });

  it('deletes by age first, from a table holding rows older than the cutoff', () => {
    const step = planRetentionStep(
      snap(5000, { a: T0 + 900 * SEC, b: T0 }),
      { maxAgeUs: 600 * SEC, maxBytes: 1000 },
      false,
      10,
    );
    expect(step).toEqual({
      reason: 'age',
      op: { op: 'delete-before', table: 'b', timeColumn: 'at', before: T0 + 400 * SEC, limit: 10 },
    });
  });

  it('over the cap, deletes the oldest chunk from the table holding the oldest row', () => {
    const step = planRetentionStep(
      snap(1001, { a: T0 + 5 * SEC, b: null, c: T0 + 3 * SEC }),
      { maxAgeUs: null, maxBytes: 1000 },
      false,
      10,
    );
    expect(step).toEqual({ reason: 'size', op: { op: 'delete-oldest', table: 'c', timeColumn: 'at', limit: 10 } });
  });

  it('once a size pass started, keeps deleting down to the low-water mark', () => {
    const policy = { maxAgeUs: null, maxBytes: 1000 };
    const between = 1000 * SIZE_LOW_WATER + 1;
    expect(planRetentionStep(snap(between, { a: T0 }), policy, false)).toBeNull();
    expect(planRetentionStep(snap(between, { a: T0 }), policy, true)?.reason).toBe('size');
    expect(planRetentionStep(snap(1000 * SIZE_LOW_WATER, { a: T0 }), policy, true)).toBeNull();
  });

  it("carries a table's scope into its delete", () => {
    const s: RetentionSnapshot = {
      now: T0 + 1000 * SEC,
      usedBytes: 0,
      tables: [{ table: 'sip_messages', timeColumn: 'ts', scope: { column: 'capture', value: 0 }, oldestAt: T0 }],
    };
    expect(planRetentionStep(s, { maxAgeUs: SEC, maxBytes: null }, false, 10)?.op).toEqual({
      op: 'delete-before',
      table: 'sip_messages',
      timeColumn: 'ts',
      scope: { column: 'capture', value: 0 },
      before: T0 + 999 * SEC,
      limit: 10,
    });
  });

  it('plans nothing over the cap when every retention table is empty', () => {
    expect(planRetentionStep(snap(10_000, { a: null }), { maxAgeUs: 1, maxBytes: 1000 }, false)).toBeNull();
  });

  it('turns the settings into microseconds and bytes', () => {
    expect(retentionPolicyFromSettings({ maxAgeDays: 2, maxBytes: 5 << 20 })).toEqual({
      maxAgeUs: 2 * 86_400 * SEC,
      maxBytes: 5 << 20,
    });
  });
});

describe('retention executor on health_samples', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: Store;
  beforeEach(async () => {
    temp = makeTempDir();
    store = await openStore({ dataDir: temp.dir });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  async function fill(n: number): Promise<void> {
    // One sample a second, appended out of time order to prove deletes follow time, not rowid.
    for (let i = 0; i < n; i++) {
      const seq = i % 2 === 0 ? i : n - i;
      store.writer.append('health.sample', healthRow(seq, T0 + seq * SEC));
    }
    await store.writer.flush();
  }
  const times = (): { n: number; min: number | null; max: number | null } =>
    store.reader.prepare('SELECT count(*) AS n, min(at) AS min, max(at) AS max FROM health_samples').get() as {
      n: number;
      min: number | null;
      max: number | null;
    };

  it('deletes rows older than the maximum age in bounded chunks and keeps the rest', async () => {
    await fill(12_000);
    const now = T0 + 12_000 * SEC;
    const report = await enforceRetention(store, { maxAgeUs: 5_000 * SEC, maxBytes: null }, { now, chunkRows: 1000 });
    expect(report).toMatchObject({ stopped: 'done', deletedByAge: 7000, deletedBySize: 0, chunks: 7 });
    expect(times()).toEqual({ n: 5000, min: T0 + 7000 * SEC, max: T0 + 11_999 * SEC });
    expect(store.reader.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('stops after maxChunks and says more is due; the next pass finishes', async () => {
    await fill(5000);
    const policy = { maxAgeUs: 1000 * SEC, maxBytes: null };
    const now = T0 + 5000 * SEC;
    const first = await enforceRetention(store, policy, { now, chunkRows: 500, maxChunks: 3 });
    expect(first).toMatchObject({ stopped: 'chunk-limit', chunks: 3, deletedByAge: 1500 });
    const second = await enforceRetention(store, policy, { now, chunkRows: 500 });
    expect(second).toMatchObject({ stopped: 'done', deletedByAge: 2500 });
    expect(times().min).toBe(T0 + 4000 * SEC);
  });

  it('over the size cap, deletes oldest first to the low-water mark and gives the space back to the disk', async () => {
    await fill(100_000);
    await store.writer.maintain({ op: 'reclaim', pages: 1 }); // checkpoint so the file size is settled
    const before = measureRetention(store.reader, RETENTION_TABLES, T0).usedBytes;
    const fileBefore = store.dbBytes();
    const maxBytes = Math.floor(before / 2);
    const report = await enforceRetention(store, { maxAgeUs: null, maxBytes }, { chunkRows: 5000 });
    expect(report.stopped).toBe('done');
    expect(report.usedBytesBefore).toBe(before);
    expect(report.usedBytesAfter).toBeLessThanOrEqual(maxBytes * SIZE_LOW_WATER);
    expect(report.deletedBySize).toBeGreaterThan(50_000);
    expect(report.reclaimedPages).toBeGreaterThan(0);
    // What is left is the newest contiguous stretch of history.
    const left = times();
    expect(left.n).toBe(100_000 - report.deletedBySize);
    expect(left.max).toBe(T0 + 99_999 * SEC);
    expect(left.min).toBe(T0 + report.deletedBySize * SEC);
    expect(store.dbBytes()).toBeLessThan(fileBefore * 0.75);
    expect(store.reader.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('leaves a database under its cap and within its age alone', async () => {
    await fill(100);
    const report = await enforceRetention(
      store,
      { maxAgeUs: 10_000 * SEC, maxBytes: 1 << 30 },
      { now: T0 + 100 * SEC },
    );
    expect(report).toMatchObject({ stopped: 'done', chunks: 0, deletedByAge: 0, deletedBySize: 0, reclaimedPages: 0 });
    expect(times().n).toBe(100);
  });

  it("prunes only the rows inside a table's scope", async () => {
    for (let i = 0; i < 300; i++) {
      store.writer.append('health.sample', { ...healthRow(i, T0 + i * SEC), source: i % 3 === 0 ? 'statsd' : 'hep' });
    }
    await store.writer.flush();
    const tables = [{ table: 'health_samples', timeColumn: 'at', scope: { column: 'source', value: 'hep' } }];
    const report = await enforceRetention(
      store,
      { maxAgeUs: 100 * SEC, maxBytes: null },
      { now: T0 + 300 * SEC, tables, chunkRows: 50 },
    );
    expect(report).toMatchObject({ stopped: 'done', deletedByAge: 133 }); // hep rows at 0..199 s: 200 minus the 67 statsd ones
    const left = store.reader
      .prepare('SELECT source, count(*) AS n FROM health_samples GROUP BY source ORDER BY source')
      .all();
    expect(left).toEqual([
      { source: 'hep', n: 67 },
      { source: 'statsd', n: 100 },
    ]);
  });

  it('every retention table has an index its deletes and its oldest-row lookup can walk', () => {
    for (const t of RETENTION_TABLES) {
      const scope = t.scope ? `"${t.scope.column}" = ? AND ` : '';
      const args = t.scope ? [t.scope.value] : [];
      const queries: [string, unknown[]][] = [
        [
          `SELECT rowid FROM "${t.table}" WHERE ${scope}"${t.timeColumn}" < ? ORDER BY "${t.timeColumn}" LIMIT ?`,
          [...args, T0, 10],
        ],
        [
          `SELECT rowid FROM "${t.table}" ${t.scope ? `WHERE "${t.scope.column}" = ?` : ''} ORDER BY "${t.timeColumn}" LIMIT ?`,
          [...args, 10],
        ],
        [`SELECT min("${t.timeColumn}") FROM "${t.table}" ${t.scope ? `WHERE "${t.scope.column}" = ?` : ''}`, args],
      ];
      for (const [sql, params] of queries) {
        const plan = (store.reader.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
          (p) => p.detail,
        );
        expect(plan.join(' | '), sql).toMatch(/INDEX/);
        expect(plan.join(' | '), sql).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it('returns an error value for a table that does not exist', async () => {
    const report = await enforceRetention(
      store,
      { maxAgeUs: SEC, maxBytes: null },
      { tables: [{ table: 'nope', timeColumn: 'at' }] },
    );
    expect(report.stopped).toBe('error');
    expect(report.error).toMatch(/no such table: nope/);
  });

  it('refuses table names that are not plain identifiers', async () => {
    const result = await store.writer.maintain({
      op: 'delete-oldest',
      table: 'health_samples; DROP TABLE settings',
      timeColumn: 'at',
      limit: 1,
    });
    expect(result.ok).toBe(false);
    expect(store.reader.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'settings'").get()).toEqual({
      n: 1,
    });
  });
});
