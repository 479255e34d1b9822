// Fuzz: thousands of seeded random mutations and truncations of a real capture must never throw,
// and every result must be one of the typed shapes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCaptureFile, CaptureStreamReader } from './pcap-file.ts';
import { readUdpDatagrams } from './read-udp.ts';
import { writePcapng } from './pcap-write.ts';
import { LINKTYPE_ETHERNET } from './link.ts';

const file = readFileSync(new URL('../../../test/fixtures/hep/kamailio-calls.pcap', import.meta.url));
/** Mutations per input: enough to hit every header field many times, small enough for 2 shared cores. */
const ITERATIONS = 1500;
const CODES = new Set(['not_a_capture', 'truncated', 'unsupported_link_type', 'corrupt']);

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

/** A copy of (a prefix of) `src` with a few bytes flipped, biased towards the headers at the start. */
function mutate(src: Buffer, rand: () => number): Buffer {
  const len = rand() < 0.3 ? Math.floor(rand() * Math.min(src.length, 6000)) : Math.min(src.length, 6000);
  const out = Buffer.from(src.subarray(0, len));
  const flips = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < flips && out.length > 0; i++) {
    const pos = rand() < 0.5 ? Math.floor(rand() * Math.min(out.length, 64)) : Math.floor(rand() * out.length);
    out[pos] = rand() < 0.3 ? 0xff : Math.floor(rand() * 256);
  }
  return out;
}

describe('capture reader fuzz', () => {
  it('never throws on mutated pcap and pcapng files and always answers with a typed result', () => {
    const rand = prng(0xc0ffee);
    const records = readCaptureFile(file).records.slice(0, 8);
    const pcapng = writePcapng(LINKTYPE_ETHERNET, records);
    let errors = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      for (const src of [file, pcapng]) {
        const input = mutate(src, rand);
        const r = readUdpDatagrams(input);
        if (!r.ok) {
          errors++;
          expect(CODES.has(r.error.code)).toBe(true);
        }
        for (const d of r.datagrams) expect(Buffer.isBuffer(d.payload)).toBe(true);
      }
    }
    expect(errors).toBeGreaterThan(0); // the mutations did reach the error paths
  });

  it('never throws when mutated files are streamed in random chunks', () => {
    const rand = prng(42);
    for (let i = 0; i < ITERATIONS / 5; i++) {
      const input = mutate(file, rand);
      const reader = new CaptureStreamReader();
      for (let off = 0; off < input.length;) {
        const n = 1 + Math.floor(rand() * 2000);
        const r = reader.push(input.subarray(off, off + n));
        if (!r.ok) expect(CODES.has(r.error.code)).toBe(true);
        off += n;
      }
      const end = reader.end();
      if (!end.ok) expect(CODES.has(end.error.code)).toBe(true);
    }
  });
});
