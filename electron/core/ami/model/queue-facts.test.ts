import { describe, expect, it } from 'vitest';
import { ABANDON_SETTLE_US, QueueFactExtractor, type QueueFact } from './queue-facts.ts';
import { at, ev, snapshot } from './test-events.ts';

const caller = (over: Record<string, string | number> = {}): Record<string, string | number> => ({
  ...snapshot('100.1', { Channel: 'PJSIP/sipp-00000001' }),
  Queue: 'support',
  ...over,
});

function extractor(): { x: QueueFactExtractor; facts: QueueFact[] } {
  const facts: QueueFact[] = [];
  return { x: new QueueFactExtractor('pbx1', (f) => facts.push(f)), facts };
}

/** The exit sequence app_queue raises for an unanswered caller, after it joined at 0 s. */
function joinAndExit(x: QueueFactExtractor, waitSec: number): void {
  x.apply(ev('QueueCallerJoin', caller({ Position: 1, Count: 1 })), at(0));
  x.apply(ev('QueueCallerAbandon', caller({ Position: 1, OriginalPosition: 1, HoldTime: waitSec })), at(waitSec));
  x.apply(ev('QueueCallerLeave', caller({ Position: 1, Count: 0 })), at(waitSec));
}

describe('queue facts: telling a true abandon from the other unanswered exits', () => {
  it('a caller whose hangup was requested before QueueCallerAbandon abandoned, settled at once', () => {
    const { x, facts } = extractor();
    x.apply(ev('QueueCallerJoin', caller({ Position: 1, Count: 1 })), at(0));
    x.apply(ev('HangupRequest', caller({ Cause: 16 })), at(7));
    x.apply(ev('QueueCallerAbandon', caller({ Position: 1, OriginalPosition: 1, HoldTime: 7 })), at(7));
    expect(facts.map((f) => f.event)).toEqual(['ENTERQUEUE', 'ABANDON']);
    expect(facts[1]).toMatchObject({ queue: 'support', uniqueid: '100.1', waitSec: 7, position: 1, ts: at(7) });
  });

  it('QUEUESTATUS=TIMEOUT after QueueCallerAbandon is a timeout, not an abandon', () => {
    const { x, facts } = extractor();
    joinAndExit(x, 20);
    x.apply(ev('VarSet', caller({ Variable: 'QUEUESTATUS', Value: 'TIMEOUT' })), at(20));
    x.apply(ev('Hangup', caller({ Cause: 16, 'Cause-txt': 'Normal Clearing' })), at(25));
    expect(facts.map((f) => [f.event, f.reason, f.waitSec])).toEqual([
      ['ENTERQUEUE', null, null],
      ['EXITWITHTIMEOUT', 'TIMEOUT', 20],
    ]);
  });

  it('QUEUESTATUS LEAVEEMPTY, LEAVEUNAVAIL and WITHDRAW are exits of their own', () => {
    for (const [status, event] of [
      ['LEAVEEMPTY', 'EXITEMPTY'],
      ['LEAVEUNAVAIL', 'EXITEMPTY'],
      ['WITHDRAW', 'WITHDRAW'],
    ] as const) {
      const { x, facts } = extractor();
      joinAndExit(x, 3);
      x.apply(ev('VarSet', caller({ Variable: 'QUEUESTATUS', Value: status })), at(3));
      expect(facts.at(-1)!.event).toBe(event);
    }
  });

  it("without a hangup request, the caller's Hangup right after the abandon makes it an abandon", () => {
    const { x, facts } = extractor();
    joinAndExit(x, 9);
    x.apply(ev('Hangup', caller({ Cause: 0 })), at(9.01));
    expect(facts.at(-1)).toMatchObject({ event: 'ABANDON', waitSec: 9, ts: at(9) });
  });

  it('an abandon that neither a Hangup nor a QUEUESTATUS follows in time left alive: EXIT', () => {
    const { x, facts } = extractor();
    joinAndExit(x, 30);
    x.expire(at(30) + ABANDON_SETTLE_US - 1);
    expect(facts).toHaveLength(1);
    x.expire(at(30) + ABANDON_SETTLE_US);
    expect(facts.at(-1)).toMatchObject({ event: 'EXIT', waitSec: 30, ts: at(30) });
    expect(x.pendingCount()).toBe(0);
  });

  it('a later event past the deadline settles the abandon too, without a clock tick', () => {
    const { x, facts } = extractor();
    joinAndExit(x, 30);
    x.apply(ev('Newstate', snapshot('999.9')), at(40));
    expect(facts.at(-1)!.event).toBe('EXIT');
  });

  it('a leave without abandon and without AgentConnect is an exit by key', () => {
    const { x, facts } = extractor();
    x.apply(ev('QueueCallerJoin', caller({ Position: 1, Count: 1 })), at(0));
    x.apply(ev('QueueCallerLeave', caller({ Position: 1, Count: 0 })), at(4));
    x.expire(at(4) + ABANDON_SETTLE_US);
    expect(facts.at(-1)).toMatchObject({ event: 'EXITWITHKEY', waitSec: 4 });
  });

  it('an answered caller gives ENTERQUEUE, CONNECT and COMPLETE* with wait, ring and talk seconds', () => {
    const { x, facts } = extractor();
    const agent = { Interface: 'Local/100@agents/n', MemberName: 'Alice' };
    x.apply(ev('QueueCallerJoin', caller({ Position: 1, Count: 1 })), at(0));
    x.apply(ev('QueueCallerLeave', caller({ Position: 1, Count: 0 })), at(2));
    x.apply(ev('AgentConnect', caller({ ...agent, HoldTime: 2, RingTime: 1 })), at(2));
    // A repeated AgentConnect must not count a second answer.
    x.apply(ev('AgentConnect', caller({ ...agent, HoldTime: 2, RingTime: 1 })), at(2));
    x.apply(ev('AgentComplete', caller({ ...agent, HoldTime: 2, TalkTime: 31, Reason: 'caller' })), at(33));
    x.expire(at(100));
    expect(facts.map((f) => [f.event, f.waitSec, f.ringSec, f.talkSec, f.interface])).toEqual([
      ['ENTERQUEUE', null, null, null, null],
      ['CONNECT', 2, 1, null, 'Local/100@agents/n'],
      ['COMPLETECALLER', 2, null, 31, 'Local/100@agents/n'],
    ]);
  });

  it('converts AgentRingNoAnswer RingTime from milliseconds to seconds', () => {
    const { x, facts } = extractor();
    x.apply(
      ev('AgentRingNoAnswer', caller({ Interface: 'Local/103@agents/n', MemberName: 'Dan', RingTime: 15250 })),
      at(15),
    );
    expect(facts).toEqual([
      expect.objectContaining({ event: 'RINGNOANSWER', ringSec: 15.25, memberName: 'Dan', uniqueid: '100.1' }),
    ]);
  });
});

describe('queue facts: pauses', () => {
  const member = (over: Record<string, string | number>): Record<string, string | number> => ({
    Queue: 'support',
    MemberName: 'Bob',
    Interface: 'Local/101@agents/n',
    LastPause: 0,
    Paused: 0,
    PausedReason: '',
    ...over,
  });

  it('a pause and unpause of a member we know give PAUSE with the reason and UNPAUSE', () => {
    const { x, facts } = extractor();
    x.apply(ev('QueueMemberStatus', member({})), at(0));
    x.apply(ev('QueueMemberPause', member({ Paused: 1, PausedReason: 'coffee', LastPause: 1795000010 })), at(10));
    x.apply(ev('QueueMemberStatus', member({ Paused: 1, PausedReason: 'coffee', LastPause: 1795000010 })), at(11));
    x.apply(ev('QueueMemberPause', member({ Paused: 0, LastPause: 1795000010 })), at(70));
    expect(facts.map((f) => [f.event, f.reason, f.ts])).toEqual([
      ['PAUSE', 'coffee', at(10)],
      ['UNPAUSE', null, at(70)],
    ]);
  });

  it('a member first seen paused has been paused since its LastPause', () => {
    const { x, facts } = extractor();
    x.apply(ev('QueueMemberStatus', member({ Paused: 1, PausedReason: 'lunch', LastPause: 1795000000 - 600 })), at(0));
    expect(facts).toEqual([expect.objectContaining({ event: 'PAUSE', reason: 'lunch', ts: at(-600) })]);
  });

  it('a member removed while paused ends its pause', () => {
    const { x, facts } = extractor();
    x.apply(ev('QueueMemberPause', member({ Paused: 1, PausedReason: 'meeting', LastPause: 1795000000 })), at(0));
    x.apply(ev('QueueMemberRemoved', member({ Paused: 1, PausedReason: 'meeting' })), at(30));
    expect(facts.map((f) => f.event)).toEqual(['PAUSE', 'UNPAUSE', 'REMOVEMEMBER']);
  });

  it('a resync opens pauses it reveals and closes those that ended while we were away', () => {
    const { x, facts } = extractor();
    x.apply(ev('QueueMemberPause', member({ Paused: 1, PausedReason: 'coffee', LastPause: 1795000000 })), at(0));
    const listed = (name: string, iface: string, paused: number, reason: string, lastPause: number) =>
      ev('QueueMember', {
        Queue: 'support',
        Name: name,
        Location: iface,
        Paused: paused,
        PausedReason: reason,
        LastPause: lastPause,
      });
    x.resyncMembers(
      [
        listed('Bob', 'Local/101@agents/n', 0, '', 1795000000),
        listed('Carol', 'Local/102@agents/n', 1, 'training', 1795000050),
      ],
      at(100),
    );
    expect(facts.map((f) => [f.event, f.memberName, f.reason, f.ts])).toEqual([
      ['PAUSE', 'Bob', 'coffee', at(0)],
      ['UNPAUSE', 'Bob', null, at(100)],
      ['PAUSE', 'Carol', 'training', at(50)],
    ]);
  });
});
