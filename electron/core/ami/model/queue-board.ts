// One PBX's queues as they are now: callers waiting (position, join time) and members (device
// status, paused + reason + since, in call, calls taken, last call, penalty, ringing).
import type { MemberState, QueueCaller, QueueKpis, QueueMember } from '../../../../shared/domain.ts';
import type { AmiMessage } from '../message.ts';
import { cid, epochSecToUs, field, flag, int, text } from './fields.ts';

/** AST_DEVICE_* codes (reference §2.2) the member state depends on. */
const DEVICE_INUSE = 2;
const DEVICE_BUSY = 3;
const DEVICE_INVALID = 4;
const DEVICE_UNAVAILABLE = 5;
const DEVICE_RINGING = 6;
const DEVICE_RINGINUSE = 7;
const DEVICE_ONHOLD = 8;

export interface MemberRec {
  m: QueueMember;
  /** Uniqueid of the caller this member is being rung for (AgentCalled), until answer/no-answer/leave. */
  ringingFor: string | null;
}

export interface QueueRec {
  name: string;
  strategy?: string;
  callers: Map<string, QueueCaller>;
  members: Map<string, MemberRec>;
}

/**
 * One state per member, most telling first. The ringing mark from AgentCalled beats the device
 * status because a Local-channel member shows INUSE while it rings; InCall (the queue's own flag)
 * beats both.
 */
export function memberState(m: QueueMember, ringing: boolean): MemberState {
  if (m.status === DEVICE_INVALID || m.status === DEVICE_UNAVAILABLE) return 'unavailable';
  if (m.inCall) return 'in-call';
  if (ringing || m.status === DEVICE_RINGING || m.status === DEVICE_RINGINUSE) return 'ringing';
  if (m.status === DEVICE_INUSE || m.status === DEVICE_BUSY || m.status === DEVICE_ONHOLD) return 'in-call';
  if (m.paused) return 'paused';
  return 'available';
}

/** The live part of a queue's KPIs. Ringing members count as on a call: they cannot take another. */
export function liveKpis(
  q: QueueRec,
  nowUs: number,
): Pick<
  QueueKpis,
  'longestWaitSec' | 'waiting' | 'agentsAvailable' | 'agentsOnCall' | 'agentsPaused' | 'agentsUnavailable'
> {
  let oldest = Infinity;
  for (const c of q.callers.values()) if (c.joinedAt < oldest) oldest = c.joinedAt;
  let agentsAvailable = 0;
  let agentsOnCall = 0;
  let agentsPaused = 0;
  let agentsUnavailable = 0;
  for (const r of q.members.values()) {
    const s = r.m.state;
    if (s === 'available') agentsAvailable++;
    else if (s === 'in-call' || s === 'ringing') agentsOnCall++;
    else if (s === 'paused') agentsPaused++;
    else agentsUnavailable++;
  }
  return {
    longestWaitSec: oldest === Infinity ? null : Math.max(0, nowUs - oldest) / 1_000_000,
    waiting: q.callers.size,
    agentsAvailable,
    agentsOnCall,
    agentsPaused,
    agentsUnavailable,
  };
}

export class QueueBoard {
  readonly queues = new Map<string, QueueRec>();
  /** Set by every change; the model clears it when it publishes a snapshot. */
  changed = false;

  apply(msg: AmiMessage, nowUs: number): void {
    switch (msg.name) {
      case 'QueueCallerJoin':
        return this.join(msg, nowUs);
      case 'QueueCallerLeave':
        return this.leave(text(msg, 'Queue'), text(msg, 'Uniqueid'));
      case 'AgentCalled':
        // Being rung proves membership: a member we have no status for yet (no resync) appears now.
        return this.setRinging(this.member(msg), text(msg, 'Uniqueid'));
      case 'AgentConnect':
      case 'AgentRingNoAnswer':
      case 'AgentDump': {
        const r = this.memberRec(msg);
        if (r) this.setRinging(r, null);
        return;
      }
      case 'QueueMemberAdded':
      case 'QueueMemberStatus':
      case 'QueueMemberPause':
      case 'QueueMemberPenalty':
      case 'QueueMemberRinginuse':
        return this.upsertMember(this.queue(text(msg, 'Queue')), msg, nowUs, false);
      case 'QueueMemberRemoved': {
        const q = this.queues.get(text(msg, 'Queue'));
        if (q?.members.delete(text(msg, 'Interface'))) this.changed = true;
        return;
      }
      case 'Hangup':
        return this.hangup(text(msg, 'Uniqueid'));
    }
  }

  /**
   * Replace every queue from a QueueStatus answer (QueueParams, QueueMember, QueueEntry items):
   * queues, members and callers it does not list are dropped.
   */
  resync(items: readonly AmiMessage[], nowUs: number): void {
    const fresh = new Map<string, QueueRec>();
    const get = (name: string): QueueRec => {
      let q = fresh.get(name);
      if (!q) {
        q = { name, callers: new Map(), members: new Map() };
        fresh.set(name, q);
      }
      return q;
    };
    for (const msg of items) {
      const name = text(msg, 'Queue');
      const old = this.queues.get(name);
      switch (msg.name) {
        case 'QueueParams': {
          const strategy = field(msg, 'Strategy');
          if (strategy) get(name).strategy = strategy;
          break;
        }
        case 'QueueMember': {
          // Member answers name the member Name/Location where events say MemberName/Interface.
          const iface = text(msg, 'Location');
          const q = get(name);
          const prev = old?.members.get(iface);
          if (prev) q.members.set(iface, prev);
          this.upsertMember(q, msg, nowUs, true);
          break;
        }
        case 'QueueEntry': {
          const uniqueid = text(msg, 'Uniqueid');
          const waitSec = int(msg, 'Wait', 0);
          get(name).callers.set(uniqueid, {
            uniqueid,
            channel: text(msg, 'Channel'),
            callerIdNum: cid(msg, 'CallerIDNum'),
            callerIdName: cid(msg, 'CallerIDName'),
            position: int(msg, 'Position', 0),
            // The second-resolution Wait is all a resync knows; keep our own join time if we have it.
            joinedAt: old?.callers.get(uniqueid)?.joinedAt ?? nowUs - waitSec * 1_000_000,
          });
          break;
        }
      }
    }
    for (const q of fresh.values()) {
      const old = this.queues.get(q.name);
      if (q.strategy === undefined && old?.strategy !== undefined) q.strategy = old.strategy;
      for (const r of q.members.values()) {
        if (r.ringingFor !== null && !q.callers.has(r.ringingFor)) this.setRinging(r, null);
      }
    }
    this.queues.clear();
    for (const [k, q] of fresh) this.queues.set(k, q);
    this.changed = true;
  }

  clear(): void {
    if (this.queues.size > 0) this.changed = true;
    this.queues.clear();
  }

  /** Forget every waiting caller (the PBX restarted or a channel list says none are up). */
  dropCallersExcept(live: ReadonlySet<string>): void {
    for (const q of this.queues.values()) {
      for (const id of q.callers.keys()) {
        if (!live.has(id)) this.leave(q.name, id);
      }
    }
  }

  private queue(name: string): QueueRec {
    let q = this.queues.get(name);
    if (!q) {
      q = { name, callers: new Map(), members: new Map() };
      this.queues.set(name, q);
      this.changed = true;
    }
    return q;
  }

  private memberRec(msg: AmiMessage): MemberRec | undefined {
    return this.queues.get(text(msg, 'Queue'))?.members.get(text(msg, 'Interface'));
  }

  private member(msg: AmiMessage): MemberRec {
    const q = this.queue(text(msg, 'Queue'));
    const iface = text(msg, 'Interface');
    let r = q.members.get(iface);
    if (!r) {
      const m: QueueMember = {
        interface: iface,
        name: field(msg, 'MemberName') ?? iface,
        stateInterface: '',
        status: 0,
        state: 'available',
        paused: false,
        inCall: false,
        callsTaken: 0,
        penalty: 0,
      };
      r = { m, ringingFor: null };
      q.members.set(iface, r);
    }
    return r;
  }

  private join(msg: AmiMessage, nowUs: number): void {
    const q = this.queue(text(msg, 'Queue'));
    const uniqueid = text(msg, 'Uniqueid');
    q.callers.set(uniqueid, {
      uniqueid,
      channel: text(msg, 'Channel'),
      callerIdNum: cid(msg, 'CallerIDNum'),
      callerIdName: cid(msg, 'CallerIDName'),
      position: int(msg, 'Position', q.callers.size + 1),
      joinedAt: nowUs,
    });
    this.changed = true;
  }

  private leave(queue: string, uniqueid: string): void {
    const q = this.queues.get(queue);
    const c = q?.callers.get(uniqueid);
    if (!q || !c) return;
    q.callers.delete(uniqueid);
    // Everyone behind the leaver moves up one, as app_queue renumbers them.
    for (const other of q.callers.values()) if (other.position > c.position) other.position--;
    // A caller who left rings nobody any more (ringall: the others' rings are cancelled unannounced).
    for (const r of q.members.values()) if (r.ringingFor === uniqueid) this.setRinging(r, null);
    this.changed = true;
  }

  private hangup(uniqueid: string): void {
    for (const q of this.queues.values()) if (q.callers.has(uniqueid)) this.leave(q.name, uniqueid);
  }

  private setRinging(r: MemberRec, caller: string | null): void {
    r.ringingFor = caller;
    r.m.state = memberState(r.m, caller !== null);
    this.changed = true;
  }

  private upsertMember(q: QueueRec, msg: AmiMessage, nowUs: number, fromList: boolean): void {
    const iface = fromList ? text(msg, 'Location') : text(msg, 'Interface');
    const prev = q.members.get(iface);
    const paused = flag(msg, 'Paused');
    let pausedSince: number | undefined;
    if (paused) {
      if (prev?.m.paused) pausedSince = prev.m.pausedSince;
      // Seen unpaused before: the pause starts now (LastPause has only whole seconds).
      else if (prev && !fromList) pausedSince = nowUs;
      else pausedSince = epochSecToUs(int(msg, 'LastPause', 0)) ?? nowUs;
    }
    const reason = text(msg, 'PausedReason');
    const m: QueueMember = {
      interface: iface,
      name: (fromList ? field(msg, 'Name') : field(msg, 'MemberName')) ?? iface,
      stateInterface: text(msg, 'StateInterface'),
      status: int(msg, 'Status', 0),
      state: 'available',
      paused,
      inCall: flag(msg, 'InCall'),
      callsTaken: int(msg, 'CallsTaken', 0),
      penalty: int(msg, 'Penalty', 0),
    };
    if (paused && reason) m.pausedReason = reason;
    if (pausedSince !== undefined) m.pausedSince = pausedSince;
    const lastCall = epochSecToUs(int(msg, 'LastCall', 0));
    if (lastCall !== undefined) m.lastCall = lastCall;
    const ringingFor = prev?.ringingFor ?? null;
    m.state = memberState(m, ringingFor !== null);
    q.members.set(iface, { m, ringingFor });
    this.changed = true;
  }
}
