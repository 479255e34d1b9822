// Link layer of the capture chain: strips the frame header of each supported link type and says
// which network protocol follows (as an EtherType), so ip.ts can take over.

/** Link-layer header types (tcpdump.org/linktypes.html) this chain understands. */
export const LINKTYPE_NULL = 0; // BSD loopback: 4-byte address family in the capturing host's byte order
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW_DLT12 = 12; // DLT_RAW as written by most BSDs/macOS: bare IP
export const LINKTYPE_RAW_DLT14 = 14; // DLT_RAW on OpenBSD: bare IP
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108; // OpenBSD loopback: 4-byte address family, network byte order
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;

/** Stacked VLAN tags followed before giving up: QinQ uses 2; more means a malformed or hostile frame. */
const MAX_VLAN_TAGS = 4;

const ETHERNET_HEADER_BYTES = 14;
const SLL_HEADER_BYTES = 16;
const SLL2_HEADER_BYTES = 20;
const NULL_HEADER_BYTES = 4;

// Address-family values seen in NULL/LOOP headers: AF_INET is 2 everywhere; AF_INET6 is 10 on Linux,
// 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on macOS.
const AF_INET = 2;
const AF_INET6_VALUES = new Set([10, 24, 28, 30]);

const SUPPORTED = new Set([
  LINKTYPE_NULL,
  LINKTYPE_ETHERNET,
  LINKTYPE_RAW_DLT12,
  LINKTYPE_RAW_DLT14,
  LINKTYPE_RAW,
  LINKTYPE_LOOP,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL2,
]);

export function isSupportedLinkType(linkType: number): boolean {
  return SUPPORTED.has(linkType);
}

export type LinkErrorCode = 'truncated' | 'unsupported_link_type';

export type LinkResult =
  | {
      ok: true;
      /** EtherType of what follows: ETHERTYPE_IPV4 / ETHERTYPE_IPV6, or anything else (ARP, LLC, ...). */
      etherType: number;
      /** The network-layer packet (a view into the frame, not a copy). */
      payload: Buffer;
      /** Outermost 802.1Q VLAN id, when the frame was tagged. */
      vlan?: number;
    }
  | { ok: false; error: { code: LinkErrorCode; message: string } };

function truncated(what: string, len: number): LinkResult {
  return {
    ok: false,
    error: { code: 'truncated', message: `${what} header needs more than the ${len} captured bytes` },
  };
}

/** EtherType from the IP version nibble, for link types that carry bare IP. */
function etherTypeFromVersion(frame: Buffer, off: number): number {
  const v = (frame[off] ?? 0) >> 4;
  return v === 4 ? ETHERTYPE_IPV4 : v === 6 ? ETHERTYPE_IPV6 : 0;
}

function fromFamily(family: number, frame: Buffer): LinkResult {
  const etherType = family === AF_INET ? ETHERTYPE_IPV4 : AF_INET6_VALUES.has(family) ? ETHERTYPE_IPV6 : 0;
  return { ok: true, etherType, payload: frame.subarray(NULL_HEADER_BYTES) };
}

function decodeEthernet(frame: Buffer): LinkResult {
  if (frame.length < ETHERNET_HEADER_BYTES) return truncated('Ethernet', frame.length);
  let etherType = frame.readUInt16BE(12);
  let off = ETHERNET_HEADER_BYTES;
  let vlan: number | undefined;
  for (
    let tags = 0;
    etherType === ETHERTYPE_VLAN || etherType === ETHERTYPE_QINQ || etherType === ETHERTYPE_QINQ_OLD;
    tags++
  ) {
    if (tags === MAX_VLAN_TAGS) return { ok: true, etherType, payload: frame.subarray(off) };
    if (frame.length < off + 4) return truncated('802.1Q', frame.length);
    vlan ??= frame.readUInt16BE(off) & 0x0fff;
    etherType = frame.readUInt16BE(off + 2);
    off += 4;
  }
  const payload = frame.subarray(off);
  return vlan === undefined ? { ok: true, etherType, payload } : { ok: true, etherType, payload, vlan };
}

/** Strips the link header of `frame` captured with `linkType`. */
export function decodeLink(linkType: number, frame: Buffer): LinkResult {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return decodeEthernet(frame);
    case LINKTYPE_LINUX_SLL:
      if (frame.length < SLL_HEADER_BYTES) return truncated('Linux cooked (SLL)', frame.length);
      return { ok: true, etherType: frame.readUInt16BE(14), payload: frame.subarray(SLL_HEADER_BYTES) };
    case LINKTYPE_LINUX_SLL2:
      if (frame.length < SLL2_HEADER_BYTES) return truncated('Linux cooked (SLL2)', frame.length);
      return { ok: true, etherType: frame.readUInt16BE(0), payload: frame.subarray(SLL2_HEADER_BYTES) };
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_DLT12:
    case LINKTYPE_RAW_DLT14:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return { ok: true, etherType: etherTypeFromVersion(frame, 0), payload: frame };
    case LINKTYPE_NULL: {
      if (frame.length < NULL_HEADER_BYTES) return truncated('BSD loopback', frame.length);
      // Host byte order of the capturing machine, unknown to us: the family is small, so whichever
      // order gives a value below 256 is the right one.
      const le = frame.readUInt32LE(0);
      return fromFamily(le < 256 ? le : frame.readUInt32BE(0), frame);
    }
    case LINKTYPE_LOOP:
      if (frame.length < NULL_HEADER_BYTES) return truncated('OpenBSD loopback', frame.length);
      return fromFamily(frame.readUInt32BE(0), frame);
    default:
      return { ok: false, error: { code: 'unsupported_link_type', message: `link type ${linkType} is not supported` } };
  }
}
