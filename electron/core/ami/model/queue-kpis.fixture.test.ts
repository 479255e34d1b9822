// Ground truth: queue-calls.ami (52 s of real Asterisk 22.10.1 queue traffic) framed as recorded and
// fed to the model must give the queue and agent KPIs that Asterisk's own queue_log of the same run
// gives, counted by hand below.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayAmiFixture, type TimedMessage } from './fixture-replay.ts';
import { AmiLiveModel } from './live-model.ts';
import { QueueKpiAccumulator } from './queue-kpis.ts';
import type { QueueFact } from './queue-facts.ts';

const PBX = 'pbx1';
const session = replayAmiFixture('queue-calls');
const first = session[0]!.atUs;
const last = session[session.length - 1]!.atUs;

/** Whole window, one "day": the recording spans 52 s. */
function replay(opts: { shortAbandonSec?: number } = {}, recording: readonly TimedMessage[] = session): AmiLiveModel {
  const m = new AmiLiveModel({ dayStartUs: () => recording[0]!.atUs, ...opts });
  for (const { msg, atUs } of recording) m.apply(PBX, msg, atUs);
  // Past every settle deadline, as the core's clock tick would be.
  m.tick(recording[recording.length - 1]!.atUs + 10_000_000);
  return m;
}

const counts = (m: AmiLiveModel, queue: string) => {
  const t = m.queues(PBX).find((q) => q.name === queue)?.today;
  return (
    t && {
      offered: t.offered,
      answered: t.answered,
      abandoned: t.abandoned,
      shortAbandoned: t.shortAbandoned,
      timedOut: t.timedOut,
      asaSec: t.asaSec,
      ahtSec: t.ahtSec,
    }
  );
};

// asterisk-queue_log, restricted to the recording's window (epoch 1795251771..1795251824); its
// last four lines (1795251856..1860) are the sip-calls run, which came later on another connection.
//
// support (strategy ringall)
//   ENTERQUEUE  1795251773.1, 1795251776.15, 1795251777.21               -> offered 3
//   CONNECT     1795251773.1 Alice holdtime 1, 1795251776.15 Carol holdtime 1 -> answered 2, ASA (1+1)/2 = 1 s
//   ABANDON     1795251777.21 pos 1 origpos 2 waittime 0               -> 1 true abandon, and 0 s < 5 s: short
//   EXITWITH*   none                                                   -> timed out 0
//   COMPLETEAGENT Alice calltime 4, Carol calltime 4                   -> AHT (4+4)/2 = 4 s
//   SL 20 s:    both answered within 1 s; the only abandon is short, so 2 / (2 + 0) = 100 %
// sales (strategy rrmemory)
//   ENTERQUEUE  1795251774.11, 1795251779.27                           -> offered 2
//   CONNECT     Dave holdtime 2, Alice holdtime 2                      -> answered 2, ASA 2 s
//   COMPLETEAGENT Dave calltime 3, Alice calltime 4                    -> AHT 3.5 s
// agents
//   Dan   RINGNOANSWER x3 (1774, 1777, 1778; busy, so ringtime 0 ms)  -> missed 3
//   Alice CONNECT support + sales, calltime 4 + 4                      -> 2 calls, AHT 4 s
//   Carol 1 call (4 s), Dave 1 call (3 s)
//   Bob   PAUSE coffee 1795251776, UNPAUSE 1795251782                  -> 6 s paused for "coffee"
const QUEUE_LOG_WINDOW = [1795251771, 1795251824] as const;

describe("queue KPIs of queue-calls.ami against the same run's queue_log", () => {
  it('the hand count above is what queue_log holds for the window', () => {
    const lines = readFileSync(new URL('../../../../test/fixtures/logs/asterisk-queue_log', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('|'))
      .filter((f) => Number(f[0]) >= QUEUE_LOG_WINDOW[0] && Number(f[0]) < QUEUE_LOG_WINDOW[1]);
    const count = (queue: string, event: string): number =>
      lines.filter((f) => f[2] === queue && f[4] === event).length;
    expect([
      count('support', 'ENTERQUEUE'),
      count('support', 'CONNECT'),
      count('support', 'ABANDON'),
      count('support', 'COMPLETEAGENT'),
    ]).toEqual([3, 2, 1, 2]);
    expect([
      count('sales', 'ENTERQUEUE'),
      count('sales', 'CONNECT'),
      count('sales', 'ABANDON'),
      count('sales', 'COMPLETEAGENT'),
    ]).toEqual([2, 2, 0, 2]);
    expect(lines.filter((f) => f[4]?.startsWith('EXIT')).length).toBe(0);
    expect(lines.filter((f) => f[3] === 'Dan' && f[4] === 'RINGNOANSWER').length).toBe(3);
  });

  it('counts offered, answered, true abandons, timeouts, ASA, AHT and service level per queue as queue_log does', () => {
    const q = Object.fromEntries(
      replay()
        .queues(PBX)
        .map((x) => [x.name, x.today]),
    );
    expect(q.support).toMatchObject({
      offered: 3,
      answered: 2,
      // The one abandon waited 0 s: below the default 5 s short-abandon threshold.
      abandoned: 0,
      shortAbandoned: 1,
      timedOut: 0,
      asaSec: 1,
      ahtSec: 4,
      serviceLevelPct: 100,
      serviceLevelSec: 20,
      abandonPct: 0,
      waiting: 0,
    });
    expect(q.sales).toMatchObject({
      offered: 2,
      answered: 2,
      abandoned: 0,
      shortAbandoned: 0,
      timedOut: 0,
      asaSec: 2,
      ahtSec: 3.5,
      serviceLevelPct: 100,
    });
  });

  it('with short abandons switched off the abandon counts against the service level and the abandon rate', () => {
    const support = replay({ shortAbandonSec: 0 })
      .queues(PBX)
      .find((x) => x.name === 'support')!.today;
    expect(support).toMatchObject({ abandoned: 1, shortAbandoned: 0 });
    expect(support.serviceLevelPct).toBeCloseTo((100 * 2) / 3, 9);
    expect(support.abandonPct).toBeCloseTo(100 / 3, 9);
  });

  it('counts calls, AHT, missed rings and pause time per agent as queue_log does', () => {
    const agents = Object.fromEntries(
      replay()
        .agents(PBX, last)
        .map((a) => [a.name, a]),
    );
    expect(agents.Dan).toMatchObject({ calls: 0, missed: 3, ahtSec: null });
    expect(agents.Alice).toMatchObject({ calls: 2, missed: 0, ahtSec: 4, queues: ['sales', 'support'] });
    expect(agents.Carol).toMatchObject({ calls: 1, ahtSec: 4 });
    expect(agents.Dave).toMatchObject({ calls: 1, ahtSec: 3 });
    // queue_log has whole seconds (1776 -> 1782); the model times the pause by when each event arrived.
    const coffee = agents.Bob!.pauseByReason.find((p) => p.reason === 'coffee');
    expect(coffee?.seconds).toBeGreaterThan(5.5);
    expect(coffee?.seconds).toBeLessThan(6.5);
  });

  it('settles the abandon as ABANDON and produces the queue_log sequence of caller events', () => {
    const m = replay();
    const facts = m.takeQueueFacts();
    const callerEvents = facts
      .filter((f) => f.uniqueid !== null && f.event !== 'RINGNOANSWER')
      .map((f) => `${f.queue} ${f.uniqueid} ${f.event}`);
    // The same lines as queue_log (minus its agent-only RINGNOANSWER), in queue_log's order.
    expect(callerEvents).toEqual([
      'support 1795251773.1 ENTERQUEUE',
      'sales 1795251774.11 ENTERQUEUE',
      'support 1795251773.1 CONNECT',
      'support 1795251776.15 ENTERQUEUE',
      'sales 1795251774.11 CONNECT',
      'support 1795251777.21 ENTERQUEUE',
      'support 1795251776.15 CONNECT',
      'support 1795251777.21 ABANDON',
      'support 1795251773.1 COMPLETEAGENT',
      'sales 1795251779.27 ENTERQUEUE',
      'sales 1795251774.11 COMPLETEAGENT',
      'sales 1795251779.27 CONNECT',
      'support 1795251776.15 COMPLETEAGENT',
      'sales 1795251779.27 COMPLETEAGENT',
    ]);
    // Where AMI and queue_log differ: queue_log has no PAUSE for Carol (queues.conf paused her at
    // start, 1795251768, before we listened), only her UNPAUSE "back from lunch". AMI's unpause
    // carries LastPause = 1795251768, so the model opens that pause there with an unknown reason.
    const carol = facts.filter((f) => f.memberName === 'Carol' && (f.event === 'PAUSE' || f.event === 'UNPAUSE'));
    expect(carol.map((f) => [f.event, f.reason])).toEqual([
      ['PAUSE', ''],
      ['UNPAUSE', 'back from lunch'],
    ]);
    expect(carol[0]!.ts).toBe(1795251768_000_000);
  });

  it('the stored facts of the session recount to the same KPIs as the live model', () => {
    const m = replay();
    const facts: QueueFact[] = m.takeQueueFacts().sort((a, b) => a.ts - b.ts);
    const acc = new QueueKpiAccumulator({ fromUs: first, toUs: last + 1 }).addAll(facts);
    for (const q of m.queues(PBX)) {
      const { offered, answered, abandoned, shortAbandoned, timedOut, asaSec, ahtSec, serviceLevelPct } = q.today;
      expect(acc.queueKpis(PBX, q.name)).toMatchObject({
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

  it('gives the same counts to a read-only account that never sees VarSet (abandon told by the hangup)', () => {
    const viewer = replay({}, replayAmiFixture('viewer-readonly'));
    const admin = replay();
    for (const queue of ['support', 'sales']) expect(counts(viewer, queue)).toEqual(counts(admin, queue));
  });

  it('gives the same support counts to an account whose eventfilter passes only Hangup, Queue* and Agent*', () => {
    // That account's filter also drops every event of the Local/sales... callers: no sales traffic.
    const filtered = replay({}, replayAmiFixture('filtered-events'));
    expect(counts(filtered, 'support')).toEqual(counts(replay(), 'support'));
    expect(counts(filtered, 'sales')?.offered ?? 0).toBe(0);
  });

  it("counts the queue call of sip-calls.ami as queue_log's last four lines do", () => {
    // 1795251856.56 ENTERQUEUE support; Dan RINGNOANSWER; Bob CONNECT holdtime 1; COMPLETECALLER 1|3.
    const m = replay({}, replayAmiFixture('sip-calls'));
    expect(counts(m, 'support')).toEqual({
      offered: 1,
      answered: 1,
      abandoned: 0,
      shortAbandoned: 0,
      timedOut: 0,
      asaSec: 1,
      ahtSec: 3,
    });
    expect(m.agents(PBX).find((a) => a.name === 'Dan')?.missed).toBe(1);
  });
});
