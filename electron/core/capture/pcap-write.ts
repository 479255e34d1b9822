// Writes capture files: classic libpcap (µs or ns) and a minimal pcapng (one section, one interface).
// Used to export calls for tickets and, in tests, to make captures the reader must understand.

export interface WriteRecord {
  tsUs: number;
  data: Buffer;
  /** Wire length; defaults to data.length. */
  origLen?: number;
}

export interface PcapWriteOptions {
  /** Write the nanosecond-resolution magic. */
  nano?: boolean;
  /** Write big-endian (as a SPARC or PowerPC host would). */
  bigEndian?: boolean;
  /** Snap length written in the header. */
  snapLen?: number;
}

/** libpcap's default snap length (MAXIMUM_SNAPLEN). */
const DEFAULT_SNAPLEN = 262_144;

export function writePcap(linkType: number, records: WriteRecord[], opts: PcapWriteOptions = {}): Buffer {
  const be = opts.bigEndian === true;
  const total = 24 + records.reduce((n, r) => n + 16 + r.data.length, 0);
  const out = Buffer.alloc(total);
  const u32 = (v: number, o: number): void => {
    if (be) out.writeUInt32BE(v >>> 0, o);
    else out.writeUInt32LE(v >>> 0, o);
  };
  const u16 = (v: number, o: number): void => {
    if (be) out.writeUInt16BE(v, o);
    else out.writeUInt16LE(v, o);
  };
  u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(2, 4);
  u16(4, 6);
  u32(opts.snapLen ?? DEFAULT_SNAPLEN, 16);
  u32(linkType, 20);
  let off = 24;
  for (const r of records) {
    const sec = Math.floor(r.tsUs / 1_000_000);
    const us = r.tsUs - sec * 1_000_000;
    u32(sec, off);
    u32(opts.nano ? us * 1000 : us, off + 4);
    u32(r.data.length, off + 8);
    u32(r.origLen ?? r.data.length, off + 12);
    r.data.copy(out, off + 16);
    off += 16 + r.data.length;
  }
  return out;
}

export interface PcapngWriteOptions {
  bigEndian?: boolean;
  /** if_tsresol byte (default 6 = µs; 9 = ns; 0x80|n = 2^-n s). */
  tsResol?: number;
  /** Write packets as Simple Packet Blocks (no timestamps) instead of Enhanced Packet Blocks. */
  simple?: boolean;
  /** if_tsoffset: seconds added to every timestamp of the interface. */
  tsOffsetSec?: number;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

export function writePcapng(linkType: number, records: WriteRecord[], opts: PcapngWriteOptions = {}): Buffer {
  const be = opts.bigEndian === true;
  const blocks: Buffer[] = [];
  const block = (type: number, body: Buffer): void => {
    const len = 12 + body.length;
    const b = Buffer.alloc(len);
    if (be) {
      b.writeUInt32BE(type, 0);
      b.writeUInt32BE(len, 4);
      b.writeUInt32BE(len, len - 4);
    } else {
      b.writeUInt32LE(type, 0);
      b.writeUInt32LE(len, 4);
      b.writeUInt32LE(len, len - 4);
    }
    body.copy(b, 8);
    blocks.push(b);
  };
  const u32 = (b: Buffer, v: number, o: number): void => {
    if (be) b.writeUInt32BE(v >>> 0, o);
    else b.writeUInt32LE(v >>> 0, o);
  };
  const u16 = (b: Buffer, v: number, o: number): void => {
    if (be) b.writeUInt16BE(v, o);
    else b.writeUInt16LE(v, o);
  };

  const shb = Buffer.alloc(16);
  u32(shb, 0x1a2b3c4d, 0);
  u16(shb, 1, 4);
  u16(shb, 0, 6);
  shb.fill(0xff, 8, 16); // section length unknown (-1)
  block(0x0a0d0d0a, shb);

  const resol = opts.tsResol ?? 6;
  const offsetSec = opts.tsOffsetSec ?? 0;
  const idb = Buffer.alloc(8 + (resol === 6 ? 0 : 8) + (offsetSec === 0 ? 0 : 12) + 4);
  u16(idb, linkType, 0);
  u32(idb, DEFAULT_SNAPLEN, 4);
  let o = 8;
  if (resol !== 6) {
    u16(idb, 9, o); // if_tsresol
    u16(idb, 1, o + 2);
    idb[o + 4] = resol;
    o += 8;
  }
  if (offsetSec !== 0) {
    u16(idb, 14, o); // if_tsoffset
    u16(idb, 8, o + 2);
    if (be) idb.writeBigInt64BE(BigInt(offsetSec), o + 4);
    else idb.writeBigInt64LE(BigInt(offsetSec), o + 4);
    o += 12;
  }
  // opt_endofopt (code 0, length 0) is already zero-filled.
  block(1, idb);

  for (const r of records) {
    if (opts.simple) {
      const body = Buffer.alloc(4 + pad4(r.data.length));
      u32(body, r.origLen ?? r.data.length, 0);
      r.data.copy(body, 4);
      block(3, body);
      continue;
    }
    const units = toUnits(r.tsUs - offsetSec * 1_000_000, resol);
    const body = Buffer.alloc(20 + pad4(r.data.length));
    u32(body, 0, 0);
    u32(body, Number(units >> 32n), 4);
    u32(body, Number(units & 0xffffffffn), 8);
    u32(body, r.data.length, 12);
    u32(body, r.origLen ?? r.data.length, 16);
    r.data.copy(body, 20);
    block(6, body);
  }
  return Buffer.concat(blocks);
}

function toUnits(tsUs: number, resol: number): bigint {
  const us = BigInt(tsUs);
  if (resol & 0x80) return (us << BigInt(resol & 0x7f)) / 1_000_000n;
  if (resol >= 6) return us * 10n ** BigInt(resol - 6);
  return us / 10n ** BigInt(6 - resol);
}
