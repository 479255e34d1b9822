import { describe, expect, it } from 'vitest';
import { AmiLiveModel } from './live-model.ts';
import { at, ev, snapshot, T0 } from './test-events.ts';

const PBX = 'pbx1';
/** Days of 1,000 s from T0, so a test can cross midnight. */
const DAY_US = 1000 * 1_000_000;
const dayStartUs = (now: number): number => T0 + Math.floor((now - T0) / DAY_US) * DAY_US;

const caller = (id: string, over: Record<string, string | number> = {}) => ({
  ...snapshot(id),
  Queue: 'support',
  ...over,
});
const member = (name: string, iface: string, over: Record<string, string | number> = {}) => ({
  Queue: 'support',
  MemberName: name,
  Interface: iface,
  StateInterface: iface,
  Penalty: 0,
  CallsTaken: 0,
  LastCall: 0,
  LastPause: 0,
  LoginTime: 0,
  InCall: 0,
  Status: 1,
  Paused: 0,
  PausedReason: '',
  Wrapuptime: 0,
  ...over,
});

function answered(m: AmiLiveModel, id: string, sec: number): void {
  const agent = { Interface: 'Local/100@agents/n', MemberName: 'Alice' };
  m.apply(PBX, ev('QueueCallerJoin', caller(id, { Position: 1, Count: 1 })), at(sec));
  m.apply(PBX, ev('QueueCallerLeave', caller(id, { Position: 1, Count: 0 })), at(sec + 2));
  m.apply(PBX, ev('AgentConnect', caller(id, { ...agent, HoldTime: 2, RingTime: 1 })), at(sec + 2));
  m.apply(PBX, ev('AgentComplete', caller(id, { ...agent, HoldTime: 2, TalkTime: 10, Reason: 'agent' })), at(sec + 12));
}

describe('live model', () => {
  it('counts the wallboard KPIs from midnight: a new day starts from zero', () => {
    const m = new AmiLiveModel({ dayStartUs });
    answered(m, 'a', 100);
    answered(m, 'b', 200);
    expect(m.queues(PBX)[0]!.today).toMatchObject({ offered: 2, answered: 2 });
    answered(m, 'c', 1100);
    expect(m.queues(PBX)[0]!.today).toMatchObject({ offered: 1, answered: 1, ahtSec: 10 });
  });

  it('a clock tick alone rolls the day over', () => {
    const m = new AmiLiveModel({ dayStartUs });
    answered(m, 'a', 100);
    m.tick(at(1001));
    expect(m.queues(PBX)[0]!.today.offered).toBe(0);
  });

  it('an agent free in one queue and paused in another is available, with its pause shown', () => {
    const m = new AmiLiveModel();
    const alice = 'Local/100@agents/n';
    m.apply(PBX, ev('QueueMemberStatus', member('Alice', alice)), at(0));
    m.apply(PBX, ev('QueueMemberStatus', member('Alice', alice, { Queue: 'sales' })), at(0));
    m.apply(
      PBX,
      ev(
        'QueueMemberPause',
        member('Alice', alice, { Queue: 'sales', Paused: 1, PausedReason: 'training', LastPause: 1795000000 }),
      ),
      at(0),
    );
    const [a] = m.agents(PBX, at(30));
    expect(a).toMatchObject({
      name: 'Alice',
      queues: ['sales', 'support'],
      state: 'available',
      pausedReason: 'training',
      pausedForSec: 30,
    });
    m.apply(PBX, ev('QueueMemberStatus', member('Alice', alice, { InCall: 1, Status: 2 })), at(31));
    expect(m.agents(PBX, at(31))[0]!.state).toBe('in-call');
  });

  it('counts agents available, on a call, paused and unavailable per queue', () => {
    const m = new AmiLiveModel();
    m.apply(PBX, ev('QueueMemberStatus', member('A', 'Local/1@a/n')), at(0));
    m.apply(PBX, ev('QueueMemberStatus', member('B', 'Local/2@a/n', { Status: 2, InCall: 1 })), at(0));
    m.apply(PBX, ev('QueueMemberStatus', member('C', 'Local/3@a/n', { Paused: 1, PausedReason: 'lunch' })), at(0));
    m.apply(PBX, ev('QueueMemberStatus', member('D', 'Local/4@a/n', { Status: 5 })), at(0));
    m.apply(PBX, ev('QueueMemberStatus', member('E', 'Local/5@a/n', { Status: 6 })), at(0));
    expect(m.queues(PBX)[0]!.today).toMatchObject({
      agentsAvailable: 1,
      agentsOnCall: 2,
      agentsPaused: 1,
      agentsUnavailable: 1,
    });
  });

  it('says when queues changed so the snapshot stream can stay quiet otherwise', () => {
    const m = new AmiLiveModel();
    answered(m, 'a', 0);
    expect(m.takeQueuesChanged()).toBe(true);
    expect(m.takeQueuesChanged()).toBe(false);
    m.apply(PBX, ev('Newchannel', snapshot('9.9')), at(50));
    expect(m.takeQueuesChanged()).toBe(false);
  });

  it('renumbers the callers behind one who leaves', () => {
    const m = new AmiLiveModel();
    for (const [i, id] of ['x', 'y', 'z'].entries())
      m.apply(PBX, ev('QueueCallerJoin', caller(id, { Position: i + 1, Count: i + 1 })), at(i));
    m.apply(PBX, ev('QueueCallerLeave', caller('x', { Position: 1, Count: 2 })), at(5));
    expect(m.queues(PBX)[0]!.callers.map((c) => [c.uniqueid, c.position])).toEqual([
      ['y', 1],
      ['z', 2],
    ]);
    expect(m.queues(PBX)[0]!.today.longestWaitSec).toBe(4);
  });

  it('ignores responses and banners', () => {
    const m = new AmiLiveModel();
    m.apply(
      PBX,
      {
        kind: 'response',
        name: 'Success',
        fields: [
          ['Response', 'Success'],
          ['Uniqueid', '1.1'],
        ],
      },
      at(0),
    );
    expect(m.channels()).toEqual([]);
  });
});
