// HEPv1 / HEPv2 as Kamailio siptrace and OpenSIPS send them (reference §1.7): a raw C struct.
//   hep_hdr     u8 version, u8 hdr_len, u8 family, u8 proto, u16 sport BE, u16 dport BE   (8 bytes)
//   addresses   IPv4 src+dst (8 bytes) or IPv6 src+dst (32 bytes)
//   v2 only     u32 tv_sec LE, u32 tv_usec LE, u16 capture id (host order = LE), 2 padding bytes
// hdr_len counts hep_hdr + addresses: 16 for IPv4, 40 for IPv6. Timestamps are little-endian
// (Kamailio writes to_le()); heplify-server reads them big-endian and starts the payload 2 bytes
// early, which we do not copy.
import { formatIpv4, formatIpv6 } from '../capture/ip-text.ts';
import { AF_INET, AF_INET6, PROTO_TYPE_SIP } from './chunk-types.ts';
import type { HepResult } from './packet.ts';

const BASE_HEADER_BYTES = 8;
const IPV4_ADDRS_BYTES = 8;
const IPV6_ADDRS_BYTES = 32;
/** sizeof(struct hep_timehdr): 4 + 4 + 2, padded to 12 by the compiler. */
const V2_TIME_HEADER_BYTES = 12;

const NO_VENDOR_CHUNKS: readonly never[] = Object.freeze([]);

export function decodeHepLegacy(buf: Buffer): HepResult {
  if (buf.length < BASE_HEADER_BYTES) {
    return { ok: false, error: { code: 'too_short', message: `HEPv1/v2 header needs 8 bytes, got ${buf.length}` } };
  }
  const version = buf[0];
  if (version !== 1 && version !== 2) {
    return { ok: false, error: { code: 'bad_magic', message: `HEP version byte ${version}` } };
  }
  const hdrLen = buf[1] ?? 0;
  const family = buf[2] ?? 0;
  let ipFamily: 4 | 6;
  if (family === AF_INET) ipFamily = 4;
  else if (family === AF_INET6) ipFamily = 6;
  else return { ok: false, error: { code: 'bad_header', message: `HEPv${version} address family ${family}` } };
  const addrs = ipFamily === 4 ? IPV4_ADDRS_BYTES : IPV6_ADDRS_BYTES;
  if (hdrLen !== BASE_HEADER_BYTES + addrs) {
    return {
      ok: false,
      error: {
        code: 'bad_header',
        message: `HEPv${version} header length ${hdrLen} does not fit IPv${ipFamily} (${BASE_HEADER_BYTES + addrs})`,
      },
    };
  }
  const payloadOff = hdrLen + (version === 2 ? V2_TIME_HEADER_BYTES : 0);
  if (buf.length <= payloadOff) {
    return {
      ok: false,
      error: { code: 'too_short', message: `HEPv${version} packet of ${buf.length} bytes has no payload` },
    };
  }
  const srcIp = ipFamily === 4 ? formatIpv4(buf, 8) : formatIpv6(buf, 8);
  const dstIp = ipFamily === 4 ? formatIpv4(buf, 12) : formatIpv6(buf, 24);
  let tsUs = 0;
  let captureId: number | undefined;
  if (version === 2) {
    tsUs = buf.readUInt32LE(hdrLen) * 1_000_000 + buf.readUInt32LE(hdrLen + 4);
    captureId = buf.readUInt16LE(hdrLen + 8);
  }
  return {
    ok: true,
    packet: {
      version,
      ipFamily,
      ipProto: buf[3] ?? 0,
      srcIp,
      dstIp,
      srcPort: buf.readUInt16BE(4),
      dstPort: buf.readUInt16BE(6),
      tsUs,
      // v1/v2 carry no type: they were only ever used for SIP.
      protoType: PROTO_TYPE_SIP,
      captureId,
      payload: buf.subarray(payloadOff),
      compressed: false,
      vendorChunks: NO_VENDOR_CHUNKS,
    },
  };
}
