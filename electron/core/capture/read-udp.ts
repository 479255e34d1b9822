// Walks a whole capture in memory and returns its UDP datagrams: what tests and small imports need.
// Large files go through CaptureStreamReader + dissectRecord chunk by chunk instead.
import { readCaptureFile, type CaptureError } from './pcap-file.ts';
import { dissectRecord, type UdpDatagram } from './dissect.ts';
import { FragmentReassembler } from './ip-fragments.ts';

export interface UdpReadStats {
  records: number;
  /** Records of an unsupported link type (pcapng interfaces), not IP, or broken at some layer. */
  skipped: number;
  /** IP packets of other protocols (TCP, ...), left for a later stage. */
  otherIp: number;
  fragmentsReassembled: number;
  fragmentsDropped: number;
}

export type UdpReadResult =
  | { ok: true; datagrams: UdpDatagram[]; stats: UdpReadStats }
  /** Datagrams read before the file broke off are still returned. */
  | { ok: false; error: CaptureError; datagrams: UdpDatagram[]; stats: UdpReadStats };

export function readUdpDatagrams(file: Buffer): UdpReadResult {
  const read = readCaptureFile(file);
  const fragments = new FragmentReassembler();
  const stats: UdpReadStats = {
    records: read.records.length,
    skipped: read.skipped,
    otherIp: 0,
    fragmentsReassembled: 0,
    fragmentsDropped: 0,
  };
  const datagrams: UdpDatagram[] = [];
  for (const record of read.records) {
    const d = dissectRecord(record, fragments);
    if (d.kind === 'udp') datagrams.push(d.datagram);
    else if (d.kind === 'ip') stats.otherIp++;
    else if (d.kind === 'skipped') stats.skipped++;
  }
  stats.fragmentsReassembled = fragments.counters.reassembled;
  stats.fragmentsDropped = fragments.counters.dropped + fragments.pendingCount;
  return read.ok ? { ok: true, datagrams, stats } : { ok: false, error: read.error, datagrams, stats };
}
