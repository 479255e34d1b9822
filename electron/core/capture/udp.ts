// UDP layer of the capture chain: ports and the datagram payload.

const UDP_HEADER_BYTES = 8;

export interface UdpSegment {
  srcPort: number;
  dstPort: number;
  /** Datagram payload trimmed to the UDP length (a view, not a copy). */
  payload: Buffer;
}

export type UdpErrorCode = 'truncated' | 'bad_length';
export type UdpResult =
  { ok: true; segment: UdpSegment } | { ok: false; error: { code: UdpErrorCode; message: string } };

/** Decodes the UDP header at the start of `buf` (the IP payload). The checksum is not verified:
 * captures taken on the sending host carry unfilled checksums (offload), which are not errors. */
export function decodeUdp(buf: Buffer): UdpResult {
  if (buf.length < UDP_HEADER_BYTES) {
    return { ok: false, error: { code: 'truncated', message: `UDP header needs 8 bytes, got ${buf.length}` } };
  }
  let len = buf.readUInt16BE(4);
  // Length 0 only occurs in IPv6 jumbograms (RFC 2675): the IP layer's length is the truth then.
  if (len === 0) len = buf.length;
  if (len < UDP_HEADER_BYTES) {
    return { ok: false, error: { code: 'bad_length', message: `UDP length ${len} is shorter than its header` } };
  }
  if (len > buf.length) {
    return { ok: false, error: { code: 'truncated', message: `UDP datagram of ${len} bytes, ${buf.length} captured` } };
  }
  return {
    ok: true,
    segment: {
      srcPort: buf.readUInt16BE(0),
      dstPort: buf.readUInt16BE(2),
      payload: buf.subarray(UDP_HEADER_BYTES, len),
    },
  };
}
