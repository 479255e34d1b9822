import { describe, expect, it } from 'vitest';
import { decodeUdp } from './udp.ts';

function udp(srcPort: number, dstPort: number, payload: Buffer, length = 8 + payload.length): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(srcPort, 0);
  h.writeUInt16BE(dstPort, 2);
  h.writeUInt16BE(length, 4);
  return Buffer.concat([h, payload]);
}

describe('UDP', () => {
  it('decodes ports and the payload trimmed to the UDP length', () => {
    const r = decodeUdp(Buffer.concat([udp(5060, 9060, Buffer.from('abc')), Buffer.alloc(4)]));
    expect(r.ok && [r.segment.srcPort, r.segment.dstPort, r.segment.payload.toString()]).toEqual([5060, 9060, 'abc']);
  });

  it('takes the IP length when the UDP length is 0 (IPv6 jumbogram)', () => {
    const r = decodeUdp(udp(1, 2, Buffer.from('xyz'), 0));
    expect(r.ok && r.segment.payload.toString()).toBe('xyz');
  });

  it('rejects a short header, a length below 8 and a length past the capture', () => {
    const short = decodeUdp(Buffer.alloc(7));
    expect(!short.ok && short.error.code).toBe('truncated');
    const low = decodeUdp(udp(1, 2, Buffer.alloc(4), 6));
    expect(!low.ok && low.error.code).toBe('bad_length');
    const past = decodeUdp(udp(1, 2, Buffer.alloc(4), 40));
    expect(!past.ok && past.error.code).toBe('truncated');
  });
});
