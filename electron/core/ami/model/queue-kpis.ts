// Queue and agent KPIs over a time window, counted from queue facts (queue-facts.ts). The same
// accumulator serves the live wallboard (fed fact by fact, window = today) and history (fed the
// stored facts of a range), so both give the same numbers for the same events.
//
// Definitions (reference §5; every count is taken at the fact's own time, from <= ts < to):
//  offered        ENTERQUEUE.
//  answered       CONNECT (the first AgentConnect of each caller).
//  abandoned      ABANDON with wait >= shortAbandonSec: the caller hung up while waiting. Never
//                 timeouts, empty-queue exits or withdrawals (see queue-facts.ts for how they are
//                 told apart), and not short abandons.
//  shortAbandoned ABANDON with wait < shortAbandonSec (misdials, instant hang-ups); excluded from
//                 the abandon rate and the service level.
//  timedOut       EXITWITHTIMEOUT, plus EXIT (left unanswered without hanging up, reason unseen:
//                 nearly always a timeout).
//  serviceLevel   100 * answered with wait <= T / (answered + abandoned). Timeouts and other exits
//                 are not in it (the contract's definition); short abandons are not either.
//  abandonPct     100 * abandoned / (offered - shortAbandoned).
//  ASA            sum of CONNECT waits / answered.
//  AHT            sum of talk time / completed calls (COMPLETECALLER, COMPLETEAGENT, TRANSFER).
//                 Talk time runs from connect to end, so time on hold inside the call is already
//                 in it; the queue wait before is not handling time and is left out; wrap-up is
//                 left out because Asterisk raises no event for it (only a configured Wrapuptime).
//  pause time     per agent and reason: the union of its paused periods across queues (QueuePause
//                 without a queue pauses it in every queue at once; counting per queue would
//                 multiply the time), attributed to the reason of the latest PAUSE, clipped to
//                 the window; a pause still open counts up to `now`.
import type { QueueKpis } from '../../../../shared/domain.ts';
import type { QueueFact } from './queue-facts.ts';

/** Common wallboard target ("80 % within 20 s") when the caller does not choose one. */
export const DEFAULT_SERVICE_LEVEL_SEC = 20;
/** Abandons quicker than this are misdials or instant hang-ups (reference §5 suggests 5 s). */
export const DEFAULT_SHORT_ABANDON_SEC = 5;
/** Largest service-level threshold asked for (the contract's schema allows up to 1 h). */
export const MAX_SERVICE_LEVEL_SEC = 3600;

export interface KpiWindow {
  /** µs UTC, inclusive; facts before it only set pause state. */
  fromUs?: number;
  /** µs UTC, exclusive. */
  toUs?: number;
  shortAbandonSec?: number;
}

interface QueueTally {
  pbx: string;
  queue: string;
  offered: number;
  answered: number;
  /** Every ABANDON, short ones included. */
  abandons: number;
  shortAbandons: number;
  timedOut: number;
  otherExits: number;
  answeredWaitSum: number;
  talkSum: number;
  completed: number;
  /** Answered callers by whole seconds waited; the last cell holds everything above the max. */
  waitHistogram: Uint32Array;
}

interface AgentTally {
  pbx: string;
  iface: string;
  name: string;
  queues: Set<string>;
  calls: number;
  talkSum: number;
  completed: number;
  missed: number;
  pauseUs: Map<string, number>;
  /** Queue -> reason, for every queue the member is paused in now. */
  pausedIn: Map<string, string>;
  /** The agent-level pause period in progress (paused in at least one queue). */
  open: { reason: string; since: number } | null;
}

export interface AgentKpis {
  pbx: string;
  interface: string;
  name: string;
  queues: string[];
  calls: number;
  ahtSec: number | null;
  missed: number;
  pauseByReason: { reason: string; seconds: number }[];
  /** Set while the agent is paused in at least one queue. */
  paused: { reason: string; since: number } | null;
}

const SEP = '\u0000';

export class QueueKpiAccumulator {
  private fromUs: number;
  private readonly toUs: number;
  private readonly shortAbandonSec: number;
  private readonly queues = new Map<string, QueueTally>();
  private readonly agents = new Map<string, AgentTally>();

  constructor(window: KpiWindow = {}) {
    this.fromUs = window.fromUs ?? 0;
    this.toUs = window.toUs ?? Number.MAX_SAFE_INTEGER;
    this.shortAbandonSec = window.shortAbandonSec ?? DEFAULT_SHORT_ABANDON_SEC;
  }

  get windowStartUs(): number {
    return this.fromUs;
  }

  add(f: QueueFact): void {
    if (f.ts >= this.toUs) return;
    const counted = f.ts >= this.fromUs;
    switch (f.event) {
      case 'PAUSE':
      case 'UNPAUSE':
      case 'REMOVEMEMBER':
        return this.pauseChange(f);
    }
    if (!counted) return;
    const q = this.queue(f.pbx, f.queue);
    switch (f.event) {
      case 'ENTERQUEUE':
        q.offered++;
        return;
      case 'CONNECT': {
        q.answered++;
        const wait = f.waitSec ?? 0;
        q.answeredWaitSum += wait;
        q.waitHistogram[Math.min(Math.max(0, Math.floor(wait)), MAX_SERVICE_LEVEL_SEC + 1)]!++;
        if (f.interface) this.agent(f).calls++;
        return;
      }
      case 'COMPLETECALLER':
      case 'COMPLETEAGENT':
      case 'TRANSFER': {
        q.completed++;
        q.talkSum += f.talkSec ?? 0;
        if (f.interface) {
          const a = this.agent(f);
          a.completed++;
          a.talkSum += f.talkSec ?? 0;
        }
        return;
      }
      case 'ABANDON':
        q.abandons++;
        if ((f.waitSec ?? 0) < this.shortAbandonSec) q.shortAbandons++;
        return;
      case 'EXITWITHTIMEOUT':
      case 'EXIT':
        q.timedOut++;
        return;
      case 'EXITEMPTY':
      case 'EXITWITHKEY':
      case 'WITHDRAW':
        q.otherExits++;
        return;
      case 'RINGNOANSWER':
        if (f.interface) this.agent(f).missed++;
        return;
      case 'ADDMEMBER':
        if (f.interface) this.agent(f);
        return;
    }
  }

  addAll(facts: Iterable<QueueFact>): this {
    for (const f of facts) this.add(f);
    return this;
  }

  /**
   * Starts a new window at `fromUs` (the live model's midnight): every count restarts, pauses in
   * progress carry over and count from the new start.
   */
  rollTo(fromUs: number): void {
    this.fromUs = fromUs;
    this.queues.clear();
    for (const [key, a] of this.agents) {
      if (a.pausedIn.size === 0) {
        this.agents.delete(key);
        continue;
      }
      a.calls = 0;
      a.talkSum = 0;
      a.completed = 0;
      a.missed = 0;
      a.pauseUs.clear();
      a.queues = new Set(a.pausedIn.keys());
    }
  }

  removePbx(pbx: string): void {
    for (const [k, q] of this.queues) if (q.pbx === pbx) this.queues.delete(k);
    for (const [k, a] of this.agents) if (a.pbx === pbx) this.agents.delete(k);
  }

  /** Every (pbx, queue) that has a fact in the window. */
  queueKeys(): { pbx: string; queue: string }[] {
    return [...this.queues.values()].map((q) => ({ pbx: q.pbx, queue: q.queue }));
  }

  /** The counted KPIs of one queue; the live fields (waiting, longest wait, agents) are left 0/null for overlayLive. */
  queueKpis(pbx: string, queue: string, serviceLevelSec: number = DEFAULT_SERVICE_LEVEL_SEC): QueueKpis {
    const q = this.queues.get(pbx + SEP + queue);
    const sl = Math.min(Math.max(0, Math.floor(serviceLevelSec)), MAX_SERVICE_LEVEL_SEC);
    if (!q) return emptyKpis(sl);
    const abandoned = q.abandons - q.shortAbandons;
    let withinSl = 0;
    for (let s = 0; s <= sl; s++) withinSl += q.waitHistogram[s]!;
    const slBase = q.answered + abandoned;
    const abandonBase = q.offered - q.shortAbandons;
    return {
      ...emptyKpis(sl),
      offered: q.offered,
      answered: q.answered,
      abandoned,
      shortAbandoned: q.shortAbandons,
      timedOut: q.timedOut,
      serviceLevelPct: slBase > 0 ? (100 * withinSl) / slBase : null,
      abandonPct: abandonBase > 0 ? (100 * abandoned) / abandonBase : null,
      asaSec: q.answered > 0 ? q.answeredWaitSum / q.answered : null,
      ahtSec: q.completed > 0 ? q.talkSum / q.completed : null,
    };
  }

  /** Exits that are neither answers, abandons nor timeouts (empty queue, key press, withdraw). */
  otherExits(pbx: string, queue: string): number {
    return this.queues.get(pbx + SEP + queue)?.otherExits ?? 0;
  }

  /** Per-agent KPIs; open pauses count up to `nowUs` (clipped to the window). */
  agentKpis(nowUs: number, pbx?: string): AgentKpis[] {
    const out: AgentKpis[] = [];
    const end = Math.min(nowUs, this.toUs);
    for (const a of this.agents.values()) {
      if (pbx !== undefined && a.pbx !== pbx) continue;
      const pause = new Map(a.pauseUs);
      if (a.open) addTo(pause, a.open.reason, this.clip(a.open.since, end));
      out.push({
        pbx: a.pbx,
        interface: a.iface,
        name: a.name,
        queues: [...a.queues].sort(),
        calls: a.calls,
        ahtSec: a.completed > 0 ? a.talkSum / a.completed : null,
        missed: a.missed,
        pauseByReason: [...pause]
          .filter(([, us]) => us > 0)
          .map(([reason, us]) => ({ reason, seconds: us / 1_000_000 }))
          .sort((x, y) => y.seconds - x.seconds || x.reason.localeCompare(y.reason)),
        paused: a.open ? { ...a.open } : null,
      });
    }
    return out;
  }

  private pauseChange(f: QueueFact): void {
    if (!f.interface) return;
    const a = this.agent(f);
    const wasPaused = a.pausedIn.size > 0;
    if (f.event === 'PAUSE') {
      const reason = f.reason ?? '';
      a.pausedIn.set(f.queue, reason);
      if (!wasPaused) a.open = { reason, since: f.ts };
      else if (a.open && a.open.reason !== reason) {
        // Re-paused with another reason: close the old period here, open the new one.
        addTo(a.pauseUs, a.open.reason, this.clip(a.open.since, f.ts));
        a.open = { reason, since: f.ts };
      }
      return;
    }
    a.pausedIn.delete(f.queue);
    if (wasPaused && a.pausedIn.size === 0 && a.open) {
      addTo(a.pauseUs, a.open.reason, this.clip(a.open.since, f.ts));
      a.open = null;
    }
  }

  /** µs of [since, end) inside the window. */
  private clip(since: number, end: number): number {
    return Math.max(0, Math.min(end, this.toUs) - Math.max(since, this.fromUs));
  }

  private queue(pbx: string, queue: string): QueueTally {
    const key = pbx + SEP + queue;
    let q = this.queues.get(key);
    if (!q) {
      q = {
        pbx,
        queue,
        offered: 0,
        answered: 0,
        abandons: 0,
        shortAbandons: 0,
        timedOut: 0,
        otherExits: 0,
        answeredWaitSum: 0,
        talkSum: 0,
        completed: 0,
        waitHistogram: new Uint32Array(MAX_SERVICE_LEVEL_SEC + 2),
      };
      this.queues.set(key, q);
    }
    return q;
  }

  private agent(f: QueueFact): AgentTally {
    const iface = f.interface ?? '';
    const key = f.pbx + SEP + iface;
    let a = this.agents.get(key);
    if (!a) {
      a = {
        pbx: f.pbx,
        iface,
        name: f.memberName ?? iface,
        queues: new Set(),
        calls: 0,
        talkSum: 0,
        completed: 0,
        missed: 0,
        pauseUs: new Map(),
        pausedIn: new Map(),
        open: null,
      };
      this.agents.set(key, a);
    }
    if (f.memberName) a.name = f.memberName;
    if (f.event !== 'REMOVEMEMBER') a.queues.add(f.queue);
    return a;
  }
}

function addTo(m: Map<string, number>, reason: string, us: number): void {
  if (us > 0) m.set(reason, (m.get(reason) ?? 0) + us);
}

export function emptyKpis(serviceLevelSec: number): QueueKpis {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    serviceLevelPct: null,
    serviceLevelSec,
    abandonPct: null,
    asaSec: null,
    ahtSec: null,
    longestWaitSec: null,
    waiting: 0,
    agentsAvailable: 0,
    agentsOnCall: 0,
    agentsPaused: 0,
    agentsUnavailable: 0,
  };
}
