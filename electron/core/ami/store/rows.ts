// How AMI data is persisted (migration 004): the writer's row shapes, their INSERT statements,
// and the mapping from model objects and AMI messages to rows (and back, for reads). One place
// knows the column names.
import type { AmiEventRow } from '../../../../shared/domain.ts';
import type { AmiMessage } from '../message.ts';
import type { EndedChannel } from '../model/channel-board.ts';
import { field } from '../model/fields.ts';
import type { QueueFact, QueueFactEvent } from '../model/queue-facts.ts';

export type AmiEventWrite = {
  pbx: string;
  ts: number;
  name: string;
  uniqueid: string | null;
  linkedid: string | null;
  queue: string | null;
  interface: string | null;
  /** JSON of the ordered [key, value] pairs. */
  fields: string;
};

export type AmiChannelHistoryWrite = {
  pbx: string;
  uniqueid: string;
  linkedid: string;
  channel: string;
  caller_num: string;
  caller_name: string;
  connected_num: string;
  connected_name: string;
  account_code: string;
  context: string;
  exten: string;
  created_at: number;
  answered_at: number | null;
  ended_at: number;
  duration_sec: number;
  billsec: number | null;
  cause: number | null;
  cause_txt: string;
};

export type AmiQueueEventWrite = {
  pbx: string;
  ts: number;
  queue: string;
  uniqueid: string | null;
  interface: string | null;
  member_name: string | null;
  event: string;
  wait_sec: number | null;
  talk_sec: number | null;
  ring_sec: number | null;
  position: number | null;
  reason: string | null;
};

export type AmiSecurityEventWrite = {
  pbx: string;
  ts: number;
  name: string;
  severity: string | null;
  service: string | null;
  account_id: string | null;
  remote_address: string | null;
  remote_ip: string | null;
  local_address: string | null;
  session_id: string | null;
};

export const AMI_EVENT_COLUMNS = [
  'pbx',
  'ts',
  'name',
  'uniqueid',
  'linkedid',
  'queue',
  'interface',
  'fields',
] as const satisfies readonly (keyof AmiEventWrite)[];

export const AMI_CHANNEL_HISTORY_COLUMNS = [
  'pbx',
  'uniqueid',
  'linkedid',
  'channel',
  'caller_num',
  'caller_name',
  'connected_num',
  'connected_name',
  'account_code',
  'context',
  'exten',
  'created_at',
  'answered_at',
  'ended_at',
  'duration_sec',
  'billsec',
  'cause',
  'cause_txt',
] as const satisfies readonly (keyof AmiChannelHistoryWrite)[];

export const AMI_QUEUE_EVENT_COLUMNS = [
  'pbx',
  'ts',
  'queue',
  'uniqueid',
  'interface',
  'member_name',
  'event',
  'wait_sec',
  'talk_sec',
  'ring_sec',
  'position',
  'reason',
] as const satisfies readonly (keyof AmiQueueEventWrite)[];

export const AMI_SECURITY_EVENT_COLUMNS = [
  'pbx',
  'ts',
  'name',
  'severity',
  'service',
  'account_id',
  'remote_address',
  'remote_ip',
  'local_address',
  'session_id',
] as const satisfies readonly (keyof AmiSecurityEventWrite)[];

const insert = (table: string, columns: readonly string[]): string =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

export const AMI_EVENT_INSERT_SQL = insert('ami_events', AMI_EVENT_COLUMNS);
export const AMI_CHANNEL_HISTORY_INSERT_SQL = insert('ami_channel_history', AMI_CHANNEL_HISTORY_COLUMNS);
export const AMI_QUEUE_EVENT_INSERT_SQL = insert('ami_queue_events', AMI_QUEUE_EVENT_COLUMNS);
export const AMI_SECURITY_EVENT_INSERT_SQL = insert('ami_security_events', AMI_SECURITY_EVENT_COLUMNS);

/**
 * Events not worth a row each (reference §8.6): VarSet is a third of all traffic and what the
 * model needs from it (QUEUESTATUS) is in the queue facts; RTCP reports arrive every few seconds
 * per call and belong to media monitoring. Everything else is kept.
 */
export const AMI_EVENTS_NOT_STORED: ReadonlySet<string> = new Set(['VarSet', 'RTCPSent', 'RTCPReceived']);

export function shouldStoreAmiEvent(msg: AmiMessage): boolean {
  return msg.kind === 'event' && !AMI_EVENTS_NOT_STORED.has(msg.name);
}

export function amiEventWrite(pbx: string, msg: AmiMessage, ts: number): AmiEventWrite {
  return {
    pbx,
    ts,
    name: msg.name,
    uniqueid: field(msg, 'Uniqueid') || null,
    linkedid: field(msg, 'Linkedid') || null,
    queue: field(msg, 'Queue') || null,
    // Member events say Interface; QueueMember list items say Location.
    interface: field(msg, 'Interface') || field(msg, 'Location') || null,
    fields: JSON.stringify(msg.fields),
  };
}

export interface AmiEventDbRow extends Omit<AmiEventWrite, 'fields'> {
  id: number;
  fields: string;
}

export function amiEventFromRow(r: AmiEventDbRow): AmiEventRow {
  return { id: r.id, pbx: r.pbx, ts: r.ts, name: r.name, fields: JSON.parse(r.fields) as [string, string][] };
}

export function channelHistoryWrite(e: EndedChannel): AmiChannelHistoryWrite {
  return {
    pbx: e.pbx,
    uniqueid: e.uniqueid,
    linkedid: e.linkedid,
    channel: e.channel,
    caller_num: e.callerIdNum,
    caller_name: e.callerIdName,
    connected_num: e.connectedLineNum,
    connected_name: e.connectedLineName,
    account_code: e.accountCode,
    context: e.context,
    exten: e.exten,
    created_at: e.createdAt,
    answered_at: e.answeredAt ?? null,
    ended_at: e.endedAt,
    duration_sec: Math.max(0, e.endedAt - e.createdAt) / 1_000_000,
    billsec: e.answeredAt === undefined ? null : Math.max(0, e.endedAt - e.answeredAt) / 1_000_000,
    cause: e.cause,
    cause_txt: e.causeTxt,
  };
}

export function queueFactWrite(f: QueueFact): AmiQueueEventWrite {
  return {
    pbx: f.pbx,
    ts: f.ts,
    queue: f.queue,
    uniqueid: f.uniqueid,
    interface: f.interface,
    member_name: f.memberName,
    event: f.event,
    wait_sec: f.waitSec,
    talk_sec: f.talkSec,
    ring_sec: f.ringSec,
    position: f.position,
    reason: f.reason,
  };
}

export type AmiQueueEventDbRow = AmiQueueEventWrite & { id: number };

export function queueFactFromRow(r: AmiQueueEventWrite): QueueFact {
  return {
    pbx: r.pbx,
    ts: r.ts,
    queue: r.queue,
    uniqueid: r.uniqueid,
    interface: r.interface,
    memberName: r.member_name,
    event: r.event as QueueFactEvent,
    waitSec: r.wait_sec,
    talkSec: r.talk_sec,
    ringSec: r.ring_sec,
    position: r.position,
    reason: r.reason,
  };
}

/** Security-class events (main/security_events.c, reference §2.4). */
export const AMI_SECURITY_EVENTS: ReadonlySet<string> = new Set([
  'FailedACL',
  'InvalidAccountID',
  'SessionLimit',
  'MemoryLimit',
  'LoadAverageLimit',
  'RequestNotAllowed',
  'AuthMethodNotAllowed',
  'RequestBadFormat',
  'RequestNotSupported',
  'SuccessfulAuth',
  'UnexpectedAddress',
  'ChallengeResponseFailed',
  'InvalidPassword',
  'ChallengeSent',
  'InvalidTransport',
]);

/** The security row of a security event, or null for any other event. */
export function securityEventWrite(pbx: string, msg: AmiMessage, ts: number): AmiSecurityEventWrite | null {
  if (msg.kind !== 'event' || !AMI_SECURITY_EVENTS.has(msg.name)) return null;
  const remote = field(msg, 'RemoteAddress') || null;
  return {
    pbx,
    ts,
    name: msg.name,
    severity: field(msg, 'Severity') || null,
    service: field(msg, 'Service') || null,
    account_id: field(msg, 'AccountID') || null,
    remote_address: remote,
    remote_ip: remote === null ? null : addressIp(remote),
    local_address: field(msg, 'LocalAddress') || null,
    session_id: field(msg, 'SessionID') || null,
  };
}

/** `IPV4/UDP/203.0.113.5/5060` -> `203.0.113.5` (IPv6 addresses hold colons, never slashes). */
export function addressIp(address: string): string | null {
  const parts = address.split('/');
  return parts.length >= 3 && parts[2] ? parts[2] : null;
}
