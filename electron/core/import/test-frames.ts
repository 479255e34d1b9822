// Frame synthesis for import tests: TCP segments, IPv4 fragments and Linux cooked headers around
// the fixtures' SIP, so every path of the dissector chain can be fed a capture made on the spot.
import { readFileSync } from 'node:fs';
import { writeIpv4 } from '../capture/ip-text.ts';
import { IPPROTO_TCP } from '../capture/ip.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import type { UdpDatagram } from '../capture/dissect.ts';
import type { WriteRecord } from '../capture/pcap-write.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../capture/tcp-reassembly.ts';

export const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);

export function fixtureFile(rel: string): Buffer {
  return readFileSync(new URL(rel, FIXTURES));
}

export function fixtureDatagrams(rel: string): UdpDatagram[] {
  const r = readUdpDatagrams(fixtureFile(rel));
  if (!r.ok) throw new Error(r.error.message);
  return r.datagrams;
}

export interface TcpSegmentSpec {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  flags?: number;
  payload?: Buffer;
}

/** An IPv4 + TCP packet (no link header). */
export function ipv4Tcp(s: TcpSegmentSpec): Buffer {
  const payload = s.payload ?? Buffer.alloc(0);
  const out = Buffer.alloc(20 + 20 + payload.length);
  out[0] = 0x45;
  out.writeUInt16BE(out.length, 2);
  out[8] = 64;
  out[9] = IPPROTO_TCP;
  if (!writeIpv4(s.srcIp, out, 12) || !writeIpv4(s.dstIp, out, 16)) throw new Error('IPv4 addresses only');
  out.writeUInt16BE(s.srcPort, 20);
  out.writeUInt16BE(s.dstPort, 22);
  out.writeUInt32BE(s.seq >>> 0, 24);
  out[32] = 5 << 4;
  out[33] = s.flags ?? TCP_ACK | TCP_PSH;
  out.writeUInt16BE(65535, 34);
  payload.copy(out, 40);
  return out;
}

/** Ethernet (zero MACs) around an IPv4 packet. */
export function ethernet(ip: Buffer): Buffer {
  const frame = Buffer.alloc(14 + ip.length);
  frame.writeUInt16BE(0x0800, 12);
  ip.copy(frame, 14);
  return frame;
}

/** Linux cooked v1 (SLL) header around an IPv4 packet. */
export function sll(ip: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(0, 0); // packet type: to us
  h.writeUInt16BE(772, 2); // ARPHRD_LOOPBACK
  h.writeUInt16BE(6, 4);
  h.writeUInt16BE(0x0800, 14);
  return Buffer.concat([h, ip]);
}

/** Linux cooked v2 (SLL2) header around an IPv4 packet. */
export function sll2(ip: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(0x0800, 0);
  h.writeUInt32BE(1, 4); // interface index
  h.writeUInt16BE(772, 8);
  h[11] = 6;
  return Buffer.concat([h, ip]);
}

/** Cuts an IPv4 packet into fragments carrying `chunk` payload bytes each (a multiple of 8). */
export function ipv4Fragments(ip: Buffer, chunk: number, id: number): Buffer[] {
  const headerLen = ((ip[0] ?? 0) & 0x0f) * 4;
  const payload = ip.subarray(headerLen);
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += chunk) {
    const part = payload.subarray(off, off + chunk);
    const f = Buffer.alloc(headerLen + part.length);
    ip.copy(f, 0, 0, headerLen);
    f.writeUInt16BE(f.length, 2);
    f.writeUInt16BE(id, 4);
    const more = off + chunk < payload.length;
    f.writeUInt16BE((more ? 0x2000 : 0) | (off / 8), 6);
    part.copy(f, headerLen);
    out.push(f);
  }
  return out;
}

/**
 * The plain-SIP fixture as SIP over TCP: one connection per pair of hosts, both directions. When the
 * next message goes the same way, a sender may hold this one (whole or its last bytes) and write it
 * with the next; each direction's bytes are cut into segments of 1 to 2500 bytes, so messages split
 * and segments carry several. Some segments are swapped with the next one, some sent twice.
 */
export function sipOverTcp(): WriteRecord[] {
  const datagrams = fixtureDatagrams('sip/kamailio-sip.pcap');
  interface Dir {
    spec: { srcIp: string; dstIp: string; srcPort: number; dstPort: number };
    seq: number;
    pending: Buffer;
  }
  const dirs = new Map<string, Dir>();
  const records: WriteRecord[] = [];
  let seed = 1234;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let isn = 5000;
  const emit = (dir: Dir, tsUs: number, upTo: number): void => {
    const segs: WriteRecord[] = [];
    while (dir.pending.length > upTo) {
      const n = Math.min(dir.pending.length - upTo, 1 + Math.floor(rnd() * 2500));
      segs.push({ tsUs, data: ethernet(ipv4Tcp({ ...dir.spec, seq: dir.seq, payload: dir.pending.subarray(0, n) })) });
      dir.seq += n;
      dir.pending = dir.pending.subarray(n);
    }
    for (let i = 0; i + 1 < segs.length; i++) if (rnd() < 0.25) [segs[i], segs[i + 1]] = [segs[i + 1]!, segs[i]!];
    for (const s of segs) {
      records.push(s);
      if (rnd() < 0.1) records.push({ tsUs: s.tsUs, data: Buffer.from(s.data) });
    }
  };
  const keyOf = (d: { srcIp: string; srcPort: number; dstIp: string; dstPort: number }): string =>
    `${d.srcIp}:${d.srcPort}>${d.dstIp}:${d.dstPort}`;
  for (const [i, d] of datagrams.entries()) {
    const key = keyOf(d);
    let dir = dirs.get(key);
    if (!dir) {
      dir = {
        spec: { srcIp: d.srcIp, dstIp: d.dstIp, srcPort: d.srcPort, dstPort: d.dstPort },
        seq: isn,
        pending: Buffer.alloc(0),
      };
      isn += 1_000_000;
      records.push({ tsUs: d.tsUs, data: ethernet(ipv4Tcp({ ...dir.spec, seq: dir.seq, flags: TCP_SYN })) });
      dir.seq++;
      dirs.set(key, dir);
    }
    dir.pending = Buffer.concat([dir.pending, d.payload]);
    // A sender coalescing writes: hold all or the end of this message for the next one going the same way.
    const next = datagrams[i + 1];
    const sameWay = next !== undefined && keyOf(next) === key;
    const r = rnd();
    emit(dir, d.tsUs, !sameWay ? 0 : r < 0.4 ? dir.pending.length : r < 0.7 ? 1 + Math.floor(rnd() * 40) : 0);
  }
  for (const dir of dirs.values()) {
    const last = records.at(-1)!.tsUs;
    emit(dir, last, 0);
    records.push({
      tsUs: last,
      data: ethernet(ipv4Tcp({ ...dir.spec, seq: dir.seq, flags: TCP_FIN | TCP_ACK | TCP_PSH })),
    });
  }
  return records;
}
