// Fuzz: seeded random mutations and truncations of real HEP packets (v3 from Kamailio and Asterisk,
// plus compressed, IPv6 and v1/v2 variants) must never throw and always give a typed result.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeHep } from './decode.ts';
import { encodeHep3, encodeHepLegacy } from './encode.ts';
import { nextHepFrame } from './frame.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import type { HepErrorCode } from './packet.ts';

/** Mutations per seed packet kind: ~20k decodes in all, a few hundred ms on one shared core. */
const ITERATIONS = 4000;
const CODES = new Set<HepErrorCode>([
  'too_short',
  'bad_magic',
  'length_mismatch',
  'chunk_too_short',
  'chunk_overrun',
  'bad_chunk_size',
  'bad_chunk_value',
  'missing_chunk',
  'inflate_failed',
  'bad_header',
]);

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

const load = (p: string): Buffer[] =>
  readUdpDatagrams(readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url))).datagrams.map(
    (d) => d.payload,
  );

describe('HEP decoder fuzz', () => {
  const kamailio = load('hep/kamailio-calls.pcap');
  const asterisk = load('hep/asterisk-hep.pcap');
  const template = {
    ipProto: 17,
    srcPort: 1,
    dstPort: 2,
    tsUs: 1,
    protoType: 1,
    payload: 'INVITE sip:a@b SIP/2.0\r\n\r\n',
  };
  const extra = [
    encodeHep3({
      ...template,
      srcIp: '2001:db8::1',
      dstIp: '::1',
      correlationId: 'c',
      vendorChunks: [{ vendor: 3, type: 1, value: Buffer.from('x') }],
    }),
    encodeHep3({ ...template, srcIp: '10.0.0.1', dstIp: '10.0.0.2' }, { compress: true }),
    encodeHepLegacy({ ...template, srcIp: '10.0.0.1', dstIp: '10.0.0.2' }, 1),
    encodeHepLegacy({ ...template, srcIp: '::1', dstIp: '::2' }, 2),
  ].map((e) => (e.ok ? e.packet : Buffer.alloc(0)));
  const seeds = [kamailio[0], kamailio[100], asterisk[0], ...extra].filter(
    (b): b is Buffer => b !== undefined && b.length > 0,
  );

  it('never throws on mutated or truncated packets and answers with a known error code', () => {
    const rand = prng(2026);
    const seen = new Set<string>();
    let decoded = 0;
    let untyped = 0;
    for (const seed of seeds) {
      for (let i = 0; i < ITERATIONS; i++) {
        const buf = Buffer.from(seed);
        const mode = rand();
        let input: Buffer = buf;
        if (mode < 0.25) {
          input = buf.subarray(0, Math.floor(rand() * buf.length));
        } else {
          const flips = 1 + Math.floor(rand() * 4);
          for (let f = 0; f < flips; f++) {
            // Most flips hit the chunk headers, where the lengths live.
            const pos = rand() < 0.7 ? Math.floor(rand() * Math.min(buf.length, 160)) : Math.floor(rand() * buf.length);
            buf[pos] = Math.floor(rand() * 256);
          }
          if (mode > 0.9) input = Buffer.concat([buf, Buffer.alloc(Math.floor(rand() * 8), 0)]);
        }
        const r = decodeHep(input);
        if (r.ok) {
          decoded++;
          if (!Buffer.isBuffer(r.packet.payload) || typeof r.packet.srcIp !== 'string') untyped++;
        } else {
          if (!CODES.has(r.error.code)) untyped++;
          seen.add(r.error.code);
        }
        const f = nextHepFrame(input);
        if (!f.ok && !['not_hep3', 'legacy_version', 'bad_length'].includes(f.error.code)) untyped++;
      }
    }
    expect(untyped).toBe(0);
    expect(decoded).toBeGreaterThan(0);
    // the mutations reached the length checks, not only the magic
    for (const c of ['length_mismatch', 'chunk_overrun', 'bad_chunk_size', 'too_short', 'bad_magic'])
      expect(seen).toContain(c);
  });

  it('never throws on random bytes', () => {
    const rand = prng(7);
    let untyped = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const len = Math.floor(rand() * 200);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(rand() * 256);
      if (len > 4 && rand() < 0.5) buf.write('HEP3', 0);
      const r = decodeHep(buf);
      if (!r.ok && !CODES.has(r.error.code)) untyped++;
    }
    expect(untyped).toBe(0);
  });
});
