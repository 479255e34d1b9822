// How SIP capture is persisted: the writer's row shapes for messages and calls, and the mapping
// from the live model to them (and back, for reads). One place knows the column names.
import type { CallState, CallSummary, SipMessageRow, TransportProto } from '../../../shared/domain.ts';

export type SipMessageWrite = {
  capture: number;
  ts: number;
  call_id: string;
  method: string | null;
  status: number | null;
  reason: string | null;
  cseq: number;
  cseq_method: string;
  src_ip: string;
  src_port: number;
  dst_ip: string;
  dst_port: number;
  transport: TransportProto;
  capture_id: number | null;
  node: string | null;
  correlation_id: string | null;
  flags: number;
  malformed: string | null;
  raw: Uint8Array;
};

export const MESSAGE_FLAG_RETRANSMISSION = 1;
export const MESSAGE_FLAG_MALFORMED = 2;

export const SIP_MESSAGE_COLUMNS = [
  'capture',
  'ts',
  'call_id',
  'method',
  'status',
  'reason',
  'cseq',
  'cseq_method',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'transport',
  'capture_id',
  'node',
  'correlation_id',
  'flags',
  'malformed',
  'raw',
] as const satisfies readonly (keyof SipMessageWrite)[];

export type CallUpsert = {
  capture: number;
  call_id: string;
  method: string;
  state: CallState;
  started_at: number;
  ringing_at: number | null;
  answered_at: number | null;
  ended_at: number | null;
  updated_at: number;
  final_code: number | null;
  final_reason: string | null;
  end_reason: string | null;
  ended_by: string | null;
  from_user: string;
  to_user: string;
  from_uri: string | null;
  to_uri: string | null;
  src_ip: string;
  src_port: number;
  dst_ip: string;
  dst_port: number;
  user_agent: string | null;
  message_count: number;
  retransmissions: number;
  srd_ms: number | null;
  pdd_ms: number | null;
  duration_ms: number | null;
  rrd_ms: number | null;
  correlation_id: string | null;
  capture_id: number | null;
  node: string | null;
};

export const CALL_COLUMNS = [
  'capture',
  'call_id',
  'method',
  'state',
  'started_at',
  'ringing_at',
  'answered_at',
  'ended_at',
  'updated_at',
  'final_code',
  'final_reason',
  'end_reason',
  'ended_by',
  'from_user',
  'to_user',
  'from_uri',
  'to_uri',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'user_agent',
  'message_count',
  'retransmissions',
  'srd_ms',
  'pdd_ms',
  'duration_ms',
  'rrd_ms',
  'correlation_id',
  'capture_id',
  'node',
] as const satisfies readonly (keyof CallUpsert)[];

export const SIP_MESSAGE_INSERT_SQL = `INSERT INTO sip_messages (${SIP_MESSAGE_COLUMNS.join(', ')}) VALUES (${SIP_MESSAGE_COLUMNS.map(() => '?').join(', ')})`;

/**
 * Columns a call row can change after its first insert. Only these are in the upsert's SET list:
 * SQLite rewrites an index only when one of its columns is SET, so leaving the caller/callee,
 * addresses and start time (fixed within the first flush, long after HEP reordering settles) out of
 * it keeps most of the calls table's indexes untouched on every update.
 */
const CALL_MUTABLE = [
  'state',
  'ringing_at',
  'answered_at',
  'ended_at',
  'updated_at',
  'final_code',
  'final_reason',
  'end_reason',
  'ended_by',
  'srd_ms',
  'pdd_ms',
  'duration_ms',
  'rrd_ms',
] as const satisfies readonly (keyof CallUpsert)[];

// The in-memory tracker may forget a finished call and meet it again (a very late retransmission):
// the upsert then merges instead of overwriting what the store already knows.
export const CALL_UPSERT_SQL = `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (capture, call_id) DO UPDATE SET
    ${CALL_MUTABLE.map((c) => `${c} = COALESCE(excluded.${c}, ${c})`).join(',\n    ')},
    message_count = MAX(message_count, excluded.message_count),
    retransmissions = MAX(retransmissions, excluded.retransmissions),
    correlation_id = COALESCE(correlation_id, excluded.correlation_id)`;

const n = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function callUpsert(c: CallSummary): CallUpsert {
  return {
    capture: c.capture,
    call_id: c.callId,
    method: c.method,
    state: c.state,
    started_at: c.startedAt,
    ringing_at: n(c.ringingAt),
    answered_at: n(c.answeredAt),
    ended_at: n(c.endedAt),
    updated_at: c.updatedAt,
    final_code: n(c.finalCode),
    final_reason: n(c.finalReason),
    end_reason: n(c.endReason),
    ended_by: n(c.endedBy),
    from_user: c.from,
    to_user: c.to,
    from_uri: n(c.fromUri),
    to_uri: n(c.toUri),
    src_ip: c.srcIp,
    src_port: c.srcPort,
    dst_ip: c.dstIp,
    dst_port: c.dstPort,
    user_agent: n(c.userAgent),
    message_count: c.messageCount,
    retransmissions: c.retransmissions,
    srd_ms: n(c.srdMs),
    pdd_ms: n(c.pddMs),
    duration_ms: n(c.durationMs),
    rrd_ms: n(c.rrdMs),
    correlation_id: n(c.correlationId),
    capture_id: n(c.captureId),
    node: n(c.node),
  };
}

/** A `calls` row as better-sqlite3 returns it. */
export type CallDbRow = CallUpsert & { id: number };

function setIf<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | null): void {
  if (v !== null && v !== undefined) o[k] = v as T[K];
}

export function callFromRow(r: CallDbRow): CallSummary {
  const c: CallSummary = {
    callId: r.call_id,
    method: r.method,
    state: r.state,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    from: r.from_user,
    to: r.to_user,
    srcIp: r.src_ip,
    srcPort: r.src_port,
    dstIp: r.dst_ip,
    dstPort: r.dst_port,
    messageCount: r.message_count,
    retransmissions: r.retransmissions,
    capture: r.capture,
  };
  setIf(c, 'ringingAt', r.ringing_at);
  setIf(c, 'answeredAt', r.answered_at);
  setIf(c, 'endedAt', r.ended_at);
  setIf(c, 'finalCode', r.final_code);
  setIf(c, 'finalReason', r.final_reason);
  setIf(c, 'endReason', r.end_reason);
  setIf(c, 'endedBy', r.ended_by as CallSummary['endedBy'] | null);
  setIf(c, 'fromUri', r.from_uri);
  setIf(c, 'toUri', r.to_uri);
  setIf(c, 'userAgent', r.user_agent);
  setIf(c, 'srdMs', r.srd_ms);
  setIf(c, 'pddMs', r.pdd_ms);
  setIf(c, 'durationMs', r.duration_ms);
  setIf(c, 'rrdMs', r.rrd_ms);
  setIf(c, 'correlationId', r.correlation_id);
  setIf(c, 'captureId', r.capture_id);
  setIf(c, 'node', r.node);
  return c;
}

export type MessageDbRow = SipMessageWrite & { id: number; raw: Buffer };

export function messageFromRow(r: MessageDbRow): SipMessageRow {
  const m: SipMessageRow = {
    id: r.id,
    ts: r.ts,
    callId: r.call_id,
    cseq: r.cseq,
    cseqMethod: r.cseq_method,
    srcIp: r.src_ip,
    srcPort: r.src_port,
    dstIp: r.dst_ip,
    dstPort: r.dst_port,
    transport: r.transport,
    retransmission: (r.flags & MESSAGE_FLAG_RETRANSMISSION) !== 0,
    // Latin-1 keeps every byte visible one-to-one when a payload is not valid UTF-8.
    raw: r.raw.toString(isUtf8(r.raw) ? 'utf8' : 'latin1'),
  };
  setIf(m, 'method', r.method);
  setIf(m, 'status', r.status);
  setIf(m, 'reason', r.reason);
  setIf(m, 'captureId', r.capture_id);
  setIf(m, 'node', r.node);
  setIf(m, 'correlationId', r.correlation_id);
  setIf(m, 'malformed', r.malformed);
  return m;
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
