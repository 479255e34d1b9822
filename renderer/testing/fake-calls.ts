// Realistic SIP capture answers for component tests: call summaries, a proxied call with its
// messages and ladder (one retransmission, SDP offer and answer), and SIP statistics.
import type {
  CallDetail,
  CallSummary,
  LadderArrow,
  LadderHost,
  SipMessageRow,
  SipStats,
} from '../../shared/contract.ts';

/** 2026-07-24 12:00:00 UTC in µs: a fixed day, so tests do not depend on when they run. */
export const BASE_US = Date.UTC(2026, 6, 24, 12, 0, 0) * 1000;

export function callSummary(patch: Partial<CallSummary> = {}): CallSummary {
  return {
    callId: 'a84b4c76e66710@10.0.0.10',
    method: 'INVITE',
    state: 'ended',
    startedAt: BASE_US,
    ringingAt: BASE_US + 85_000,
    answeredAt: BASE_US + 2_100_000,
    endedAt: BASE_US + 65_100_000,
    updatedAt: BASE_US + 65_110_000,
    finalCode: 200,
    finalReason: 'OK',
    endedBy: 'caller',
    from: '1001',
    to: '+4930123456',
    fromUri: 'sip:1001@pbx.example.com',
    toUri: 'sip:+4930123456@pbx.example.com',
    srcIp: '10.0.0.10',
    srcPort: 5060,
    dstIp: '10.0.0.1',
    dstPort: 5060,
    userAgent: 'Yealink SIP-T46U 108.86.0.75',
    messageCount: 14,
    retransmissions: 1,
    srdMs: 85,
    pddMs: 85,
    durationMs: 63_000,
    capture: 0,
    ...patch,
  };
}

/** `count` distinct calls, newest first, one second apart. */
export function callPage(count: number, patch: (i: number) => Partial<CallSummary> = () => ({})): CallSummary[] {
  return Array.from({ length: count }, (_, i) =>
    callSummary({
      callId: `call-${String(count - i).padStart(5, '0')}@10.0.0.10`,
      from: `10${String(count - i).padStart(2, '0')}`,
      startedAt: BASE_US + (count - i) * 1_000_000,
      updatedAt: BASE_US + (count - i) * 1_000_000 + 500_000,
      ...patch(i),
    }),
  );
}

const SDP_OFFER = [
  'v=0',
  'o=- 3781 3781 IN IP4 10.0.0.10',
  's=-',
  'c=IN IP4 10.0.0.10',
  't=0 0',
  'm=audio 40000 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
].join('\r\n');

const SDP_ANSWER = [
  'v=0',
  'o=- 99 99 IN IP4 10.0.0.20',
  's=-',
  'c=IN IP4 10.0.0.20',
  't=0 0',
  'm=audio 52000 RTP/AVP 8 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
].join('\r\n');

interface Hop {
  from: [string, number];
  to: [string, number];
  method?: string;
  status?: number;
  reason?: string;
  cseqMethod: string;
  gapMs: number;
  retransmission?: boolean;
  sdp?: string;
}

const A: [string, number] = ['10.0.0.10', 5060];
const P: [string, number] = ['10.0.0.1', 5060];
const B: [string, number] = ['10.0.0.20', 5060];

const HOPS: Hop[] = [
  { from: A, to: P, method: 'INVITE', cseqMethod: 'INVITE', gapMs: 0, sdp: SDP_OFFER },
  { from: P, to: A, status: 100, reason: 'Trying', cseqMethod: 'INVITE', gapMs: 1.2 },
  { from: P, to: B, method: 'INVITE', cseqMethod: 'INVITE', gapMs: 2, sdp: SDP_OFFER },
  { from: P, to: B, method: 'INVITE', cseqMethod: 'INVITE', gapMs: 500, retransmission: true, sdp: SDP_OFFER },
  { from: B, to: P, status: 180, reason: 'Ringing', cseqMethod: 'INVITE', gapMs: 80 },
  { from: P, to: A, status: 180, reason: 'Ringing', cseqMethod: 'INVITE', gapMs: 1 },
  { from: B, to: P, status: 200, reason: 'OK', cseqMethod: 'INVITE', gapMs: 2015, sdp: SDP_ANSWER },
  { from: P, to: A, status: 200, reason: 'OK', cseqMethod: 'INVITE', gapMs: 1, sdp: SDP_ANSWER },
  { from: A, to: P, method: 'ACK', cseqMethod: 'ACK', gapMs: 20 },
  { from: P, to: B, method: 'ACK', cseqMethod: 'ACK', gapMs: 1 },
  { from: A, to: P, method: 'BYE', cseqMethod: 'BYE', gapMs: 63_000 },
  { from: P, to: B, method: 'BYE', cseqMethod: 'BYE', gapMs: 1 },
  { from: B, to: P, status: 200, reason: 'OK', cseqMethod: 'BYE', gapMs: 30 },
  { from: P, to: A, status: 200, reason: 'OK', cseqMethod: 'BYE', gapMs: 1 },
];

function rawMessage(hop: Hop, callId: string): string {
  const start = hop.method
    ? `${hop.method} sip:+4930123456@pbx.example.com SIP/2.0`
    : `SIP/2.0 ${hop.status} ${hop.reason}`;
  const headers = [
    start,
    `Via: SIP/2.0/UDP ${hop.from[0]}:${hop.from[1]};branch=z9hG4bK776asdhds`,
    'From: "Alice" <sip:1001@pbx.example.com>;tag=1928301774',
    `To: <sip:+4930123456@pbx.example.com>${hop.status && hop.status > 100 ? ';tag=a6c85cf' : ''}`,
    `Call-ID: ${callId}`,
    `CSeq: ${hop.cseqMethod === 'BYE' ? 2 : 1} ${hop.cseqMethod}`,
    'User-Agent: Yealink SIP-T46U 108.86.0.75',
  ];
  if (hop.sdp) headers.push('Content-Type: application/sdp', `Content-Length: ${hop.sdp.length + 2}`);
  else headers.push('Content-Length: 0');
  return `${headers.join('\r\n')}\r\n\r\n${hop.sdp ? `${hop.sdp}\r\n` : ''}`;
}

function key([ip, port]: [string, number]): string {
  return `${ip}:${port}`;
}

/** A caller, a proxy and a callee: 14 messages, the proxy's INVITE retransmitted once. */
export function proxiedCall(callId = callSummary().callId): CallDetail {
  const hosts: LadderHost[] = [];
  const col = (h: [string, number]): number => {
    let i = hosts.findIndex((x) => x.key === key(h));
    if (i === -1) {
      i = hosts.length;
      hosts.push({ key: key(h), label: i === 1 ? `${key(h)} (Kamailio 5.6.4)` : key(h) });
    }
    return i;
  };
  let ts = BASE_US;
  const messages: SipMessageRow[] = [];
  const arrows: LadderArrow[] = [];
  HOPS.forEach((hop, i) => {
    ts += Math.round(hop.gapMs * 1000);
    const id = 1000 + i;
    messages.push({
      id,
      ts,
      callId,
      ...(hop.method ? { method: hop.method } : { status: hop.status as number, reason: hop.reason as string }),
      cseq: hop.cseqMethod === 'BYE' ? 2 : 1,
      cseqMethod: hop.cseqMethod,
      srcIp: hop.from[0],
      srcPort: hop.from[1],
      dstIp: hop.to[0],
      dstPort: hop.to[1],
      transport: 'udp',
      retransmission: hop.retransmission ?? false,
      raw: rawMessage(hop, callId),
    });
    arrows.push({
      messageId: id,
      from: col(hop.from),
      to: col(hop.to),
      label: hop.method ?? `${hop.status} ${hop.reason}`,
      ts,
      deltaMs: i === 0 ? 0 : hop.gapMs,
      retransmission: hop.retransmission ?? false,
      callId,
      kind: hop.method ? 'request' : 'response',
      ...(hop.status ? { status: hop.status } : {}),
    });
  });
  return { call: callSummary({ callId }), legs: [], messages, ladder: { hosts, arrows } };
}

export function sipStats(patch: Partial<SipStats> = {}): SipStats {
  return {
    from: 0,
    to: BASE_US,
    invites: 50,
    answered: 30,
    asr: 60,
    ser: 60,
    seer: 76,
    isa: 0,
    scr: 60,
    srdP50Ms: 85,
    srdP95Ms: 210,
    pddP50Ms: 84,
    registers: 12,
    rrdP50Ms: 31,
    responseCodes: [
      { code: 200, count: 134 },
      { code: 180, count: 74 },
      { code: 100, count: 50 },
      { code: 486, count: 16 },
      { code: 487, count: 14 },
      { code: 404, count: 10 },
    ],
    userAgents: [
      { userAgent: 'SIPp/Linux', count: 50 },
      { userAgent: 'Yealink SIP-T46U', count: 7 },
    ],
    byPair: [{ src: '127.0.0.1', dst: '127.0.0.1', invites: 50, answered: 30, asr: 60 }],
    ...patch,
  };
}
