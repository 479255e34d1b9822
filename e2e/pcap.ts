// A tiny classic-pcap reader for the e2e suite: the UDP payloads of a capture, in order, so a test
// can replay them to the app over the wire. Handles both byte orders, µs and ns timestamps,
// Ethernet (with 802.1Q tags), Linux cooked (SLL, SLL2), BSD loopback and raw IP links, IPv4/UDP
// only. Deliberately separate from the core's importer: e2e drives the app from outside.
import { readFileSync } from 'node:fs';

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
const LINK_HEADER: Record<number, (frame: Buffer) => { type: number; offset: number } | null> = {
  // DLT_NULL: 4-byte address family in host order; 2 = IPv4.
  0: (f) => ({ type: f.readUInt32LE(0) === 2 || f.readUInt32BE(0) === 2 ? 0x0800 : -1, offset: 4 }),
  // DLT_EN10MB: skip 802.1Q/802.1ad tags.
  1: (f) => {
    let offset = 12;
    let type = f.readUInt16BE(offset);
    while (type === 0x8100 || type === 0x88a8) {
      offset += 4;
      type = f.readUInt16BE(offset);
    }
    return { type, offset: offset + 2 };
  },
  // DLT_RAW (both numbers in use).
  12: () => ({ type: 0x0800, offset: 0 }),
  101: () => ({ type: 0x0800, offset: 0 }),
  // DLT_LINUX_SLL and SLL2.
  113: (f) => ({ type: f.readUInt16BE(14), offset: 16 }),
  276: (f) => ({ type: f.readUInt16BE(0), offset: 20 }),
};

export function udpPayloads(file: string): Buffer[] {
  const buf = readFileSync(file);
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && buf.readUInt32BE(0) !== 0xa1b2c3d4 && buf.readUInt32BE(0) !== 0xa1b23c4d)
    throw new Error(`${file}: not a classic pcap`);
  const u32 = (at: number): number => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const link = LINK_HEADER[u32(20) & 0xffff];
  if (!link) throw new Error(`${file}: link type ${u32(20)} not supported`);
  const out: Buffer[] = [];
  for (let at = GLOBAL_HEADER; at + RECORD_HEADER <= buf.length;) {
    const captured = u32(at + 8);
    const frame = buf.subarray(at + RECORD_HEADER, at + RECORD_HEADER + captured);
    at += RECORD_HEADER + captured;
    const l2 = link(frame);
    if (!l2 || l2.type !== 0x0800) continue;
    const ip = frame.subarray(l2.offset);
    const ihl = (ip[0]! & 0x0f) * 4;
    if (ip[0]! >> 4 !== 4 || ip[9] !== 17) continue;
    const total = ip.readUInt16BE(2);
    const udp = ip.subarray(ihl, total);
    out.push(Buffer.from(udp.subarray(8, udp.readUInt16BE(4))));
  }
  return out;
}
