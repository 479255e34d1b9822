// Reassembly of fragmented IP datagrams (large SIP over UDP, e.g. WebRTC INVITEs, fragments at the
// IP layer). Pure and clock-free: time comes from the packets' own timestamps. Memory is bounded by
// the limits below; the oldest incomplete datagram is dropped first when one is hit.
import type { IpPacket } from './ip.ts';

export interface ReassemblyLimits {
  /** Incomplete datagrams held at once. */
  maxDatagrams: number;
  /** Fragment bytes held at once, over all datagrams. */
  maxBytes: number;
  /** Fragments accepted for one datagram. */
  maxFragments: number;
  /** An incomplete datagram older than this (by packet time) is dropped. */
  timeoutUs: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  // A SIP trace rarely has more than a handful of datagrams in flight; 1024 covers a busy trunk.
  maxDatagrams: 1024,
  // 1024 datagrams of ~4 KB (a large INVITE in 3 fragments) fit; a flood of fragments cannot grow past it.
  maxBytes: 4 * 1024 * 1024,
  // 65535 / 1280 (the IPv6 minimum MTU) = 52 fragments for the largest datagram; 64 leaves slack.
  maxFragments: 64,
  // Linux's default net.ipv4.ipfrag_time is 30 s.
  timeoutUs: 30_000_000,
};

/** Largest payload a reassembled datagram may have: the 16-bit IP length field's range. */
const MAX_DATAGRAM_BYTES = 65_535;

interface Pending {
  firstTsUs: number;
  fragments: { offset: number; data: Buffer }[];
  bytes: number;
  /** Payload length, known once the last fragment (more = false) arrived. */
  total: number | null;
}

export interface ReassemblyCounters {
  reassembled: number;
  /** Datagrams given up: timed out, evicted by a limit, or inconsistent. */
  dropped: number;
}

export class FragmentReassembler {
  readonly counters: ReassemblyCounters = { reassembled: 0, dropped: 0 };
  #limits: ReassemblyLimits;
  #pending = new Map<string, Pending>();
  #bytes = 0;

  constructor(limits: Partial<ReassemblyLimits> = {}) {
    this.#limits = { ...DEFAULT_REASSEMBLY_LIMITS, ...limits };
  }

  /** Datagrams currently waiting for fragments. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Adds one fragment (a packet with `fragment` set). Returns the whole datagram, without `fragment`,
   * when this fragment completed it; null while it is still incomplete or if it was dropped.
   */
  add(tsUs: number, packet: IpPacket): IpPacket | null {
    const frag = packet.fragment;
    if (!frag) return packet;
    this.#expire(tsUs);
    const key = `${packet.version}|${packet.src}|${packet.dst}|${packet.proto}|${frag.id}`;
    let entry = this.#pending.get(key);
    if (!entry) {
      while (this.#pending.size >= this.#limits.maxDatagrams) this.#dropOldest();
      entry = { firstTsUs: tsUs, fragments: [], bytes: 0, total: null };
      this.#pending.set(key, entry);
    }
    const end = frag.offset + packet.payload.length;
    if (end > MAX_DATAGRAM_BYTES || entry.fragments.length >= this.#limits.maxFragments) {
      this.#drop(key, entry);
      return null;
    }
    if (!frag.more) {
      if (entry.total !== null && entry.total !== end) {
        this.#drop(key, entry);
        return null;
      }
      entry.total = end;
    }
    // Copied: the fragment outlives the capture chunk it came in.
    entry.fragments.push({ offset: frag.offset, data: Buffer.from(packet.payload) });
    entry.bytes += packet.payload.length;
    this.#bytes += packet.payload.length;
    while (this.#bytes > this.#limits.maxBytes && this.#pending.size > 0) {
      const oldestKey = this.#pending.keys().next().value;
      if (oldestKey === key && this.#pending.size === 1) break;
      this.#dropOldest();
    }
    if (!this.#pending.has(key)) return null;
    const whole = this.#assemble(entry);
    if (!whole) return null;
    this.#pending.delete(key);
    this.#bytes -= entry.bytes;
    this.counters.reassembled++;
    return { version: packet.version, src: packet.src, dst: packet.dst, proto: packet.proto, payload: whole };
  }

  #assemble(entry: Pending): Buffer | null {
    if (entry.total === null) return null;
    const sorted = [...entry.fragments].sort((a, b) => a.offset - b.offset);
    let covered = 0;
    for (const f of sorted) {
      if (f.offset > covered) return null; // a hole: wait for more
      covered = Math.max(covered, f.offset + f.data.length);
    }
    if (covered < entry.total) return null;
    const out = Buffer.alloc(entry.total);
    // Later arrivals win on overlap, as in Linux; the order of `fragments` is arrival order.
    for (const f of entry.fragments)
      f.data.copy(out, f.offset, 0, Math.max(0, Math.min(f.data.length, entry.total - f.offset)));
    return out;
  }

  #expire(nowUs: number): void {
    // Map order is insertion order, which is (nearly) time order: stop at the first fresh entry.
    for (const [key, entry] of this.#pending) {
      if (nowUs - entry.firstTsUs <= this.#limits.timeoutUs) break;
      this.#drop(key, entry);
    }
  }

  #dropOldest(): void {
    const first = this.#pending.entries().next().value;
    if (first) this.#drop(first[0], first[1]);
  }

  #drop(key: string, entry: Pending): void {
    this.#pending.delete(key);
    this.#bytes -= entry.bytes;
    this.counters.dropped++;
  }
}
