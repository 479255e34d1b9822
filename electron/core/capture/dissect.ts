// The dissector chain for one capture record: link -> IP (-> fragment reassembly) -> UDP.
// Other IP protocols come out raw: TCP segments go to a TCP reassembler (a later issue) from here.
import type { CaptureRecord } from './pcap-file.ts';
import { decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link.ts';
import { decodeIp, IPPROTO_UDP } from './ip.ts';
import type { FragmentReassembler } from './ip-fragments.ts';
import { decodeUdp } from './udp.ts';

export interface UdpDatagram {
  tsUs: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** A view into the capture buffer (or the reassembled datagram), not a copy. */
  payload: Buffer;
}

/** An IP packet whose transport this chain does not decode (TCP, SCTP, ...), as captured. */
export interface OtherIpPacket {
  tsUs: number;
  srcIp: string;
  dstIp: string;
  proto: number;
  /** The transport header and data. */
  payload: Buffer;
}

export type Dissected =
  | { kind: 'udp'; datagram: UdpDatagram }
  | { kind: 'ip'; packet: OtherIpPacket }
  /** A fragment held by the reassembler until the rest of its datagram arrives. */
  | { kind: 'fragment' }
  /** Not IP, or broken at some layer: the reason names the layer. */
  | { kind: 'skipped'; reason: string };

export function dissectRecord(record: CaptureRecord, fragments: FragmentReassembler): Dissected {
  const link = decodeLink(record.linkType, record.data);
  if (!link.ok) return { kind: 'skipped', reason: `link: ${link.error.message}` };
  if (link.etherType !== ETHERTYPE_IPV4 && link.etherType !== ETHERTYPE_IPV6) {
    return { kind: 'skipped', reason: `link: EtherType 0x${link.etherType.toString(16)} is not IP` };
  }
  const ip = decodeIp(link.payload);
  if (!ip.ok) return { kind: 'skipped', reason: `ip: ${ip.error.message}` };
  let packet = ip.packet;
  if (packet.fragment) {
    const whole = fragments.add(record.tsUs, packet);
    if (!whole) return { kind: 'fragment' };
    packet = whole;
  }
  if (packet.proto !== IPPROTO_UDP) {
    return {
      kind: 'ip',
      packet: { tsUs: record.tsUs, srcIp: packet.src, dstIp: packet.dst, proto: packet.proto, payload: packet.payload },
    };
  }
  const udp = decodeUdp(packet.payload);
  if (!udp.ok) return { kind: 'skipped', reason: `udp: ${udp.error.message}` };
  return {
    kind: 'udp',
    datagram: {
      tsUs: record.tsUs,
      srcIp: packet.src,
      dstIp: packet.dst,
      srcPort: udp.segment.srcPort,
      dstPort: udp.segment.dstPort,
      payload: udp.segment.payload,
    },
  };
}
