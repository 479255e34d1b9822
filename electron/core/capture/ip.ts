// Network layer of the capture chain: IPv4 and IPv6 (with extension headers). Says which transport
// follows and hands over its bytes; fragments are reported as such for ip-fragments.ts to reassemble.
import { formatIpv4, formatIpv6 } from './ip-text.ts';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

const IPV4_MIN_HEADER_BYTES = 20;
const IPV6_HEADER_BYTES = 40;
const IPV4_MORE_FRAGMENTS = 0x2000;
const IPV4_OFFSET_MASK = 0x1fff;

// IPv6 next-header values that are extension headers we walk through.
const EXT_HOP_BY_HOP = 0;
const EXT_ROUTING = 43;
const EXT_FRAGMENT = 44;
const EXT_AH = 51;
const EXT_DEST_OPTS = 60;
const EXT_MOBILITY = 135;
const EXT_HIP = 139;
const EXT_SHIM6 = 140;
const GENERIC_EXT_HEADERS = new Set([EXT_HOP_BY_HOP, EXT_ROUTING, EXT_DEST_OPTS, EXT_MOBILITY, EXT_HIP, EXT_SHIM6]);
/**
 * Extension headers followed before giving up. RFC 8200 orders at most one of each kind (plus a
 * second Destination Options), so real packets have fewer than 8; more is a crafted packet.
 */
const MAX_IPV6_EXT_HEADERS = 8;

export interface IpFragment {
  /** Identification field (16 bits for IPv4, 32 for IPv6). */
  id: number;
  /** Byte offset of this fragment's data in the original payload. */
  offset: number;
  more: boolean;
}

export interface IpPacket {
  version: 4 | 6;
  src: string;
  dst: string;
  /** Transport protocol (UDP 17, TCP 6, ...); for IPv6 the one after the extension headers. */
  proto: number;
  /** Transport bytes, trimmed to the length the IP header declares (a view, not a copy). */
  payload: Buffer;
  /** Present when this packet is one fragment of a larger datagram. */
  fragment?: IpFragment;
}

export type IpErrorCode = 'truncated' | 'bad_header' | 'unsupported';
export type IpResult = { ok: true; packet: IpPacket } | { ok: false; error: { code: IpErrorCode; message: string } };

function fail(code: IpErrorCode, message: string): IpResult {
  return { ok: false, error: { code, message } };
}

export function decodeIpv4(buf: Buffer): IpResult {
  if (buf.length < IPV4_MIN_HEADER_BYTES) return fail('truncated', `IPv4 header needs 20 bytes, got ${buf.length}`);
  const first = buf[0] ?? 0;
  if (first >> 4 !== 4) return fail('bad_header', `IP version ${first >> 4} in an IPv4 packet`);
  const headerLen = (first & 0x0f) * 4;
  if (headerLen < IPV4_MIN_HEADER_BYTES) return fail('bad_header', `IPv4 header length ${headerLen}`);
  if (headerLen > buf.length) return fail('truncated', `IPv4 header of ${headerLen} bytes, ${buf.length} captured`);
  let total = buf.readUInt16BE(2);
  // Captures taken with TCP segmentation offload show a total length of 0: trust the capture then.
  if (total === 0) total = buf.length;
  if (total < headerLen) return fail('bad_header', `IPv4 total length ${total} is shorter than its header`);
  if (total > buf.length) return fail('truncated', `IPv4 packet of ${total} bytes, ${buf.length} captured`);
  const flagsOffset = buf.readUInt16BE(6);
  const packet: IpPacket = {
    version: 4,
    src: formatIpv4(buf, 12),
    dst: formatIpv4(buf, 16),
    proto: buf[9] ?? 0,
    payload: buf.subarray(headerLen, total),
  };
  const offset = (flagsOffset & IPV4_OFFSET_MASK) * 8;
  const more = (flagsOffset & IPV4_MORE_FRAGMENTS) !== 0;
  if (offset !== 0 || more) packet.fragment = { id: buf.readUInt16BE(4), offset, more };
  return { ok: true, packet };
}

export function decodeIpv6(buf: Buffer): IpResult {
  if (buf.length < IPV6_HEADER_BYTES) return fail('truncated', `IPv6 header needs 40 bytes, got ${buf.length}`);
  const version = (buf[0] ?? 0) >> 4;
  if (version !== 6) return fail('bad_header', `IP version ${version} in an IPv6 packet`);
  const payloadLen = buf.readUInt16BE(4);
  // Payload length 0 is a jumbogram (RFC 2675) or an offloaded capture: use what was captured.
  const end = payloadLen === 0 ? buf.length : IPV6_HEADER_BYTES + payloadLen;
  if (end > buf.length) return fail('truncated', `IPv6 packet of ${end} bytes, ${buf.length} captured`);
  let next = buf[6] ?? 0;
  let off = IPV6_HEADER_BYTES;
  let fragment: IpFragment | undefined;
  for (let n = 0; ; n++) {
    if (GENERIC_EXT_HEADERS.has(next) || next === EXT_AH || next === EXT_FRAGMENT) {
      if (n === MAX_IPV6_EXT_HEADERS)
        return fail('unsupported', `more than ${MAX_IPV6_EXT_HEADERS} IPv6 extension headers`);
      if (off + 8 > end) return fail('truncated', `IPv6 extension header ${next} runs past the packet`);
      const hdrNext = buf[off] ?? 0;
      let len: number;
      if (next === EXT_FRAGMENT) {
        len = 8;
        const fo = buf.readUInt16BE(off + 2);
        fragment = { id: buf.readUInt32BE(off + 4), offset: fo & 0xfff8, more: (fo & 1) !== 0 };
      } else if (next === EXT_AH) {
        len = ((buf[off + 1] ?? 0) + 2) * 4; // RFC 4302: length in 4-octet units, minus 2
      } else {
        len = ((buf[off + 1] ?? 0) + 1) * 8; // RFC 8200: length in 8-octet units, not counting the first 8
      }
      if (off + len > end) return fail('truncated', `IPv6 extension header ${next} runs past the packet`);
      off += len;
      next = hdrNext;
      continue;
    }
    break;
  }
  const packet: IpPacket = {
    version: 6,
    src: formatIpv6(buf, 8),
    dst: formatIpv6(buf, 24),
    proto: next,
    payload: buf.subarray(off, end),
  };
  // A fragment header with offset 0 and no more fragments is an atomic fragment (RFC 6946): whole.
  if (fragment && (fragment.offset !== 0 || fragment.more)) packet.fragment = fragment;
  return { ok: true, packet };
}

/** Decodes an IPv4 or IPv6 packet, chosen by its version nibble. */
export function decodeIp(buf: Buffer): IpResult {
  if (buf.length === 0) return fail('truncated', 'empty IP packet');
  const version = (buf[0] ?? 0) >> 4;
  if (version === 4) return decodeIpv4(buf);
  if (version === 6) return decodeIpv6(buf);
  return fail('bad_header', `IP version ${version}`);
}
