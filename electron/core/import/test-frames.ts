// Frame synthesis for import tests: TCP segments, IPv4 fragments and Linux cooked headers around
// the fixtures' SIP, so every path of the dissector chain can be fed a capture made on the spot.
import { readFileSync } from 'node:fs';
import { writeIpv4 } from '../capture/ip-text.ts';
import { IPPROTO_TCP } from '../capture/ip.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import type { UdpDatagram } from '../capture/dissect.ts';
import type { WriteRecord } from '../capture/pcap-write.ts';
import { addressPair, tcpFrame } from '../capture/frame-write.ts';
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
export function sipOverTcp(opts: { webSocket?: boolean } = {}): WriteRecord[] {
  const datagrams = fixtureDatagrams('sip/kamailio-sip.pcap');
  interface Dir {
    spec: { srcIp: string; dstIp: string; srcPort: number; dstPort: number };
    seq: number;
    pending: Buffer;
    /** Over WebSocket: this direction is the client's (its frames are masked). */
    client?: boolean;
  }
  const dirs = new Map<string, Dir>();
  /** Over WebSocket: the first direction seen between two hosts is the client (masked frames). */
  const clients = new Set<string>();
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
      if (opts.webSocket) {
        const pair = [`${d.srcIp}:${d.srcPort}`, `${d.dstIp}:${d.dstPort}`].sort().join(' ');
        const client = !clients.has(pair);
        clients.add(pair);
        dir.pending = Buffer.from(client ? WS_UPGRADE_REQUEST : WS_UPGRADE_RESPONSE, 'latin1');
        dir.client = client;
      }
    }
    const masked = dir.client === true;
    const body = opts.webSocket ? wsMessage(d.payload, masked, i % 5 === 0 ? 3 : 1, i) : d.payload;
    dir.pending = Buffer.concat([dir.pending, body]);
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

const WS_UPGRADE_REQUEST =
  'GET /ws HTTP/1.1\r\nHost: 10.0.0.1:8088\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n\r\n';
const WS_UPGRADE_RESPONSE =
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: sip\r\n\r\n';

/** One WebSocket frame (RFC 6455), masked as a client sends it. */
export function wsFrame(
  payload: Buffer,
  opts: { opcode: number; fin: boolean; masked: boolean; maskSeed?: number },
): Buffer {
  const n = payload.length;
  const lenBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + lenBytes + (opts.masked ? 4 : 0));
  head[0] = (opts.fin ? 0x80 : 0) | opts.opcode;
  head[1] = (opts.masked ? 0x80 : 0) | (lenBytes === 0 ? n : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) head.writeUInt16BE(n, 2);
  if (lenBytes === 8) head.writeBigUInt64BE(BigInt(n), 2);
  if (!opts.masked) return Buffer.concat([head, payload]);
  const keyAt = 2 + lenBytes;
  head.writeUInt32BE(((opts.maskSeed ?? 0x1234567) * 2654435761) >>> 0, keyAt);
  const body = Buffer.alloc(n);
  for (let i = 0; i < n; i++) body[i] = (payload[i] as number) ^ (head[keyAt + (i & 3)] as number);
  return Buffer.concat([head, body]);
}

/** A text message in `parts` frames, a ping between the first two when fragmented. */
export function wsMessage(payload: Buffer, masked: boolean, parts: number, seed: number): Buffer {
  const frames: Buffer[] = [];
  const step = Math.ceil(payload.length / parts);
  for (let p = 0; p < parts; p++) {
    const chunk = payload.subarray(p * step, Math.min(payload.length, (p + 1) * step));
    frames.push(wsFrame(chunk, { opcode: p === 0 ? 0x1 : 0x0, fin: p === parts - 1, masked, maskSeed: seed * 7 + p }));
    if (p === 0 && parts > 1)
      frames.push(wsFrame(Buffer.from('keepalive'), { opcode: 0x9, fin: true, masked, maskSeed: seed }));
  }
  return Buffer.concat(frames);
}

/**
 * One well-formed WebSocket connection, checksummed, as Wireshark expects one (upgrade, then frames,
 * in order): the client's INVITE masked and fragmented around a ping, the server's 200 OK unmasked.
 */
export function sipOverWebSocketConnection(): { records: WriteRecord[]; messages: Buffer[] } {
  const client = { srcIp: '10.0.0.2', srcPort: 40000, dstIp: '10.0.0.1', dstPort: 8088 };
  const server = { srcIp: '10.0.0.1', srcPort: 8088, dstIp: '10.0.0.2', dstPort: 40000 };
  const dialog = 'From: <sip:alice@example.com>;tag=1\r\nCall-ID: ws-call-1\r\nCSeq: 1 INVITE\r\n';
  const via = 'Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKws1\r\n';
  const invite = Buffer.from(
    `INVITE sip:bob@example.com SIP/2.0\r\n${via}${dialog}To: <sip:bob@example.com>\r\nContent-Length: 0\r\n\r\n`,
  );
  const ok = Buffer.from(
    `SIP/2.0 200 OK\r\n${via}${dialog}To: <sip:bob@example.com>;tag=2\r\nContent-Length: 0\r\n\r\n`,
  );
  const records: WriteRecord[] = [];
  let ts = 1_700_000_000_000_000;
  const next = { client: 1001, server: 5001 };
  const send = (from: 'client' | 'server', payload: Buffer): void => {
    const ep = from === 'client' ? client : server;
    const addrs = addressPair(ep.srcIp, ep.dstIp);
    const state = { seq: next[from], ack: next[from === 'client' ? 'server' : 'client'] };
    const frame = addrs && tcpFrame(addrs, ep, payload, state, records.length + 1);
    if (!frame) throw new Error('segment does not fit a frame');
    records.push({ tsUs: (ts += 1000), data: frame });
    next[from] += payload.length;
  };
  send('client', Buffer.from(WS_UPGRADE_REQUEST, 'latin1'));
  send('server', Buffer.from(WS_UPGRADE_RESPONSE, 'latin1'));
  send('client', wsMessage(invite, true, 3, 1));
  send('server', wsMessage(ok, false, 1, 2));
  return { records, messages: [invite, ok] };
}
