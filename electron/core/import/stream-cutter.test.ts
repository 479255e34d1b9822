import { describe, expect, it } from 'vitest';
import { encodeHep3 } from '../hep/encode.ts';
import { MAX_RESYNC_BYTES, MAX_STREAM_BUFFER_BYTES, StreamCutter, type StreamMessage } from './stream-cutter.ts';

const msg = (line: string, body = ''): string =>
  `${line}\r\nVia: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK${line.length}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const INVITE = msg('INVITE sip:bob@example.com SIP/2.0', 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n');
const RINGING = msg('SIP/2.0 180 Ringing');
const OK = msg('SIP/2.0 200 OK', 'v=0\r\n');

function texts(out: StreamMessage[]): string[] {
  return out.map((m) => `${m.kind}:${m.bytes.toString('latin1')}`);
}

function pushAll(c: StreamCutter, data: string, sizes: number[]): StreamMessage[] {
  const all: StreamMessage[] = [];
  const buf = Buffer.from(data, 'latin1');
  for (let off = 0, i = 0; off < buf.length; i++) {
    const n = sizes[i % sizes.length]!;
    // Copied as each message is taken: bytes are only valid until the next push.
    all.push(...c.push(buf.subarray(off, off + n)).map((m) => ({ kind: m.kind, bytes: Buffer.from(m.bytes) })));
    off += n;
  }
  return all;
}

describe('stream cutter', () => {
  it('cuts SIP messages however the stream is split, keep-alive CRLFs included', () => {
    const stream = INVITE + '\r\n\r\n' + RINGING + OK;
    for (const sizes of [[1], [7, 300], [stream.length]]) {
      const c = new StreamCutter();
      expect(texts(pushAll(c, stream, sizes))).toEqual([`sip:${INVITE}`, `sip:${RINGING}`, `sip:${OK}`]);
      expect(c.mode).toBe('sip');
      expect(c.bufferedBytes).toBe(0);
    }
  });

  it('joins a stream mid-message at the next start line', () => {
    const c = new StreamCutter();
    const out = pushAll(c, INVITE.slice(40) + RINGING + OK, [50]);
    expect(texts(out)).toEqual([`sip:${RINGING}`, `sip:${OK}`]);
  });

  it('after a gap drops the broken message and resumes at the next start line', () => {
    const c = new StreamCutter();
    expect(texts(c.push(Buffer.from(INVITE.slice(0, 30))))).toEqual([]);
    c.gap();
    expect(c.bufferedBytes).toBe(0);
    expect(texts(pushAll(c, INVITE.slice(60) + OK, [13]))).toEqual([`sip:${OK}`]);
  });

  it('skips a message with a broken Content-Length and keeps the ones after it', () => {
    const c = new StreamCutter();
    // Where its body ends is unknown: the next start line is found at the next line start.
    const bad = 'MESSAGE sip:a SIP/2.0\r\nContent-Length: lots\r\n\r\nhello\r\n';
    expect(texts(pushAll(c, RINGING + bad + OK, [64]))).toEqual([`sip:${RINGING}`, `sip:${OK}`]);
    expect(c.dropped).toBe(1);
  });

  it('frames HEP3 packets by their length, across pushes', () => {
    const packets = [INVITE, OK].map((p) => {
      const r = encodeHep3({
        ipProto: 6,
        protoType: 1,
        srcIp: '10.0.0.1',
        dstIp: '10.0.0.2',
        srcPort: 5060,
        dstPort: 5060,
        tsUs: 1,
        payload: p,
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.packet;
    });
    const c = new StreamCutter();
    const out = pushAll(c, Buffer.concat(packets).toString('latin1'), [5, 90]);
    expect(out.map((m) => m.kind)).toEqual(['hep', 'hep']);
    expect(out.map((m) => m.bytes.equals(packets[out.indexOf(m)]!))).toEqual([true, true]);
    expect(c.mode).toBe('hep');
  });

  it('gives up on a stream that shows no SIP or HEP and buffers nothing more of it', () => {
    const c = new StreamCutter();
    const http = 'GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n'.repeat(1000);
    expect(pushAll(c, http, [1400])).toEqual([]);
    expect(http.length).toBeGreaterThan(MAX_RESYNC_BYTES);
    expect(c.mode).toBe('other');
    expect(c.bufferedBytes).toBe(0);
    expect(c.push(Buffer.from(OK))).toEqual([]);
  });

  it('drops an unfinished message that outgrows the stream buffer and resynchronises', () => {
    const c = new StreamCutter();
    const huge = `MESSAGE sip:a SIP/2.0\r\nContent-Length: 100\r\nX-Filler: ${'x'.repeat(MAX_STREAM_BUFFER_BYTES)}`;
    pushAll(c, huge, [64 * 1024]);
    expect(c.bufferedBytes).toBeLessThanOrEqual(MAX_STREAM_BUFFER_BYTES);
    // Resynchronising finds start lines at line starts: the skipped body ends with one here.
    expect(texts(pushAll(c, `\r\n\r\n${'y'.repeat(98)}\r\n${OK}`, [4096]))).toEqual([`sip:${OK}`]);
  });
});
