import { describe, expect, it } from 'vitest';
import { decodeHep } from './decode.ts';
import { encodeHepLegacy } from './encode.ts';

const SIP = Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: abc\r\n\r\n');

/** HEPv1/v2 written byte by byte from the struct layout of reference §1.7 (Kamailio on x86). */
function legacy(version: 1 | 2, family: 'v4' | 'v6'): Buffer {
  const bytes: number[] = [];
  bytes.push(version, family === 'v4' ? 16 : 40, family === 'v4' ? 2 : 10, 17);
  bytes.push(0x13, 0xc4); // sport 5060, network order
  bytes.push(0x13, 0xd8); // dport 5080
  if (family === 'v4') {
    bytes.push(192, 0, 2, 1); // src
    bytes.push(198, 51, 100, 2); // dst
  } else {
    bytes.push(0x20, 0x01, 0x0d, 0xb8, ...Array<number>(11).fill(0), 0x01); // 2001:db8::1
    bytes.push(0x20, 0x01, 0x0d, 0xb8, ...Array<number>(11).fill(0), 0x02); // 2001:db8::2
  }
  if (version === 2) {
    bytes.push(0x40, 0xe2, 0x54, 0x6b); // tv_sec 0x6b54e240 = 1800725056, little-endian
    bytes.push(0xf1, 0xfb, 0x09, 0x00); // tv_usec 0x0009fbf1 = 654321, little-endian
    bytes.push(0xd1, 0x07); // capture id 2001, little-endian
    bytes.push(0x00, 0x00); // struct padding
  }
  return Buffer.concat([Buffer.from(bytes), SIP]);
}

describe('HEPv1 and HEPv2', () => {
  it('decodes HEPv1 over IPv4: addresses, ports, protocol, no timestamp', () => {
    const r = decodeHep(legacy(1, 'v4'));
    expect(r.ok && r.packet).toMatchObject({
      version: 1,
      ipFamily: 4,
      ipProto: 17,
      srcIp: '192.0.2.1',
      dstIp: '198.51.100.2',
      srcPort: 5060,
      dstPort: 5080,
      tsUs: 0,
      protoType: 1,
    });
    expect(r.ok && r.packet.captureId).toBeUndefined();
    expect(r.ok && r.packet.payload.equals(SIP)).toBe(true);
  });

  it('decodes HEPv2 little-endian timestamps and capture id, with the payload after the 12-byte time header', () => {
    const r = decodeHep(legacy(2, 'v4'));
    expect(r.ok && r.packet).toMatchObject({ version: 2, captureId: 2001, tsUs: 1_800_725_056_654_321 });
    expect(r.ok && r.packet.payload.equals(SIP)).toBe(true);
  });

  it('decodes HEPv1 and HEPv2 over IPv6', () => {
    for (const version of [1, 2] as const) {
      const r = decodeHep(legacy(version, 'v6'));
      expect(r.ok && [r.packet.ipFamily, r.packet.srcIp, r.packet.dstIp]).toEqual([6, '2001:db8::1', '2001:db8::2']);
      expect(r.ok && r.packet.payload.equals(SIP)).toBe(true);
    }
  });

  it('encodes byte for byte what Kamailio sends', () => {
    const base = {
      ipProto: 17,
      srcPort: 5060,
      dstPort: 5080,
      payload: SIP,
      captureId: 2001,
      tsUs: 1_800_725_056_654_321,
    };
    const cases = [
      [1, 'v4', { ...base, srcIp: '192.0.2.1', dstIp: '198.51.100.2' }],
      [2, 'v4', { ...base, srcIp: '192.0.2.1', dstIp: '198.51.100.2' }],
      [2, 'v6', { ...base, srcIp: '2001:db8::1', dstIp: '2001:db8::2' }],
    ] as const;
    for (const [version, family, input] of cases) {
      const e = encodeHepLegacy(input, version);
      expect(e.ok && e.packet.equals(legacy(version, family))).toBe(true);
    }
  });

  it('rejects an address family other than AF_INET/AF_INET6 and a header length that does not fit it', () => {
    const fam = legacy(1, 'v4');
    fam[2] = 24;
    const r1 = decodeHep(fam);
    expect(!r1.ok && r1.error.code).toBe('bad_header');
    const len = legacy(2, 'v4');
    len[1] = 40;
    const r2 = decodeHep(len);
    expect(!r2.ok && r2.error.code).toBe('bad_header');
  });

  it('rejects a packet that ends before its payload', () => {
    const r = decodeHep(legacy(2, 'v6').subarray(0, 52));
    expect(!r.ok && r.error.code).toBe('too_short');
    const r2 = decodeHep(Buffer.from([2, 16, 2]));
    expect(!r2.ok && r2.error.code).toBe('too_short');
  });
});
