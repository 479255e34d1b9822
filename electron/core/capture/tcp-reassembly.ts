// TCP layer of the capture chain: decodes the TCP header and puts each direction of each connection
// back in sequence order, so SIP or HEP framed on a stream can be cut out of it (sngrep's packet_tcp).
// Pure and clock-free: time comes from the packets' own timestamps. Memory is bounded per direction
// and in total; when a limit is hit the reassembler stops waiting for the missing bytes, reports a
// gap and hands over what it held, so one lost segment in a capture never stalls a stream for good.

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

const TCP_MIN_HEADER_BYTES = 20;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  /** Sequence number, unsigned 32 bits. */
  seq: number;
  ack: number;
  flags: number;
  /** Segment data after the header and options (a view, not a copy). */
  payload: Buffer;
}

export type TcpErrorCode = 'truncated' | 'bad_header';
export type TcpResult =
  { ok: true; segment: TcpSegment } | { ok: false; error: { code: TcpErrorCode; message: string } };

/** Decodes the TCP header at the start of `buf` (the IP payload). The checksum is not verified (offload). */
export function decodeTcp(buf: Buffer): TcpResult {
  if (buf.length < TCP_MIN_HEADER_BYTES) {
    return { ok: false, error: { code: 'truncated', message: `TCP header needs 20 bytes, got ${buf.length}` } };
  }
  const headerLen = ((buf[12] ?? 0) >> 4) * 4;
  if (headerLen < TCP_MIN_HEADER_BYTES) {
    return {
      ok: false,
      error: { code: 'bad_header', message: `TCP data offset ${headerLen} is shorter than the header` },
    };
  }
  if (headerLen > buf.length) {
    return {
      ok: false,
      error: { code: 'truncated', message: `TCP header of ${headerLen} bytes, ${buf.length} captured` },
    };
  }
  return {
    ok: true,
    segment: {
      srcPort: buf.readUInt16BE(0),
      dstPort: buf.readUInt16BE(2),
      seq: buf.readUInt32BE(4),
      ack: buf.readUInt32BE(8),
      flags: buf[13] ?? 0,
      payload: buf.subarray(headerLen),
    },
  };
}

/** One direction of one connection. `key` is unique per direction and stable for its lifetime. */
export interface TcpStreamId {
  key: string;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
}

export type TcpEndReason =
  /** FIN reached: every byte before it was delivered. */
  | 'fin'
  | 'rst'
  /** No packet for idleTimeoutUs. */
  | 'idle'
  /** Pushed out by the flow limit, oldest first. */
  | 'evicted'
  /** A SYN with a new initial sequence number: the ports were reused by a new connection. */
  | 'reused'
  /** `finish()`: the capture ended. */
  | 'eof';

export type TcpEvent =
  /** In-order bytes. `data` is a view into the capture buffer or a held copy: copy what you keep. */
  | { kind: 'data'; stream: TcpStreamId; tsUs: number; data: Buffer }
  /** `bytes` were never seen (lost by the capture, or given up on at a limit): whatever was being parsed is broken. */
  | { kind: 'gap'; stream: TcpStreamId; bytes: number }
  | { kind: 'end'; stream: TcpStreamId; reason: TcpEndReason };

export interface TcpReassemblyLimits {
  /** Connections tracked at once; the least recently active one is evicted beyond it. */
  maxFlows: number;
  /** Out-of-order bytes held for one direction before the hole in front of them is given up. */
  maxFlowBufferBytes: number;
  /** Out-of-order bytes held over all flows. */
  maxTotalBufferBytes: number;
  /** Out-of-order segments held for one direction (bounds the per-segment bookkeeping). */
  maxFlowSegments: number;
  /** A flow without packets for this long (by packet time) is forgotten. */
  idleTimeoutUs: number;
}

export const DEFAULT_TCP_LIMITS: TcpReassemblyLimits = {
  // SIP over TCP is one long-lived connection per phone or trunk: 16k covers a large PBX's phones.
  maxFlows: 16_384,
  // A receive window of 256 KiB covers the largest SIP message (64 KiB of headers + 256 KiB body is the
  // splitter's limit; bodies that large are rare) arriving reordered; a hole older than that is a loss.
  maxFlowBufferBytes: 256 * 1024,
  // Reordering is rare in captures taken on one host: 32 MiB is the whole budget however many flows reorder.
  maxTotalBufferBytes: 32 * 1024 * 1024,
  // 256 KiB of minimum-size (1 byte) segments would be 256k entries: 1024 bounds the sorted insert cost.
  maxFlowSegments: 1024,
  // RFC 5626 keep-alives on SIP connections come every 30-120 s; 5 minutes of silence means the flow is gone.
  idleTimeoutUs: 300_000_000,
};

/** How often (packet time) idle flows are looked for: a sweep walks only the stale end of the LRU order. */
const IDLE_SWEEP_INTERVAL_US = 1_000_000;

interface Held {
  seq: number;
  data: Buffer;
}

interface Direction {
  id: TcpStreamId;
  /** Next sequence number expected, unsigned; null until the first segment of this direction. */
  next: number | null;
  /** Initial sequence number from the SYN, when one was seen (tells a SYN retransmission from port reuse). */
  isn: number | null;
  /** Sequence number of the FIN, once seen; the direction ends when `next` reaches it. */
  finSeq: number | null;
  ended: boolean;
  /** Out-of-order segments, sorted by sequence number relative to `next`. */
  held: Held[];
  heldBytes: number;
}

interface Flow {
  key: string;
  dirs: [Direction, Direction];
  lastTsUs: number;
}

export interface TcpReassemblyCounters {
  segments: number;
  /** Segments whose TCP header could not be decoded. */
  malformed: number;
  /** Segments (or the part of them) already delivered: retransmissions and overlaps. */
  retransmittedBytes: number;
  /** Segments that arrived ahead of a hole and were held. */
  outOfOrder: number;
  /** Holes given up on (capture loss, or a limit hit). */
  gaps: number;
  /** Flows dropped by the flow limit or idle timeout. */
  evicted: number;
}

/** Signed distance a - b in 32-bit sequence space (RFC 1982 serial arithmetic). */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

export class TcpReassembler {
  readonly counters: TcpReassemblyCounters = {
    segments: 0,
    malformed: 0,
    retransmittedBytes: 0,
    outOfOrder: 0,
    gaps: 0,
    evicted: 0,
  };
  readonly #limits: TcpReassemblyLimits;
  /** Insertion order is last-activity order: a flow is moved to the end on every packet. */
  readonly #flows = new Map<string, Flow>();
  #heldBytes = 0;
  #lastSweepUs = 0;

  constructor(limits: Partial<TcpReassemblyLimits> = {}) {
    this.#limits = { ...DEFAULT_TCP_LIMITS, ...limits };
  }

  get flowCount(): number {
    return this.#flows.size;
  }

  /** Out-of-order bytes held over all flows. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** One IP packet with protocol TCP: `tcp` is the IP payload (header and data). */
  add(tsUs: number, srcIp: string, dstIp: string, tcp: Buffer): TcpEvent[] {
    const out: TcpEvent[] = [];
    this.counters.segments++;
    const decoded = decodeTcp(tcp);
    if (!decoded.ok) {
      this.counters.malformed++;
      return out;
    }
    const seg = decoded.segment;
    if (tsUs - this.#lastSweepUs >= IDLE_SWEEP_INTERVAL_US) {
      this.#lastSweepUs = tsUs;
      this.#sweepIdle(tsUs, out);
    }

    const a = `${srcIp}|${seg.srcPort}`;
    const b = `${dstIp}|${seg.dstPort}`;
    const forward = a < b;
    const key = forward ? `${a}>${b}` : `${b}>${a}`;
    let flow = this.#flows.get(key);
    if (flow) {
      this.#flows.delete(key); // re-inserted below: keeps the map in last-activity order
    } else {
      if (seg.flags & TCP_RST) return out; // a reset of a connection we never saw carries nothing
      flow = this.#newFlow(key, srcIp, seg.srcPort, dstIp, seg.dstPort, forward);
      while (this.#flows.size >= this.#limits.maxFlows) this.#evictOldest(out);
    }
    this.#flows.set(key, flow);
    flow.lastTsUs = Math.max(flow.lastTsUs, tsUs);
    const dir = flow.dirs[forward ? 0 : 1];

    if (seg.flags & TCP_RST) {
      this.#closeFlow(flow, 'rst', out);
      return out;
    }
    if (seg.flags & TCP_SYN) {
      if (dir.isn !== null && dir.isn !== seg.seq) {
        // Same ports, new connection: close the old one and start over.
        this.#closeFlow(flow, 'reused', out);
        flow = this.#newFlow(key, srcIp, seg.srcPort, dstIp, seg.dstPort, forward);
        flow.lastTsUs = tsUs;
        this.#flows.set(key, flow);
        return this.#afterSyn(flow.dirs[forward ? 0 : 1], seg, tsUs, out);
      }
      return this.#afterSyn(dir, seg, tsUs, out);
    }
    this.#segment(dir, seg.seq, seg, tsUs, out);
    if (flow.dirs[0].ended && flow.dirs[1].ended) this.#flows.delete(key);
    return out;
  }

  /** The capture ended: hands over everything held (after its gaps) and ends every stream. */
  finish(): TcpEvent[] {
    const out: TcpEvent[] = [];
    for (const flow of this.#flows.values()) this.#closeFlow(flow, 'eof', out);
    this.#flows.clear();
    return out;
  }

  #afterSyn(dir: Direction, seg: TcpSegment, tsUs: number, out: TcpEvent[]): TcpEvent[] {
    if (dir.isn === null) {
      dir.isn = seg.seq;
      dir.next = seqAdd(seg.seq, 1); // the SYN takes one sequence number
    }
    // Data on a SYN (TCP Fast Open) starts right after it.
    this.#segment(dir, seqAdd(seg.seq, 1), seg, tsUs, out);
    return out;
  }

  #newFlow(key: string, srcIp: string, srcPort: number, dstIp: string, dstPort: number, forward: boolean): Flow {
    const there: TcpStreamId = { key: `${srcIp}|${srcPort}>${dstIp}|${dstPort}`, srcIp, srcPort, dstIp, dstPort };
    const back: TcpStreamId = {
      key: `${dstIp}|${dstPort}>${srcIp}|${srcPort}`,
      srcIp: dstIp,
      srcPort: dstPort,
      dstIp: srcIp,
      dstPort: srcPort,
    };
    const dir = (id: TcpStreamId): Direction => ({
      id,
      next: null,
      isn: null,
      finSeq: null,
      ended: false,
      held: [],
      heldBytes: 0,
    });
    // dirs[0] is the direction from the lexically smaller endpoint, whoever sent first.
    return { key, dirs: forward ? [dir(there), dir(back)] : [dir(back), dir(there)], lastTsUs: 0 };
  }

  #segment(dir: Direction, dataSeq: number, seg: TcpSegment, tsUs: number, out: TcpEvent[]): void {
    if (dir.ended) return;
    const data = seg.payload;
    if (dir.next === null) {
      // First sight of a connection already running when the capture started: take it from here.
      dir.next = dataSeq;
    }
    if (seg.flags & TCP_FIN) {
      const fin = seqAdd(dataSeq, data.length);
      if (dir.finSeq === null) dir.finSeq = fin;
    }
    if (data.length > 0) {
      const d = seqDiff(dataSeq, dir.next);
      if (d <= 0) {
        const overlap = -d;
        if (overlap >= data.length) {
          this.counters.retransmittedBytes += data.length;
        } else {
          this.counters.retransmittedBytes += overlap;
          out.push({ kind: 'data', stream: dir.id, tsUs, data: data.subarray(overlap) });
          dir.next = seqAdd(dir.next, data.length - overlap);
          this.#drain(dir, tsUs, out);
        }
      } else {
        this.#hold(dir, dataSeq, data, tsUs, out);
      }
    }
    this.#checkFin(dir, out);
  }

  #hold(dir: Direction, seq: number, data: Buffer, tsUs: number, out: TcpEvent[]): void {
    const next = dir.next ?? seq;
    const rel = seqDiff(seq, next);
    // Sorted insert, scanning from the end: segments mostly arrive in order behind one hole.
    let i = dir.held.length;
    while (i > 0) {
      const prev = dir.held[i - 1] as Held;
      const prevRel = seqDiff(prev.seq, next);
      if (prevRel < rel) break;
      if (prevRel === rel && prev.data.length >= data.length) {
        this.counters.retransmittedBytes += data.length; // the same out-of-order segment again
        return;
      }
      i--;
    }
    this.counters.outOfOrder++;
    // Copied: the segment outlives the capture chunk it came in.
    dir.held.splice(i, 0, { seq, data: Buffer.from(data) });
    dir.heldBytes += data.length;
    this.#heldBytes += data.length;
    if (dir.heldBytes > this.#limits.maxFlowBufferBytes || dir.held.length > this.#limits.maxFlowSegments) {
      this.#skipHole(dir, tsUs, out);
    }
    while (this.#heldBytes > this.#limits.maxTotalBufferBytes) {
      const oldest = this.#oldestHolding();
      if (!oldest) break;
      this.#skipHole(oldest, tsUs, out);
    }
  }

  /** Delivers held segments that now follow on. */
  #drain(dir: Direction, tsUs: number, out: TcpEvent[]): void {
    while (dir.held.length > 0 && dir.next !== null) {
      const first = dir.held[0] as Held;
      const d = seqDiff(first.seq, dir.next);
      if (d > 0) break;
      dir.held.shift();
      dir.heldBytes -= first.data.length;
      this.#heldBytes -= first.data.length;
      const overlap = -d;
      if (overlap >= first.data.length) {
        this.counters.retransmittedBytes += first.data.length;
        continue;
      }
      this.counters.retransmittedBytes += overlap;
      out.push({ kind: 'data', stream: dir.id, tsUs, data: first.data.subarray(overlap) });
      dir.next = seqAdd(dir.next, first.data.length - overlap);
    }
  }

  /** Gives up on the bytes missing before the first held segment and delivers what follows. */
  #skipHole(dir: Direction, tsUs: number, out: TcpEvent[]): void {
    const first = dir.held[0];
    if (!first || dir.next === null) return;
    const missing = seqDiff(first.seq, dir.next);
    if (missing > 0) {
      this.counters.gaps++;
      out.push({ kind: 'gap', stream: dir.id, bytes: missing });
      dir.next = first.seq;
    }
    this.#drain(dir, tsUs, out);
    this.#checkFin(dir, out);
  }

  #checkFin(dir: Direction, out: TcpEvent[]): void {
    if (dir.ended || dir.finSeq === null || dir.next === null) return;
    if (seqDiff(dir.next, dir.finSeq) >= 0) this.#end(dir, 'fin', out);
  }

  #end(dir: Direction, reason: TcpEndReason, out: TcpEvent[]): void {
    if (dir.ended) return;
    dir.ended = true;
    this.#heldBytes -= dir.heldBytes;
    dir.held = [];
    dir.heldBytes = 0;
    out.push({ kind: 'end', stream: dir.id, reason });
  }

  /** Ends both directions; held data is handed over first unless the connection was reset. */
  #closeFlow(flow: Flow, reason: TcpEndReason, out: TcpEvent[]): void {
    for (const dir of flow.dirs) {
      if (dir.ended) continue;
      if (reason !== 'rst') {
        while (dir.held.length > 0 && !dir.ended) this.#skipHole(dir, flow.lastTsUs, out);
      }
      this.#end(dir, reason, out);
    }
    this.#flows.delete(flow.key);
  }

  #evictOldest(out: TcpEvent[]): void {
    const first = this.#flows.values().next();
    if (first.done) return;
    this.counters.evicted++;
    this.#closeFlow(first.value, 'evicted', out);
  }

  #sweepIdle(nowUs: number, out: TcpEvent[]): void {
    // Map order is last-activity order: stop at the first flow that is still fresh.
    for (const flow of this.#flows.values()) {
      if (nowUs - flow.lastTsUs <= this.#limits.idleTimeoutUs) break;
      this.counters.evicted++;
      this.#closeFlow(flow, 'idle', out);
    }
  }

  #oldestHolding(): Direction | null {
    for (const flow of this.#flows.values()) {
      for (const dir of flow.dirs) if (dir.heldBytes > 0) return dir;
    }
    return null;
  }
}
