// Messages -> classic libpcap (LINKTYPE_ETHERNET, µs timestamps): each SIP message at its original
// capture time inside a synthesised frame (frames.ts), written batch by batch. TCP flows get
// consistent per-direction sequence numbers and acknowledge what the other side has sent, so
// Wireshark's reassembly sees one gap-free stream per connection.
import { crc32 } from 'node:zlib';
import { LINKTYPE_ETHERNET } from '../capture/link.ts';
import { writePcap, type WriteRecord } from '../capture/pcap-write.ts';
import { addressPair, maxTcpPayload, tcpFrame, udpFrame } from '../capture/frame-write.ts';
import type { ExportMessage } from './model.ts';

/** The 24-byte file header every classic pcap starts with. */
export const PCAP_FILE_HEADER_BYTES = 24;

export interface PcapCounts {
  /** Messages written (one frame each over UDP, one or more segments over TCP). */
  messages: number;
  frames: number;
  /**
   * Messages left out: an address that is not an IP address, or a UDP payload larger than one IP
   * packet can carry (possible only for metadata that says UDP about a message that came over TCP).
   */
  skipped: number;
}

export class PcapEncoder {
  readonly counts: PcapCounts = { messages: 0, frames: 0, skipped: 0 };
  private ipId = 0;
  /** Next sequence number per direction, keyed src|sport|dst|dport. */
  private readonly nextSeq = new Map<string, number>();

  /** The file header: link type Ethernet, µs resolution, little-endian as most writers use. */
  fileHeader(): Buffer {
    return writePcap(LINKTYPE_ETHERNET, []);
  }

  /** Records for `batch` (capture-time order), without the file header. */
  encode(batch: readonly ExportMessage[]): Buffer {
    const records: WriteRecord[] = [];
    for (const m of batch) {
      const frames = this.framesOf(m);
      if (frames === null) {
        this.counts.skipped++;
        continue;
      }
      this.counts.messages++;
      for (const data of frames) records.push({ tsUs: m.ts, data });
    }
    this.counts.frames += records.length;
    return writePcap(LINKTYPE_ETHERNET, records).subarray(PCAP_FILE_HEADER_BYTES);
  }

  private framesOf(m: ExportMessage): Buffer[] | null {
    const addrs = addressPair(m.srcIp, m.dstIp);
    if (!addrs) return null;
    const ep = { srcIp: m.srcIp, srcPort: m.srcPort, dstIp: m.dstIp, dstPort: m.dstPort };
    if (m.transport === 'udp') {
      const f = udpFrame(addrs, ep, m.raw, this.ipId++);
      return f ? [f] : null;
    }
    const fwd = `${m.srcIp}|${m.srcPort}|${m.dstIp}|${m.dstPort}`;
    const rev = `${m.dstIp}|${m.dstPort}|${m.srcIp}|${m.srcPort}`;
    const out: Buffer[] = [];
    const max = maxTcpPayload(addrs.family);
    // An empty payload still makes one (bare ACK-like) segment, so no stored message disappears.
    for (let off = 0; off < m.raw.length || out.length === 0; off += max) {
      const seg = m.raw.subarray(off, off + max);
      const seq = this.seqOf(fwd);
      const frame = tcpFrame(addrs, ep, seg, { seq, ack: this.seqOf(rev) }, this.ipId++);
      if (!frame) return null;
      this.nextSeq.set(fwd, (seq + seg.length) >>> 0);
      out.push(frame);
    }
    return out;
  }

  /**
   * Where a direction's next byte sits. Starts at a per-direction number derived from the
   * addresses (stable across exports of the same flow, different between flows, like real ISNs).
   */
  private seqOf(direction: string): number {
    let seq = this.nextSeq.get(direction);
    if (seq === undefined) {
      seq = crc32(direction);
      this.nextSeq.set(direction, seq);
    }
    return seq;
  }
}
