// Fuzz: seeded random TCP traffic (any flags, sequence numbers near and far, overlapping and
// repeated data, truncated headers) must never throw, and the reassembler must stay within its
// memory and flow limits at every step.
import { describe, expect, it } from 'vitest';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, TcpReassembler } from './tcp-reassembly.ts';

/** Segments per run: enough to hit every limit many times over, quick on 2 shared cores. */
const SEGMENTS = 40_000;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('TCP reassembly fuzz', () => {
  it('never throws and keeps held bytes and flows within their limits on random traffic', () => {
    const rand = prng(0x7cb);
    const limits = {
      maxFlows: 32,
      maxFlowBufferBytes: 4096,
      maxTotalBufferBytes: 16_384,
      maxFlowSegments: 16,
      idleTimeoutUs: 5_000_000,
    };
    const r = new TcpReassembler(limits);
    const bases = Array.from({ length: 64 }, () => Math.floor(rand() * 2 ** 32));
    let delivered = 0;
    for (let i = 0; i < SEGMENTS; i++) {
      const flow = Math.floor(rand() * 64);
      const dataLen = rand() < 0.2 ? 0 : Math.floor(rand() * 600);
      const headerLen = rand() < 0.02 ? Math.floor(rand() * 20) : 20; // some cut short
      const seg = Buffer.alloc(Math.max(headerLen, 20) + dataLen);
      seg.writeUInt16BE(10_000 + flow, 0);
      seg.writeUInt16BE(5060, 2);
      const jitter = rand() < 0.05 ? Math.floor(rand() * 2 ** 32) : Math.floor((rand() - 0.3) * 20_000);
      seg.writeUInt32BE(((bases[flow] as number) + jitter) >>> 0, 4);
      seg[12] = rand() < 0.01 ? Math.floor(rand() * 256) : 5 << 4;
      const f = rand();
      seg[13] = f < 0.02 ? TCP_RST : f < 0.05 ? TCP_SYN : f < 0.08 ? TCP_FIN | TCP_ACK : TCP_ACK;
      if (rand() < 0.5) bases[flow] = ((bases[flow] as number) + dataLen) >>> 0;
      const forward = rand() < 0.7;
      const events = r.add(
        i * 1000,
        forward ? '10.0.0.1' : '10.0.0.2',
        forward ? '10.0.0.2' : '10.0.0.1',
        seg.subarray(0, headerLen < 20 ? headerLen : seg.length),
      );
      for (const e of events) if (e.kind === 'data') delivered += e.data.length;
      expect(r.heldBytes).toBeLessThanOrEqual(limits.maxTotalBufferBytes);
      expect(r.flowCount).toBeLessThanOrEqual(limits.maxFlows);
    }
    const end = r.finish();
    expect(end.every((e) => e.kind !== 'data' || e.data.length > 0)).toBe(true);
    expect(r.heldBytes).toBe(0);
    expect(r.flowCount).toBe(0);
    expect(delivered).toBeGreaterThan(0);
    expect(r.counters.gaps + r.counters.evicted + r.counters.malformed).toBeGreaterThan(0); // the limits were reached
  });
});
