import { describe, expect, it } from 'vitest';
import { decodeIp, decodeIpv4, decodeIpv6, IPPROTO_UDP } from './ip.ts';
import { buildIpUdp } from './udp-frame.ts';

const payload = Buffer.from('hello');
const v4 = buildIpUdp({ srcIp: '192.0.2.1', dstIp: '198.51.100.7', srcPort: 5060, dstPort: 5062, payload }) as Buffer;
const v6 = buildIpUdp({ srcIp: '2001:db8::1', dstIp: 'fe80::2', srcPort: 5060, dstPort: 5062, payload }) as Buffer;

/** IPv6 packet with `exts` ([nextHeader, bytes]) inserted between the fixed header and `upper`. */
function ipv6With(exts: [number, Buffer][], upperProto: number, upper: Buffer): Buffer {
  const fixed = Buffer.from(v6.subarray(0, 40));
  const chain: Buffer[] = [];
  const protos = [...exts.map(([p]) => p), upperProto];
  fixed[6] = protos[0] ?? upperProto;
  exts.forEach(([, bytes], i) => {
    const b = Buffer.from(bytes);
    b[0] = protos[i + 1] ?? upperProto;
    chain.push(b);
  });
  const body = Buffer.concat([...chain, upper]);
  fixed.writeUInt16BE(body.length, 4);
  return Buffer.concat([fixed, body]);
}

describe('IPv4', () => {
  it('decodes addresses, protocol and the payload', () => {
    const r = decodeIp(v4);
    expect(r.ok && r.packet).toMatchObject({ version: 4, src: '192.0.2.1', dst: '198.51.100.7', proto: IPPROTO_UDP });
    expect(r.ok && r.packet.payload.length).toBe(8 + payload.length);
    expect(r.ok && r.packet.fragment).toBeUndefined();
  });

  it('skips IP options by the header length', () => {
    const withOpts = Buffer.concat([v4.subarray(0, 20), Buffer.from([1, 1, 1, 0]), v4.subarray(20)]);
    withOpts[0] = 0x46;
    withOpts.writeUInt16BE(withOpts.length, 2);
    const r = decodeIpv4(withOpts);
    expect(r.ok && r.packet.payload.equals(v4.subarray(20))).toBe(true);
  });

  it('drops Ethernet padding after the declared total length', () => {
    const padded = Buffer.concat([v4, Buffer.alloc(10, 0xee)]);
    const r = decodeIpv4(padded);
    expect(r.ok && r.packet.payload.equals(v4.subarray(20))).toBe(true);
  });

  it('reports fragments with id, byte offset and the more-fragments flag', () => {
    const frag = Buffer.from(v4);
    frag.writeUInt16BE(0x1234, 4);
    frag.writeUInt16BE(0x2000 | 185, 6); // MF, offset 185*8
    const r = decodeIpv4(frag);
    expect(r.ok && r.packet.fragment).toEqual({ id: 0x1234, offset: 1480, more: true });
  });

  it('rejects broken headers with a typed error', () => {
    const cases: [Buffer, string][] = [
      [v4.subarray(0, 19), 'truncated'],
      [Buffer.concat([Buffer.from([0x44]), v4.subarray(1)]), 'bad_header'], // IHL 4
      [Buffer.concat([Buffer.from([0x4f]), v4.subarray(1)]), 'truncated'], // IHL 60 > packet
      [v4.subarray(0, v4.length - 1), 'truncated'], // total length beyond capture
    ];
    for (const [buf, code] of cases) {
      const r = decodeIpv4(buf);
      expect(!r.ok && r.error.code).toBe(code);
    }
    const short = Buffer.from(v4);
    short.writeUInt16BE(10, 2);
    const r = decodeIpv4(short);
    expect(!r.ok && r.error.code).toBe('bad_header');
  });
});

describe('IPv6', () => {
  it('decodes addresses in RFC 5952 form and the payload', () => {
    const r = decodeIp(v6);
    expect(r.ok && r.packet).toMatchObject({ version: 6, src: '2001:db8::1', dst: 'fe80::2', proto: IPPROTO_UDP });
    expect(r.ok && r.packet.payload.equals(v6.subarray(40))).toBe(true);
  });

  it('walks hop-by-hop, routing, destination options and AH headers to the transport', () => {
    const hbh = Buffer.alloc(8); // length 0 => 8 bytes
    const routing = Buffer.alloc(24);
    routing[1] = 2; // (2+1)*8 = 24 bytes
    const dest = Buffer.alloc(16);
    dest[1] = 1;
    const ah = Buffer.alloc(24);
    ah[1] = 4; // (4+2)*4 = 24 bytes
    const udp = v6.subarray(40);
    const pkt = ipv6With(
      [
        [0, hbh],
        [43, routing],
        [51, ah],
        [60, dest],
      ],
      IPPROTO_UDP,
      udp,
    );
    const r = decodeIpv6(pkt);
    expect(r.ok && r.packet.proto).toBe(IPPROTO_UDP);
    expect(r.ok && r.packet.payload.equals(udp)).toBe(true);
  });

  it('reports a fragment header as a fragment, and an atomic fragment as a whole packet', () => {
    const frag = Buffer.alloc(8);
    frag.writeUInt16BE((100 << 3) | 1, 2); // offset 800, M=1
    frag.writeUInt32BE(0xdeadbeef, 4);
    const r = decodeIpv6(ipv6With([[44, frag]], IPPROTO_UDP, Buffer.alloc(16)));
    expect(r.ok && r.packet.fragment).toEqual({ id: 0xdeadbeef, offset: 800, more: true });
    const atomic = Buffer.alloc(8);
    const a = decodeIpv6(ipv6With([[44, atomic]], IPPROTO_UDP, v6.subarray(40)));
    expect(a.ok && a.packet.fragment).toBeUndefined();
    expect(a.ok && a.packet.payload.equals(v6.subarray(40))).toBe(true);
  });

  it('rejects an extension header that runs past the packet', () => {
    const routing = Buffer.alloc(8);
    routing[1] = 9; // claims 80 bytes
    const r = decodeIpv6(ipv6With([[43, routing]], IPPROTO_UDP, Buffer.alloc(8)));
    expect(!r.ok && r.error.code).toBe('truncated');
  });

  it('stops after a bounded number of extension headers', () => {
    const exts: [number, Buffer][] = Array.from({ length: 12 }, () => [60, Buffer.alloc(8)]);
    const r = decodeIpv6(ipv6With(exts, IPPROTO_UDP, Buffer.alloc(8)));
    expect(!r.ok && r.error.code).toBe('unsupported');
  });

  it('rejects a packet longer than captured and one that is not version 6', () => {
    const r = decodeIpv6(v6.subarray(0, v6.length - 2));
    expect(!r.ok && r.error.code).toBe('truncated');
    const r2 = decodeIp(Buffer.from([0x50, 0, 0, 0]));
    expect(!r2.ok && r2.error.code).toBe('bad_header');
  });
});
