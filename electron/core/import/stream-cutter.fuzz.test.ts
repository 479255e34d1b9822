// Fuzz: real SIP and HEP streams, mutated and cut at random points with random gaps, must never make
// the cutter throw or hold more than its bound, and every message it hands out must be non-empty.
import { describe, expect, it } from 'vitest';
import { MAX_STREAM_BUFFER_BYTES, StreamCutter } from './stream-cutter.ts';
import { fixtureDatagrams } from './test-frames.ts';

/** Streams per source: each is a few hundred pushes; enough to reach every resync path. */
const STREAMS = 150;

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

describe('stream cutter fuzz', () => {
  it('never throws on mutated SIP and HEP streams cut at random with gaps', () => {
    const rand = prng(0x51f);
    const sources = [
      Buffer.concat(
        fixtureDatagrams('sip/kamailio-sip.pcap')
          .slice(0, 120)
          .map((d) => d.payload),
      ),
      Buffer.concat(
        fixtureDatagrams('hep/kamailio-calls.pcap')
          .slice(0, 120)
          .map((d) => d.payload),
      ),
    ];
    let messages = 0;
    for (const source of sources) {
      for (let s = 0; s < STREAMS; s++) {
        const data = Buffer.from(source);
        for (let k = 0; k < 1 + Math.floor(rand() * 20); k++)
          data[Math.floor(rand() * data.length)] = Math.floor(rand() * 256);
        const c = new StreamCutter();
        for (let off = Math.floor(rand() * 200); off < data.length;) {
          const n = 1 + Math.floor(rand() * 3000);
          if (rand() < 0.03) {
            c.gap();
            off += n;
            continue;
          }
          for (const m of c.push(data.subarray(off, off + n))) {
            expect(m.bytes.length).toBeGreaterThan(0);
            messages++;
          }
          expect(c.bufferedBytes).toBeLessThanOrEqual(MAX_STREAM_BUFFER_BYTES);
          off += n;
        }
      }
    }
    expect(messages).toBeGreaterThan(STREAMS * 50);
  });
});
