import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../shared/domain.ts';
import {
  BUNDLE_FORMAT_VERSION,
  bundlePrefix,
  decodeBundle,
  DEFAULT_SCRYPT,
  encodeBundle,
  type Bundle,
} from './bundle-format.ts';
import type { ExportMessage } from './model.ts';

/** Cheap work factors for the many decodes below; one test covers the shipped defaults. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASS = 'correct horse battery staple';

function call(callId: string, over: Partial<CallSummary> = {}): CallSummary {
  return {
    callId,
    method: 'INVITE',
    state: 'ended',
    startedAt: 1_795_251_768_908_493,
    answeredAt: 1_795_251_769_000_000,
    endedAt: 1_795_251_770_000_000,
    updatedAt: 1_795_251_770_000_001,
    finalCode: 200,
    finalReason: 'OK',
    endedBy: 'caller',
    from: 'user-0001',
    to: '+00000000001',
    srcIp: '192.0.2.1',
    srcPort: 5060,
    dstIp: '2001:db8::1',
    dstPort: 5080,
    messageCount: 2,
    retransmissions: 0,
    srdMs: 12.5,
    durationMs: 1000,
    capture: 0,
    ...over,
  };
}

function message(id: number, raw: Buffer, over: Partial<ExportMessage> = {}): ExportMessage {
  return {
    id,
    ts: 1_795_251_768_908_493 + id,
    callId: 'c1',
    method: 'INVITE',
    cseq: 1,
    cseqMethod: 'INVITE',
    srcIp: '192.0.2.1',
    srcPort: 5060,
    dstIp: '2001:db8::1',
    dstPort: 5080,
    transport: 'udp',
    retransmission: false,
    raw,
    ...over,
  };
}

function sample(): Bundle {
  return {
    meta: {
      formatVersion: BUNDLE_FORMAT_VERSION,
      appVersion: '0.1.0',
      createdAt: 1_795_300_000_000_000,
      capture: 0,
      selection: { kind: 'calls', callIds: ['c1'] },
      redaction: { numbers: true, ips: true, auth: false, sdp: false },
      calls: 2,
      messages: 3,
    },
    calls: [call('c1', { correlationId: 'x-1' }), call('c2', { state: 'failed', finalCode: 486, endedBy: undefined })],
    messages: [
      message(1, Buffer.from('INVITE sip:user-0001@192.0.2.1 SIP/2.0\r\nContent-Length: 0\r\n\r\n')),
      message(2, Buffer.from([0x53, 0x49, 0x50, 0xff, 0x00, 0xfe, 0x0d, 0x0a]), {
        method: undefined,
        status: 180,
        reason: 'Ringing',
        malformed: 'no Call-ID',
        captureId: 2001,
        node: 'kam',
      }),
      message(3, Buffer.alloc(0), { callId: 'c2', transport: 'tcp', retransmission: true, correlationId: 'x-1' }),
    ],
    text: 'text rendering ✓\n',
    html: '<!doctype html><p>html rendering</p>',
  };
}

function withoutUndefined<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (Buffer.isBuffer(x) ? x.toString('base64') : x))) as T;
}

function comparable(b: Bundle): unknown {
  return withoutUndefined({ ...b, messages: b.messages.map((m) => ({ ...m, raw: m.raw.toString('base64') })) });
}

describe('bundle encode and decode', () => {
  it('round-trips every field and every raw byte, plain and encrypted', () => {
    const b = sample();
    for (const opts of [{}, { passphrase: PASS, scrypt: FAST }]) {
      const r = decodeBundle(encodeBundle(b, opts), opts.passphrase);
      if (!r.ok) throw new Error(r.message);
      expect(comparable(r.bundle)).toEqual(comparable(b));
      expect(r.bundle.messages[1]!.raw).toEqual(Buffer.from([0x53, 0x49, 0x50, 0xff, 0x00, 0xfe, 0x0d, 0x0a]));
      expect('method' in r.bundle.messages[1]!).toBe(false);
    }
  });

  it('encrypts with the shipped scrypt factors by default and decodes with the same passphrase typed in another Unicode form', () => {
    const pass = 'caf\u00e9 au lait';
    const file = encodeBundle(sample(), { passphrase: pass });
    expect(file.toString('latin1')).toContain(
      `"N":${DEFAULT_SCRYPT.N},"r":${DEFAULT_SCRYPT.r},"p":${DEFAULT_SCRYPT.p}`,
    );
    // Nothing of the content is readable without the key.
    expect(file.includes(Buffer.from('user-0001'))).toBe(false);
    const r = decodeBundle(file, 'cafe\u0301 au lait');
    expect(r.ok).toBe(true);
  });

  it('asks for a passphrase, and says a wrong one is wrong rather than the file damaged', () => {
    const file = encodeBundle(sample(), { passphrase: PASS, scrypt: FAST });
    expect(decodeBundle(file)).toMatchObject({ ok: false, code: 'needs_passphrase' });
    expect(decodeBundle(file, 'Correct horse battery staple')).toMatchObject({ ok: false, code: 'wrong_passphrase' });
    expect(decodeBundle(file, PASS).ok).toBe(true);
  });

  it('reports a file cut off at any point as a corrupt bundle', () => {
    for (const opts of [{}, { passphrase: PASS, scrypt: FAST }]) {
      const file = encodeBundle(sample(), opts);
      for (let len = 1; len < file.length; len += len < 64 ? 1 : 17) {
        const r = decodeBundle(file.subarray(0, len), opts.passphrase);
        expect({ len, code: r.ok ? 'ok' : r.code }).toEqual({ len, code: 'corrupt_bundle' });
      }
      expect(decodeBundle(file.subarray(0, file.length - 1), opts.passphrase)).toMatchObject({
        ok: false,
        code: 'corrupt_bundle',
      });
    }
  });

  it('detects a single flipped bit anywhere in the file', () => {
    for (const opts of [{}, { passphrase: PASS, scrypt: FAST }]) {
      const file = encodeBundle(sample(), opts);
      for (let pos = 0; pos < file.length; pos++) {
        const bad = Buffer.from(file);
        bad[pos]! ^= 1 << (pos % 8);
        const r = decodeBundle(bad, opts.passphrase);
        const expected = pos < 8 ? 'not_a_bundle' : pos < 10 ? 'unsupported_version' : 'corrupt_bundle';
        expect({ pos, code: r.ok ? 'ok' : r.code }).toEqual({ pos, code: expected });
      }
    }
  });

  it('answers random multi-byte damage with corrupt_bundle, never an exception and never a silently different bundle', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const opts of [{}, { passphrase: PASS, scrypt: FAST }]) {
      const file = encodeBundle(sample(), opts);
      for (let round = 0; round < 150; round++) {
        const bad = Buffer.from(file);
        const changes = 1 + rnd(8);
        for (let k = 0; k < changes; k++) bad[10 + rnd(bad.length - 10)] = rnd(256);
        if (bad.equals(file)) continue;
        const r = decodeBundle(bad, opts.passphrase);
        expect(r.ok ? 'ok' : r.code).toBe('corrupt_bundle');
      }
    }
  });

  it('refuses what is not a bundle, a newer format, and a header asking scrypt for gigabytes', () => {
    expect(decodeBundle(Buffer.alloc(0))).toMatchObject({ ok: false, code: 'not_a_bundle' });
    expect(decodeBundle(Buffer.from('\xd4\xc3\xb2\xa1 a pcap file', 'latin1'))).toMatchObject({
      ok: false,
      code: 'not_a_bundle',
    });
    const newer = encodeBundle(sample());
    newer.writeUInt16BE(BUNDLE_FORMAT_VERSION + 1, 8);
    expect(decodeBundle(newer)).toMatchObject({
      ok: false,
      code: 'unsupported_version',
      message: expect.stringContaining('newer PBXScope'),
    });

    const greedy = bundlePrefix({
      compression: 'gzip',
      encryption: {
        cipher: 'aes-256-gcm',
        kdf: 'scrypt',
        N: 2 ** 30,
        r: 8,
        p: 1,
        salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
        iv: 'AAAAAAAAAAAAAAAA',
        keyCheck: 'AAAAAAAAAAAAAAAAAAAAAA==',
      },
    });
    const started = Date.now();
    expect(decodeBundle(Buffer.concat([greedy, Buffer.alloc(32)]), PASS)).toMatchObject({
      ok: false,
      code: 'corrupt_bundle',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
