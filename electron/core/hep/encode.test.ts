import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeHep, type HepPacket } from './decode.ts';
import { encodeHep3, encodeHepLegacy } from './encode.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';

const fixture = (path: string): Buffer[] =>
  readUdpDatagrams(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url))).datagrams.map(
    (d) => d.payload,
  );

function decoded(buf: Buffer): HepPacket {
  const r = decodeHep(buf);
  if (!r.ok) throw new Error(r.error.message);
  return r.packet;
}

const base = {
  ipProto: 17,
  srcIp: '10.1.1.1',
  dstIp: '10.2.2.2',
  srcPort: 5060,
  dstPort: 5060,
  tsUs: 1_795_250_321_104_121,
  protoType: 1,
  payload: 'INVITE sip:a@b SIP/2.0\r\n\r\n',
};

describe('HEP encoding', () => {
  it('re-encodes every Kamailio fixture packet to the same bytes Kamailio sent', () => {
    const packets = fixture('hep/kamailio-calls.pcap');
    expect(packets).toHaveLength(572);
    for (const p of packets) {
      const e = encodeHep3(decoded(p));
      expect(e.ok && e.packet.equals(p)).toBe(true);
    }
  });

  it('round-trips every Asterisk fixture packet field for field (Asterisk orders its chunks differently)', () => {
    for (const p of fixture('hep/asterisk-hep.pcap')) {
      const before = decoded(p);
      const e = encodeHep3(before);
      expect(e.ok).toBe(true);
      if (e.ok) expect(decoded(e.packet)).toEqual(before);
    }
  });

  it('writes the compressed payload chunk when asked, and the decoder inflates it back', () => {
    const e = encodeHep3({ ...base, correlationId: 'abc' }, { compress: true });
    expect(e.ok && e.packet.includes(Buffer.from('INVITE'))).toBe(false);
    const p = e.ok ? decoded(e.packet) : undefined;
    expect(p?.compressed).toBe(true);
    expect(p?.payload.toString()).toBe(base.payload);
    expect(p?.correlationId).toBe('abc');
  });

  it('encodes multi-byte UTF-8 payloads by byte length, not string length', () => {
    const payload = 'MESSAGE sip:ü@b SIP/2.0\r\n\r\nçà va? 😀';
    const e = encodeHep3({ ...base, payload, nodeName: 'nœud' });
    const p = e.ok ? decoded(e.packet) : undefined;
    expect(p?.payload.toString('utf8')).toBe(payload);
    expect(p?.nodeName).toBe('nœud');
  });

  it('encodes IPv6 packets with vendor chunks', () => {
    const e = encodeHep3({
      ...base,
      srcIp: '2001:db8::a',
      dstIp: '::1',
      vendorChunks: [{ vendor: 4, type: 9, value: Buffer.from('v') }],
    });
    const p = e.ok ? decoded(e.packet) : undefined;
    expect(p && [p.ipFamily, p.srcIp, p.dstIp]).toEqual([6, '2001:db8::a', '::1']);
    expect(p?.vendorChunks.map((c) => [c.vendor, c.type, c.value.toString()])).toEqual([[4, 9, 'v']]);
  });

  it('refuses addresses that are not two IPv4 or two IPv6 addresses', () => {
    for (const [srcIp, dstIp] of [
      ['pbx.example.com', '10.0.0.1'],
      ['10.0.0.1', '::1'],
    ]) {
      const e = encodeHep3({ ...base, srcIp: srcIp as string, dstIp: dstIp as string });
      expect(!e.ok && e.error.code).toBe('bad_address');
      const l = encodeHepLegacy({ ...base, srcIp: srcIp as string, dstIp: dstIp as string }, 2);
      expect(!l.ok && l.error.code).toBe('bad_address');
    }
  });

  it('refuses a packet that would not fit the 16-bit total length', () => {
    const e = encodeHep3({ ...base, payload: Buffer.alloc(65_500) });
    expect(!e.ok && e.error.code).toBe('too_large');
  });
});
