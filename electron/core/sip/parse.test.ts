import { describe, expect, it } from 'vitest';
import { header, headerValues, parseSip } from './parse.ts';

const crlf = (...lines: string[]): string => lines.join('\r\n');

const SDP = crlf(
  'v=0',
  'o=- 1 1 IN IP4 10.0.0.5',
  's=-',
  'c=IN IP4 10.0.0.5',
  't=0 0',
  'm=audio 30000 RTP/AVP 8 0 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
);

const INVITE = crlf(
  'INVITE sip:+4930555@gw.example.com:5060;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'From: "Alice A" <sip:alice@pbx.example.com>;tag=1928301774',
  'To: <sip:+4930555@gw.example.com>',
  'Call-ID: a84b4c76e66710@pc33.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@10.0.0.5:5060;transport=udp>',
  'P-Asserted-Identity: "Alice" <sip:+4930111@pbx.example.com>, <tel:+4930111>',
  'User-Agent: Asterisk PBX 22.1.0',
  'X-CID: leg-a-42',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(SDP)}`,
  '',
  SDP,
);

describe('SIP requests', () => {
  it('parses start line, indexed headers, body and SDP of an INVITE', () => {
    const m = parseSip(Buffer.from(INVITE));
    expect(m.malformed).toBeUndefined();
    expect(m).toMatchObject({
      kind: 'request',
      method: 'INVITE',
      requestUri: 'sip:+4930555@gw.example.com:5060;user=phone',
      uri: { scheme: 'sip', user: '+4930555', host: 'gw.example.com', port: 5060, params: { user: 'phone' } },
      callId: 'a84b4c76e66710@pc33.example.com',
      cseq: { seq: 314159, method: 'INVITE' },
      from: { display: 'Alice A', user: 'alice', host: 'pbx.example.com', tag: '1928301774' },
      to: { uri: 'sip:+4930555@gw.example.com', user: '+4930555' },
      userAgent: 'Asterisk PBX 22.1.0',
      maxForwards: 70,
      contentType: 'application/sdp',
      contentLength: Buffer.byteLength(SDP),
    });
    expect(m.to?.tag).toBeUndefined();
    expect(m.via).toHaveLength(1);
    expect(m.via[0]).toMatchObject({
      transport: 'UDP',
      host: '10.0.0.5',
      port: 5060,
      branch: 'z9hG4bK776asdhds',
      rport: undefined,
    });
    expect(m.via[0]?.params).toEqual({ branch: 'z9hG4bK776asdhds', rport: '' });
    expect(m.contact.map((c) => [c.user, c.host, c.port])).toEqual([['alice', '10.0.0.5', 5060]]);
    expect(m.pai.map((p) => p.user)).toEqual(['+4930111', '+4930111']);
    expect(m.body.toString()).toBe(SDP);
    expect(m.sdp).toEqual({
      connection: '10.0.0.5',
      sessionDirection: 'sendrecv',
      media: [
        {
          type: 'audio',
          port: 30000,
          proto: 'RTP/AVP',
          codecs: ['PCMA', 'PCMU', 'telephone-event'],
          direction: 'sendrecv',
        },
      ],
    });
  });

  it('keeps the raw bytes and the body as views of the payload, not copies', () => {
    const buf = Buffer.from(INVITE);
    const m = parseSip(buf);
    expect(m.raw).toBe(buf);
    expect(m.body.buffer).toBe(buf.buffer);
  });

  it('reads every compact header form', () => {
    const m = parseSip(
      crlf(
        'SUBSCRIBE sip:bob@b.example SIP/2.0',
        'v: SIP/2.0/TCP client.example:5060;branch=z9hG4bK-c',
        'f: <sip:alice@a.example>;tag=aa',
        't: <sip:bob@b.example>',
        'i: compact-1@a.example',
        'CSeq: 7 SUBSCRIBE',
        'm: <sip:alice@client.example>',
        's: status',
        'k: 100rel',
        'o: presence',
        'r: <sip:carol@c.example>',
        'b: <sip:alice@a.example>',
        'u: presence, dialog',
        'x: 1800;refresher=uac',
        'y: abc',
        'e: gzip',
        'c: text/plain',
        'l: 5',
        '',
        'hello',
      ),
    );
    expect(m.malformed).toBeUndefined();
    expect([
      m.callId,
      m.from?.tag,
      m.to?.user,
      m.contact[0]?.host,
      m.via[0]?.transport,
      m.contentType,
      m.contentLength,
    ]).toEqual(['compact-1@a.example', 'aa', 'bob', 'client.example', 'TCP', 'text/plain', 5]);
    expect(m.headers.map((h) => h.name)).toEqual([
      'via',
      'from',
      'to',
      'call-id',
      'cseq',
      'contact',
      'subject',
      'supported',
      'event',
      'refer-to',
      'referred-by',
      'allow-events',
      'session-expires',
      'identity',
      'content-encoding',
      'content-type',
      'content-length',
    ]);
    expect(header(m, 'Session-Expires')).toBe('1800;refresher=uac');
    expect(header(m, 'x')).toBe('1800;refresher=uac');
    expect(m.body.toString()).toBe('hello');
  });

  it('joins folded header lines (LWS continuation) with one space', () => {
    const m = parseSip(
      crlf(
        'OPTIONS sip:x@y SIP/2.0',
        'Via: SIP/2.0/UDP a.example;branch=z9hG4bK1,',
        '  SIP/2.0/UDP b.example;branch=z9hG4bK2',
        'Subject: I know you are there,',
        '\tpick up the phone',
        'From: <sip:a@a>;tag=1',
        'To: <sip:x@y>',
        'Call-ID: fold',
        'CSeq: 1 OPTIONS',
        '',
        '',
      ),
    );
    expect(m.malformed).toBeUndefined();
    expect(header(m, 'subject')).toBe('I know you are there, pick up the phone');
    expect(m.via.map((v) => v.host)).toEqual(['a.example', 'b.example']);
  });

  it('keeps Vias in order across comma lists and separate headers, and repeated headers in order', () => {
    const m = parseSip(
      crlf(
        'BYE sip:b@b SIP/2.0',
        'Via: SIP/2.0/UDP p1.example;branch=z9hG4bKp1, SIP/2.0/TCP p2.example;branch=z9hG4bKp2',
        'Record-Route: <sip:p1.example;lr>',
        'Via: SIP/2.0/UDP ua.example;branch=z9hG4bKua;received=192.0.2.4;rport=5062',
        'Record-Route: <sip:p2.example;lr>',
        'From: <sip:a@a>;tag=1',
        'To: <sip:b@b>;tag=2',
        'Call-ID: rep',
        'CSeq: 2 BYE',
        'Reason: Q.850;cause=16;text="Normal call clearing"',
        'Content-Length: 0',
        '',
        '',
      ),
    );
    expect(m.via.map((v) => v.branch)).toEqual(['z9hG4bKp1', 'z9hG4bKp2', 'z9hG4bKua']);
    expect(m.via[2]).toMatchObject({ received: '192.0.2.4', rport: 5062 });
    expect(headerValues(m, 'record-route')).toEqual(['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
    expect(headerValues(m, 'v')).toHaveLength(2);
    expect(m.reasons).toEqual([
      {
        protocol: 'Q.850',
        cause: 16,
        text: 'Normal call clearing',
        params: { cause: '16', text: 'Normal call clearing' },
      },
    ]);
  });

  it('matches header names case-insensitively and exposes correlation headers through the accessor', () => {
    const m = parseSip(INVITE.replace('Call-ID:', 'cAlL-iD:').replace('X-CID: leg-a-42', 'x-call-id:   leg-b-7  '));
    expect(m.callId).toBe('a84b4c76e66710@pc33.example.com');
    expect(header(m, 'X-Call-ID')).toBe('leg-b-7');
    expect(header(m, 'X-CID')).toBeUndefined();
    expect(header(parseSip(INVITE), 'x-cid')).toBe('leg-a-42');
  });

  it('skips CRLF keep-alives before the start line and accepts bare LF line ends', () => {
    const lfSdp = SDP.replaceAll('\r\n', '\n');
    const lf = INVITE.replaceAll('\r\n', '\n').replace(
      /Content-Length: \d+/,
      `Content-Length: ${Buffer.byteLength(lfSdp)}`,
    );
    const m = parseSip('\r\n\r\n' + lf);
    expect(m.malformed).toBeUndefined();
    expect(m.method).toBe('INVITE');
    expect(m.sdp?.media[0]?.port).toBe(30000);
    expect(m.body.toString()).toBe(lfSdp);
  });

  it('counts Content-Length in bytes for a string with multi-byte characters', () => {
    const body = 'Grüße 😀';
    const m = parseSip(
      crlf(
        'MESSAGE sip:b@b SIP/2.0',
        'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
        'From: "Jürgen" <sip:j@a>;tag=1',
        'To: <sip:b@b>',
        'Call-ID: u',
        'CSeq: 1 MESSAGE',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ),
    );
    expect(m.malformed).toBeUndefined();
    expect(m.from?.display).toBe('Jürgen');
    expect(m.body.toString()).toBe(body);
  });

  it('finds the SDP inside a multipart body (SIP-I)', () => {
    const body = crlf(
      '--b1',
      'Content-Type: application/sdp',
      '',
      SDP,
      '--b1',
      'Content-Type: application/isup;version=itu-t92+',
      '',
      'ISUP',
      '--b1--',
      '',
    );
    const m = parseSip(
      INVITE.replace('Content-Type: application/sdp', 'Content-Type: multipart/mixed;boundary=b1')
        .replace(/Content-Length: \d+/, `Content-Length: ${Buffer.byteLength(body)}`)
        .replace(SDP, body),
    );
    expect(m.contentType).toBe('multipart/mixed');
    expect(m.sdp?.media[0]?.codecs).toEqual(['PCMA', 'PCMU', 'telephone-event']);
  });
});

describe('SIP responses', () => {
  const resp = (start: string): string =>
    crlf(
      start,
      'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
      'From: <sip:a@a>;tag=1',
      'To: <sip:b@b>;tag=2',
      'Call-ID: r',
      'CSeq: 1 INVITE',
      'Server: Kamailio (5.6.3)',
      'Content-Length: 0',
      '',
      '',
    );

  it('reads status code and reason phrase', () => {
    const m = parseSip(resp('SIP/2.0 486 Busy Here'));
    expect(m).toMatchObject({
      kind: 'response',
      statusCode: 486,
      reasonPhrase: 'Busy Here',
      server: 'Kamailio (5.6.3)',
      cseq: { seq: 1, method: 'INVITE' },
    });
    expect(m.method).toBeUndefined();
    expect(m.malformed).toBeUndefined();
  });

  it('reads a response with no reason phrase', () => {
    for (const start of ['SIP/2.0 200', 'SIP/2.0 200 ']) {
      const m = parseSip(resp(start));
      expect(m.statusCode).toBe(200);
      expect(m.reasonPhrase).toBe('');
      expect(m.malformed).toBeUndefined();
    }
  });

  it('flags a status line with a bad code', () => {
    for (const start of ['SIP/2.0 2000 OK', 'SIP/2.0 OK', 'SIP/2.0 099 Too low']) {
      const m = parseSip(resp(start));
      expect(m.kind).toBe('response');
      expect(m.malformed).toMatch(/bad status line/);
      expect(m.callId).toBe('r');
    }
  });
});

describe('broken messages are kept and flagged', () => {
  it('flags a missing Call-ID but keeps everything else', () => {
    const m = parseSip(INVITE.replace('Call-ID: a84b4c76e66710@pc33.example.com\r\n', ''));
    expect(m.malformed).toBe('missing Call-ID');
    expect(m.callId).toBeUndefined();
    expect(m.method).toBe('INVITE');
    expect(m.from?.tag).toBe('1928301774');
    expect(m.sdp?.media).toHaveLength(1);
    expect(m.raw.toString()).toContain('INVITE sip:');
  });

  it('flags each other missing mandatory header', () => {
    for (const [line, label] of [
      ['CSeq: 314159 INVITE', 'CSeq'],
      ['From: "Alice A" <sip:alice@pbx.example.com>;tag=1928301774', 'From'],
      ['To: <sip:+4930555@gw.example.com>', 'To'],
      ['Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;rport', 'Via'],
    ]) {
      expect(parseSip(INVITE.replace(`${line}\r\n`, '')).malformed).toBe(`missing ${label}`);
    }
  });

  it('keeps binary garbage raw, flagged, without throwing', () => {
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x80, 0x3a, 0x0d, 0x0a, 0x0d, 0x0a, 0x01]);
    const m = parseSip(garbage);
    expect(m.kind).toBe('unknown');
    expect(m.malformed).toMatch(/not a SIP start line/);
    expect(m.raw).toBe(garbage);
    expect(parseSip(Buffer.alloc(0)).malformed).toBe('empty message');
    expect(parseSip('\r\n\r\n').malformed).toBe('empty message');
  });

  it('flags a Content-Length beyond the bytes present and keeps what there is', () => {
    const m = parseSip(INVITE.replace(/Content-Length: \d+/, 'Content-Length: 9999'));
    expect(m.malformed).toMatch(/Content-Length 9999 but only \d+ body bytes/);
    expect(m.body.toString()).toBe(SDP);
  });

  it('cuts the body at Content-Length when more bytes follow', () => {
    const m = parseSip(INVITE + 'TRAILING');
    expect(m.malformed).toBeUndefined();
    expect(m.body.toString()).toBe(SDP);
  });

  it('flags headers with no blank line after them, a header line without colon and a bad CSeq', () => {
    expect(parseSip('OPTIONS sip:a SIP/2.0\r\nCall-ID: x').malformed).toBe('no blank line after the headers');
    expect(parseSip(INVITE.replace('Max-Forwards: 70', 'Max-Forwards 70')).malformed).toMatch(
      /header line without a name and colon/,
    );
    expect(parseSip(INVITE.replace('CSeq: 314159 INVITE', 'CSeq: INVITE')).malformed).toMatch(/bad CSeq/);
  });

  it('flags a CSeq method that differs from the request method', () => {
    expect(parseSip(INVITE.replace('CSeq: 314159 INVITE', 'CSeq: 314159 BYE')).malformed).toBe(
      'CSeq method BYE does not match request method INVITE',
    );
  });

  it('flags two different Call-IDs', () => {
    expect(parseSip(INVITE.replace('Max-Forwards: 70', 'i: other')).malformed).toBe('two different Call-IDs');
  });
});
