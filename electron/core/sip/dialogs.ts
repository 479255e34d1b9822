// Call state from SIP messages: one entry per Call-ID, the INVITE state machine, non-INVITE
// transaction outcomes, retransmissions, and the RFC 6076 delays.
//
// Capture agents trace from several worker processes, so messages arrive out of causal order
// (Kamailio does this). Every timing is therefore an order-independent aggregate (the earliest
// 18x, the earliest 2xx to the initial INVITE...) and the state is derived from them, never a
// transition taken on arrival.
import type { CallState, CallSummary } from '../../../shared/domain.ts';

/** What the tracker needs from one captured SIP message (the pipeline maps parser output to it). */
export interface SipEvent {
  ts: number;
  callId: string;
  method?: string;
  status?: number;
  reason?: string;
  cseq: number;
  cseqMethod: string;
  fromUser: string;
  fromUri?: string;
  fromTag?: string;
  toUser: string;
  toUri?: string;
  toTag?: string;
  branch?: string;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  userAgent?: string;
  reasonHeader?: string;
  correlationId?: string;
  captureId?: number;
  node?: string;
  capture: number;
}

/** RFC 3261 Timer B/F (64*T1): a transaction with no final answer by then has timed out. */
export const TRANSACTION_TIMEOUT_US = 32_000_000;
/**
 * Finished calls stay in memory this long to absorb late ACKs and retransmissions (RFC 3261 Timer
 * H and J are 32 s), then only the store has them.
 */
export const FINISHED_LINGER_US = 40 * 1_000_000;
/** Hard cap on calls held in memory (sngrep's unbounded store is what not to copy); the oldest finished go first. */
export const MAX_TRACKED_CALLS = 100_000;
/** Retransmission keys remembered per call; a call with more distinct messages than this is pathological. */
const MAX_KEYS_PER_CALL = 2048;
/** Final responses remembered per CSeq: one per hop is normal, a handful with forking. */
const MAX_FAILURES_PER_ATTEMPT = 16;

const TERMINAL: ReadonlySet<CallState> = new Set(['ended', 'failed', 'cancelled', 'completed', 'timeout']);

interface FinalResponse {
  code: number;
  reason?: string;
  ts: number;
  dst: string;
}

/** One CSeq of the opening method. Responses may arrive before their request, so every field is optional. */
interface Attempt {
  /** Earliest time this CSeq's request was seen. */
  at?: number;
  /** The request carried a To tag: an in-dialog re-INVITE, which never decides the call's outcome. */
  inDialog?: boolean;
  ringingAt?: number;
  answeredAt?: number;
  answerCode?: number;
  failures: FinalResponse[];
}

interface Tracked {
  summary: CallSummary;
  callerTag?: string;
  callerAddr?: string;
  attempts: Map<number, Attempt>;
  byeAt?: number;
  byeFromTag?: string;
  byeReason?: string;
  cancelAt?: number;
  cancelReason?: string;
  /** Hashes of the hop-level identity of each message seen (numbers: strings cut from the message would keep its text alive). */
  keys: Set<number>;
  dirty: boolean;
  lastSeen: number;
}

export interface IngestResult {
  call: CallSummary;
  retransmission: boolean;
}

function isChallenge(code: number): boolean {
  return code === 401 || code === 407;
}

export class CallTracker {
  private readonly calls = new Map<string, Tracked>();
  private readonly dirty = new Set<Tracked>();

  get size(): number {
    return this.calls.size;
  }

  get(callId: string, capture = 0): CallSummary | undefined {
    return this.calls.get(keyOf(callId, capture))?.summary;
  }

  ingest(ev: SipEvent): IngestResult {
    const key = keyOf(ev.callId, ev.capture);
    let t = this.calls.get(key);
    if (!t) {
      t = this.create(ev);
      // Keyed by the call's own copy of the Call-ID, not the view into this message.
      this.calls.set(keyOf(t.summary.callId, ev.capture), t);
      if (this.calls.size > MAX_TRACKED_CALLS) this.evictOldest();
    }
    const retransmission = this.noteKey(t, ev);
    const s = t.summary;
    s.messageCount++;
    if (retransmission) s.retransmissions++;
    if (ev.ts > s.updatedAt) s.updatedAt = ev.ts;
    t.lastSeen = Math.max(t.lastSeen, ev.ts);
    if (!s.correlationId && ev.correlationId) s.correlationId = own(ev.correlationId);
    // A call is an INVITE dialog as soon as anything of its INVITE shows up, even after a BYE that arrived first.
    if (ev.cseqMethod === 'INVITE' && s.method !== 'INVITE') {
      s.method = 'INVITE';
      t.attempts.clear();
    }
    if (!retransmission) this.apply(t, ev);
    this.markDirty(t);
    return { call: s, retransmission };
  }

  /** Calls changed since the last call, as copies (the caller may hand them to another thread). */
  takeDirty(): CallSummary[] {
    const out: CallSummary[] = [];
    for (const t of this.dirty) {
      t.dirty = false;
      out.push({ ...t.summary });
    }
    this.dirty.clear();
    return out;
  }

  /** Times out unanswered transactions and forgets finished calls after their linger time. */
  expire(nowUs: number): void {
    for (const [key, t] of this.calls) {
      const s = t.summary;
      if (
        !TERMINAL.has(s.state) &&
        s.state !== 'answered' &&
        s.state !== 'ringing' &&
        nowUs - t.lastSeen > TRANSACTION_TIMEOUT_US
      ) {
        s.state = 'timeout';
        s.endedAt = t.lastSeen;
        this.markDirty(t);
      }
      if (TERMINAL.has(s.state) && nowUs - t.lastSeen > FINISHED_LINGER_US && !t.dirty) this.calls.delete(key);
    }
  }

  private create(ev: SipEvent): Tracked {
    const method = ev.method && ev.cseqMethod === ev.method ? ev.method : ev.cseqMethod;
    const summary: CallSummary = {
      callId: own(ev.callId),
      method,
      state: method === 'INVITE' ? 'trying' : 'pending',
      startedAt: ev.ts,
      updatedAt: ev.ts,
      from: own(ev.fromUser),
      to: own(ev.toUser),
      ...(ev.fromUri ? { fromUri: own(ev.fromUri) } : {}),
      ...(ev.toUri ? { toUri: own(ev.toUri) } : {}),
      srcIp: ev.srcIp,
      srcPort: ev.srcPort,
      dstIp: ev.dstIp,
      dstPort: ev.dstPort,
      messageCount: 0,
      retransmissions: 0,
      capture: ev.capture,
      ...(ev.captureId !== undefined ? { captureId: ev.captureId } : {}),
      ...(ev.node ? { node: own(ev.node) } : {}),
    };
    return { summary, attempts: new Map(), keys: new Set(), dirty: false, lastSeen: ev.ts };
  }

  private markDirty(t: Tracked): void {
    if (!t.dirty) {
      t.dirty = true;
      this.dirty.add(t);
    }
  }

  /** A message seen again on the same hop (same addresses, start line, CSeq, branch and To tag) is a retransmission. */
  private noteKey(t: Tracked, ev: SipEvent): boolean {
    const k = fnv1a(
      `${ev.srcIp}:${ev.srcPort}>${ev.dstIp}:${ev.dstPort}|${ev.method ?? ev.status}|${ev.cseq} ${ev.cseqMethod}|${ev.branch ?? ''}|${ev.toTag ?? ''}`,
    );
    if (t.keys.has(k)) return true;
    if (t.keys.size < MAX_KEYS_PER_CALL) t.keys.add(k);
    return false;
  }

  private apply(t: Tracked, ev: SipEvent): void {
    const s = t.summary;
    const isRequest = ev.method !== undefined;
    // The earliest message defines where the call started and who placed it.
    if (ev.ts < s.startedAt) s.startedAt = ev.ts;
    if (isRequest && !ev.toTag && ev.method === s.method) {
      const earliest = Math.min(...[...t.attempts.values()].map((a) => a.at ?? Infinity));
      if (!t.callerAddr || ev.ts < earliest) {
        t.callerTag = ev.fromTag === undefined ? undefined : own(ev.fromTag);
        t.callerAddr = `${ev.srcIp}:${ev.srcPort}`;
        s.srcIp = ev.srcIp;
        s.srcPort = ev.srcPort;
        s.dstIp = ev.dstIp;
        s.dstPort = ev.dstPort;
        s.from = own(ev.fromUser);
        s.to = own(ev.toUser);
        if (ev.fromUri) s.fromUri = own(ev.fromUri);
        if (ev.toUri) s.toUri = own(ev.toUri);
        if (ev.userAgent) s.userAgent = own(ev.userAgent);
      }
      if (ev.userAgent && !s.userAgent) s.userAgent = own(ev.userAgent);
      const a = attemptOf(t, ev.cseq);
      if (a.at === undefined || ev.ts < a.at) a.at = ev.ts;
    } else if (isRequest && ev.toTag && ev.method === s.method) {
      attemptOf(t, ev.cseq).inDialog = true;
    } else if (!isRequest && ev.userAgent && !s.userAgent && !t.callerAddr) {
      // Only a response seen so far: its Server header is better than nothing.
      s.userAgent = own(ev.userAgent);
    }

    if (isRequest && ev.method === 'BYE') {
      if (t.byeAt === undefined || ev.ts < t.byeAt) {
        t.byeAt = ev.ts;
        t.byeFromTag = ev.fromTag === undefined ? undefined : own(ev.fromTag);
        t.byeReason = ev.reasonHeader === undefined ? undefined : own(ev.reasonHeader);
      }
    } else if (isRequest && ev.method === 'CANCEL') {
      if (t.cancelAt === undefined || ev.ts < t.cancelAt) {
        t.cancelAt = ev.ts;
        t.cancelReason = ev.reasonHeader === undefined ? undefined : own(ev.reasonHeader);
      }
    } else if (!isRequest && ev.status !== undefined && ev.cseqMethod === s.method) {
      this.applyResponse(attemptOf(t, ev.cseq), ev);
    }
    this.derive(t);
  }

  private applyResponse(a: Attempt, ev: SipEvent): void {
    const code = ev.status as number;
    if (code >= 100 && code < 200) {
      if (code !== 100 && (a.ringingAt === undefined || ev.ts < a.ringingAt)) a.ringingAt = ev.ts;
      return;
    }
    if (code >= 200 && code < 300) {
      if (a.answeredAt === undefined || ev.ts < a.answeredAt) {
        a.answeredAt = ev.ts;
        a.answerCode = code;
      }
      return;
    }
    if (a.failures.length < MAX_FAILURES_PER_ATTEMPT)
      a.failures.push({
        code,
        ...(ev.reason ? { reason: own(ev.reason) } : {}),
        ts: ev.ts,
        dst: `${ev.dstIp}:${ev.dstPort}`,
      });
  }

  private derive(t: Tracked): void {
    const s = t.summary;
    let firstAt = Infinity;
    let ringingAt: number | undefined;
    let answered: Attempt | undefined;
    // The latest attempt (highest CSeq) decides a failure: a 401/407 answered by an
    // authenticated retry is part of the attempt, not its result.
    let latest: Attempt | undefined;
    let latestCseq = -Infinity;
    for (const [cseq, a] of t.attempts) {
      if (a.inDialog) continue;
      if (a.at !== undefined) firstAt = Math.min(firstAt, a.at);
      if (a.ringingAt !== undefined && (ringingAt === undefined || a.ringingAt < ringingAt)) ringingAt = a.ringingAt;
      if (a.answeredAt !== undefined && (!answered || a.answeredAt < (answered.answeredAt as number))) answered = a;
      if (cseq > latestCseq) {
        latest = a;
        latestCseq = cseq;
      }
    }
    const failure = answered || !latest ? undefined : pickFailure(latest.failures, t.callerAddr);
    const start = Number.isFinite(firstAt) ? firstAt : s.startedAt;
    const isInvite = s.method === 'INVITE';

    let state: CallState;
    if (answered) state = isInvite ? (t.byeAt !== undefined ? 'ended' : 'answered') : 'completed';
    else if (failure)
      state =
        isInvite && (failure.code === 487 || (t.cancelAt !== undefined && !isChallenge(failure.code)))
          ? 'cancelled'
          : 'failed';
    else if (isInvite && !latest && t.byeAt !== undefined) state = 'ended';
    else if (s.state === 'timeout') state = 'timeout';
    else if (isInvite) state = ringingAt !== undefined ? 'ringing' : 'trying';
    else state = 'pending';
    s.state = state;

    if (ringingAt !== undefined) {
      s.ringingAt = ringingAt;
      s.pddMs = toMs(ringingAt - start);
    }
    delete s.endReason;
    if (answered) {
      const answeredAt = answered.answeredAt as number;
      s.answeredAt = answeredAt;
      s.finalCode = answered.answerCode;
      s.finalReason = 'OK';
      s.srdMs = toMs(Math.min(ringingAt ?? answeredAt, answeredAt) - start);
      if (s.method === 'REGISTER') s.rrdMs = toMs(answeredAt - start);
      if (!isInvite) s.endedAt = answeredAt;
    } else if (failure) {
      s.finalCode = failure.code;
      if (failure.reason) s.finalReason = failure.reason;
      s.endedAt = failure.ts;
      s.srdMs = toMs(Math.min(ringingAt ?? failure.ts, failure.ts) - start);
      if (state === 'cancelled') s.endReason = t.cancelReason ?? 'cancelled by caller';
    } else {
      delete s.finalCode;
      delete s.finalReason;
    }
    if (state === 'ended' && t.byeAt !== undefined) {
      s.endedAt = t.byeAt;
      if (s.answeredAt !== undefined) s.durationMs = toMs(t.byeAt - s.answeredAt);
      s.endedBy = t.byeFromTag !== undefined && t.byeFromTag === t.callerTag ? 'caller' : 'callee';
      s.endReason = t.byeReason ?? `BYE from ${s.endedBy}`;
    }
    if (!TERMINAL.has(state)) delete s.endedAt;
  }

  private evictOldest(): void {
    // Maps iterate in insertion order: the first finished call is the oldest one safe to drop.
    for (const [key, t] of this.calls) {
      if (TERMINAL.has(t.summary.state) && !t.dirty) {
        this.calls.delete(key);
        return;
      }
    }
    const first = this.calls.keys().next();
    if (!first.done) this.calls.delete(first.value);
  }
}

/** Of the failures seen on several hops, the one sent back to the caller is what the caller got; else the earliest. */
function pickFailure(failures: readonly FinalResponse[], callerAddr: string | undefined): FinalResponse | undefined {
  let best: FinalResponse | undefined;
  for (const f of failures) {
    if (!best) {
      best = f;
      continue;
    }
    const fToCaller = f.dst === callerAddr;
    const bestToCaller = best.dst === callerAddr;
    if ((fToCaller && !bestToCaller) || (fToCaller === bestToCaller && f.ts < best.ts)) best = f;
  }
  return best;
}

function attemptOf(t: Tracked, cseq: number): Attempt {
  let a = t.attempts.get(cseq);
  if (!a) {
    a = { failures: [] };
    t.attempts.set(cseq, a);
  }
  return a;
}

/**
 * A copy of `s` that owns its characters. V8 represents a substring of 13+ characters as a view
 * of its parent, so a Call-ID cut from a message would keep the whole message text alive for as
 * long as the call is tracked.
 */
function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/** 32-bit FNV-1a: a cheap, well-spread number for a short key (collisions within one call are negligible). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function keyOf(callId: string, capture: number): string {
  return capture === 0 ? callId : `${capture}\u0000${callId}`;
}

/** µs difference to ms with µs precision kept. */
function toMs(us: number): number {
  return Math.round(us) / 1000;
}
