import { describe, expect, it } from 'vitest';
import type { CallSummary, RedactOptions } from '../../../shared/domain.ts';
import { parseSip, header } from '../sip/parse.ts';
import type { ExportMessage } from './model.ts';
import { Redactor } from './redact.ts';
import { numberMask } from './redact-masks.ts';

const ALL: RedactOptions = { numbers: true, ips: true, auth: true, sdp: true };

function sdpBody(addr: string, family = 'IP4'): string {
  return `v=0\r\no=alice 2890844526 2890844526 IN ${family} ${addr}\r\ns=-\r\nc=IN ${family} ${addr}\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtcp:49171 IN ${family} ${addr}\r\n`;
}

function invite(body = sdpBody('10.20.30.40')): string {
  return (
    'INVITE sip:+15551234567@10.0.0.2:5060;user=phone SIP/2.0\r\n' +
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;received=10.0.0.1\r\n' +
    'Via: SIP/2.0/TCP [2001:db8:aaaa::7]:5061;branch=z9hG4bKx\r\n' +
    'From: "Alice Smith" <sip:alice@example.com>;tag=1928301774\r\n' +
    'To: Bob <sip:+15551234567@example.com;user=phone>\r\n' +
    'Call-ID: a84b4c76e66710@10.0.0.1\r\n' +
    'CSeq: 314159 INVITE\r\n' +
    'Contact: <sip:alice@10.0.0.1:5060;transport=udp>, "Alice Mobile" <sip:alice:s3cret@[2001:db8:aaaa::7]>\r\n' +
    'P-Asserted-Identity: <tel:+1-555-987-6543;phone-context=example.com>\r\n' +
    'Proxy-Authorization: Digest username="alice", realm="example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",\r\n' +
    ' uri="sip:+15551234567@example.com", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"\r\n' +
    'User-Agent: Asterisk PBX 22.10.1\r\n' +
    'Date: Sat, 21 Nov 2026 09:40:00 GMT\r\n' +
    'Content-Type: application/sdp\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    '\r\n' +
    body
  );
}

let id = 0;
function message(raw: string | Buffer, over: Partial<ExportMessage> = {}): ExportMessage {
  return {
    id: ++id,
    ts: 1_700_000_000_000_000 + id,
    callId: 'a84b4c76e66710@10.0.0.1',
    method: 'INVITE',
    cseq: 314159,
    cseqMethod: 'INVITE',
    srcIp: '10.0.0.1',
    srcPort: 5060,
    dstIp: '10.0.0.2',
    dstPort: 5060,
    transport: 'udp',
    retransmission: false,
    raw: typeof raw === 'string' ? Buffer.from(raw) : raw,
    ...over,
  };
}

function redactAll(
  opts: RedactOptions,
  messages: ExportMessage[],
  calls: CallSummary[] = [],
): { r: Redactor; messages: ExportMessage[]; calls: CallSummary[] } {
  const r = new Redactor(opts);
  for (const m of messages) r.observeMessage(m);
  for (const c of calls) r.observeCall(c);
  return { r, messages: messages.map((m) => r.message(m)), calls: calls.map((c) => r.call(c)) };
}

function call(over: Partial<CallSummary> = {}): CallSummary {
  return {
    callId: 'a84b4c76e66710@10.0.0.1',
    method: 'INVITE',
    state: 'answered',
    startedAt: 1,
    updatedAt: 2,
    from: 'alice',
    to: '+15551234567',
    fromUri: 'sip:alice@example.com',
    toUri: 'sip:+15551234567@example.com;user=phone',
    srcIp: '10.0.0.1',
    srcPort: 5060,
    dstIp: '10.0.0.2',
    dstPort: 5060,
    messageCount: 1,
    retransmissions: 0,
    capture: 0,
    ...over,
  };
}

describe('redaction of a SIP message', () => {
  it('leaves no original number, address or credential and keeps the message parseable', () => {
    const { messages } = redactAll(ALL, [message(invite())]);
    const out = messages[0]!.raw.toString('utf8');
    for (const original of [
      '15551234567',
      '555-987-6543',
      'alice',
      'Alice Smith',
      'Alice Mobile',
      'Bob',
      's3cret',
      '10.0.0.1',
      '10.0.0.2',
      '10.20.30.40',
      '2001:db8:aaaa::7',
      'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      '6629fae49393a05397450978507c4ef1',
      '0a4f113b',
      'example.com"',
    ]) {
      expect(out, original).not.toContain(original);
    }
    const parsed = parseSip(out);
    expect(parsed.malformed).toBeUndefined();
    expect(parsed.method).toBe('INVITE');
    expect(parsed.sdp?.connection).toMatch(/^192\.0\.2\.\d+$/);
    expect(parsed.contentLength).toBe(parsed.body.length);
    // How the credentials were formed stays visible; who and what does not.
    expect(header(parsed, 'proxy-authorization')).toMatch(
      /^Digest username="\[removed\]", realm="\[removed\]", nonce="\[removed\]", uri="\[removed\]", response="\[removed\]", algorithm=MD5, qop=auth, nc=00000001, cnonce="\[removed\]"$/,
    );
    // What is not personal survives byte for byte.
    expect(out).toContain('Date: Sat, 21 Nov 2026 09:40:00 GMT\r\n');
    expect(out).toContain('User-Agent: Asterisk PBX 22.10.1\r\n');
    expect(out).toContain('CSeq: 314159 INVITE\r\n');
    expect(out).toContain(';branch=z9hG4bK776asdhds;');
  });

  it('gives the same value the same mask everywhere in one export and different values different masks', () => {
    const { messages } = redactAll({ numbers: true, ips: true }, [
      message(invite()),
      message(invite(sdpBody('10.0.0.1'))),
    ]);
    const [a, b] = messages.map((m) => parseSip(m.raw));
    expect(a!.uri?.user).toBe(b!.uri?.user);
    expect(a!.to?.user).toBe(a!.uri?.user); // +15551234567 in the R-URI and in To
    expect(a!.from?.user).not.toBe(a!.to?.user);
    expect(a!.via[0]!.host).toBe(b!.sdp?.connection); // 10.0.0.1 in Via and in the second SDP
    expect(a!.via[0]!.host).not.toBe(a!.sdp?.connection);
    expect(a!.via[0]!.params.received).toBe(a!.via[0]!.host);
    expect(a!.via[1]!.host).toMatch(/^2001:db8::[0-9a-f]+$/);
  });

  it('masks phone numbers as digits of the same length and names as user-NNNN', () => {
    const { messages } = redactAll({ numbers: true }, [message(invite())]);
    const p = parseSip(messages[0]!.raw);
    expect(p.uri?.user).toBe(numberMask('+15551234567', 0));
    expect(p.uri?.user).toMatch(/^\+\d{11}$/);
    expect(p.from?.user).toMatch(/^user-\d{4}$/);
    expect(p.from?.display).toMatch(/^user-\d{4}$/);
    expect(p.pai[0]!.uri).toMatch(/^tel:\+\d{11};phone-context=example\.com$/);
    // With ips off the addresses stay.
    expect(p.via[0]!.host).toBe('10.0.0.1');
  });

  it('masks only SDP addresses when only sdp is chosen, and fixes Content-Length when the body length changes', () => {
    const body = sdpBody('2001:db8:1234:5678:9abc:def0:1234:5678', 'IP6');
    const { messages, r } = redactAll({ sdp: true }, [message(invite(body))]);
    const out = messages[0]!.raw.toString('utf8');
    const p = parseSip(out);
    expect(p.sdp?.connection).toBe('2001:db8::1');
    expect(out).not.toContain('2001:db8:1234:5678:9abc:def0:1234:5678');
    expect(p.via[0]!.host).toBe('10.0.0.1');
    expect(p.contentLength).toBe(
      Buffer.byteLength(body) - ('2001:db8:1234:5678:9abc:def0:1234:5678'.length - '2001:db8::1'.length) * 3,
    );
    expect(p.body.length).toBe(p.contentLength);
    expect(p.malformed).toBeUndefined();
    expect(r.preview()).toEqual([
      { kind: 'sdp', original: '2001:db8:1234:5678:9abc:def0:1234:5678', masked: '2001:db8::1', count: 3 },
    ]);
  });

  it('keeps a Content-Length that was already wrong off by the same amount', () => {
    const body = sdpBody('10.20.30.40');
    const raw = invite(body).replace(`Content-Length: ${body.length}`, `Content-Length: ${body.length + 5}`);
    const { messages } = redactAll({ sdp: true }, [message(raw)]);
    const p = parseSip(messages[0]!.raw);
    expect(p.contentLength).toBe(p.body.length + 5);
  });

  it('never hands out a mask that is itself an address of the trace', () => {
    const first = message(invite(sdpBody('192.0.2.1')), { srcIp: '192.0.2.2' });
    const { messages, r } = redactAll({ ips: true, sdp: true }, [first]);
    const items = r.preview();
    const masks = items.map((i) => i.masked);
    expect(new Set(masks).size).toBe(masks.length);
    for (const item of items) expect(items.map((i) => i.original)).not.toContain(item.masked);
    expect(messages[0]!.raw.toString()).not.toMatch(/(?<![\d.])192\.0\.2\.[12](?!\d)/);
    expect(messages[0]!.srcIp).not.toMatch(/^192\.0\.2\.[12]$/);
  });

  it('leaves ports, versions, times, hex words and the unspecified address alone', () => {
    const raw = invite(sdpBody('0.0.0.0')).replace(
      'User-Agent: Asterisk PBX 22.10.1',
      'User-Agent: phone 1.2.3 fw 00:11:22:33:44:55 build deadbeef:cafe',
    );
    const { messages } = redactAll({ ips: true }, [message(raw)]);
    const out = messages[0]!.raw.toString();
    expect(out).toContain('User-Agent: phone 1.2.3 fw 00:11:22:33:44:55 build deadbeef:cafe\r\n');
    expect(out).toContain('c=IN IP4 0.0.0.0\r\n');
    expect(out).toMatch(/Via: SIP\/2\.0\/UDP 192\.0\.2\.\d+:5060;branch/);
  });

  it('masks the IPv4 inside an IPv4-mapped IPv6 address like the same host written plainly', () => {
    const raw =
      'OPTIONS sip:x@[::ffff:10.0.0.1] SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKa\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
    const { messages } = redactAll({ ips: true }, [message(raw, { srcIp: '::ffff:10.0.0.1' })]);
    const m = messages[0]!;
    const mask = parseSip(m.raw).via[0]!.host;
    expect(m.raw.toString()).toContain(`[::ffff:${mask}]`);
    expect(m.srcIp).toBe(`::ffff:${mask}`);
  });

  it('keeps every byte outside the masked values when the payload is not UTF-8', () => {
    const head = Buffer.from(
      'MESSAGE sip:bob@10.0.0.2 SIP/2.0\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Length: 4\r\n\r\n',
    );
    const raw = Buffer.concat([head, Buffer.from([0xff, 0xfe, 0x00, 0x80])]);
    const { messages } = redactAll({ ips: true }, [message(raw)]);
    const out = messages[0]!.raw;
    expect(out.subarray(out.length - 4)).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    expect(out.toString('latin1')).toMatch(/^MESSAGE sip:bob@192\.0\.2\.\d+ SIP\/2\.0\r\n/);
  });

  it('masks a known phone number wherever its digits appear again, with or without the +', () => {
    const raw = invite()
      .replace('Call-ID: a84b4c76e66710@10.0.0.1', 'Call-ID: 15551234567-77@10.0.0.1')
      .replace(
        'User-Agent:',
        'X-Original-Called: +15551234567\r\nSubject: call 5551234 CSeq-like 314159\r\nUser-Agent:',
      );
    const m = message(raw, { callId: '15551234567-77@10.0.0.1' });
    const { messages } = redactAll({ numbers: true }, [m]);
    const out = messages[0]!.raw.toString();
    const mask = numberMask('+15551234567', 0);
    expect(out).not.toContain('15551234567');
    expect(out).toContain(`X-Original-Called: ${mask}\r\n`);
    expect(out).toContain(`Call-ID: ${mask.slice(1)}-77@10.0.0.1\r\n`);
    expect(messages[0]!.callId).toBe(parseSip(out).callId);
    // Digit runs that are not a known number stay.
    expect(out).toContain('Subject: call 5551234 CSeq-like 314159\r\n');
  });

  it('masks the digest username as a user when numbers are chosen but auth is not', () => {
    const { messages } = redactAll({ numbers: true }, [message(invite())]);
    const auth = header(parseSip(messages[0]!.raw), 'proxy-authorization')!;
    expect(auth).toMatch(
      /^Digest username="user-\d{4}", realm="example\.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",/,
    );
    expect(auth).not.toContain('alice');
  });

  it('drops a password written into a URI when auth is chosen, even with numbers left alone', () => {
    const raw =
      'REGISTER sip:example.com SIP/2.0\r\nContact: <sip:alice:hunter2@10.0.0.1>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n';
    const { messages, r } = redactAll({ auth: true }, [message(raw)]);
    expect(messages[0]!.raw.toString()).toContain('Contact: <sip:alice@10.0.0.1>\r\n');
    expect(r.preview()).toEqual([{ kind: 'auth', original: 'hunter2', masked: 'password="[removed]"', count: 1 }]);
  });

  it('removes Basic credentials whole', () => {
    const raw =
      'REGISTER sip:example.com SIP/2.0\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n';
    const { messages } = redactAll({ auth: true }, [message(raw)]);
    expect(messages[0]!.raw.toString()).toContain('Authorization: Basic [removed]\r\n');
  });
});

describe('redaction of stored fields', () => {
  it('masks call and message metadata exactly as the raw text is masked', () => {
    const m = message(invite());
    const { messages, calls } = redactAll(ALL, [m], [call()]);
    const parsed = parseSip(messages[0]!.raw);
    expect(messages[0]!.callId).toBe(parsed.callId);
    expect(calls[0]!.callId).toBe(parsed.callId);
    expect(calls[0]!.from).toBe(parsed.from?.user);
    expect(calls[0]!.to).toBe(parsed.to?.user);
    expect(calls[0]!.toUri).toBe(parsed.to?.uri);
    expect(messages[0]!.srcIp).toBe(parsed.via[0]!.host);
    expect(calls[0]!.srcIp).toBe(messages[0]!.srcIp);
    expect(messages[0]!.dstIp).toBe(parsed.uri?.host);
  });

  it('previews every masked value with its mask and how often it occurs, and changes nothing when no option is chosen', () => {
    const m = message(invite());
    const r = new Redactor(ALL);
    r.observeMessage(m);
    const preview = r.preview();
    expect(preview.find((i) => i.kind === 'number' && i.original === '+15551234567')).toMatchObject({
      masked: numberMask('+15551234567', 0),
      count: 3,
    });
    const via = preview.find((i) => i.kind === 'ip' && i.original === '10.0.0.1')!;
    expect(via.masked).toMatch(/^192\.0\.2\.\d+$/);
    expect(r.message(m).raw.toString()).toContain(`Via: SIP/2.0/UDP ${via.masked}:5060;`);
    expect(preview.find((i) => i.kind === 'auth' && i.original.startsWith('nonce='))).toMatchObject({
      masked: 'nonce="[removed]"',
      count: 1,
    });
    expect(preview.map((i) => i.kind)).toEqual(
      [...preview.map((i) => i.kind)].sort(
        (a, b) => ['number', 'ip', 'sdp', 'auth'].indexOf(a) - ['number', 'ip', 'sdp', 'auth'].indexOf(b),
      ),
    );
    // The mask of a value is what the rewrite then writes.
    expect(r.message(m).raw.toString()).toContain(`sip:${numberMask('+15551234567', 0)}@`);

    const none = new Redactor({});
    none.observeMessage(m);
    expect(none.active).toBe(false);
    expect(none.message(m)).toBe(m);
    expect(none.preview()).toEqual([]);
  });
});
