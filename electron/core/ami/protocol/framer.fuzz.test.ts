// Fuzz: seeded mutations and truncations of real recorded sessions must never throw, never lose
// the framer's ability to read a clean message afterwards, and never buffer past the limit.
import { describe, expect, it } from 'vitest';
import { AmiFramer } from './framer.ts';
import { loadAmiRecording } from '../fake-server/recording.ts';
import { prng } from '../fake-server/prng.ts';

/** Mutated streams per seed recording: a few hundred ms in all. */
const ITERATIONS = 300;
/** Small limit so the oversize path is exercised too. */
const FUZZ_MAX_MESSAGE_BYTES = 4096;
const INTERESTING = [0x0a, 0x0d, 0x3a, 0x20, 0x00, 0xff, 0xc3, 0xe6, 0x2d];

function mutate(src: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(src.subarray(0, Math.floor(rand() * (src.length + 1))));
  const edits = 1 + Math.floor(rand() * 16);
  for (let i = 0; i < edits && out.length > 0; i++) {
    const at = Math.floor(rand() * out.length);
    out[at] = rand() < 0.6 ? (INTERESTING[Math.floor(rand() * INTERESTING.length)] ?? 0) : Math.floor(rand() * 256);
  }
  return out;
}

describe('AmiFramer fuzz', () => {
  it.each(['status-lists', 'security-events', 'auth-md5-ok'])('never throws on mutated %s', (name) => {
    const src = loadAmiRecording(name).bytes.subarray(0, 12_000);
    const rand = prng(name.length * 7919);
    for (let i = 0; i < ITERATIONS; i++) {
      const bytes = mutate(src, rand);
      const framer = new AmiFramer({ maxMessageBytes: FUZZ_MAX_MESSAGE_BYTES });
      let at = 0;
      while (at < bytes.length) {
        const len = 1 + Math.floor(rand() * 400);
        for (const f of framer.pushFrames(bytes.subarray(at, at + len))) {
          if (f.ok) expect(typeof f.message.name).toBe('string');
          else expect(f.fault.code).toBe('message_too_long');
        }
        at += len;
        expect(framer.pendingBytes).toBeLessThanOrEqual(FUZZ_MAX_MESSAGE_BYTES + 400);
      }
      // Whatever came before, two empty lines then a clean message always frame it.
      const tail = framer.push(Buffer.from('\r\n\r\n\r\nEvent: Probe\r\n\r\n'));
      expect(tail.at(-1)?.name).toBe('Probe');
    }
  });
});
