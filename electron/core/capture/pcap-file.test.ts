import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CaptureStreamReader, MAX_RECORD_BYTES, readCaptureFile, type CaptureRecord } from './pcap-file.ts';
import { writePcap, writePcapng } from './pcap-write.ts';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW } from './link.ts';

const fixture = (path: string): Buffer => readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url));
const kamailioHep = fixture('hep/kamailio-calls.pcap');

/** Deterministic PRNG (mulberry32) so chunkings are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function records(file: Buffer): CaptureRecord[] {
  const r = readCaptureFile(file);
  expect(r.ok).toBe(true);
  return r.records;
}

function sameRecords(a: CaptureRecord[], b: CaptureRecord[]): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as CaptureRecord;
    const y = b[i] as CaptureRecord;
    expect([x.tsUs, x.linkType, x.origLen]).toEqual([y.tsUs, y.linkType, y.origLen]);
    expect(x.data.equals(y.data)).toBe(true);
  }
}

const original = records(kamailioHep);

describe('classic pcap', () => {
  it('reads every record of the Kamailio fixture with its header fields', () => {
    expect(original).toHaveLength(572);
    const first = original[0] as CaptureRecord;
    // record header at byte 24: ts_sec 0x6b015891, ts_usec 0x000196f2, incl_len = orig_len = 0x301
    expect(first.tsUs).toBe(0x6b015891 * 1_000_000 + 0x000196f2);
    expect(first.linkType).toBe(LINKTYPE_ETHERNET);
    expect(first.data.length).toBe(0x301);
    expect(first.origLen).toBe(0x301);
    expect(first.data.buffer).toBe(kamailioHep.buffer); // a view, not a copy
    for (let i = 1; i < original.length; i++) {
      expect((original[i] as CaptureRecord).tsUs).toBeGreaterThanOrEqual((original[i - 1] as CaptureRecord).tsUs);
    }
  });

  it('reads big-endian and nanosecond files to the same records', () => {
    for (const opts of [{ bigEndian: true }, { nano: true }, { bigEndian: true, nano: true }]) {
      sameRecords(records(writePcap(LINKTYPE_ETHERNET, original, opts)), original);
    }
  });

  it('keeps the original length of a record cut by the snap length', () => {
    const cut = writePcap(LINKTYPE_RAW, [{ tsUs: 5, data: Buffer.alloc(64, 0x45), origLen: 1500 }]);
    const [r] = records(cut);
    expect(r?.data.length).toBe(64);
    expect(r?.origLen).toBe(1500);
  });
});

describe('pcapng', () => {
  it('reads enhanced packet blocks in both byte orders', () => {
    sameRecords(records(writePcapng(LINKTYPE_ETHERNET, original)), original);
    sameRecords(records(writePcapng(LINKTYPE_ETHERNET, original, { bigEndian: true })), original);
  });

  it('scales timestamps by the interface resolution (decimal and binary) and offset', () => {
    sameRecords(records(writePcapng(LINKTYPE_ETHERNET, original, { tsResol: 9 })), original);
    const ms = original.map((r) => ({ ...r, tsUs: Math.floor(r.tsUs / 1000) * 1000 }));
    sameRecords(records(writePcapng(LINKTYPE_ETHERNET, ms, { tsResol: 3 })), ms);
    const bin = records(writePcapng(LINKTYPE_ETHERNET, original, { tsResol: 0x80 | 20 }));
    bin.forEach((r, i) => expect(Math.abs(r.tsUs - (original[i] as CaptureRecord).tsUs)).toBeLessThanOrEqual(1));
    sameRecords(records(writePcapng(LINKTYPE_ETHERNET, original, { tsOffsetSec: 1_700_000_000 })), original);
  });

  it('reads simple packet blocks, which carry no timestamp', () => {
    const got = records(writePcapng(LINKTYPE_ETHERNET, original.slice(0, 3), { simple: true }));
    expect(got.map((r) => r.tsUs)).toEqual([0, 0, 0]);
    got.forEach((r, i) => expect(r.data.equals((original[i] as CaptureRecord).data)).toBe(true));
  });

  it('starts over at each section header, with its own byte order and interfaces', () => {
    const a = writePcapng(LINKTYPE_ETHERNET, original.slice(0, 2));
    const b = writePcapng(LINKTYPE_LINUX_SLL2, [{ tsUs: 42, data: Buffer.alloc(30, 1) }], { bigEndian: true });
    const got = records(Buffer.concat([a, b]));
    expect(got.map((r) => r.linkType)).toEqual([LINKTYPE_ETHERNET, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2]);
    expect(got[2]?.tsUs).toBe(42);
  });

  it('skips and counts packets of an interface whose link type is not supported', () => {
    const r = readCaptureFile(writePcapng(105, original.slice(0, 4)));
    expect(r.ok).toBe(true);
    expect(r.records).toHaveLength(0);
    expect(r.skipped).toBe(4);
  });

  it('reports a packet block naming an undeclared interface as corrupt', () => {
    const file = writePcapng(LINKTYPE_ETHERNET, original.slice(0, 1));
    const epb = file.length - (12 + 20 + ((original[0]!.data.length + 3) & ~3));
    file.writeUInt32LE(7, epb + 8); // interface id 7
    const r = readCaptureFile(file);
    expect(!r.ok && r.error.code).toBe('corrupt');
  });
});

describe('capture file errors', () => {
  it('says not_a_capture for other files and for an empty one', () => {
    const text = readCaptureFile(Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\n\r\n'));
    expect(!text.ok && text.error.code).toBe('not_a_capture');
    const empty = readCaptureFile(Buffer.alloc(0));
    expect(!empty.ok && empty.error.code).toBe('not_a_capture');
  });

  it('says truncated when the file ends inside a record, and keeps the records before it', () => {
    const cut = kamailioHep.subarray(0, kamailioHep.length - 100);
    const r = readCaptureFile(cut);
    expect(!r.ok && r.error.code).toBe('truncated');
    expect(r.records).toHaveLength(571);
    const header = readCaptureFile(kamailioHep.subarray(0, 10));
    expect(!header.ok && header.error.code).toBe('truncated');
  });

  it('says unsupported_link_type for a classic file of an unknown link type', () => {
    const r = readCaptureFile(writePcap(147, original.slice(0, 1)));
    expect(!r.ok && r.error.code).toBe('unsupported_link_type');
  });

  it('says corrupt for a record longer than any snap length', () => {
    const file = Buffer.from(kamailioHep.subarray(0, 24 + 16));
    file.writeUInt32LE(MAX_RECORD_BYTES + 1, 24 + 8);
    const r = readCaptureFile(file);
    expect(!r.ok && r.error.code).toBe('corrupt');
  });

  it('says corrupt for a pcapng block length below the minimum', () => {
    const file = writePcapng(LINKTYPE_ETHERNET, original.slice(0, 1));
    file.writeUInt32LE(8, 28 + 4); // the IDB follows the 28-byte SHB
    const r = readCaptureFile(file);
    expect(!r.ok && r.error.code).toBe('corrupt');
  });
});

describe('streaming reader', () => {
  it('gives the same records for any chunking, down to one byte at a time', () => {
    const rand = prng(7);
    const small = original.slice(0, 20);
    const cases: [Buffer, CaptureRecord[], number][] = [
      [writePcap(LINKTYPE_ETHERNET, small), small, 1],
      [writePcapng(LINKTYPE_ETHERNET, small, { bigEndian: true }), small, 1],
      [kamailioHep, original, 3],
      [kamailioHep, original, 700],
      [writePcapng(LINKTYPE_ETHERNET, original, { bigEndian: true }), original, 5000],
    ];
    for (const [file, expected, maxChunk] of cases) {
      const reader = new CaptureStreamReader();
      const got: CaptureRecord[] = [];
      let failures = 0;
      for (let off = 0; off < file.length;) {
        const n = 1 + Math.floor(rand() * maxChunk);
        const r = reader.push(file.subarray(off, off + n));
        if (!r.ok) failures++;
        got.push(...r.records);
        off += n;
      }
      expect(failures).toBe(0);
      expect(reader.end()).toEqual({ ok: true });
      sameRecords(got, expected);
    }
  });

  it('holds back no more than one unfinished record between pushes', () => {
    const reader = new CaptureStreamReader();
    let maxHeld = 0;
    for (let off = 0; off < kamailioHep.length; off += 4096) {
      reader.push(kamailioHep.subarray(off, off + 4096));
      maxHeld = Math.max(maxHeld, reader.bufferedBytes);
    }
    const largest = Math.max(...original.map((r) => r.data.length)) + 16;
    expect(maxHeld).toBeLessThanOrEqual(largest);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('keeps answering with the first error after a fault', () => {
    const reader = new CaptureStreamReader();
    const first = reader.push(Buffer.from('not a capture at all'));
    expect(!first.ok && first.error.code).toBe('not_a_capture');
    const again = reader.push(kamailioHep);
    expect(!again.ok && again.error.code).toBe('not_a_capture');
    expect(again.records).toEqual([]);
  });
});
