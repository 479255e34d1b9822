// AMI queue events -> queue facts: the queue_log vocabulary (ENTERQUEUE, CONNECT, ABANDON,
// EXITWITHTIMEOUT, COMPLETE*, RINGNOANSWER, PAUSE...), one fact per thing that happened, ready to
// count (queue-kpis.ts) and to store (one row each), so a day can be recounted from the store.
//
// The hard part is the abandon. Asterisk raises QueueCallerAbandon on EVERY unanswered exit
// (timeout, empty queue, withdraw) because each path calls record_abandoned() (reference §2.2),
// so the event alone over-counts. What tells them apart, seen on Asterisk 22.10.1:
//  - a caller who hangs up gets a HangupRequest/SoftHangupRequest BEFORE the QueueCallerAbandon,
//    no QUEUESTATUS is set (Queue() returns -1), and its Hangup follows within milliseconds;
//  - every other exit returns from Queue() normally, which sets QUEUESTATUS (TIMEOUT, LEAVEEMPTY,
//    LEAVEUNAVAIL, WITHDRAW) in a VarSet right after the QueueCallerLeave, and the channel lives on.
// So an abandon is settled by the first of: hangup request seen earlier (ABANDON), a QUEUESTATUS
// VarSet (that exit), the caller's Hangup (ABANDON), or ABANDON_SETTLE_US without any of them (the
// channel stayed up, so the caller did not hang up: EXIT, reason unseen, e.g. an account without
// the dialplan class that carries VarSet). Without VarSet, "timed out and the dialplan hung up at
// once" looks like an abandon; nothing on the wire tells them apart then.
// EXITWITHKEY raises no QueueCallerAbandon: a QueueCallerLeave that no AgentConnect follows.
import type { AmiMessage } from '../message.ts';
import { epochSecToUs, field, flag, int, num, text } from './fields.ts';

export type QueueFactEvent =
  | 'ENTERQUEUE'
  | 'CONNECT'
  | 'COMPLETECALLER'
  | 'COMPLETEAGENT'
  | 'TRANSFER'
  /** The caller hung up while waiting (a true abandon). */
  | 'ABANDON'
  | 'EXITWITHTIMEOUT'
  /** LEAVEEMPTY or LEAVEUNAVAIL: no member left who could answer. */
  | 'EXITEMPTY'
  | 'EXITWITHKEY'
  | 'WITHDRAW'
  /** Left unanswered and did not hang up, but Asterisk's reason was not visible (no QUEUESTATUS VarSet). */
  | 'EXIT'
  | 'RINGNOANSWER'
  | 'PAUSE'
  | 'UNPAUSE'
  | 'ADDMEMBER'
  | 'REMOVEMEMBER';

export interface QueueFact {
  pbx: string;
  /** µs UTC when it happened (for a settled abandon: when the caller left, not when we knew). */
  ts: number;
  queue: string;
  /** The caller's Uniqueid; null for member facts. */
  uniqueid: string | null;
  /** The member's Interface; null for caller-only facts. */
  interface: string | null;
  memberName: string | null;
  event: QueueFactEvent;
  /** Seconds the caller waited in the queue (AMI calls it HoldTime; queue_log holdtime/waittime). */
  waitSec: number | null;
  /** Seconds from connect to end (AgentComplete TalkTime; includes any on-hold inside the call). */
  talkSec: number | null;
  /** Seconds the member rang (AgentConnect RingTime is s, AgentRingNoAnswer RingTime is ms). */
  ringSec: number | null;
  /** Position in the queue at join or at exit. */
  position: number | null;
  /** Pause reason, complete reason (caller/agent/transfer) or QUEUESTATUS. */
  reason: string | null;
}

/**
 * How long an abandon waits for the caller's Hangup or a QUEUESTATUS VarSet. Both come within
 * milliseconds of QueueCallerAbandon; 3 s leaves room for a loaded PBX and still updates the
 * wallboard quickly. Also how long a QueueCallerLeave waits for its AgentConnect.
 */
export const ABANDON_SETTLE_US = 3_000_000;

/**
 * A caller we saw join and never saw leave (events lost across a reconnect) is forgotten after
 * this; queue timeouts are minutes, so 12 h only ever drops true leftovers.
 */
export const MAX_PENDING_CALLER_US = 12 * 3600 * 1_000_000;

const QUEUESTATUS_EXIT: Record<string, QueueFactEvent> = {
  TIMEOUT: 'EXITWITHTIMEOUT',
  LEAVEEMPTY: 'EXITEMPTY',
  LEAVEUNAVAIL: 'EXITEMPTY',
  WITHDRAW: 'WITHDRAW',
};

const COMPLETE_REASON: Record<string, QueueFactEvent> = {
  caller: 'COMPLETECALLER',
  agent: 'COMPLETEAGENT',
  transfer: 'TRANSFER',
};

interface PendingCaller {
  queue: string;
  uniqueid: string;
  joinedAt: number;
  hangupRequested: boolean;
  connected: boolean;
  /** Set at QueueCallerLeave. */
  leftAt: number | null;
  leftPosition: number | null;
  abandon: { ts: number; waitSec: number | null; position: number | null } | null;
  /** When it settles on its own if nothing else arrives. */
  deadline: number;
}

interface MemberPause {
  paused: boolean;
  reason: string;
}

/** One PBX's queue events in, facts out to `sink`, in the order they are settled. */
export class QueueFactExtractor {
  readonly pbx: string;
  private readonly sink: (f: QueueFact) => void;
  private readonly callers = new Map<string, PendingCaller>();
  private readonly members = new Map<string, MemberPause>();
  /** Earliest deadline among pending callers (Infinity when none): `expire` is free until then. */
  private nextDeadline = Infinity;

  constructor(pbx: string, sink: (f: QueueFact) => void) {
    this.pbx = pbx;
    this.sink = sink;
  }

  /** Feed one live event. Events that say nothing about queues cost one switch. */
  apply(msg: AmiMessage, nowUs: number): void {
    if (nowUs >= this.nextDeadline) this.expire(nowUs);
    switch (msg.name) {
      case 'QueueCallerJoin':
        return this.join(msg, nowUs);
      case 'QueueCallerLeave':
        return this.leave(msg, nowUs);
      case 'QueueCallerAbandon':
        return this.abandon(msg, nowUs);
      case 'AgentConnect':
        return this.connect(msg, nowUs);
      case 'AgentComplete':
        return this.complete(msg, nowUs);
      case 'AgentRingNoAnswer': {
        const ms = num(msg, 'RingTime');
        return this.emitMember(msg, nowUs, 'RINGNOANSWER', { ringSec: ms === null ? null : ms / 1000 });
      }
      case 'QueueMemberAdded':
        this.emitMember(msg, nowUs, 'ADDMEMBER', {});
        return this.memberPause(msg, nowUs, false);
      case 'QueueMemberRemoved': {
        const key = memberKey(text(msg, 'Queue'), text(msg, 'Interface'));
        const m = this.members.get(key);
        // A removed member's pause ends with it.
        if (m?.paused) this.emitMember(msg, nowUs, 'UNPAUSE', { reason: null });
        this.members.delete(key);
        return this.emitMember(msg, nowUs, 'REMOVEMEMBER', {});
      }
      case 'QueueMemberPause':
        return this.memberPause(msg, nowUs, true);
      case 'QueueMemberStatus':
      case 'QueueMemberPenalty':
      case 'QueueMemberRinginuse':
        return this.memberPause(msg, nowUs, false);
      case 'VarSet':
        return this.varSet(msg);
      case 'HangupRequest':
      case 'SoftHangupRequest': {
        const c = this.callers.get(text(msg, 'Uniqueid'));
        if (c && c.leftAt === null) c.hangupRequested = true;
        return;
      }
      case 'Hangup':
        return this.hangup(msg, nowUs);
    }
  }

  /**
   * Members as a QueueStatus answer lists them (resync): pauses we did not see start are opened
   * (at LastPause, which Asterisk sets when a pause starts), pauses that ended while we were away
   * are closed now. `listed` holds every (queue, interface) of the answer.
   */
  resyncMembers(items: readonly AmiMessage[], nowUs: number): void {
    const listed = new Set<string>();
    for (const msg of items) {
      const queue = text(msg, 'Queue');
      const iface = field(msg, 'Location') ?? text(msg, 'Interface');
      const key = memberKey(queue, iface);
      listed.add(key);
      const paused = flag(msg, 'Paused');
      const reason = text(msg, 'PausedReason');
      const known = this.members.get(key);
      const name = field(msg, 'Name') ?? text(msg, 'MemberName');
      if (paused && (!known?.paused || known.reason !== reason)) {
        const since = known?.paused ? nowUs : pauseStart(msg, nowUs);
        this.push(memberFact(this.pbx, since, queue, iface, name, 'PAUSE', { reason }));
      } else if (!paused && known?.paused) {
        this.push(memberFact(this.pbx, nowUs, queue, iface, name, 'UNPAUSE', { reason: null }));
      }
      this.members.set(key, { paused, reason });
    }
    for (const [key, m] of this.members) {
      if (listed.has(key)) continue;
      if (m.paused) {
        const [queue, iface] = splitKey(key);
        this.push(memberFact(this.pbx, nowUs, queue, iface, null, 'UNPAUSE', { reason: null }));
      }
      this.members.delete(key);
    }
  }

  /** Settle every caller whose deadline has passed (also called by the model's clock tick). */
  expire(nowUs: number): void {
    if (nowUs < this.nextDeadline) return;
    let next = Infinity;
    for (const [id, c] of this.callers) {
      if (c.deadline <= nowUs) {
        this.settleByTime(c);
        this.callers.delete(id);
      } else if (c.deadline < next) next = c.deadline;
    }
    this.nextDeadline = next;
  }

  /** Callers tracked: waiting, left and not yet classified, or answered and not yet hung up. */
  pendingCount(): number {
    return this.callers.size;
  }

  private join(msg: AmiMessage, nowUs: number): void {
    const uniqueid = text(msg, 'Uniqueid');
    const queue = text(msg, 'Queue');
    const prev = this.callers.get(uniqueid);
    // Entering another queue proves the channel lived on: the last exit was not an abandon.
    if (prev) this.settleByTime(prev);
    const position = int(msg, 'Position', 0);
    this.callers.set(uniqueid, {
      queue,
      uniqueid,
      joinedAt: nowUs,
      hangupRequested: false,
      connected: false,
      leftAt: null,
      leftPosition: null,
      abandon: null,
      deadline: nowUs + MAX_PENDING_CALLER_US,
    });
    this.watch(nowUs + MAX_PENDING_CALLER_US);
    this.push(callerFact(this.pbx, nowUs, queue, uniqueid, 'ENTERQUEUE', { position }));
  }

  private leave(msg: AmiMessage, nowUs: number): void {
    const c = this.callers.get(text(msg, 'Uniqueid'));
    if (!c || c.leftAt !== null) return;
    c.leftAt = nowUs;
    c.leftPosition = int(msg, 'Position', 0);
    if (c.connected) return;
    c.deadline = nowUs + ABANDON_SETTLE_US;
    this.watch(c.deadline);
  }

  private abandon(msg: AmiMessage, nowUs: number): void {
    const uniqueid = text(msg, 'Uniqueid');
    const queue = text(msg, 'Queue');
    const a = { ts: nowUs, waitSec: num(msg, 'HoldTime'), position: int(msg, 'Position', 0) };
    let c = this.callers.get(uniqueid);
    if (!c) {
      // Joined before we were listening: still classify the exit.
      c = {
        queue,
        uniqueid,
        joinedAt: nowUs,
        hangupRequested: false,
        connected: false,
        leftAt: null,
        leftPosition: null,
        abandon: null,
        deadline: 0,
      };
      this.callers.set(uniqueid, c);
    }
    c.abandon = a;
    if (c.hangupRequested) return this.settle(c, 'ABANDON', null);
    c.deadline = nowUs + ABANDON_SETTLE_US;
    this.watch(c.deadline);
  }

  private connect(msg: AmiMessage, nowUs: number): void {
    const uniqueid = text(msg, 'Uniqueid');
    const c = this.callers.get(uniqueid);
    if (c) {
      // AgentConnect is raised once per answered caller; a repeat would double-count. The caller
      // stays known until its Hangup so that a repeat is recognised.
      if (c.connected) return;
      c.connected = true;
      c.deadline = nowUs + MAX_PENDING_CALLER_US;
    }
    this.push({
      ...memberFact(this.pbx, nowUs, text(msg, 'Queue'), text(msg, 'Interface'), text(msg, 'MemberName'), 'CONNECT', {
        waitSec: num(msg, 'HoldTime'),
        ringSec: num(msg, 'RingTime'),
        position: c?.leftPosition ?? null,
      }),
      uniqueid,
    });
  }

  private complete(msg: AmiMessage, nowUs: number): void {
    const event = COMPLETE_REASON[text(msg, 'Reason')] ?? 'COMPLETEAGENT';
    this.push({
      ...memberFact(this.pbx, nowUs, text(msg, 'Queue'), text(msg, 'Interface'), text(msg, 'MemberName'), event, {
        waitSec: num(msg, 'HoldTime'),
        talkSec: num(msg, 'TalkTime'),
        reason: text(msg, 'Reason') || null,
      }),
      uniqueid: text(msg, 'Uniqueid'),
    });
  }

  private varSet(msg: AmiMessage): void {
    // VarSet is a third of all traffic: look at nothing else before the variable name matches.
    if (field(msg, 'Variable') !== 'QUEUESTATUS') return;
    const c = this.callers.get(text(msg, 'Uniqueid'));
    if (!c || c.connected || (c.abandon === null && c.leftAt === null)) return;
    const status = text(msg, 'Value');
    this.settle(c, QUEUESTATUS_EXIT[status] ?? 'EXIT', status || null);
  }

  private hangup(msg: AmiMessage, nowUs: number): void {
    const c = this.callers.get(text(msg, 'Uniqueid'));
    if (!c) return;
    if (c.abandon) return this.settle(c, 'ABANDON', null);
    if (c.leftAt !== null && !c.connected) return this.settle(c, 'EXITWITHKEY', null);
    if (c.leftAt !== null || c.connected) return void this.callers.delete(c.uniqueid);
    // Hung up while still queued: the QueueCallerAbandon should follow and will find this mark.
    // If it never does, the caller is forgotten at the deadline without being counted.
    c.hangupRequested = true;
    c.deadline = nowUs + ABANDON_SETTLE_US;
    this.watch(c.deadline);
  }

  /** Nothing decisive arrived in time: the channel stayed up, so it was no abandon. */
  private settleByTime(c: PendingCaller): void {
    if (c.abandon) this.settle(c, 'EXIT', null);
    else if (c.leftAt !== null && !c.connected) this.settle(c, 'EXITWITHKEY', null);
    else this.callers.delete(c.uniqueid);
  }

  private settle(c: PendingCaller, event: QueueFactEvent, reason: string | null): void {
    this.callers.delete(c.uniqueid);
    const ts = c.abandon?.ts ?? c.leftAt ?? c.joinedAt;
    const waitSec = c.abandon?.waitSec ?? (c.leftAt !== null ? Math.round((c.leftAt - c.joinedAt) / 1_000_000) : null);
    const position = c.abandon?.position ?? c.leftPosition;
    this.push(callerFact(this.pbx, ts, c.queue, c.uniqueid, event, { waitSec, position, reason }));
  }

  private memberPause(msg: AmiMessage, nowUs: number, isPauseEvent: boolean): void {
    const queue = text(msg, 'Queue');
    const iface = text(msg, 'Interface');
    const key = memberKey(queue, iface);
    const paused = flag(msg, 'Paused');
    const reason = text(msg, 'PausedReason');
    const known = this.members.get(key);
    const name = text(msg, 'MemberName');
    if (paused) {
      if (!known?.paused) {
        // First sighting of a paused member: it has been paused since LastPause.
        const since = known === undefined ? pauseStart(msg, nowUs) : nowUs;
        this.push(memberFact(this.pbx, since, queue, iface, name, 'PAUSE', { reason }));
      } else if (known.reason !== reason && isPauseEvent) {
        // Paused again with another reason: the time from now on belongs to the new one.
        this.push(memberFact(this.pbx, nowUs, queue, iface, name, 'PAUSE', { reason }));
      }
    } else if (known?.paused) {
      this.push(memberFact(this.pbx, nowUs, queue, iface, name, 'UNPAUSE', { reason: reason || null }));
    } else if (known === undefined && isPauseEvent) {
      // An unpause of a member we never saw paused (paused before we connected, e.g. by
      // queues.conf at start): it was paused since LastPause, reason unknown to us.
      const since = epochSecToUs(int(msg, 'LastPause', 0));
      if (since !== undefined && since <= nowUs) {
        this.push(memberFact(this.pbx, since, queue, iface, name, 'PAUSE', { reason: '' }));
        this.push(memberFact(this.pbx, nowUs, queue, iface, name, 'UNPAUSE', { reason: reason || null }));
      }
    }
    this.members.set(key, { paused, reason });
  }

  private emitMember(msg: AmiMessage, nowUs: number, event: QueueFactEvent, extra: Partial<QueueFact>): void {
    const fact = memberFact(
      this.pbx,
      nowUs,
      text(msg, 'Queue'),
      text(msg, 'Interface'),
      text(msg, 'MemberName'),
      event,
      extra,
    );
    const uniqueid = field(msg, 'Uniqueid');
    this.push(uniqueid === undefined ? fact : { ...fact, uniqueid });
  }

  private watch(deadline: number): void {
    if (deadline < this.nextDeadline) this.nextDeadline = deadline;
  }

  private push(f: QueueFact): void {
    this.sink(f);
  }
}

function pauseStart(msg: AmiMessage, nowUs: number): number {
  const since = epochSecToUs(int(msg, 'LastPause', 0));
  return since !== undefined && since <= nowUs ? since : nowUs;
}

function memberKey(queue: string, iface: string): string {
  return `${queue}\u0000${iface}`;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('\u0000');
  return [key.slice(0, i), key.slice(i + 1)];
}

function blank(pbx: string, ts: number, queue: string, event: QueueFactEvent): QueueFact {
  return {
    pbx,
    ts,
    queue,
    uniqueid: null,
    interface: null,
    memberName: null,
    event,
    waitSec: null,
    talkSec: null,
    ringSec: null,
    position: null,
    reason: null,
  };
}

function callerFact(
  pbx: string,
  ts: number,
  queue: string,
  uniqueid: string,
  event: QueueFactEvent,
  extra: Partial<QueueFact>,
): QueueFact {
  return { ...blank(pbx, ts, queue, event), uniqueid, ...extra };
}

function memberFact(
  pbx: string,
  ts: number,
  queue: string,
  iface: string,
  name: string | null,
  event: QueueFactEvent,
  extra: Partial<QueueFact>,
): QueueFact {
  return { ...blank(pbx, ts, queue, event), interface: iface, memberName: name || null, ...extra };
}
