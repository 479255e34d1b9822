import { describe, expect, it } from 'vitest';
import { FragmentReassembler } from './ip-fragments.ts';
import type { IpPacket } from './ip.ts';

const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));

function frag(offset: number, len: number, more: boolean, id = 7, src = '10.0.0.1'): IpPacket {
  return {
    version: 4,
    src,
    dst: '10.0.0.2',
    proto: 17,
    payload: data.subarray(offset, offset + len),
    fragment: { id, offset, more },
  };
}

describe('IP fragment reassembly', () => {
  it('returns the whole datagram once every fragment arrived, in any order', () => {
    const r = new FragmentReassembler();
    expect(r.add(1, frag(1480, 1480, true))).toBeNull();
    expect(r.add(2, frag(2960, 40, false))).toBeNull();
    const whole = r.add(3, frag(0, 1480, true));
    expect(whole?.payload.equals(data)).toBe(true);
    expect(whole?.fragment).toBeUndefined();
    expect(whole).toMatchObject({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17 });
    expect(r.pendingCount).toBe(0);
    expect(r.counters).toEqual({ reassembled: 1, dropped: 0 });
  });

  it('fills overlapping fragments without a hole', () => {
    const r = new FragmentReassembler();
    r.add(1, frag(0, 1600, true));
    const whole = r.add(2, frag(1480, 1520, false));
    expect(whole?.payload.equals(data)).toBe(true);
  });

  it('keeps datagrams of different ids and sources apart', () => {
    const r = new FragmentReassembler();
    r.add(1, frag(0, 1480, true, 1));
    r.add(1, frag(0, 1480, true, 2));
    r.add(1, frag(0, 1480, true, 1, '10.9.9.9'));
    expect(r.pendingCount).toBe(3);
    expect(r.add(2, frag(1480, 1520, false, 2))?.payload.equals(data)).toBe(true);
    expect(r.pendingCount).toBe(2);
  });

  it('drops an incomplete datagram after the timeout, by packet time', () => {
    const r = new FragmentReassembler({ timeoutUs: 1_000 });
    r.add(0, frag(0, 1480, true));
    expect(r.add(5_000, frag(1480, 1520, false))).toBeNull(); // the first half expired first
    expect(r.counters.dropped).toBe(1);
    expect(r.pendingCount).toBe(1);
  });

  it('evicts the oldest datagram when the count limit is reached', () => {
    const r = new FragmentReassembler({ maxDatagrams: 2 });
    r.add(1, frag(0, 100, true, 1));
    r.add(2, frag(0, 100, true, 2));
    r.add(3, frag(0, 100, true, 3));
    expect(r.pendingCount).toBe(2);
    expect(r.counters.dropped).toBe(1);
    expect(r.add(4, frag(100, 50, false, 1))).toBeNull(); // datagram 1 was evicted
  });

  it('holds no more fragment bytes than the byte limit', () => {
    const r = new FragmentReassembler({ maxBytes: 1000 });
    for (let id = 0; id < 50; id++) r.add(id, frag(0, 400, true, id));
    expect(r.pendingCount).toBeLessThanOrEqual(2);
    expect(r.counters.dropped).toBeGreaterThanOrEqual(48);
  });

  it('drops a datagram with too many fragments or one past 65535 bytes', () => {
    const r = new FragmentReassembler({ maxFragments: 3 });
    for (let i = 0; i < 4; i++) r.add(1, frag(i * 8, 8, true));
    expect(r.counters.dropped).toBe(1);
    const big = new FragmentReassembler();
    expect(big.add(1, { ...frag(0, 100, false), fragment: { id: 9, offset: 65_500, more: false } })).toBeNull();
    expect(big.counters.dropped).toBe(1);
  });

  it('drops a datagram whose last fragments disagree on its length', () => {
    const r = new FragmentReassembler();
    r.add(1, frag(1480, 100, false));
    expect(r.add(2, frag(1480, 200, false))).toBeNull();
    expect(r.counters.dropped).toBe(1);
  });
});
