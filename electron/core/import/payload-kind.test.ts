import { describe, expect, it } from 'vitest';
import { encodeHep3, encodeHepLegacy } from '../hep/encode.ts';
import { classifyDatagram, findSipStart, isSipStartLine } from './payload-kind.ts';
import { fixtureDatagrams } from './test-frames.ts';

const INVITE =
  'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n';
const OK = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n';

describe('payload kind', () => {
  it('takes every datagram of the HEP fixture for HEP and every one of the SIP fixture for SIP', () => {
    expect(new Set(fixtureDatagrams('hep/kamailio-calls.pcap').map((d) => classifyDatagram(d.payload)))).toEqual(
      new Set(['hep']),
    );
    expect(new Set(fixtureDatagrams('sip/kamailio-sip.pcap').map((d) => classifyDatagram(d.payload)))).toEqual(
      new Set(['sip']),
    );
  });

  it('recognises HEPv2 by a header that decodes, not by its first byte alone', () => {
    const v2 = encodeHepLegacy(
      {
        ipProto: 17,
        srcIp: '10.0.0.1',
        dstIp: '10.0.0.2',
        srcPort: 5060,
        dstPort: 5060,
        tsUs: 1_700_000_000_000_000,
        payload: INVITE,
      },
      2,
    );
    expect(v2.ok && classifyDatagram(v2.packet)).toBe('hep');
    const rtpLike = Buffer.from([2, 0x60, 0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(classifyDatagram(rtpLike)).toBe('other');
  });

  it('takes HEP3 by its magic', () => {
    const hep = encodeHep3({
      ipProto: 17,
      protoType: 1,
      srcIp: '10.0.0.1',
      dstIp: '10.0.0.2',
      srcPort: 5060,
      dstPort: 5060,
      tsUs: 1_700_000_000_000_000,
      payload: INVITE,
    });
    expect(hep.ok && classifyDatagram(hep.packet)).toBe('hep');
  });

  it('leaves RTP, DNS and text without a SIP start line aside', () => {
    expect(classifyDatagram(Buffer.from([0x80, 0x00, 0x12, 0x34, 0, 0, 0, 0]))).toBe('other');
    expect(classifyDatagram(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe('other');
    expect(classifyDatagram(Buffer.from('Via: SIP/2.0/UDP 10.0.0.1\r\n'))).toBe('other');
    expect(classifyDatagram(Buffer.from('INVITE sip:bob@example.com SIP/2.0'))).toBe('other'); // no line end
    expect(classifyDatagram(Buffer.alloc(0))).toBe('other');
  });

  it('reads request and status lines, with or without CR, and refuses near misses', () => {
    expect(isSipStartLine(Buffer.from(INVITE))).toBe(true);
    expect(isSipStartLine(Buffer.from(OK))).toBe(true);
    expect(isSipStartLine(Buffer.from('SIP/2.0 180\n'))).toBe(true);
    expect(isSipStartLine(Buffer.from('OPTIONS sip:x SIP/2.0\n'))).toBe(true);
    expect(isSipStartLine(Buffer.from('INVITE  sip:x SIP/2.0\r\n'))).toBe(false);
    expect(isSipStartLine(Buffer.from('SIP/2.0 20 OK\r\n'))).toBe(false);
    expect(isSipStartLine(Buffer.from(`INVITE sip:${'a'.repeat(5000)} SIP/2.0\r\n`))).toBe(false);
  });

  it('finds the next start line in the middle of a stream, past Via headers that mention SIP/2.0', () => {
    const tail = 'branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n';
    const stream = Buffer.from(tail + OK + INVITE);
    expect(findSipStart(stream)).toBe(tail.length);
    expect(findSipStart(stream, tail.length + 1)).toBe(tail.length + OK.length);
    expect(findSipStart(Buffer.from('Via: SIP/2.0/TCP 10.0.0.1\r\nMax-Forwards: 70\r\n'))).toBe(-1);
    // A stream cut inside a method name does not pass for a start line.
    expect(findSipStart(Buffer.from(INVITE.slice(2) + OK))).toBe(INVITE.length - 2);
  });
});
