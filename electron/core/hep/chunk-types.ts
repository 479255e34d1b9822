// HEPv3 generic chunk types (vendor 0), HEP3 specification rev 37 (reference §1.3).
// Note: the lab's heplib.py numbers the chunks from 0x1f upward one lower (MOS = 31); rev 37, hep-js
// and heplify put MOS at 0x20, and so do we.

export const HEP3_MAGIC = 0x48455033; // "HEP3"
export const HEP3_HEADER_BYTES = 6;
export const CHUNK_HEADER_BYTES = 6;
/** The 16-bit length fields cap a HEP3 packet (and so any chunk) at this many bytes. */
export const HEP3_MAX_BYTES = 65_535;

export const VENDOR_GENERIC = 0;

export const CHUNK_IP_FAMILY = 0x01;
export const CHUNK_IP_PROTO = 0x02;
export const CHUNK_IPV4_SRC = 0x03;
export const CHUNK_IPV4_DST = 0x04;
export const CHUNK_IPV6_SRC = 0x05;
export const CHUNK_IPV6_DST = 0x06;
export const CHUNK_SRC_PORT = 0x07;
export const CHUNK_DST_PORT = 0x08;
export const CHUNK_TS_SEC = 0x09;
export const CHUNK_TS_USEC = 0x0a;
export const CHUNK_PROTO_TYPE = 0x0b;
export const CHUNK_CAPTURE_ID = 0x0c;
export const CHUNK_KEEP_ALIVE = 0x0d;
/** Called "node password" by heplify-server (NodePW): the same chunk. */
export const CHUNK_AUTH_KEY = 0x0e;
export const CHUNK_PAYLOAD = 0x0f;
export const CHUNK_PAYLOAD_COMPRESSED = 0x10;
export const CHUNK_CORRELATION_ID = 0x11;
export const CHUNK_VLAN = 0x12;
export const CHUNK_NODE_NAME = 0x13;
export const CHUNK_SRC_MAC = 0x14;
export const CHUNK_DST_MAC = 0x15;
export const CHUNK_ETHERNET_TYPE = 0x16;
export const CHUNK_TCP_FLAGS = 0x17;
export const CHUNK_IP_TOS = 0x18;
export const CHUNK_MOS = 0x20;
export const CHUNK_R_FACTOR = 0x21;
export const CHUNK_GEO_LOCATION = 0x22;
export const CHUNK_JITTER = 0x23;
export const CHUNK_TRANSACTION_TYPE = 0x24;
export const CHUNK_PAYLOAD_JSON_KEYS = 0x25;
export const CHUNK_TAGS_VALUES = 0x26;
export const CHUNK_TAG_TYPE = 0x27;
export const CHUNK_EVENT_TYPE = 0x28;
export const CHUNK_GROUP_ID = 0x29;

/** Values of the IP family chunk (Linux AF_INET / AF_INET6, as every agent sends them). */
export const AF_INET = 2;
export const AF_INET6 = 10;

/** Capture protocol types (chunk 0x0b) the app gives meaning to; others are kept as numbers. */
export const PROTO_TYPE_SIP = 1;
export const PROTO_TYPE_RTCP_JSON = 5;
export const PROTO_TYPE_LOG = 100;
