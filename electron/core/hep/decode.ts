// HEP decoder: one datagram (or one TCP frame) in, a HepPacket or a typed error out. Never throws.
// Hot path (60k+ packets/s in one thread): one pass over the chunks keeping offsets in locals, IP
// strings built once at the end, the payload returned as a view (subarray), no per-chunk objects.
import { formatIpv4, formatIpv6 } from '../capture/ip-text.ts';
import * as C from './chunk-types.ts';
import { decodeHepLegacy } from './decode-legacy.ts';
import { inflatePayload } from './inflate-payload.ts';
import type { HepErrorCode, HepResult, HepVendorChunk } from './packet.ts';

export type { HepPacket, HepResult, HepErrorCode, HepError, HepVendorChunk } from './packet.ts';

/**
 * Vendor chunks kept per packet. Known agents send a handful (Genesys: 8); a packet with hundreds of
 * tiny chunks is hostile, and past this bound they are skipped by length like unknown chunks.
 */
export const MAX_VENDOR_CHUNKS = 32;

const NO_VENDOR_CHUNKS: readonly HepVendorChunk[] = Object.freeze([]);

function fail(code: HepErrorCode, message: string): HepResult {
  return { ok: false, error: { code, message } };
}

/** Expected value size of each fixed-size generic chunk whose wrong size makes the packet unusable. */
function coreChunkSize(type: number): number {
  switch (type) {
    case C.CHUNK_IP_FAMILY:
    case C.CHUNK_IP_PROTO:
    case C.CHUNK_PROTO_TYPE:
      return 1;
    case C.CHUNK_SRC_PORT:
    case C.CHUNK_DST_PORT:
    case C.CHUNK_VLAN:
    case C.CHUNK_KEEP_ALIVE:
      return 2;
    case C.CHUNK_IPV4_SRC:
    case C.CHUNK_IPV4_DST:
    case C.CHUNK_TS_SEC:
    case C.CHUNK_TS_USEC:
    case C.CHUNK_CAPTURE_ID:
      return 4;
    case C.CHUNK_IPV6_SRC:
    case C.CHUNK_IPV6_DST:
      return 16;
    default:
      return -1;
  }
}

function formatMac(buf: Buffer, start: number, len: number): string | undefined {
  // Sent as uint64 (the MAC in the low 6 bytes); a bare 6-byte value is accepted too.
  if (len !== 8 && len !== 6) return undefined;
  const o = start + len - 6;
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + (buf[o + i] ?? 0).toString(16).padStart(2, '0');
  return s;
}

/** Decodes HEPv3, or HEPv1/v2 when the first byte is 1 or 2. */
export function decodeHep(buf: Buffer): HepResult {
  if (buf.length >= 4 && buf.readUInt32BE(0) === C.HEP3_MAGIC) return decodeHep3(buf);
  const first = buf[0];
  if (first === 1 || first === 2) return decodeHepLegacy(buf);
  if (buf.length < 4) return fail('too_short', `${buf.length} bytes is shorter than any HEP header`);
  return fail('bad_magic', `not HEP: starts with 0x${buf.readUInt32BE(0).toString(16).padStart(8, '0')}`);
}

export function decodeHep3(buf: Buffer): HepResult {
  const len = buf.length;
  if (len < C.HEP3_HEADER_BYTES) return fail('too_short', `HEP3 header needs 6 bytes, got ${len}`);
  if (buf.readUInt32BE(0) !== C.HEP3_MAGIC) return fail('bad_magic', 'no "HEP3" magic');
  const total = buf.readUInt16BE(4);
  if (total !== len) return fail('length_mismatch', `HEP3 total length ${total} but the packet has ${len} bytes`);

  let family = 0;
  let ipProto = 0;
  let v4Src = -1;
  let v4Dst = -1;
  let v6Src = -1;
  let v6Dst = -1;
  let srcPort = 0;
  let dstPort = 0;
  let tsSec = 0;
  let tsUsec = 0;
  let protoType = 0;
  let captureId: number | undefined;
  let keepAliveTimer: number | undefined;
  let authKey: string | undefined;
  let nodeName: string | undefined;
  let correlationId: string | undefined;
  let vlan: number | undefined;
  let srcMac: string | undefined;
  let dstMac: string | undefined;
  let ethernetType: number | undefined;
  let tcpFlags: number | undefined;
  let ipTos: number | undefined;
  let mos: number | undefined;
  let rFactor: number | undefined;
  let geoLocation: string | undefined;
  let jitter: number | undefined;
  let transactionType: string | undefined;
  let payloadJsonKeys: string | undefined;
  let tagsValues: string | undefined;
  let tagType: number | undefined;
  let eventType: number | undefined;
  let groupId: string | undefined;
  let payloadStart = -1;
  let payloadEnd = -1;
  let zipStart = -1;
  let zipEnd = -1;
  let vendorChunks: HepVendorChunk[] | undefined;

  let off = C.HEP3_HEADER_BYTES;
  while (off < len) {
    if (off + C.CHUNK_HEADER_BYTES > len)
      return fail('chunk_overrun', `chunk header at byte ${off} runs past the packet`);
    const vendor = buf.readUInt16BE(off);
    const type = buf.readUInt16BE(off + 2);
    const clen = buf.readUInt16BE(off + 4);
    if (clen < C.CHUNK_HEADER_BYTES)
      return fail('chunk_too_short', `chunk ${vendor}:${type} at byte ${off} has length ${clen}`);
    const end = off + clen;
    if (end > len)
      return fail('chunk_overrun', `chunk ${vendor}:${type} at byte ${off} (length ${clen}) runs past the packet`);
    const v = off + C.CHUNK_HEADER_BYTES;
    const vlen = clen - C.CHUNK_HEADER_BYTES;
    off = end;

    if (vendor !== C.VENDOR_GENERIC) {
      if (!vendorChunks) vendorChunks = [];
      if (vendorChunks.length < MAX_VENDOR_CHUNKS) vendorChunks.push({ vendor, type, value: buf.subarray(v, end) });
      continue;
    }
    const size = coreChunkSize(type);
    if (size !== -1 && vlen !== size) {
      return fail('bad_chunk_size', `chunk type ${type} must hold ${size} bytes, holds ${vlen}`);
    }
    switch (type) {
      case C.CHUNK_IP_FAMILY:
        family = buf[v] ?? 0;
        break;
      case C.CHUNK_IP_PROTO:
        ipProto = buf[v] ?? 0;
        break;
      case C.CHUNK_IPV4_SRC:
        v4Src = v;
        break;
      case C.CHUNK_IPV4_DST:
        v4Dst = v;
        break;
      case C.CHUNK_IPV6_SRC:
        v6Src = v;
        break;
      case C.CHUNK_IPV6_DST:
        v6Dst = v;
        break;
      case C.CHUNK_SRC_PORT:
        srcPort = buf.readUInt16BE(v);
        break;
      case C.CHUNK_DST_PORT:
        dstPort = buf.readUInt16BE(v);
        break;
      case C.CHUNK_TS_SEC:
        tsSec = buf.readUInt32BE(v);
        break;
      case C.CHUNK_TS_USEC:
        tsUsec = buf.readUInt32BE(v);
        break;
      case C.CHUNK_PROTO_TYPE:
        protoType = buf[v] ?? 0;
        break;
      case C.CHUNK_CAPTURE_ID:
        captureId = buf.readUInt32BE(v);
        break;
      case C.CHUNK_KEEP_ALIVE:
        keepAliveTimer = buf.readUInt16BE(v);
        break;
      case C.CHUNK_AUTH_KEY:
        authKey = buf.toString('utf8', v, end);
        break;
      case C.CHUNK_PAYLOAD:
        payloadStart = v;
        payloadEnd = end;
        break;
      case C.CHUNK_PAYLOAD_COMPRESSED:
        zipStart = v;
        zipEnd = end;
        break;
      case C.CHUNK_CORRELATION_ID:
        correlationId = buf.toString('utf8', v, end);
        break;
      case C.CHUNK_VLAN:
        vlan = buf.readUInt16BE(v);
        break;
      case C.CHUNK_NODE_NAME:
        nodeName = buf.toString('utf8', v, end);
        break;
      // The remaining chunks are informational: a wrong size drops the value, not the packet.
      case C.CHUNK_SRC_MAC:
        srcMac = formatMac(buf, v, vlen);
        break;
      case C.CHUNK_DST_MAC:
        dstMac = formatMac(buf, v, vlen);
        break;
      case C.CHUNK_ETHERNET_TYPE:
        if (vlen === 2) ethernetType = buf.readUInt16BE(v);
        break;
      case C.CHUNK_TCP_FLAGS:
        if (vlen === 1) tcpFlags = buf[v];
        break;
      case C.CHUNK_IP_TOS:
        if (vlen === 1) ipTos = buf[v];
        break;
      case C.CHUNK_MOS:
        if (vlen === 2) mos = buf.readUInt16BE(v);
        break;
      case C.CHUNK_R_FACTOR:
        if (vlen === 2) rFactor = buf.readUInt16BE(v);
        break;
      case C.CHUNK_GEO_LOCATION:
        geoLocation = buf.toString('utf8', v, end);
        break;
      case C.CHUNK_JITTER:
        if (vlen === 4) jitter = buf.readUInt32BE(v);
        break;
      case C.CHUNK_TRANSACTION_TYPE:
        transactionType = buf.toString('utf8', v, end);
        break;
      case C.CHUNK_PAYLOAD_JSON_KEYS:
        payloadJsonKeys = buf.toString('utf8', v, end);
        break;
      case C.CHUNK_TAGS_VALUES:
        tagsValues = buf.toString('utf8', v, end);
        break;
      case C.CHUNK_TAG_TYPE:
        if (vlen === 2) tagType = buf.readUInt16BE(v);
        break;
      case C.CHUNK_EVENT_TYPE:
        if (vlen === 2) eventType = buf.readUInt16BE(v);
        break;
      case C.CHUNK_GROUP_ID:
        groupId = buf.toString('utf8', v, end);
        break;
      default:
        break; // unknown generic chunk: skipped by its length
    }
  }

  let ipFamily: 4 | 6;
  if (family === C.AF_INET) ipFamily = 4;
  else if (family === C.AF_INET6) ipFamily = 6;
  else if (family !== 0) return fail('bad_chunk_value', `IP family ${family} is neither AF_INET (2) nor AF_INET6 (10)`);
  else ipFamily = v4Src === -1 && v6Src !== -1 ? 6 : 4; // no family chunk: go by the addresses sent
  let srcIp: string;
  let dstIp: string;
  if (ipFamily === 4) {
    if (v4Src === -1 || v4Dst === -1) return fail('missing_chunk', 'IPv4 source or destination address chunk missing');
    srcIp = formatIpv4(buf, v4Src);
    dstIp = formatIpv4(buf, v4Dst);
  } else {
    if (v6Src === -1 || v6Dst === -1) return fail('missing_chunk', 'IPv6 source or destination address chunk missing');
    srcIp = formatIpv6(buf, v6Src);
    dstIp = formatIpv6(buf, v6Dst);
  }

  let payload: Buffer;
  let compressed = false;
  if (payloadStart !== -1) {
    payload = buf.subarray(payloadStart, payloadEnd);
  } else if (zipStart !== -1) {
    const inflated = inflatePayload(buf.subarray(zipStart, zipEnd));
    if (!inflated.ok) return fail('inflate_failed', inflated.message);
    payload = inflated.payload;
    compressed = true;
  } else {
    return fail('missing_chunk', 'payload chunk (0x0f or 0x10) missing');
  }

  return {
    ok: true,
    packet: {
      version: 3,
      ipFamily,
      ipProto,
      srcIp,
      dstIp,
      srcPort,
      dstPort,
      tsUs: tsSec * 1_000_000 + tsUsec,
      protoType,
      captureId,
      keepAliveTimer,
      authKey,
      nodeName,
      correlationId,
      vlan,
      srcMac,
      dstMac,
      ethernetType,
      tcpFlags,
      ipTos,
      mos,
      rFactor,
      geoLocation,
      jitter,
      transactionType,
      payloadJsonKeys,
      tagsValues,
      tagType,
      eventType,
      groupId,
      payload,
      compressed,
      vendorChunks: vendorChunks ?? NO_VENDOR_CHUNKS,
    },
  };
}
