// Capture files: classic libpcap (both byte orders, µs and ns magic) and pcapng (SHB/IDB/EPB/SPB and
// the obsolete PB, per-interface link type, timestamp resolution and offset). Pure: bytes in, records
// out. The streaming reader takes chunks of any size and holds at most one unfinished block, so a
// 200 MB file is read in constant memory; `readCaptureFile` is the same reader fed one buffer.
import { isSupportedLinkType } from './link.ts';

export interface CaptureRecord {
  /** Capture time, integer microseconds UTC (0 for pcapng simple packet blocks, which carry none). */
  tsUs: number;
  linkType: number;
  /** Captured bytes: a view into the chunk that carried them, not a copy. */
  data: Buffer;
  /** Length of the packet on the wire (more than data.length when the snap length cut it). */
  origLen: number;
}

export type CaptureErrorCode = 'not_a_capture' | 'truncated' | 'unsupported_link_type' | 'corrupt';
export interface CaptureError {
  code: CaptureErrorCode;
  message: string;
}

export type CapturePushResult =
  { ok: true; records: CaptureRecord[] } | { ok: false; error: CaptureError; records: CaptureRecord[] };

export type CaptureFileResult =
  | { ok: true; records: CaptureRecord[]; skipped: number }
  | { ok: false; error: CaptureError; records: CaptureRecord[]; skipped: number };

/**
 * Largest packet record accepted. 262144 is libpcap's MAXIMUM_SNAPLEN and Wireshark's standard
 * maximum for the link types we read; a larger length means a corrupt file, and refusing it keeps a
 * bogus length from making the streaming reader buffer gigabytes.
 */
export const MAX_RECORD_BYTES = 262_144;
/** Largest pcapng block accepted: Wireshark's own limit (16 MiB), room for big options and name blocks. */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

const PCAP_HEADER_BYTES = 24;
const PCAP_RECORD_HEADER_BYTES = 16;
const PCAPNG_MIN_BLOCK_BYTES = 12;
const SHB_PEEK_BYTES = 12; // type, length, byte-order magic: enough to know the section's byte order

const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 0x00000001;
const BT_PB = 0x00000002; // obsolete Packet Block, still written by old tools
const BT_SPB = 0x00000003;
const BT_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;
const DEFAULT_TSRESOL = 6; // pcapng default: microseconds

interface PcapngInterface {
  linkType: number;
  snapLen: number;
  /** if_tsresol byte: bit 7 clear = 10^-n seconds, set = 2^-n seconds. */
  tsResol: number;
  tsOffsetUs: number;
}

type Format = 'unknown' | 'pcap' | 'pcapng';

/** Result of trying to parse the next unit (header, record, block) at an offset. */
type Step = { kind: 'need'; bytes: number } | { kind: 'done'; next: number } | { kind: 'error'; error: CaptureError };

function err(code: CaptureErrorCode, message: string): Step {
  return { kind: 'error', error: { code, message } };
}

/** Microseconds since the epoch from a pcapng 64-bit timestamp in units of the interface resolution. */
function pcapngTsUs(hi: number, lo: number, resol: number): number {
  if (resol === DEFAULT_TSRESOL) return hi * 2 ** 32 + lo; // stays below 2^53 for any real date
  const units = (BigInt(hi) << 32n) | BigInt(lo);
  if (resol & 0x80) return Number((units * 1_000_000n) >> BigInt(resol & 0x7f));
  if (resol < DEFAULT_TSRESOL) return Number(units * 10n ** BigInt(DEFAULT_TSRESOL - resol));
  return Number(units / 10n ** BigInt(resol - DEFAULT_TSRESOL));
}

/**
 * Streaming reader. `push` each chunk as it is read, then `end`. Records come back as soon as their
 * block is complete. After an error every call returns that error.
 */
export class CaptureStreamReader {
  /** Records dropped because their interface's link type is not supported (pcapng). */
  skipped = 0;

  #format: Format = 'unknown';
  #le = true;
  #nano = false;
  #linkType = 0;
  #interfaces: PcapngInterface[] = [];
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Bytes the next unit needs before parsing can progress: pushes below it only queue the chunk. */
  #need = 0;
  #error: CaptureError | null = null;
  #sawBytes = false;

  /** Bytes held back waiting for the rest of an unfinished block (what "constant memory" bounds). */
  get bufferedBytes(): number {
    return this.#pendingBytes;
  }

  push(chunk: Buffer): CapturePushResult {
    if (this.#error) return { ok: false, error: this.#error, records: [] };
    if (chunk.length > 0) this.#sawBytes = true;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    const records: CaptureRecord[] = [];
    if (this.#pendingBytes < this.#need) return { ok: true, records };

    const buf = this.#pending.length === 1 ? chunk : Buffer.concat(this.#pending, this.#pendingBytes);
    let off = 0;
    for (;;) {
      const step = this.#step(buf, off, records);
      if (step.kind === 'done') {
        off = step.next;
        continue;
      }
      if (step.kind === 'error') {
        this.#error = step.error;
        this.#pending = [];
        this.#pendingBytes = 0;
        return { ok: false, error: step.error, records };
      }
      this.#need = step.bytes;
      break;
    }
    // Keep only the unfinished tail, copied so the (possibly large) chunk can be released.
    const rest = buf.length - off;
    this.#pending = rest > 0 ? [Buffer.from(buf.subarray(off))] : [];
    this.#pendingBytes = rest;
    return { ok: true, records };
  }

  /** Call once the whole file was pushed: leftover bytes mean the file was cut mid-record. */
  end(): { ok: true } | { ok: false; error: CaptureError } {
    if (this.#error) return { ok: false, error: this.#error };
    if (!this.#sawBytes) {
      this.#error = { code: 'not_a_capture', message: 'the file is empty' };
    } else if (this.#pendingBytes > 0) {
      this.#error = {
        code: 'truncated',
        message: `the file ends inside a ${this.#format === 'unknown' ? 'file header' : 'record'} (${this.#pendingBytes} bytes left over)`,
      };
    }
    return this.#error ? { ok: false, error: this.#error } : { ok: true };
  }

  #step(buf: Buffer, off: number, out: CaptureRecord[]): Step {
    const avail = buf.length - off;
    if (this.#format === 'unknown') {
      if (avail < 4) return { kind: 'need', bytes: 4 };
      const magic = buf.readUInt32BE(off);
      if (magic === BT_SHB) {
        this.#format = 'pcapng';
        return { kind: 'done', next: off };
      }
      return this.#pcapHeader(buf, off, magic);
    }
    if (avail === 0) return { kind: 'need', bytes: 1 };
    return this.#format === 'pcap' ? this.#pcapRecord(buf, off, out) : this.#pcapngBlock(buf, off, out);
  }

  #pcapHeader(buf: Buffer, off: number, magic: number): Step {
    switch (magic) {
      case 0xd4c3b2a1:
        this.#le = true;
        this.#nano = false;
        break;
      case 0xa1b2c3d4:
        this.#le = false;
        this.#nano = false;
        break;
      case 0x4d3cb2a1:
        this.#le = true;
        this.#nano = true;
        break;
      case 0xa1b23c4d:
        this.#le = false;
        this.#nano = true;
        break;
      default:
        return err(
          'not_a_capture',
          `unknown magic 0x${magic.toString(16).padStart(8, '0')}: not a pcap or pcapng file`,
        );
    }
    if (buf.length - off < PCAP_HEADER_BYTES) return { kind: 'need', bytes: PCAP_HEADER_BYTES };
    // The upper bits of the link-type field carry FCS information (pcap spec), not the type.
    const linkType = (this.#le ? buf.readUInt32LE(off + 20) : buf.readUInt32BE(off + 20)) & 0xffff;
    if (!isSupportedLinkType(linkType)) return err('unsupported_link_type', `link type ${linkType} is not supported`);
    this.#linkType = linkType;
    this.#format = 'pcap';
    return { kind: 'done', next: off + PCAP_HEADER_BYTES };
  }

  #pcapRecord(buf: Buffer, off: number, out: CaptureRecord[]): Step {
    if (buf.length - off < PCAP_RECORD_HEADER_BYTES) return { kind: 'need', bytes: PCAP_RECORD_HEADER_BYTES };
    const u32 = (o: number): number => (this.#le ? buf.readUInt32LE(off + o) : buf.readUInt32BE(off + o));
    const sec = u32(0);
    const frac = u32(4);
    const inclLen = u32(8);
    const origLen = u32(12);
    if (inclLen > MAX_RECORD_BYTES) return err('corrupt', `record at byte ${off} claims ${inclLen} captured bytes`);
    const end = off + PCAP_RECORD_HEADER_BYTES + inclLen;
    if (end > buf.length) return { kind: 'need', bytes: PCAP_RECORD_HEADER_BYTES + inclLen };
    out.push({
      tsUs: sec * 1_000_000 + (this.#nano ? Math.floor(frac / 1000) : frac),
      linkType: this.#linkType,
      data: buf.subarray(off + PCAP_RECORD_HEADER_BYTES, end),
      origLen,
    });
    return { kind: 'done', next: end };
  }

  #pcapngBlock(buf: Buffer, off: number, out: CaptureRecord[]): Step {
    const avail = buf.length - off;
    if (avail < SHB_PEEK_BYTES) return { kind: 'need', bytes: SHB_PEEK_BYTES };
    const typeBE = buf.readUInt32BE(off);
    if (typeBE === BT_SHB) {
      // A new section may switch byte order: the byte-order magic decides it before the length is read.
      const bom = buf.readUInt32LE(off + 8);
      if (bom === BYTE_ORDER_MAGIC) this.#le = true;
      else if (buf.readUInt32BE(off + 8) === BYTE_ORDER_MAGIC) this.#le = false;
      else return err('not_a_capture', 'pcapng section header has no valid byte-order magic');
    }
    const le = this.#le;
    const type = le ? buf.readUInt32LE(off) : typeBE;
    const len = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
    if (len < PCAPNG_MIN_BLOCK_BYTES || len > MAX_BLOCK_BYTES) {
      return err('corrupt', `pcapng block at byte ${off} has length ${len}`);
    }
    if (avail < len) return { kind: 'need', bytes: len };
    const body = buf.subarray(off + 8, off + len - 4);
    const u32 = (o: number): number => (le ? body.readUInt32LE(o) : body.readUInt32BE(o));
    const u16 = (o: number): number => (le ? body.readUInt16LE(o) : body.readUInt16BE(o));
    const next = off + len;

    switch (type) {
      case BT_SHB:
        this.#interfaces = [];
        return { kind: 'done', next };
      case BT_IDB: {
        if (body.length < 8) return err('corrupt', `interface block at byte ${off} is too short`);
        const iface: PcapngInterface = { linkType: u16(0), snapLen: u32(4), tsResol: DEFAULT_TSRESOL, tsOffsetUs: 0 };
        for (let o = 8; o + 4 <= body.length;) {
          const code = u16(o);
          const olen = u16(o + 2);
          if (code === OPT_END || o + 4 + olen > body.length) break;
          if (code === OPT_IF_TSRESOL && olen >= 1) iface.tsResol = body[o + 4] ?? DEFAULT_TSRESOL;
          if (code === OPT_IF_TSOFFSET && olen >= 8) {
            const secs = le ? body.readBigInt64LE(o + 4) : body.readBigInt64BE(o + 4);
            iface.tsOffsetUs = Number(secs) * 1_000_000;
          }
          o += 4 + ((olen + 3) & ~3);
        }
        this.#interfaces.push(iface);
        return { kind: 'done', next };
      }
      case BT_EPB:
      case BT_PB: {
        const head = 20;
        if (body.length < head) return err('corrupt', `packet block at byte ${off} is too short`);
        const ifId = type === BT_EPB ? u32(0) : u16(0);
        const capLen = u32(12);
        const origLen = u32(16);
        if (capLen > MAX_RECORD_BYTES || head + capLen > body.length) {
          return err('corrupt', `packet block at byte ${off} claims ${capLen} captured bytes`);
        }
        const iface = this.#interfaces[ifId];
        if (!iface) return err('corrupt', `packet block at byte ${off} names undeclared interface ${ifId}`);
        if (!isSupportedLinkType(iface.linkType)) {
          this.skipped++;
          return { kind: 'done', next };
        }
        out.push({
          tsUs: pcapngTsUs(u32(4), u32(8), iface.tsResol) + iface.tsOffsetUs,
          linkType: iface.linkType,
          data: body.subarray(head, head + capLen),
          origLen,
        });
        return { kind: 'done', next };
      }
      case BT_SPB: {
        if (body.length < 4) return err('corrupt', `simple packet block at byte ${off} is too short`);
        const iface = this.#interfaces[0];
        if (!iface) return err('corrupt', `simple packet block at byte ${off} before any interface`);
        const origLen = u32(0);
        let capLen = Math.min(origLen, body.length - 4);
        if (iface.snapLen > 0) capLen = Math.min(capLen, iface.snapLen);
        if (!isSupportedLinkType(iface.linkType)) {
          this.skipped++;
          return { kind: 'done', next };
        }
        out.push({ tsUs: 0, linkType: iface.linkType, data: body.subarray(4, 4 + capLen), origLen });
        return { kind: 'done', next };
      }
      default:
        return { kind: 'done', next }; // name resolution, statistics, custom blocks: not needed
    }
  }
}

/** Reads a whole capture already in memory. Records read before an error are returned with it. */
export function readCaptureFile(file: Buffer): CaptureFileResult {
  const reader = new CaptureStreamReader();
  const pushed = reader.push(file);
  if (!pushed.ok) return { ok: false, error: pushed.error, records: pushed.records, skipped: reader.skipped };
  const ended = reader.end();
  if (!ended.ok) return { ok: false, error: ended.error, records: pushed.records, skipped: reader.skipped };
  return { ok: true, records: pushed.records, skipped: reader.skipped };
}
