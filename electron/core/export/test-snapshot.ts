// Small synthetic snapshots for the renderers' tests (not a shipped code path).
import type { CallSummary } from '../../../shared/domain.ts';
import { groupCalls } from './groups.ts';
import type { ExportMessage, Snapshot } from './model.ts';

export const T0 = 1_795_251_768_908_493;

export function testCall(callId: string, over: Partial<CallSummary> = {}): CallSummary {
  return {
    callId,
    method: 'INVITE',
    state: 'ended',
    startedAt: T0,
    answeredAt: T0 + 2_000_000,
    endedAt: T0 + 12_000_000,
    updatedAt: T0 + 12_000_000,
    finalCode: 200,
    finalReason: 'OK',
    from: 'alice',
    to: 'bob',
    fromUri: 'sip:alice@example.com',
    toUri: 'sip:bob@example.com',
    srcIp: '192.0.2.1',
    srcPort: 5060,
    dstIp: '192.0.2.2',
    dstPort: 5060,
    messageCount: 2,
    retransmissions: 0,
    srdMs: 120,
    pddMs: 110,
    durationMs: 10_000,
    capture: 0,
    ...over,
  };
}

let nextId = 1;
export function testMessage(
  callId: string,
  startLine: string,
  over: Partial<ExportMessage> = {},
  extraHeaders = '',
  body = '',
): ExportMessage {
  const isResponse = startLine.startsWith('SIP/');
  const method = isResponse ? undefined : startLine.split(' ')[0];
  const raw =
    `${startLine}\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK${nextId}\r\nFrom: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\n` +
    `Call-ID: ${callId}\r\nCSeq: 1 INVITE\r\n${extraHeaders}${body.startsWith('v=0') ? 'Content-Type: application/sdp\r\n' : ''}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const id = nextId++;
  return {
    id,
    ts: T0 + id * 1000,
    callId,
    ...(method
      ? { method }
      : { status: Number(startLine.split(' ')[1]), reason: startLine.split(' ').slice(2).join(' ') }),
    cseq: 1,
    cseqMethod: 'INVITE',
    srcIp: isResponse ? '192.0.2.2' : '192.0.2.1',
    srcPort: 5060,
    dstIp: isResponse ? '192.0.2.1' : '192.0.2.2',
    dstPort: 5060,
    transport: 'udp',
    retransmission: false,
    raw: Buffer.from(raw),
    ...over,
  };
}

export function testSnapshot(
  calls: CallSummary[],
  messages: ExportMessage[],
  format: Snapshot['meta']['format'] = 'html',
): Snapshot {
  const sorted = [...messages].sort((a, b) => a.ts - b.ts || a.id - b.id);
  return {
    meta: {
      format,
      appVersion: '1.2.3',
      createdAt: T0 + 60_000_000,
      capture: 0,
      selection: { kind: 'calls', callIds: calls.map((c) => c.callId) },
      redaction: { numbers: false, ips: false, auth: false, sdp: false },
    },
    calls,
    messages: sorted,
    groups: groupCalls(calls, sorted),
  };
}
