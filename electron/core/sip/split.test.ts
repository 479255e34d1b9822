import { describe, expect, it } from 'vitest';
import { splitSipStream, MAX_SIP_HEADER_BYTES, MAX_SIP_BODY_BYTES } from './split.ts';

const msg = (body: string, cl: string | null = String(Buffer.byteLength(body)), name = 'Content-Length'): Buffer =>
  Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nCall-ID: 1\r\n${cl === null ? '' : `${name}: ${cl}\r\n`}\r\n${body}`);

describe('splitting a SIP stream', () => {
  it('cuts back-to-back messages by Content-Length and returns the unfinished rest', () => {
    const a = msg('hello');
    const b = msg('wörld'); // multi-byte: Content-Length counts bytes
    const c = msg('partial body');
    const stream = Buffer.concat([a, b, c.subarray(0, c.length - 3)]);
    const r = splitSipStream(stream);
    expect(r.ok).toBe(true);
    expect(r.messages.map((m) => m.toString())).toEqual([a.toString(), b.toString()]);
    expect(r.rest.equals(c.subarray(0, c.length - 3))).toBe(true);
  });

  it('gives every message once, whatever the read boundaries', () => {
    const all = [msg('one'), msg(''), msg('four', '4', 'l'), msg('fünf')];
    const stream = Buffer.concat(all);
    for (const size of [1, 2, 5, 17, stream.length]) {
      let buf = Buffer.alloc(0);
      const got: string[] = [];
      for (let off = 0; off < stream.length; off += size) {
        buf = Buffer.concat([buf, stream.subarray(off, off + size)]);
        const r = splitSipStream(buf);
        expect(r.ok).toBe(true);
        got.push(...r.messages.map((m) => m.toString()));
        buf = Buffer.from(r.rest);
      }
      expect(got).toEqual(all.map((m) => m.toString()));
      expect(buf.length).toBe(0);
    }
  });

  it('takes a message without Content-Length (mandatory on streams, RFC 3261 §18.3) as having no body', () => {
    const r = splitSipStream(Buffer.concat([msg('', null), msg('x')]));
    expect(r.messages.map((m) => m.toString())).toEqual([msg('', null).toString(), msg('x').toString()]);
  });

  it('skips CRLF keep-alives between messages', () => {
    const r = splitSipStream(Buffer.concat([Buffer.from('\r\n\r\n'), msg('x'), Buffer.from('\r\n')]));
    expect(r.messages).toHaveLength(1);
    expect(r.rest.length).toBe(0);
  });

  it('fails on a Content-Length that is not a number or that disagrees with a second one', () => {
    const bad = splitSipStream(msg('x', 'abc'));
    expect(!bad.ok && bad.error.code).toBe('bad_content_length');
    const two = splitSipStream(Buffer.from('OPTIONS sip:a SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nxx'));
    expect(!two.ok && two.error.code).toBe('bad_content_length');
  });

  it('fails when headers never end or the body is larger than allowed, keeping messages cut before', () => {
    const good = msg('ok');
    const endless = splitSipStream(Buffer.concat([good, Buffer.alloc(MAX_SIP_HEADER_BYTES + 10, 'a')]));
    expect(!endless.ok && endless.error.code).toBe('headers_too_large');
    expect(endless.messages).toHaveLength(1);
    const huge = splitSipStream(msg('', String(MAX_SIP_BODY_BYTES + 1)));
    expect(!huge.ok && huge.error.code).toBe('body_too_large');
  });
});
