// Fuzz: seeded random mutations and truncations of real SIP messages must never throw; the parser
// always answers with a message that keeps the raw bytes, and the stream splitter with a typed result.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSip } from './parse.ts';
import { splitSipStream } from './split.ts';
import { parseSdp } from './sdp.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';

/** Mutations per seed message: ~16k parses in all, well under a second on one shared core. */
const ITERATIONS = 2000;
/** Bytes that break SIP syntax in interesting ways. */
const NASTY = [0x00, 0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x2c, 0x22, 0x3c, 0x3e, 0x5b, 0x5d, 0x40, 0x3d, 0xff, 0xc3];

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

describe('SIP parser fuzz', () => {
  const wire = readUdpDatagrams(
    readFileSync(new URL('../../../test/fixtures/sip/kamailio-sip.pcap', import.meta.url)),
  ).datagrams;
  // an INVITE with SDP, a 200 with SDP, a BYE, a 487, an ACK... (the first ones of the run)
  const seeds = wire.slice(0, 8).map((d) => d.payload);

  it('never throws on mutated or truncated messages and always keeps the raw bytes', () => {
    const rand = prng(5060);
    let flagged = 0;
    let broken = 0;
    for (const seed of seeds) {
      for (let i = 0; i < ITERATIONS; i++) {
        let buf = Buffer.from(seed);
        const mode = rand();
        if (mode < 0.2) buf = buf.subarray(0, Math.floor(rand() * buf.length));
        const edits = 1 + Math.floor(rand() * 5);
        for (let e = 0; e < edits && buf.length > 0; e++) {
          const pos = Math.floor(rand() * buf.length);
          buf[pos] = rand() < 0.7 ? (NASTY[Math.floor(rand() * NASTY.length)] as number) : Math.floor(rand() * 256);
        }
        if (mode > 0.85) buf = Buffer.concat([buf.subarray(0, 40), buf]); // duplicated prefix
        const m = parseSip(buf);
        if (m.raw !== buf || !Array.isArray(m.headers) || !Buffer.isBuffer(m.body)) broken++;
        if (m.malformed !== undefined) {
          flagged++;
          if (typeof m.malformed !== 'string' || m.malformed.length === 0) broken++;
        }
        const s = splitSipStream(buf);
        if (!s.ok && !['headers_too_large', 'bad_content_length', 'body_too_large'].includes(s.error.code)) broken++;
        parseSdp(buf);
      }
    }
    expect(broken).toBe(0);
    expect(flagged).toBeGreaterThan(ITERATIONS); // the mutations did reach the malformed paths
  });

  it('never throws on random bytes', () => {
    const rand = prng(99);
    for (let i = 0; i < ITERATIONS * 2; i++) {
      const len = Math.floor(rand() * 300);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++)
        buf[j] = rand() < 0.5 ? (NASTY[Math.floor(rand() * NASTY.length)] as number) : Math.floor(rand() * 256);
      const m = parseSip(buf);
      expect(m.raw).toBe(buf);
    }
  });
});
