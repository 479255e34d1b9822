import { describe, expect, it } from 'vitest';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeHep, MAX_VENDOR_CHUNKS, type HepPacket, type HepResult } from './decode.ts';
import { encodeHep3 } from './encode.ts';
import { MAX_INFLATED_PAYLOAD_BYTES } from './inflate-payload.ts';

/** The example packet of the HEP3 specification rev 37 (reference §1.6), byte for byte. */
const SPEC_EXAMPLE = Buffer.concat([
  Buffer.from('484550330071', 'hex'),
  Buffer.from('00000001000702', 'hex'),
  Buffer.from('00000002000711', 'hex'),
  Buffer.from('00000003000ad4ca0001', 'hex'),
  Buffer.from('00000004000a527400d3', 'hex'),
  Buffer.from('0000000700082eea', 'hex'),
  Buffer.from('00000008000813c4', 'hex'),
  Buffer.from('00000009000a4e4982cb', 'hex'),
  Buffer.from('0000000a000a0001d4c0', 'hex'),
  Buffer.from('0000000b000701', 'hex'),
  Buffer.from('0000000c000a000000e4', 'hex'),
  Buffer.from('0000000f0014', 'hex'),
  Buffer.from('INVITE sip:bob'),
]);

/** Builds a HEP3 packet from raw chunks [vendor, type, value]; `total` overrides the length field. */
function hep3(chunks: [number, number, Buffer][], total?: number): Buffer {
  const body = Buffer.concat(
    chunks.map(([vendor, type, value]) => {
      const h = Buffer.alloc(6);
      h.writeUInt16BE(vendor, 0);
      h.writeUInt16BE(type, 2);
      h.writeUInt16BE(6 + value.length, 4);
      return Buffer.concat([h, value]);
    }),
  );
  const head = Buffer.from('HEP3\0\0');
  head.writeUInt16BE(total ?? 6 + body.length, 4);
  return Buffer.concat([head, body]);
}

const u8 = (v: number): Buffer => Buffer.from([v]);
const u16 = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v, 0);
  return b;
};
const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v, 0);
  return b;
};
const V4_BASE: [number, number, Buffer][] = [
  [0, 1, u8(2)],
  [0, 2, u8(17)],
  [0, 3, Buffer.from([10, 0, 0, 1])],
  [0, 4, Buffer.from([10, 0, 0, 2])],
  [0, 7, u16(5060)],
  [0, 8, u16(5080)],
  [0, 9, u32(1_700_000_000)],
  [0, 10, u32(123_456)],
  [0, 11, u8(1)],
];
const SIP = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n\r\n');

function ok(r: HepResult): HepPacket {
  if (!r.ok) throw new Error(`expected a packet, got ${r.error.code}: ${r.error.message}`);
  return r.packet;
}
function code(r: HepResult): string | undefined {
  return r.ok ? undefined : r.error.code;
}

describe('HEPv3 decoding', () => {
  it('decodes the specification example field by field', () => {
    const p = ok(decodeHep(SPEC_EXAMPLE));
    expect(p).toMatchObject({
      version: 3,
      ipFamily: 4,
      ipProto: 17,
      srcIp: '212.202.0.1',
      dstIp: '82.116.0.211',
      srcPort: 12010,
      dstPort: 5060,
      tsUs: 1313440459 * 1_000_000 + 120000,
      protoType: 1,
      captureId: 228,
      compressed: false,
    });
    expect(p.payload.toString()).toBe('INVITE sip:bob');
    expect(p.vendorChunks).toEqual([]);
  });

  it('returns the payload as a view into the datagram, not a copy', () => {
    const p = ok(decodeHep(SPEC_EXAMPLE));
    expect(p.payload.buffer).toBe(SPEC_EXAMPLE.buffer);
    expect(p.payload.byteOffset).toBe(SPEC_EXAMPLE.byteOffset + SPEC_EXAMPLE.length - 14);
  });

  it('decodes IPv6 addresses, correlation id, node name, auth key, VLAN, MOS and every informational chunk', () => {
    const v6src = Buffer.from('20010db8000000000000000000000001', 'hex');
    const v6dst = Buffer.from('fe800000000000000000000000000abc', 'hex');
    const mac = Buffer.from('0000aabbccddeeff', 'hex');
    const p = ok(
      decodeHep(
        hep3([
          [0, 1, u8(10)],
          [0, 2, u8(6)],
          [0, 5, v6src],
          [0, 6, v6dst],
          [0, 7, u16(5061)],
          [0, 8, u16(5062)],
          [0, 9, u32(1_800_000_000)],
          [0, 10, u32(999_999)],
          [0, 11, u8(1)],
          [0, 12, u32(0xfffffffe)],
          [0, 13, u16(30)],
          [0, 14, Buffer.from('s3cret')],
          [0, 17, Buffer.from('call-1@example.com')],
          [0, 18, u16(100)],
          [0, 19, Buffer.from('edge-1')],
          [0, 20, mac],
          [0, 21, Buffer.from('112233445566', 'hex')],
          [0, 22, u16(0x86dd)],
          [0, 23, u8(0x18)],
          [0, 24, u8(0xb8)],
          [0, 32, u16(431)],
          [0, 33, u16(93)],
          [0, 34, Buffer.from('52.5,13.4')],
          [0, 35, u32(12)],
          [0, 36, Buffer.from('call')],
          [0, 37, Buffer.from('["a","b"]')],
          [0, 38, Buffer.from('x;y')],
          [0, 39, u16(2)],
          [0, 40, u16(1)],
          [0, 41, Buffer.from('grp')],
          [0, 15, SIP],
        ]),
      ),
    );
    expect(p).toMatchObject({
      ipFamily: 6,
      ipProto: 6,
      srcIp: '2001:db8::1',
      dstIp: 'fe80::abc',
      srcPort: 5061,
      dstPort: 5062,
      tsUs: 1_800_000_000_999_999,
      captureId: 0xfffffffe,
      keepAliveTimer: 30,
      authKey: 's3cret',
      correlationId: 'call-1@example.com',
      vlan: 100,
      nodeName: 'edge-1',
      srcMac: 'aa:bb:cc:dd:ee:ff',
      dstMac: '11:22:33:44:55:66',
      ethernetType: 0x86dd,
      tcpFlags: 0x18,
      ipTos: 0xb8,
      mos: 431,
      rFactor: 93,
      geoLocation: '52.5,13.4',
      jitter: 12,
      transactionType: 'call',
      payloadJsonKeys: '["a","b"]',
      tagsValues: 'x;y',
      tagType: 2,
      eventType: 1,
      groupId: 'grp',
    });
    expect(p.payload.equals(SIP)).toBe(true);
  });

  it('keeps vendor chunks with vendor id, type and value, in order', () => {
    const p = ok(
      decodeHep(
        hep3([
          ...V4_BASE,
          [0x0008, 0x0080, Buffer.from('conversation-9')],
          [0x0004, 0x0001, Buffer.alloc(0)],
          [0, 15, SIP],
        ]),
      ),
    );
    expect(p.vendorChunks.map((c) => [c.vendor, c.type, c.value.toString()])).toEqual([
      [8, 0x80, 'conversation-9'],
      [4, 1, ''],
    ]);
  });

  it('skips vendor chunks beyond the kept maximum by their length', () => {
    const many: [number, number, Buffer][] = Array.from({ length: MAX_VENDOR_CHUNKS + 10 }, (_, i) => [2, i, u8(i)]);
    const p = ok(decodeHep(hep3([...V4_BASE, ...many, [0, 15, SIP]])));
    expect(p.vendorChunks).toHaveLength(MAX_VENDOR_CHUNKS);
    expect(p.payload.equals(SIP)).toBe(true);
  });

  it('skips unknown generic chunks by their length', () => {
    const p = ok(decodeHep(hep3([...V4_BASE, [0, 0x99, Buffer.from('whatever')], [0, 15, SIP]])));
    expect(p.payload.equals(SIP)).toBe(true);
  });

  it('inflates a compressed payload (zlib, gzip or raw deflate) and says so', () => {
    const big = Buffer.from('INVITE sip:x@y SIP/2.0\r\n' + 'X-Pad: 0123456789\r\n'.repeat(200) + '\r\n');
    for (const zipped of [deflateSync(big), gzipSync(big), deflateRawSync(big)]) {
      const p = ok(decodeHep(hep3([...V4_BASE, [0, 16, zipped]])));
      expect(p.compressed).toBe(true);
      expect(p.payload.equals(big)).toBe(true);
    }
  });

  it('refuses a compressed payload that inflates past the limit (zip bomb)', () => {
    const bomb = deflateSync(Buffer.alloc(MAX_INFLATED_PAYLOAD_BYTES + 1));
    const r = decodeHep(hep3([...V4_BASE, [0, 16, bomb]]));
    expect(code(r)).toBe('inflate_failed');
    expect(!r.ok && r.error.message).toMatch(/exceeds/);
  });

  it('refuses a compressed payload that is not deflate data', () => {
    expect(code(decodeHep(hep3([...V4_BASE, [0, 16, Buffer.from([0x78, 0x9c, 1, 2, 3, 4, 5])]])))).toBe(
      'inflate_failed',
    );
  });

  it('prefers the plain payload when both payload chunks are present', () => {
    const p = ok(decodeHep(hep3([...V4_BASE, [0, 16, deflateSync(Buffer.from('other'))], [0, 15, SIP]])));
    expect(p.compressed).toBe(false);
    expect(p.payload.equals(SIP)).toBe(true);
  });

  it('infers the family from the address chunks when the family chunk is absent', () => {
    const v6 = hep3([
      [0, 5, Buffer.alloc(16)],
      [0, 6, Buffer.from('00000000000000000000000000000001', 'hex')],
      [0, 15, SIP],
    ]);
    const p = ok(decodeHep(v6));
    expect([p.ipFamily, p.srcIp, p.dstIp, p.tsUs, p.srcPort]).toEqual([6, '::', '::1', 0, 0]);
  });
});

describe('HEPv3 malformed packets', () => {
  const good = hep3([...V4_BASE, [0, 15, SIP]]);

  it('reports fewer than 4 bytes as too_short and a foreign magic as bad_magic', () => {
    expect(code(decodeHep(Buffer.from('HE')))).toBe('too_short');
    expect(code(decodeHep(Buffer.from('HEP3\0')))).toBe('too_short');
    expect(code(decodeHep(Buffer.from('EEP1\0\x06')))).toBe('bad_magic');
  });

  it('reports a total length that differs from the datagram as length_mismatch', () => {
    const longer = Buffer.from(good);
    longer.writeUInt16BE(good.length + 1, 4);
    expect(code(decodeHep(longer))).toBe('length_mismatch');
    expect(code(decodeHep(Buffer.concat([good, Buffer.alloc(3)])))).toBe('length_mismatch');
  });

  it('drops a HEP chunk whose length is below its own header', () => {
    const bad = Buffer.from(good);
    bad.writeUInt16BE(5, 6 + 4); // first chunk's length field
    expect(code(decodeHep(bad))).toBe('chunk_too_short');
  });

  it('drops a HEP chunk whose length runs past the packet', () => {
    const bad = Buffer.from(good);
    bad.writeUInt16BE(60_000, 6 + 4);
    expect(code(decodeHep(bad))).toBe('chunk_overrun');
    // a chunk header cut short by the end of the packet
    const cut = Buffer.concat([good, Buffer.from([0, 0, 0])]);
    cut.writeUInt16BE(cut.length, 4);
    expect(code(decodeHep(cut))).toBe('chunk_overrun');
  });

  it('drops a fixed-size chunk of the wrong size', () => {
    expect(code(decodeHep(hep3([[0, 3, Buffer.from([1, 2, 3])], ...V4_BASE.slice(1), [0, 15, SIP]])))).toBe(
      'bad_chunk_size',
    );
    expect(code(decodeHep(hep3([...V4_BASE, [0, 7, u8(1)], [0, 15, SIP]])))).toBe('bad_chunk_size');
    expect(code(decodeHep(hep3([...V4_BASE, [0, 5, Buffer.alloc(4)], [0, 15, SIP]])))).toBe('bad_chunk_size');
    expect(code(decodeHep(hep3([...V4_BASE, [0, 9, u16(1)], [0, 15, SIP]])))).toBe('bad_chunk_size');
  });

  it('ignores a wrong-size informational chunk instead of dropping the packet', () => {
    const p = ok(decodeHep(hep3([...V4_BASE, [0, 32, u8(4)], [0, 20, u8(1)], [0, 15, SIP]])));
    expect(p.mos).toBeUndefined();
    expect(p.srcMac).toBeUndefined();
  });

  it('drops an IP family that is neither AF_INET nor AF_INET6', () => {
    expect(code(decodeHep(hep3([[0, 1, u8(7)], ...V4_BASE.slice(1), [0, 15, SIP]])))).toBe('bad_chunk_value');
  });

  it('drops a packet missing its payload or its addresses', () => {
    expect(code(decodeHep(hep3(V4_BASE)))).toBe('missing_chunk');
    expect(code(decodeHep(hep3([...V4_BASE.filter(([, t]) => t !== 4), [0, 15, SIP]])))).toBe('missing_chunk');
    // family says IPv6 but only IPv4 addresses were sent
    expect(code(decodeHep(hep3([[0, 1, u8(10)], ...V4_BASE.slice(1), [0, 15, SIP]])))).toBe('missing_chunk');
  });

  it('re-encodes the decoded specification example to the very same bytes', () => {
    const e = encodeHep3(ok(decodeHep(SPEC_EXAMPLE)));
    expect(e.ok && e.packet.equals(SPEC_EXAMPLE)).toBe(true);
  });
});
