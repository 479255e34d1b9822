// HEP encoder: spec-exact HEPv3 (and HEPv1/v2 as Kamailio writes them) for tests, the benchmark and
// forwarding. A decoded HepPacket can be passed straight back in. One allocation per packet.
import { deflateSync } from 'node:zlib';
import { ipFamilyOf, writeIpv4, writeIpv6 } from '../capture/ip-text.ts';
import * as C from './chunk-types.ts';
import type { HepPacket, HepVendorChunk } from './packet.ts';

/**
 * What the encoder writes: a decoded packet's fields (so one can be passed straight back in),
 * without what the decoder derives (version, family, compressed) and with a text payload allowed.
 */
export type HepEncodeInput = Omit<HepPacket, 'version' | 'ipFamily' | 'compressed' | 'payload' | 'vendorChunks'> & {
  payload: Buffer | string;
  vendorChunks?: readonly HepVendorChunk[];
};

export interface HepEncodeOptions {
  /** Send the payload deflated (zlib) in chunk 0x10 instead of chunk 0x0f. */
  compress?: boolean;
}

export type HepEncodeErrorCode = 'bad_address' | 'too_large';
export type HepEncodeResult =
  { ok: true; packet: Buffer } | { ok: false; error: { code: HepEncodeErrorCode; message: string } };

type ChunkValue =
  { type: number; vendor: number; bytes: Buffer } | { type: number; vendor: number; uint: number; size: 1 | 2 | 4 };

function macBytes(mac: string): Buffer | null {
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) return null;
  const out = Buffer.alloc(8); // uint64 on the wire, MAC in the low 6 bytes
  parts.forEach((p, i) => (out[2 + i] = parseInt(p, 16)));
  return out;
}

function fail(code: HepEncodeErrorCode, message: string): HepEncodeResult {
  return { ok: false, error: { code, message } };
}

/** Encodes a HEPv3 packet with chunks in the order Kamailio sends them, the payload last. */
export function encodeHep3(p: HepEncodeInput, opts: HepEncodeOptions = {}): HepEncodeResult {
  const family = ipFamilyOf(p.srcIp);
  if (family === 0 || ipFamilyOf(p.dstIp) !== family) {
    return fail('bad_address', `addresses ${p.srcIp} / ${p.dstIp} are not two IPv4 or two IPv6 addresses`);
  }
  const addr = (text: string): Buffer => {
    const b = Buffer.alloc(family === 4 ? 4 : 16);
    if (family === 4) writeIpv4(text, b, 0);
    else writeIpv6(text, b, 0);
    return b;
  };
  const tsSec = Math.floor(p.tsUs / 1_000_000);
  const chunks: ChunkValue[] = [
    { vendor: 0, type: C.CHUNK_IP_FAMILY, uint: family === 4 ? C.AF_INET : C.AF_INET6, size: 1 },
    { vendor: 0, type: C.CHUNK_IP_PROTO, uint: p.ipProto, size: 1 },
    { vendor: 0, type: family === 4 ? C.CHUNK_IPV4_SRC : C.CHUNK_IPV6_SRC, bytes: addr(p.srcIp) },
    { vendor: 0, type: family === 4 ? C.CHUNK_IPV4_DST : C.CHUNK_IPV6_DST, bytes: addr(p.dstIp) },
    { vendor: 0, type: C.CHUNK_SRC_PORT, uint: p.srcPort, size: 2 },
    { vendor: 0, type: C.CHUNK_DST_PORT, uint: p.dstPort, size: 2 },
    { vendor: 0, type: C.CHUNK_TS_SEC, uint: tsSec, size: 4 },
    { vendor: 0, type: C.CHUNK_TS_USEC, uint: p.tsUs - tsSec * 1_000_000, size: 4 },
    { vendor: 0, type: C.CHUNK_PROTO_TYPE, uint: p.protoType, size: 1 },
  ];
  const uint = (type: number, value: number | undefined, size: 1 | 2 | 4): void => {
    if (value !== undefined) chunks.push({ vendor: 0, type, uint: value, size });
  };
  const text = (type: number, value: string | undefined): void => {
    if (value !== undefined) chunks.push({ vendor: 0, type, bytes: Buffer.from(value, 'utf8') });
  };
  uint(C.CHUNK_CAPTURE_ID, p.captureId, 4);
  uint(C.CHUNK_KEEP_ALIVE, p.keepAliveTimer, 2);
  text(C.CHUNK_AUTH_KEY, p.authKey);
  text(C.CHUNK_CORRELATION_ID, p.correlationId);
  uint(C.CHUNK_VLAN, p.vlan, 2);
  text(C.CHUNK_NODE_NAME, p.nodeName);
  for (const [type, mac] of [
    [C.CHUNK_SRC_MAC, p.srcMac],
    [C.CHUNK_DST_MAC, p.dstMac],
  ] as const) {
    if (mac === undefined) continue;
    const b = macBytes(mac);
    if (!b) return fail('bad_address', `MAC address ${mac} is not six hex pairs`);
    chunks.push({ vendor: 0, type, bytes: b });
  }
  uint(C.CHUNK_ETHERNET_TYPE, p.ethernetType, 2);
  uint(C.CHUNK_TCP_FLAGS, p.tcpFlags, 1);
  uint(C.CHUNK_IP_TOS, p.ipTos, 1);
  uint(C.CHUNK_MOS, p.mos, 2);
  uint(C.CHUNK_R_FACTOR, p.rFactor, 2);
  text(C.CHUNK_GEO_LOCATION, p.geoLocation);
  uint(C.CHUNK_JITTER, p.jitter, 4);
  text(C.CHUNK_TRANSACTION_TYPE, p.transactionType);
  text(C.CHUNK_PAYLOAD_JSON_KEYS, p.payloadJsonKeys);
  text(C.CHUNK_TAGS_VALUES, p.tagsValues);
  uint(C.CHUNK_TAG_TYPE, p.tagType, 2);
  uint(C.CHUNK_EVENT_TYPE, p.eventType, 2);
  text(C.CHUNK_GROUP_ID, p.groupId);
  for (const vc of p.vendorChunks ?? []) chunks.push({ vendor: vc.vendor, type: vc.type, bytes: vc.value });
  const raw = typeof p.payload === 'string' ? Buffer.from(p.payload, 'utf8') : p.payload;
  if (opts.compress) chunks.push({ vendor: 0, type: C.CHUNK_PAYLOAD_COMPRESSED, bytes: deflateSync(raw) });
  else chunks.push({ vendor: 0, type: C.CHUNK_PAYLOAD, bytes: raw });

  let total = C.HEP3_HEADER_BYTES;
  for (const c of chunks) total += C.CHUNK_HEADER_BYTES + ('bytes' in c ? c.bytes.length : c.size);
  if (total > C.HEP3_MAX_BYTES)
    return fail('too_large', `HEP3 packet would be ${total} bytes (max ${C.HEP3_MAX_BYTES})`);

  const out = Buffer.allocUnsafe(total);
  out.writeUInt32BE(C.HEP3_MAGIC, 0);
  out.writeUInt16BE(total, 4);
  let off = C.HEP3_HEADER_BYTES;
  for (const c of chunks) {
    const vlen = 'bytes' in c ? c.bytes.length : c.size;
    out.writeUInt16BE(c.vendor, off);
    out.writeUInt16BE(c.type, off + 2);
    out.writeUInt16BE(C.CHUNK_HEADER_BYTES + vlen, off + 4);
    off += C.CHUNK_HEADER_BYTES;
    if ('bytes' in c) c.bytes.copy(out, off);
    else if (c.size === 1) out.writeUInt8(c.uint & 0xff, off);
    else if (c.size === 2) out.writeUInt16BE(c.uint & 0xffff, off);
    else out.writeUInt32BE(c.uint >>> 0, off);
    off += vlen;
  }
  return { ok: true, packet: out };
}

export type HepLegacyInput = Pick<
  HepEncodeInput,
  'ipProto' | 'srcIp' | 'dstIp' | 'srcPort' | 'dstPort' | 'tsUs' | 'captureId' | 'payload'
>;

/** Encodes HEPv1 or HEPv2 byte for byte as Kamailio's trace_send_hep2_duplicate() does on x86. */
export function encodeHepLegacy(p: HepLegacyInput, version: 1 | 2): HepEncodeResult {
  const family = ipFamilyOf(p.srcIp);
  if (family === 0 || ipFamilyOf(p.dstIp) !== family) {
    return fail('bad_address', `addresses ${p.srcIp} / ${p.dstIp} are not two IPv4 or two IPv6 addresses`);
  }
  const hdrLen = 8 + (family === 4 ? 8 : 32);
  const payloadOff = hdrLen + (version === 2 ? 12 : 0);
  const raw = typeof p.payload === 'string' ? Buffer.from(p.payload, 'utf8') : p.payload;
  const out = Buffer.alloc(payloadOff + raw.length);
  out[0] = version;
  out[1] = hdrLen;
  out[2] = family === 4 ? C.AF_INET : C.AF_INET6;
  out[3] = p.ipProto;
  out.writeUInt16BE(p.srcPort, 4);
  out.writeUInt16BE(p.dstPort, 6);
  if (family === 4) {
    writeIpv4(p.srcIp, out, 8);
    writeIpv4(p.dstIp, out, 12);
  } else {
    writeIpv6(p.srcIp, out, 8);
    writeIpv6(p.dstIp, out, 24);
  }
  if (version === 2) {
    const sec = Math.floor(p.tsUs / 1_000_000);
    out.writeUInt32LE(sec, hdrLen);
    out.writeUInt32LE(p.tsUs - sec * 1_000_000, hdrLen + 4);
    out.writeUInt16LE((p.captureId ?? 0) & 0xffff, hdrLen + 8);
    // 2 bytes of struct padding stay zero
  }
  raw.copy(out, payloadOff);
  return { ok: true, packet: out };
}
