// The writing side of the dissector chain: Ethernet + IPv4/IPv6 + UDP/TCP frames synthesised
// around a payload, with every length and checksum right (IPv4 header checksum, UDP and TCP
// checksums over the pseudo-header), so Wireshark, tshark and sngrep dissect an exported trace as
// if it had been captured on the wire. Tests and benches build their captures with it too. Pure.
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link.ts';
import { IPPROTO_TCP, IPPROTO_UDP } from './ip.ts';
import { writeIpv4, writeIpv6 } from './ip-text.ts';

export interface Endpoints {
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
}

export interface TcpState {
  seq: number;
  ack: number;
}

const ETHERNET_HEADER_BYTES = 14;
const IPV4_HEADER_BYTES = 20;
const IPV6_HEADER_BYTES = 40;
const UDP_HEADER_BYTES = 8;
const TCP_HEADER_BYTES = 20;
/** The IPv4 total length and the IPv6 payload length are 16-bit fields. */
const MAX_IP_LENGTH = 0xffff;
/** Linux's default TTL / hop limit. */
const DEFAULT_TTL = 64;
const IPV4_DONT_FRAGMENT = 0x4000;
const TCP_FLAGS_PSH_ACK = 0x18;
/** An unscaled window of 64 KiB: what a peer that never negotiated scaling advertises. */
const TCP_WINDOW = 0xffff;

export interface AddressPair {
  family: 4 | 6;
  src: Buffer;
  dst: Buffer;
}

/**
 * Both addresses as bytes of one family: IPv4 when both are IPv4, else IPv6 with an IPv4 address
 * written IPv4-mapped (::ffff:a.b.c.d), which is how a dual-stack socket reports it. Null when an
 * address is not an IP address at all.
 */
export function addressPair(srcIp: string, dstIp: string): AddressPair | null {
  const src4 = Buffer.alloc(4);
  const dst4 = Buffer.alloc(4);
  if (writeIpv4(srcIp, src4, 0) && writeIpv4(dstIp, dst4, 0)) return { family: 4, src: src4, dst: dst4 };
  const src = ipv6Bytes(srcIp);
  const dst = ipv6Bytes(dstIp);
  return src && dst ? { family: 6, src, dst } : null;
}

function ipv6Bytes(text: string): Buffer | null {
  const out = Buffer.alloc(16);
  if (writeIpv6(text, out, 0)) return out;
  const v4 = Buffer.alloc(4);
  return writeIpv4(text, v4, 0) && writeIpv6(`::ffff:${text}`, out, 0) ? out : null;
}

/** Largest UDP payload one unfragmented datagram carries for the family. */
export function maxUdpPayload(family: 4 | 6): number {
  return MAX_IP_LENGTH - UDP_HEADER_BYTES - (family === 4 ? IPV4_HEADER_BYTES : 0);
}

/** Largest TCP payload one segment carries for the family (no options). */
export function maxTcpPayload(family: 4 | 6): number {
  return MAX_IP_LENGTH - TCP_HEADER_BYTES - (family === 4 ? IPV4_HEADER_BYTES : 0);
}

/** UDP datagram in one frame; null when the payload does not fit one IP packet. */
export function udpFrame(addrs: AddressPair, ep: Endpoints, payload: Buffer, ipId: number): Buffer | null {
  if (payload.length > maxUdpPayload(addrs.family)) return null;
  const { frame, l4 } = frameWithIp(addrs, IPPROTO_UDP, UDP_HEADER_BYTES, payload, ipId);
  const udpLen = UDP_HEADER_BYTES + payload.length;
  frame.writeUInt16BE(ep.srcPort, l4);
  frame.writeUInt16BE(ep.dstPort, l4 + 2);
  frame.writeUInt16BE(udpLen, l4 + 4);
  const sum = transportChecksum(addrs, IPPROTO_UDP, frame, l4, l4 + udpLen);
  // 0 means "no checksum" in UDP, so a computed 0 is sent as its ones' complement twin (RFC 768).
  frame.writeUInt16BE(sum === 0 ? 0xffff : sum, l4 + 6);
  return frame;
}

/** One TCP segment (PSH|ACK) in one frame; null when the payload does not fit one IP packet. */
export function tcpFrame(
  addrs: AddressPair,
  ep: Endpoints,
  payload: Buffer,
  tcp: TcpState,
  ipId: number,
): Buffer | null {
  if (payload.length > maxTcpPayload(addrs.family)) return null;
  const { frame, l4 } = frameWithIp(addrs, IPPROTO_TCP, TCP_HEADER_BYTES, payload, ipId);
  frame.writeUInt16BE(ep.srcPort, l4);
  frame.writeUInt16BE(ep.dstPort, l4 + 2);
  frame.writeUInt32BE(tcp.seq >>> 0, l4 + 4);
  frame.writeUInt32BE(tcp.ack >>> 0, l4 + 8);
  frame[l4 + 12] = (TCP_HEADER_BYTES / 4) << 4;
  frame[l4 + 13] = TCP_FLAGS_PSH_ACK;
  frame.writeUInt16BE(TCP_WINDOW, l4 + 14);
  frame.writeUInt16BE(transportChecksum(addrs, IPPROTO_TCP, frame, l4, frame.length), l4 + 16);
  return frame;
}

/** Ethernet + IP header written, transport header space zeroed, payload copied in. */
function frameWithIp(
  addrs: AddressPair,
  proto: number,
  l4HeaderBytes: number,
  payload: Buffer,
  ipId: number,
): { frame: Buffer; l4: number } {
  const ipHeader = addrs.family === 4 ? IPV4_HEADER_BYTES : IPV6_HEADER_BYTES;
  const l3 = ETHERNET_HEADER_BYTES;
  const l4 = l3 + ipHeader;
  const l4Len = l4HeaderBytes + payload.length;
  const frame = Buffer.alloc(l4 + l4Len);
  writeMac(frame, 0, addrs.dst);
  writeMac(frame, 6, addrs.src);
  frame.writeUInt16BE(addrs.family === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6, 12);
  if (addrs.family === 4) {
    frame[l3] = 0x45;
    frame.writeUInt16BE(IPV4_HEADER_BYTES + l4Len, l3 + 2);
    frame.writeUInt16BE(ipId & 0xffff, l3 + 4);
    // Don't Fragment, as Linux sets with path-MTU discovery; datagrams above the MTU are written
    // whole (as a loopback or GRO capture shows them) rather than cut into IP fragments.
    frame.writeUInt16BE(IPV4_DONT_FRAGMENT, l3 + 6);
    frame[l3 + 8] = DEFAULT_TTL;
    frame[l3 + 9] = proto;
    addrs.src.copy(frame, l3 + 12);
    addrs.dst.copy(frame, l3 + 16);
    frame.writeUInt16BE(finish(sum16(frame, l3, l3 + IPV4_HEADER_BYTES, 0)), l3 + 10);
  } else {
    frame.writeUInt32BE(0x60000000, l3);
    frame.writeUInt16BE(l4Len, l3 + 4);
    frame[l3 + 6] = proto;
    frame[l3 + 7] = DEFAULT_TTL;
    addrs.src.copy(frame, l3 + 8);
    addrs.dst.copy(frame, l3 + 24);
  }
  payload.copy(frame, l4 + l4HeaderBytes);
  return { frame, l4 };
}

/**
 * Locally administered unicast MAC (02:00:xx:xx:xx:xx) carrying the address's last four bytes, so
 * each host keeps one MAC across the file and Wireshark's Ethernet conversations match the IP ones.
 */
function writeMac(frame: Buffer, off: number, addr: Buffer): void {
  frame[off] = 0x02;
  frame[off + 1] = 0x00;
  addr.copy(frame, off + 2, addr.length - 4);
}

/** UDP/TCP checksum: header + payload at [start, end) plus the IPv4 or IPv6 pseudo-header. */
function transportChecksum(addrs: AddressPair, proto: number, frame: Buffer, start: number, end: number): number {
  let acc = sum16(addrs.src, 0, addrs.src.length, 0);
  acc = sum16(addrs.dst, 0, addrs.dst.length, acc);
  const len = end - start;
  // IPv4: zero, protocol, 16-bit length. IPv6: 32-bit length, three zero bytes, next header.
  acc += proto + (addrs.family === 4 ? len : (len >>> 16) + (len & 0xffff));
  return finish(sum16(frame, start, end, acc));
}

/** Adds the 16-bit big-endian words of buf[start, end) to acc (an odd last byte is padded with zero). */
export function sum16(buf: Buffer, start: number, end: number, acc: number): number {
  let i = start;
  for (; i + 1 < end; i += 2) acc += ((buf[i] as number) << 8) | (buf[i + 1] as number);
  if (i < end) acc += (buf[i] as number) << 8;
  return acc;
}

/** RFC 1071: fold the carries back in, then take the ones' complement. */
export function finish(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return ~acc & 0xffff;
}
