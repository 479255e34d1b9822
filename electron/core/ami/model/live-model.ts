// Everything the AMI connections know, per PBX: channels, bridges and calls (channel-board.ts),
// queues and members (queue-board.ts), endpoints (endpoint-board.ts), queue facts and today's
// KPIs (queue-facts.ts, queue-kpis.ts). Pure: no sockets, no timers; time comes in as µs with
// every call. Built for a busy PBX: Maps keyed by Uniqueid, state mutated in place, copies made
// only when someone reads (a delta take, a list).
import type {
  AgentStats,
  AmiBridge,
  AmiChannel,
  AmiEndpoint,
  ChannelsDelta,
  MemberState,
  QueueLive,
} from '../../../../shared/domain.ts';
import type { AmiMessage } from '../message.ts';
import { ChannelBoard, type EndedChannel } from './channel-board.ts';
import { localDayStartUs } from './day-start.ts';
import { EndpointBoard } from './endpoint-board.ts';
import { liveKpis, QueueBoard } from './queue-board.ts';
import { QueueFactExtractor, type QueueFact } from './queue-facts.ts';
import {
  DEFAULT_SERVICE_LEVEL_SEC,
  DEFAULT_SHORT_ABANDON_SEC,
  QueueKpiAccumulator,
  type AgentKpis,
} from './queue-kpis.ts';

export interface AmiLiveModelOptions {
  /** T of the service level shown on the live wallboard. */
  serviceLevelSec?: number;
  shortAbandonSec?: number;
  /** Start of the day holding a time (µs); default local midnight. Tests pin it. */
  dayStartUs?: (nowUs: number) => number;
}

/** The channels of one call (same Linkedid). */
export interface AmiCall {
  pbx: string;
  linkedid: string;
  channels: AmiChannel[];
}

interface PbxModel {
  channels: ChannelBoard;
  queues: QueueBoard;
  endpoints: EndpointBoard;
  facts: QueueFactExtractor;
}

/**
 * How often (in event time) the model asks whether a new day has begun: the day-start function
 * builds a Date, too dear for every event; a rollover up to 1 s late does not show on a wallboard.
 */
const DAY_CHECK_INTERVAL_US = 1_000_000;

/** Agent states across queues, most engaged first: an agent free in one queue is available. */
const STATE_RANK: Record<MemberState, number> = { 'in-call': 0, ringing: 1, available: 2, paused: 3, unavailable: 4 };

export class AmiLiveModel {
  private readonly pbxs = new Map<string, PbxModel>();
  private readonly serviceLevelSec: number;
  private readonly dayStart: (nowUs: number) => number;
  private readonly kpis: QueueKpiAccumulator;
  private dayStartOfKpis: number | null = null;
  private nextDayCheckUs = -Infinity;
  private nowUs = 0;
  private facts: QueueFact[] = [];
  private ended: EndedChannel[] = [];
  /** Deltas that outlive their board (a removed PBX's final reset). */
  private orphanDeltas: ChannelsDelta[] = [];
  private queuesChanged = false;

  constructor(opts: AmiLiveModelOptions = {}) {
    this.serviceLevelSec = opts.serviceLevelSec ?? DEFAULT_SERVICE_LEVEL_SEC;
    this.dayStart = opts.dayStartUs ?? localDayStartUs;
    this.kpis = new QueueKpiAccumulator({
      fromUs: 0,
      shortAbandonSec: opts.shortAbandonSec ?? DEFAULT_SHORT_ABANDON_SEC,
    });
  }

  /** One live event of `pbx`, received at `nowUs`. */
  apply(pbx: string, msg: AmiMessage, nowUs: number): void {
    if (msg.kind !== 'event') return;
    this.clock(nowUs);
    const p = this.pbx(pbx);
    p.facts.apply(msg, nowUs);
    p.channels.apply(msg, nowUs);
    p.queues.apply(msg, nowUs);
    p.endpoints.apply(msg);
    if (msg.name === 'Shutdown') {
      // Every channel dies with the PBX; the resync after the reconnect rebuilds the rest.
      p.channels.clear();
      p.queues.dropCallersExcept(new Set());
    }
  }

  /**
   * Rebuild `pbx` from list answers, keyed by action as protocol/resync.ts returns them
   * (`CoreShowChannels`, `BridgeList`, `QueueStatus`, `DeviceStateList`, `PJSIPShowEndpoints`,
   * `PJSIPShowContacts`; items without the `...Complete` event). A present key replaces that part
   * and drops everything it no longer lists (an empty array: the PBX has none); an absent key
   * (denied, timed out) keeps what we knew. QueueStatus must be the unfiltered one (every queue).
   */
  resync(pbx: string, lists: Readonly<Record<string, readonly AmiMessage[]>>, nowUs: number): void {
    this.clock(nowUs);
    const p = this.pbx(pbx);
    const channels = lists.CoreShowChannels;
    if (channels) p.channels.resync(channels, lists.BridgeList ?? null, nowUs);
    const queues = lists.QueueStatus;
    if (queues) {
      p.queues.resync(queues, nowUs);
      p.facts.resyncMembers(
        queues.filter((m) => m.name === 'QueueMember'),
        nowUs,
      );
    } else if (channels) {
      // No queue list: at least no caller waits on a channel that is gone.
      p.queues.dropCallersExcept(p.channels.uniqueids());
    }
    // Single-endpoint answers (PJSIPShowEndpoint) carry ContactStatusDetail: use them wherever they are.
    const contacts = [...(lists.PJSIPShowContacts ?? [])];
    for (const [action, list] of Object.entries(lists)) {
      if (action !== 'PJSIPShowContacts') for (const m of list) if (m.name === 'ContactStatusDetail') contacts.push(m);
    }
    p.endpoints.resync(lists.PJSIPShowEndpoints ?? null, contacts, lists.DeviceStateList ?? []);
    this.queuesChanged = true;
  }

  /** Call now and then (e.g. every second): settles abandons that got no Hangup, rolls the day over. */
  tick(nowUs: number): void {
    this.clock(nowUs);
    for (const p of this.pbxs.values()) p.facts.expire(nowUs);
  }

  /**
   * Seed today's counts from stored facts after a restart (facts of today, oldest first, plus the
   * pause facts before today for pauses still running).
   */
  loadQueueHistory(facts: Iterable<QueueFact>, nowUs: number): void {
    this.clock(nowUs);
    this.kpis.addAll(facts);
    this.queuesChanged = true;
  }

  /** One delta per PBX whose channels or bridges changed since the last take. */
  takeChannelDeltas(): ChannelsDelta[] {
    const out = this.orphanDeltas;
    this.orphanDeltas = [];
    for (const p of this.pbxs.values()) {
      const d = p.channels.takeDelta();
      if (d) out.push(d);
    }
    return out;
  }

  /** Channels that hung up since the last take (for the channel history table). */
  takeEndedChannels(): EndedChannel[] {
    for (const p of this.pbxs.values()) for (const e of p.channels.takeEnded()) this.ended.push(e);
    const out = this.ended;
    this.ended = [];
    return out;
  }

  /** Queue facts settled since the last take (for the queue events table). */
  takeQueueFacts(): QueueFact[] {
    const out = this.facts;
    this.facts = [];
    return out;
  }

  /** Whether any queue changed since the last call (to pace `queues.snapshot`). */
  takeQueuesChanged(): boolean {
    let changed = this.queuesChanged;
    for (const p of this.pbxs.values()) {
      if (p.queues.changed) changed = true;
      p.queues.changed = false;
    }
    this.queuesChanged = false;
    return changed;
  }

  /** Live channels, counted without copying them. */
  channelCount(pbx?: string): number {
    let n = 0;
    for (const p of this.each(pbx)) n += p.channels.size;
    return n;
  }

  channels(pbx?: string): AmiChannel[] {
    return this.each(pbx).flatMap((p) => p.channels.listChannels());
  }

  bridges(pbx?: string): AmiBridge[] {
    return this.each(pbx).flatMap((p) => p.channels.listBridges());
  }

  calls(pbx?: string): AmiCall[] {
    return this.each(pbx).flatMap((p) => p.channels.listCalls());
  }

  endpoints(pbx?: string): AmiEndpoint[] {
    return this.each(pbx).flatMap((p) => p.endpoints.list());
  }

  /** Queues with callers, members and today's KPIs (live parts as of `nowUs`, default the last time seen). */
  queues(pbx?: string, nowUs: number = this.nowUs): QueueLive[] {
    const out: QueueLive[] = [];
    for (const [name, p] of this.pbxs) {
      if (pbx !== undefined && name !== pbx) continue;
      for (const q of p.queues.queues.values()) {
        const live: QueueLive = {
          pbx: name,
          name: q.name,
          callers: [...q.callers.values()].map((c) => ({ ...c })).sort((a, b) => a.position - b.position),
          members: [...q.members.values()].map((r) => ({ ...r.m })).sort((a, b) => a.name.localeCompare(b.name)),
          today: { ...this.kpis.queueKpis(name, q.name, this.serviceLevelSec), ...liveKpis(q, nowUs) },
        };
        if (q.strategy !== undefined) live.strategy = q.strategy;
        out.push(live);
      }
    }
    return out.sort((a, b) => a.pbx.localeCompare(b.pbx) || a.name.localeCompare(b.name));
  }

  /** Agents (queue members by Interface) with their state now and today's counts. */
  agents(pbx?: string, nowUs: number = this.nowUs): AgentStats[] {
    return mergeAgents(this.kpis.agentKpis(nowUs, pbx), this.queues(pbx, nowUs), nowUs);
  }

  removePbx(pbx: string): void {
    if (!this.pbxs.delete(pbx)) return;
    this.kpis.removePbx(pbx);
    this.orphanDeltas.push({ pbx, reset: true, channels: [], removed: [], bridges: [], removedBridges: [] });
    this.queuesChanged = true;
  }

  private clock(nowUs: number): void {
    this.nowUs = nowUs;
    if (nowUs < this.nextDayCheckUs) return;
    this.nextDayCheckUs = nowUs + DAY_CHECK_INTERVAL_US;
    const start = this.dayStart(nowUs);
    // Only forward: a late event from before midnight must not bring yesterday back.
    if (this.dayStartOfKpis !== null && start <= this.dayStartOfKpis) return;
    this.dayStartOfKpis = start;
    this.kpis.rollTo(start);
    this.queuesChanged = true;
  }

  private pbx(name: string): PbxModel {
    let p = this.pbxs.get(name);
    if (!p) {
      p = {
        channels: new ChannelBoard(name),
        queues: new QueueBoard(),
        endpoints: new EndpointBoard(name),
        facts: new QueueFactExtractor(name, (f) => {
          this.kpis.add(f);
          this.facts.push(f);
          this.queuesChanged = true;
        }),
      };
      this.pbxs.set(name, p);
    }
    return p;
  }

  private each(pbx: string | undefined): PbxModel[] {
    if (pbx === undefined) return [...this.pbxs.values()];
    const p = this.pbxs.get(pbx);
    return p ? [p] : [];
  }
}

/**
 * Agent rows: live state from the members (the most engaged state across the agent's queues),
 * counts from the KPIs. Agents with counts but no membership any more (removed today) are
 * listed as unavailable. Exported so the history query can put today's states on a range's counts.
 */
export function mergeAgents(kpis: readonly AgentKpis[], queues: readonly QueueLive[], nowUs: number): AgentStats[] {
  const byKey = new Map<string, AgentStats>();
  const key = (pbx: string, iface: string): string => `${pbx}\u0000${iface}`;
  for (const k of kpis) {
    byKey.set(key(k.pbx, k.interface), {
      pbx: k.pbx,
      interface: k.interface,
      name: k.name,
      queues: [...k.queues],
      state: 'unavailable',
      calls: k.calls,
      ahtSec: k.ahtSec,
      missed: k.missed,
      pauseByReason: k.pauseByReason,
    });
  }
  const seen = new Set<string>();
  for (const q of queues) {
    for (const m of q.members) {
      const k = key(q.pbx, m.interface);
      let a = byKey.get(k);
      if (!a) {
        a = {
          pbx: q.pbx,
          interface: m.interface,
          name: m.name,
          queues: [],
          state: m.state,
          calls: 0,
          ahtSec: null,
          missed: 0,
          pauseByReason: [],
        };
        byKey.set(k, a);
      }
      if (!seen.has(k)) {
        seen.add(k);
        a.state = m.state;
      } else if (STATE_RANK[m.state] < STATE_RANK[a.state]) a.state = m.state;
      if (!a.queues.includes(q.name)) a.queues.push(q.name);
      if (m.paused && m.pausedSince !== undefined) {
        const forSec = Math.max(0, nowUs - m.pausedSince) / 1_000_000;
        if (a.pausedForSec === undefined || forSec > a.pausedForSec) {
          a.pausedForSec = forSec;
          if (m.pausedReason !== undefined) a.pausedReason = m.pausedReason;
        }
      }
    }
  }
  // Pause details stay while the agent is paused in any queue, even if it is free in another.
  for (const a of byKey.values()) a.queues.sort();
  return [...byKey.values()].sort((x, y) => x.pbx.localeCompare(y.pbx) || x.name.localeCompare(y.name));
}
