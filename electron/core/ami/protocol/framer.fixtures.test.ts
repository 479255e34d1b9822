// Ground truth: every byte a real Asterisk 22.10.1 sent, framed exactly as the recorder saw it, however
// the bytes are cut into reads.
import { describe, expect, it } from 'vitest';
import { AmiFramer, type AmiFrame } from './framer.ts';
import { amiRecordingNames, loadAmiRecording, type AmiRecording } from '../fake-server/recording.ts';
import { amiField } from '../message.ts';
import { prng } from '../fake-server/prng.ts';

type Okframe = Extract<AmiFrame, { ok: true }>;

function frameAll(chunks: Buffer[]): Okframe[] {
  const framer = new AmiFramer();
  const out: Okframe[] = [];
  for (const c of chunks) {
    for (const f of framer.pushFrames(c)) {
      if (!f.ok) throw new Error(f.fault.message);
      out.push(f);
    }
  }
  expect(framer.pendingBytes).toBe(0);
  return out;
}

const asRecorded = (rec: AmiRecording): Buffer[] => rec.reads.map((r) => rec.bytes.subarray(r.off, r.off + r.len));
const byteByByte = (rec: AmiRecording): Buffer[] => Array.from(rec.bytes, (_, i) => rec.bytes.subarray(i, i + 1));
function randomCuts(rec: AmiRecording, seed: number): Buffer[] {
  const rand = prng(seed);
  const out: Buffer[] = [];
  for (let at = 0; at < rec.bytes.length;) {
    const len = 1 + Math.floor(rand() * 700);
    out.push(rec.bytes.subarray(at, at + len));
    at += len;
  }
  return out;
}

const KIND = { banner: 'banner', Response: 'response', Event: 'event' } as const;

describe.each(amiRecordingNames())('fixture %s', (name) => {
  const rec = loadAmiRecording(name);

  it('frames every recorded message: same count, offsets, kinds, names and ActionIDs', () => {
    const frames = frameAll(asRecorded(rec));
    expect(frames.length).toBe(rec.messages.length);
    frames.forEach((f, i) => {
      const want = rec.messages[i];
      if (!want) throw new Error('more frames than recorded messages');
      expect(f.offset).toBe(want.off);
      if (want.kind === 'Response' && f.message.kind === 'event') {
        // The recorder labels a message by any `Response:` line, wherever it sits; some events carry one
        // (OriginateResponse `Response: Success`, ChallengeResponseFailed `Response: <md5 key>`). The
        // first line decides, as in Asterisk: check that it is that kind of event.
        expect(['OriginateResponse', 'ChallengeResponseFailed']).toContain(f.message.name);
        expect(amiField(f.message, 'Response')).toBe(want.name);
        expect(f.message.fields[0]?.[0]).toBe('Event');
      } else {
        expect(f.message.kind).toBe(KIND[want.kind]);
        expect(f.message.name).toBe(want.name);
      }
      expect(amiField(f.message, 'ActionID')).toBe(want.actionId);
      // The recorder cuts at CRLFCRLF; we end a message at its first empty line, so a value carrying its
      // own LF (`Message: No Contacts found\n\r\n\r\n`) leaves only line ends between the two ends.
      expect(f.length).toBeLessThanOrEqual(want.len);
      const slack = rec.bytes.subarray(f.offset + f.length, want.off + want.len).toString('latin1');
      expect(slack).toMatch(/^[\r\n]*$/);
    });
  });

  it('gives identical messages read as recorded, one byte at a time and cut at random points', () => {
    const reference = frameAll(asRecorded(rec)).map((f) => f.message);
    expect(frameAll(byteByByte(rec)).map((f) => f.message)).toEqual(reference);
    for (const seed of [1, 2, 3]) expect(frameAll(randomCuts(rec, seed)).map((f) => f.message)).toEqual(reference);
  });

  it('loses no byte: every header line of the recording comes back as a field', () => {
    const frames = frameAll(asRecorded(rec));
    const fieldLines = frames.reduce((n, f) => n + f.message.fields.length, 0);
    const recorded = rec.bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.replace(/\r$/, '') !== '' && !l.startsWith('Asterisk Call Manager/')).length;
    expect(fieldLines).toBe(recorded);
  });
});

describe('status-lists fixture content', () => {
  const rec = loadAmiRecording('status-lists');
  const messages = frameAll(asRecorded(rec)).map((f) => f.message);
  const byId = (id: string) => messages.filter((m) => amiField(m, 'ActionID') === id);

  it('reads the banner as the AMI version line', () => {
    expect(messages[0]).toEqual({ kind: 'banner', name: 'Asterisk Call Manager/11.0.0', fields: [] });
  });

  it('collects new-form Command output lines in order, empty lines and indentation kept', () => {
    const [resp] = byId('rec-20');
    expect(resp?.output?.length).toBeGreaterThan(3);
    expect(resp?.output?.at(-1)).toBe('');
    expect(resp?.output).toContain('   No Callers');
  });

  it('keeps a value whose text ends in its own LF without the LF', () => {
    const [resp] = byId('rec-15');
    expect(amiField(resp!, 'Message')).toBe('No Contacts found');
  });
});
