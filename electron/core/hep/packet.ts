// What a decoded HEP packet is, and how decoding fails.

export interface HepVendorChunk {
  vendor: number;
  type: number;
  /** A view into the datagram, not a copy. */
  value: Buffer;
}

export interface HepPacket {
  version: 1 | 2 | 3;
  ipFamily: 4 | 6;
  /** IP protocol of the captured packet: 17 UDP, 6 TCP, 132 SCTP; Kamailio v2 uses 22 for TLS/WS. */
  ipProto: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** Capture time, integer microseconds UTC; 0 when the agent sent none (HEPv1), for the receiver to fill. */
  tsUs: number;
  /** Chunk 0x0b: 1 SIP, 5 RTCP JSON, 100 log, ... (raw number; see chunk-types.ts). */
  protoType: number;
  captureId?: number;
  keepAliveTimer?: number;
  /** Chunk 0x0e, a.k.a. node password. */
  authKey?: string;
  nodeName?: string;
  correlationId?: string;
  vlan?: number;
  srcMac?: string;
  dstMac?: string;
  ethernetType?: number;
  tcpFlags?: number;
  ipTos?: number;
  /** MOS as sent (heplify sends MOS x 100). */
  mos?: number;
  rFactor?: number;
  geoLocation?: string;
  jitter?: number;
  transactionType?: string;
  payloadJsonKeys?: string;
  tagsValues?: string;
  tagType?: number;
  eventType?: number;
  groupId?: string;
  /** The captured message: a view into the datagram, or the inflated bytes when `compressed`. */
  payload: Buffer;
  /** The payload arrived in the compressed chunk (0x10) and was inflated. */
  compressed: boolean;
  /** Non-generic chunks, in arrival order (at most MAX_VENDOR_CHUNKS). */
  vendorChunks: readonly HepVendorChunk[];
}

export type HepErrorCode =
  /** Fewer bytes than any HEP header. */
  | 'too_short'
  /** Neither "HEP3" nor a HEPv1/v2 version byte. */
  | 'bad_magic'
  /** The HEP3 total length differs from the datagram's size. */
  | 'length_mismatch'
  /** A chunk declares a length below its own 6-byte header. */
  | 'chunk_too_short'
  /** A chunk (or its header) runs past the end of the packet. */
  | 'chunk_overrun'
  /** A fixed-size chunk (address, port, timestamp, ...) has the wrong size. */
  | 'bad_chunk_size'
  /** A chunk value that cannot be (an IP family other than AF_INET/AF_INET6). */
  | 'bad_chunk_value'
  /** A chunk the packet cannot do without: addresses of its family, or the payload. */
  | 'missing_chunk'
  /** The compressed payload does not inflate, or inflates past MAX_INFLATED_PAYLOAD_BYTES. */
  | 'inflate_failed'
  /** HEPv1/v2: header length or family inconsistent. */
  | 'bad_header';

export interface HepError {
  code: HepErrorCode;
  message: string;
}

export type HepResult = { ok: true; packet: HepPacket } | { ok: false; error: HepError };
