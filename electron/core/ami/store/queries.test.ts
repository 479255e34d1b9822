// The AMI tables on a real SQLite file through the real writer: queue-calls.ami replayed into the
// model, everything the core would persist written, then read back through AmiQueries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStats, AmiEventRow } from '../../../../shared/domain.ts';
import { enforceRetention } from '../../store/retention.ts';
import { MIGRATIONS, openStoreWith, WRITE_KINDS, type Store, type WriteRows } from '../../store/index.ts';
import { migration004 } from '../../store/migrations/004-ami.ts';
import { makeTempDir } from '../../store/test-data.ts';
import { replayAmiFixture } from '../model/fixture-replay.ts';
import { AmiLiveModel } from '../model/live-model.ts';
import { AmiQueries } from './queries.ts';
import { AMI_RETENTION_TABLES } from './retention.ts';
import { amiEventWrite, channelHistoryWrite, queueFactWrite, securityEventWrite, shouldStoreAmiEvent } from './rows.ts';
import { AMI_WRITE_KINDS, type AmiWriteRows } from './write-kinds.ts';

type Rows = WriteRows & AmiWriteRows;
const PBX = 'pbx1';
const session = replayAmiFixture('queue-calls');
const first = session[0]!.atUs;
const last = session[session.length - 1]!.atUs;

// Until the lead lists 004 in MIGRATIONS, run it as the next version after whatever is listed.
const migrations = MIGRATIONS.some((m) => m.name === migration004.name)
  ? MIGRATIONS
  : [...MIGRATIONS, { ...migration004, version: MIGRATIONS.length + 1 }];

let store: Store<Rows>;
let remove: () => void;
let queries: AmiQueries;
let model: AmiLiveModel;
let storedEvents = 0;

beforeAll(async () => {
  const tmp = makeTempDir();
  remove = tmp.remove;
  store = await openStoreWith<Rows>(
    { dataDir: tmp.dir },
    { kinds: { ...WRITE_KINDS, ...AMI_WRITE_KINDS }, migrations },
  );
  model = new AmiLiveModel({ dayStartUs: () => first });
  for (const { msg, atUs } of session) {
    model.apply(PBX, msg, atUs);
    if (shouldStoreAmiEvent(msg)) {
      store.writer.append('ami.event', amiEventWrite(PBX, msg, atUs));
      storedEvents++;
    }
    const sec = securityEventWrite(PBX, msg, atUs);
    if (sec) store.writer.append('ami.security', sec);
  }
  model.tick(last + 10_000_000);
  for (const e of model.takeEndedChannels()) store.writer.append('ami.channel', channelHistoryWrite(e));
  for (const f of model.takeQueueFacts()) store.writer.append('ami.queue', queueFactWrite(f));
  await store.writer.flush();
  queries = new AmiQueries(store.reader);
});

afterAll(async () => {
  await store.close();
  remove();
});

function allPages(params: Parameters<AmiQueries['searchEvents']>[0]): AmiEventRow[] {
  const out: AmiEventRow[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = queries.searchEvents({ ...params, cursor });
    if ('error' in page) throw new Error(page.error);
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

describe('AMI event search', () => {
  it('pages through every stored event newest first without gaps or repeats', () => {
    const rows = allPages({ pbx: PBX, limit: 97 });
    expect(rows).toHaveLength(storedEvents);
    expect(new Set(rows.map((r) => r.id)).size).toBe(storedEvents);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(a.ts > b.ts || (a.ts === b.ts && a.id > b.id)).toBe(true);
    }
    // VarSet is not stored.
    expect(rows.some((r) => r.name === 'VarSet')).toBe(false);
  });

  it('keeps every header in wire order', () => {
    const [join] = allPages({ name: 'QueueCallerJoin', uniqueid: '1795251777.21' });
    const original = session.find(
      (x) =>
        x.msg.name === 'QueueCallerJoin' && x.msg.fields.some(([k, v]) => k === 'Uniqueid' && v === '1795251777.21'),
    )!;
    expect(join!.fields).toEqual(original.msg.fields);
    expect(join!.ts).toBe(original.atUs);
  });

  it('finds a call by the uniqueid of any channel or by its linkedid', () => {
    const byLinkedid = allPages({ uniqueid: '1795251777.20' });
    const names = new Set(byLinkedid.map((r) => r.name));
    // The abandoning caller's whole call: both Local halves, the queue events, the hangups.
    for (const n of ['Newchannel', 'QueueCallerJoin', 'QueueCallerAbandon', 'QueueCallerLeave', 'Hangup'])
      expect(names.has(n)).toBe(true);
    const byChannel = allPages({ uniqueid: '1795251777.21' });
    expect(byChannel.length).toBeGreaterThan(0);
    expect(byChannel.length).toBeLessThan(byLinkedid.length);
  });

  it('filters by name, text and time range', () => {
    expect(allPages({ name: 'AgentConnect' })).toHaveLength(4);
    const coffee = allPages({ text: 'coffee' });
    expect(coffee.map((r) => r.name)).toEqual(['QueueMemberPause']);
    const mid = session[Math.floor(session.length / 2)]!.atUs;
    const before = allPages({ to: mid });
    const after = allPages({ from: mid });
    expect(before.length + after.length).toBe(storedEvents);
    expect(before.every((r) => r.ts < mid)).toBe(true);
  });

  it('refuses a cursor it did not hand out', () => {
    expect(queries.searchEvents({ cursor: 'nonsense' })).toEqual({ error: 'cursor is not one this server returned' });
  });
});

describe('queue and agent KPIs recounted from the stored queue facts', () => {
  const stats = (params: Parameters<AmiQueries['queueStats']>[0], live = model.queues(PBX, last)) => {
    const r = queries.queueStats(params, last + 10_000_000, live);
    if ('error' in r) throw new Error(r.error);
    return Object.fromEntries(r.map((x) => [x.queue, x.kpi]));
  };

  it('gives the same per-queue KPIs as the live model (and as queue_log, see queue-kpis.fixture.test.ts)', () => {
    const q = stats({ pbx: PBX });
    expect(q.support).toMatchObject({
      offered: 3,
      answered: 2,
      abandoned: 0,
      shortAbandoned: 1,
      timedOut: 0,
      asaSec: 1,
      ahtSec: 4,
      serviceLevelPct: 100,
    });
    expect(q.sales).toMatchObject({
      offered: 2,
      answered: 2,
      abandoned: 0,
      timedOut: 0,
      asaSec: 2,
      ahtSec: 3.5,
      serviceLevelPct: 100,
    });
    for (const live of model.queues(PBX, last)) {
      const { offered, answered, abandoned, shortAbandoned, timedOut, asaSec, ahtSec, serviceLevelPct } = live.today;
      expect(q[live.name]).toMatchObject({
        offered,
        answered,
        abandoned,
        shortAbandoned,
        timedOut,
        asaSec,
        ahtSec,
        serviceLevelPct,
      });
    }
  });

  it('splits cleanly at any instant: two halves add up to the whole', () => {
    const mid = session.find((x) => x.msg.name === 'QueueCallerAbandon')!.atUs;
    const a = stats({ from: first, to: mid });
    const b = stats({ from: mid, to: last + 1 });
    expect((a.support?.offered ?? 0) + (b.support?.offered ?? 0)).toBe(3);
    expect((a.support?.answered ?? 0) + (b.support?.answered ?? 0)).toBe(2);
    expect((a.support?.shortAbandoned ?? 0) + (b.support?.shortAbandoned ?? 0)).toBe(1);
  });

  it('applies the requested service-level threshold and one queue filter', () => {
    // support's callers waited 1 s, sales' 2 s.
    const q = stats({ queue: 'support', serviceLevelSec: 1 });
    expect(Object.keys(q)).toEqual(['support']);
    expect(q.support!.serviceLevelPct).toBe(100);
    expect(stats({ queue: 'sales', serviceLevelSec: 1 }).sales!.serviceLevelPct).toBe(0);
  });

  it('takes waiting callers and agent counts from the live model', () => {
    const q = stats({ pbx: PBX });
    expect(q.support).toMatchObject({
      waiting: 0,
      agentsAvailable: 4,
      agentsOnCall: 0,
      agentsPaused: 0,
      agentsUnavailable: 0,
    });
    expect(stats({ pbx: PBX }, []).support!.agentsAvailable).toBe(0);
  });

  it('counts per-agent calls, missed rings and pause time by reason', () => {
    const r = queries.agents({ pbx: PBX }, last, model.queues(PBX, last));
    if ('error' in r) throw new Error(r.error);
    const by = Object.fromEntries(r.map((a) => [a.name, a]));
    expect(by.Dan).toMatchObject({ missed: 3, calls: 0, state: 'available' });
    expect(by.Alice).toMatchObject({ calls: 2, ahtSec: 4, queues: ['sales', 'support'] });
    const coffee = by.Bob!.pauseByReason.find((p) => p.reason === 'coffee')!;
    expect(coffee.seconds).toBeGreaterThan(5.5);
    expect(coffee.seconds).toBeLessThan(6.5);
  });

  it('a range that starts inside a pause counts the pause from the range start', () => {
    const pause = session.find(
      (x) => x.msg.name === 'QueueMemberPause' && x.msg.fields.some(([k, v]) => k === 'PausedReason' && v === 'coffee'),
    )!;
    const r = queries.agents({ pbx: PBX, from: pause.atUs + 2_000_000, to: last + 1 }, last);
    if ('error' in r) throw new Error(r.error);
    const full = queries.agents({ pbx: PBX }, last);
    if ('error' in full) throw new Error(full.error);
    const secs = (list: typeof r) =>
      list.find((a) => a.name === 'Bob')!.pauseByReason.find((p) => p.reason === 'coffee')!.seconds;
    expect(secs(r)).toBeCloseTo(secs(full) - 2, 6);
  });
});

describe('resuming today after a restart', () => {
  it('a new model seeded with the stored facts from mid-session counts what the store counts from there, running pauses included', () => {
    const pause = session.find(
      (x) => x.msg.name === 'QueueMemberPause' && x.msg.fields.some(([k, v]) => k === 'PausedReason' && v === 'coffee'),
    )!;
    const from = pause.atUs + 1_000_000;
    const seeded = new AmiLiveModel({ dayStartUs: () => from });
    seeded.loadQueueHistory(queries.queueFactsSince(from, PBX), last);
    const fromStore = queries.agents({ pbx: PBX, from, to: last + 1 }, last);
    if ('error' in fromStore) throw new Error(fromStore.error);
    const pick = (list: AgentStats[]) =>
      list.map((a) => ({ name: a.name, calls: a.calls, missed: a.missed, pause: a.pauseByReason }));
    expect(pick(seeded.agents(PBX, last))).toEqual(pick(fromStore));
    // Bob's coffee pause started before `from`: it counts from `from` on, one second less.
    const coffee = fromStore.find((a) => a.name === 'Bob')!.pauseByReason.find((p) => p.reason === 'coffee')!;
    expect(coffee.seconds).toBeGreaterThan(4.5);
    expect(coffee.seconds).toBeLessThan(5.5);
  });
});

describe('AMI history tables', () => {
  it('stores one channel history row per hangup, billsec only for answered channels', () => {
    const rows = store.reader.prepare('SELECT * FROM ami_channel_history ORDER BY ended_at, id').all() as Record<
      string,
      unknown
    >[];
    expect(rows).toHaveLength(session.filter((x) => x.msg.name === 'Hangup').length);
    const busy = rows.find((r) => r.channel === 'Local/103@agents-00000004;2')!;
    expect(busy).toMatchObject({ cause: 17, cause_txt: 'User busy', billsec: null, answered_at: null });
    const alice = rows.find((r) => r.uniqueid === '1795251774.2')!;
    expect(alice.billsec as number).toBeGreaterThan(3);
    expect(alice.duration_sec as number).toBeGreaterThanOrEqual(alice.billsec as number);
  });

  it('stores the security events with the remote address split out', () => {
    const rows = store.reader
      .prepare('SELECT name, service, account_id, remote_ip FROM ami_security_events ORDER BY ts, id')
      .all();
    expect(rows.length).toBe(
      session.filter((x) => ['SuccessfulAuth', 'RequestNotAllowed', 'RequestBadFormat'].includes(x.msg.name)).length,
    );
    // The read-only `viewer` session asking for CoreShowChannels, seen from the admin session.
    expect(rows).toContainEqual({
      name: 'RequestNotAllowed',
      service: 'AMI',
      account_id: 'viewer',
      remote_ip: '127.0.0.1',
    });
  });
});

describe('AMI retention', () => {
  it('prunes every AMI table by age through its time index', async () => {
    const cutoff = first + (last - first) / 2;
    const report = await enforceRetention(
      store,
      { maxAgeUs: 1, maxBytes: null },
      { now: cutoff + 1, tables: AMI_RETENTION_TABLES },
    );
    expect(report.stopped).toBe('done');
    expect(report.deletedByAge).toBeGreaterThan(0);
    for (const t of AMI_RETENTION_TABLES) {
      const oldest = (
        store.reader.prepare(`SELECT min(${t.timeColumn}) AS m FROM ${t.table}`).get() as { m: number | null }
      ).m;
      if (oldest !== null) expect(oldest).toBeGreaterThanOrEqual(cutoff);
      const plan = store.reader.prepare(`EXPLAIN QUERY PLAN SELECT min(${t.timeColumn}) FROM ${t.table}`).all() as {
        detail: string;
      }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX/);
    }
  });
});
