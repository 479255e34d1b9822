// Builds an Ethernet/IP/UDP frame around a payload: the inverse of the dissector chain, for writing
// captures (export of a call as pcap) and for tests.
import { writeIpv4, writeIpv6 } from './ip-text.ts';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link.ts';
import { IPPROTO_UDP } from './ip.ts';

export interface UdpFrameInput {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

/** Default TTL / hop limit written: Linux's default. */
const DEFAULT_TTL = 64;

/** IPv4 header checksum (RFC 791): ones' complement of the ones' complement sum of the 16-bit words. */
function ipv4Checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** IPv4 (or IPv6) + UDP bytes without a link header; null if an address is not valid text. */
export function buildIpUdp(input: UdpFrameInput, ipId = 0): Buffer | null {
  const udpLen = 8 + input.payload.length;
  const v4 = writeIpv4(input.srcIp, Buffer.alloc(4), 0);
  const ipLen = v4 ? 20 : 40;
  const out = Buffer.alloc(ipLen + udpLen);
  if (v4) {
    out[0] = 0x45;
    out.writeUInt16BE(ipLen + udpLen, 2);
    out.writeUInt16BE(ipId & 0xffff, 4);
    out.writeUInt16BE(0x4000, 6); // don't fragment, as Linux sets on UDP with PMTU discovery
    out[8] = DEFAULT_TTL;
    out[9] = IPPROTO_UDP;
    if (!writeIpv4(input.srcIp, out, 12) || !writeIpv4(input.dstIp, out, 16)) return null;
    out.writeUInt16BE(ipv4Checksum(out.subarray(0, 20)), 10);
  } else {
    out[0] = 0x60;
    out.writeUInt16BE(udpLen, 4);
    out[6] = IPPROTO_UDP;
    out[7] = DEFAULT_TTL;
    if (!writeIpv6(input.srcIp, out, 8) || !writeIpv6(input.dstIp, out, 24)) return null;
  }
  out.writeUInt16BE(input.srcPort, ipLen);
  out.writeUInt16BE(input.dstPort, ipLen + 2);
  out.writeUInt16BE(udpLen, ipLen + 4);
  input.payload.copy(out, ipLen + 8); // checksum 0: "not computed", allowed for UDP over IPv4
  return out;
}

/** An Ethernet frame (zero MAC addresses, as on the loopback interface) carrying the datagram. */
export function buildUdpFrame(input: UdpFrameInput, ipId = 0): Buffer | null {
  const ip = buildIpUdp(input, ipId);
  if (!ip) return null;
  const frame = Buffer.alloc(14 + ip.length);
  frame.writeUInt16BE((ip[0] ?? 0) >> 4 === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6, 12);
  ip.copy(frame, 14);
  return frame;
}
