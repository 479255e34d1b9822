import { describe, expect, it } from 'vitest';
import {
  decodeLink,
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
  LINKTYPE_IPV6,
} from './link.ts';

const ipv4 = Buffer.from('4500001c000000004011000000000000000000000000000000000000', 'hex');
const ipv6 = Buffer.concat([Buffer.from([0x60]), Buffer.alloc(39)]);

/** Ethernet frame; each tag is (TPID << 16) | TCI, written in wire order before the EtherType. */
function ethernet(etherType: number, payload: Buffer, tags: number[] = []): Buffer {
  const wire: Buffer[] = [Buffer.alloc(12)];
  for (const tag of tags) {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(tag >>> 16, 0);
    t.writeUInt16BE(tag & 0xffff, 2);
    wire.push(t);
  }
  const et = Buffer.alloc(2);
  et.writeUInt16BE(etherType, 0);
  wire.push(et, payload);
  return Buffer.concat(wire);
}

describe('link layer', () => {
  it('strips an Ethernet header', () => {
    const r = decodeLink(LINKTYPE_ETHERNET, ethernet(ETHERTYPE_IPV4, ipv4));
    expect(r.ok && r.etherType).toBe(ETHERTYPE_IPV4);
    expect(r.ok && r.payload.equals(ipv4)).toBe(true);
    expect(r.ok && r.vlan).toBeUndefined();
  });

  it('follows 802.1Q and QinQ tags and reports the outer VLAN id', () => {
    const r = decodeLink(
      LINKTYPE_ETHERNET,
      ethernet(ETHERTYPE_IPV6, ipv6, [(0x88a8 << 16) | 0x0064, (0x8100 << 16) | 0x2005]),
    );
    expect(r.ok && r.etherType).toBe(ETHERTYPE_IPV6);
    expect(r.ok && r.vlan).toBe(100);
    expect(r.ok && r.payload.equals(ipv6)).toBe(true);
  });

  it('reports a VLAN tag cut short as truncated', () => {
    const frame = Buffer.concat([Buffer.alloc(12), Buffer.from([0x81, 0x00, 0x00])]);
    const r = decodeLink(LINKTYPE_ETHERNET, frame);
    expect(!r.ok && r.error.code).toBe('truncated');
  });

  it('reads Linux cooked captures v1 (protocol at byte 14) and v2 (protocol at byte 0)', () => {
    const sll = Buffer.concat([Buffer.alloc(14), Buffer.from([0x08, 0x00]), ipv4]);
    const r1 = decodeLink(LINKTYPE_LINUX_SLL, sll);
    expect(r1.ok && r1.etherType).toBe(ETHERTYPE_IPV4);
    expect(r1.ok && r1.payload.equals(ipv4)).toBe(true);
    const sll2 = Buffer.concat([Buffer.from([0x86, 0xdd]), Buffer.alloc(18), ipv6]);
    const r2 = decodeLink(LINKTYPE_LINUX_SLL2, sll2);
    expect(r2.ok && r2.etherType).toBe(ETHERTYPE_IPV6);
    expect(r2.ok && r2.payload.equals(ipv6)).toBe(true);
  });

  it('tells IPv4 from IPv6 by the version nibble on raw IP links', () => {
    const r4 = decodeLink(LINKTYPE_RAW, ipv4);
    expect(r4.ok && r4.etherType).toBe(ETHERTYPE_IPV4);
    const r6 = decodeLink(LINKTYPE_IPV6, ipv6);
    expect(r6.ok && r6.etherType).toBe(ETHERTYPE_IPV6);
  });

  it('reads the BSD loopback family in either byte order and OpenBSD loop in network order', () => {
    const le = decodeLink(LINKTYPE_NULL, Buffer.concat([Buffer.from([2, 0, 0, 0]), ipv4]));
    expect(le.ok && le.etherType).toBe(ETHERTYPE_IPV4);
    const be = decodeLink(LINKTYPE_NULL, Buffer.concat([Buffer.from([0, 0, 0, 30]), ipv6])); // macOS AF_INET6
    expect(be.ok && be.etherType).toBe(ETHERTYPE_IPV6);
    const loop = decodeLink(LINKTYPE_LOOP, Buffer.concat([Buffer.from([0, 0, 0, 24]), ipv6]));
    expect(loop.ok && loop.etherType).toBe(ETHERTYPE_IPV6);
    expect(loop.ok && loop.payload.equals(ipv6)).toBe(true);
  });

  it('refuses link types it does not know', () => {
    const r = decodeLink(105, Buffer.alloc(40)); // 802.11
    expect(!r.ok && r.error.code).toBe('unsupported_link_type');
  });
});
