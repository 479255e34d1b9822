import { describe, expect, it } from 'vitest';
import type { QueueFact, QueueFactEvent } from './queue-facts.ts';
import { QueueKpiAccumulator } from './queue-kpis.ts';
import { at } from './test-events.ts';

function fact(event: QueueFactEvent, sec: number, over: Partial<QueueFact> = {}): QueueFact {
  return {
    pbx: 'pbx1',
    ts: at(sec),
    queue: 'support',
    uniqueid: null,
    interface: null,
    memberName: null,
    event,
    waitSec: null,
    talkSec: null,
    ringSec: null,
    position: null,
    reason: null,
    ...over,
  };
}

const agent = (name: string): Partial<QueueFact> => ({ interface: `Local/${name}@agents/n`, memberName: name });

/** 10 offered: 6 answered (waits 5, 10, 15, 20, 25, 40 s), 2 abandoned (12 s, 2 s), 1 timeout, 1 exit on empty queue. */
function day(): QueueFact[] {
  const f: QueueFact[] = [];
  for (let i = 0; i < 10; i++) f.push(fact('ENTERQUEUE', i, { uniqueid: `c${i}` }));
  [5, 10, 15, 20, 25, 40].forEach((w, i) => f.push(fact('CONNECT', 100 + i, { ...agent('Alice'), waitSec: w })));
  f.push(fact('ABANDON', 200, { waitSec: 12 }), fact('ABANDON', 201, { waitSec: 2 }));
  f.push(fact('EXITWITHTIMEOUT', 202, { waitSec: 60 }), fact('EXITEMPTY', 203, { waitSec: 1 }));
  [30, 60, 90].forEach((t, i) => f.push(fact('COMPLETEAGENT', 300 + i, { ...agent('Alice'), talkSec: t })));
  return f;
}

describe('queue KPI formulas', () => {
  it('service level is answered within T over answered plus (non-short) abandoned', () => {
    const acc = new QueueKpiAccumulator().addAll(day());
    // Within 20 s: waits 5, 10, 15, 20 -> 4; base 6 answered + 1 abandon (the 2 s one is short).
    expect(acc.queueKpis('pbx1', 'support', 20).serviceLevelPct).toBeCloseTo((100 * 4) / 7, 9);
    // T is chosen at read time from the same counts.
    expect(acc.queueKpis('pbx1', 'support', 30).serviceLevelPct).toBeCloseTo((100 * 5) / 7, 9);
    expect(acc.queueKpis('pbx1', 'support', 30).serviceLevelSec).toBe(30);
  });

  it('counts abandons, short abandons, timeouts, ASA, AHT and the abandon rate', () => {
    const k = new QueueKpiAccumulator().addAll(day()).queueKpis('pbx1', 'support');
    expect(k).toMatchObject({ offered: 10, answered: 6, abandoned: 1, shortAbandoned: 1, timedOut: 1 });
    expect(k.asaSec).toBeCloseTo((5 + 10 + 15 + 20 + 25 + 40) / 6, 9);
    expect(k.ahtSec).toBe(60);
    // 1 abandon over 10 offered minus 1 short.
    expect(k.abandonPct).toBeCloseTo(100 / 9, 9);
  });

  it('the short-abandon threshold is configurable', () => {
    const k = new QueueKpiAccumulator({ shortAbandonSec: 15 }).addAll(day()).queueKpis('pbx1', 'support', 20);
    expect(k).toMatchObject({ abandoned: 0, shortAbandoned: 2 });
    expect(k.serviceLevelPct).toBeCloseTo((100 * 4) / 6, 9);
  });

  it('a queue with no traffic has null rates, not zero', () => {
    const k = new QueueKpiAccumulator().queueKpis('pbx1', 'nobody');
    expect(k).toMatchObject({ offered: 0, serviceLevelPct: null, abandonPct: null, asaSec: null, ahtSec: null });
  });

  it('counts only facts inside the window', () => {
    const acc = new QueueKpiAccumulator({ fromUs: at(5), toUs: at(150) }).addAll(day());
    // ENTERQUEUE at 5..9 and CONNECT at 100..105; nothing from 150 on.
    expect(acc.queueKpis('pbx1', 'support')).toMatchObject({
      offered: 5,
      answered: 6,
      abandoned: 0,
      timedOut: 0,
      ahtSec: null,
    });
  });

  it('counts calls, AHT and missed rings per agent', () => {
    const acc = new QueueKpiAccumulator().addAll([
      ...day(),
      fact('RINGNOANSWER', 400, { ...agent('Dan'), ringSec: 15 }),
      fact('RINGNOANSWER', 401, { ...agent('Dan'), ringSec: 15 }),
    ]);
    const byName = Object.fromEntries(acc.agentKpis(at(500)).map((a) => [a.name, a]));
    expect(byName.Alice).toMatchObject({ calls: 6, ahtSec: 60, missed: 0, queues: ['support'] });
    expect(byName.Dan).toMatchObject({ calls: 0, ahtSec: null, missed: 2 });
  });
});

describe('pause time per agent', () => {
  const bob = agent('Bob');

  it('adds up pause time per reason', () => {
    const acc = new QueueKpiAccumulator().addAll([
      fact('PAUSE', 0, { ...bob, reason: 'coffee' }),
      fact('UNPAUSE', 300, bob),
      fact('PAUSE', 1000, { ...bob, reason: 'lunch' }),
      fact('UNPAUSE', 2800, bob),
      fact('PAUSE', 3000, { ...bob, reason: 'coffee' }),
      fact('UNPAUSE', 3120, bob),
    ]);
    expect(acc.agentKpis(at(4000))[0]!.pauseByReason).toEqual([
      { reason: 'lunch', seconds: 1800 },
      { reason: 'coffee', seconds: 420 },
    ]);
  });

  it('a pause in several queues at once counts once', () => {
    const acc = new QueueKpiAccumulator().addAll([
      fact('PAUSE', 0, { ...bob, reason: 'break' }),
      fact('PAUSE', 0, { ...bob, queue: 'sales', reason: 'break' }),
      fact('UNPAUSE', 60, bob),
      fact('UNPAUSE', 90, { ...bob, queue: 'sales' }),
    ]);
    expect(acc.agentKpis(at(100))[0]!.pauseByReason).toEqual([{ reason: 'break', seconds: 90 }]);
  });

  it('a pause still running counts up to now and says since when', () => {
    const acc = new QueueKpiAccumulator().addAll([fact('PAUSE', 10, { ...bob, reason: 'training' })]);
    const a = acc.agentKpis(at(70))[0]!;
    expect(a.pauseByReason).toEqual([{ reason: 'training', seconds: 60 }]);
    expect(a.paused).toEqual({ reason: 'training', since: at(10) });
  });

  it('re-pausing with another reason moves the time from then on to the new reason', () => {
    const acc = new QueueKpiAccumulator().addAll([
      fact('PAUSE', 0, { ...bob, reason: 'coffee' }),
      fact('PAUSE', 100, { ...bob, reason: 'meeting' }),
      fact('UNPAUSE', 400, bob),
    ]);
    expect(acc.agentKpis(at(500))[0]!.pauseByReason).toEqual([
      { reason: 'meeting', seconds: 300 },
      { reason: 'coffee', seconds: 100 },
    ]);
  });

  it('clips pauses to the window, including one that started before it', () => {
    const acc = new QueueKpiAccumulator({ fromUs: at(100), toUs: at(200) }).addAll([
      fact('PAUSE', 50, { ...bob, reason: 'lunch' }),
      fact('UNPAUSE', 150, bob),
      fact('PAUSE', 180, { ...bob, reason: 'coffee' }),
    ]);
    expect(acc.agentKpis(at(1000))[0]!.pauseByReason).toEqual([
      { reason: 'lunch', seconds: 50 },
      { reason: 'coffee', seconds: 20 },
    ]);
  });

  it('a new day restarts the counts and carries a running pause over from midnight', () => {
    const acc = new QueueKpiAccumulator().addAll([...day(), fact('PAUSE', 500, { ...bob, reason: 'lunch' })]);
    acc.rollTo(at(1000));
    expect(acc.queueKpis('pbx1', 'support').offered).toBe(0);
    const b = acc.agentKpis(at(1600)).find((a) => a.name === 'Bob')!;
    expect(b.pauseByReason).toEqual([{ reason: 'lunch', seconds: 600 }]);
    expect(acc.agentKpis(at(1600)).some((a) => a.name === 'Alice')).toBe(false);
  });
});
