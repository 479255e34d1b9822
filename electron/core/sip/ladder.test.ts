import { describe, expect, it } from 'vitest';
import type { SipMessageRow } from '../../../shared/domain.ts';
import { buildLadder } from './ladder.ts';

function m(
  id: number,
  ts: number,
  src: string,
  dst: string,
  first: string,
  over: Partial<SipMessageRow> = {},
): SipMessageRow {
  const [srcIp, srcPort] = src.split(':');
  const [dstIp, dstPort] = dst.split(':');
  const isReq = !/^\d/.test(first);
  return {
    id,
    ts,
    callId: 'c',
    cseq: 1,
    cseqMethod: 'INVITE',
    srcIp: srcIp!,
    srcPort: Number(srcPort),
    dstIp: dstIp!,
    dstPort: Number(dstPort),
    transport: 'udp',
    retransmission: false,
    raw: `${isReq ? `${first} sip:x SIP/2.0` : `SIP/2.0 ${first}`}\r\nUser-Agent: agent-${srcPort}\r\n\r\n`,
    ...(isReq
      ? { method: first }
      : { status: Number(first.split(' ')[0]), reason: first.split(' ').slice(1).join(' ') }),
    ...over,
  };
}

describe('buildLadder', () => {
  it('orders arrows by capture time, not arrival, with deltas and one column per host:port', () => {
    const model = buildLadder([
      m(3, 3_000_000, '10.0.0.2:5060', '10.0.0.1:5070', '180 Ringing'),
      m(1, 1_000_000, '10.0.0.1:5070', '10.0.0.2:5060', 'INVITE'),
      m(2, 1_250_000, '10.0.0.2:5060', '10.0.0.3:5080', 'INVITE', { retransmission: true }),
    ]);
    expect(model.hosts.map((h) => h.key)).toEqual(['10.0.0.1:5070', '10.0.0.2:5060', '10.0.0.3:5080']);
    expect(model.hosts[0]!.label).toBe('10.0.0.1:5070 (agent-5070)');
    expect(model.arrows.map((a) => [a.messageId, a.from, a.to, a.label, a.deltaMs, a.retransmission])).toEqual([
      [1, 0, 1, 'INVITE', 0, false],
      [2, 1, 2, 'INVITE', 250, true],
      [3, 1, 0, '180 Ringing', 1750, false],
    ]);
  });

  it('names a column by its alias where one is known', () => {
    const model = buildLadder([m(1, 1, '10.0.0.1:5070', '10.0.0.2:5060', 'OPTIONS')], new Map([['10.0.0.2', 'proxy']]));
    expect(model.hosts[1]!.label).toBe('proxy');
  });
});
