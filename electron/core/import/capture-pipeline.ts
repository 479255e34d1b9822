// The dissector chain of a capture file, record by record: link -> IP (fragments) -> UDP, or TCP
// reassembly -> stream cutting; then each payload goes to the same HEP and SIP decoders the live
// listeners feed (the sink is SipCapture). No SIP parsing happens here.
import type { TransportProto } from '../../../shared/domain.ts';
import { dissectRecord } from '../capture/dissect.ts';
import { IPPROTO_TCP } from '../capture/ip.ts';
import { FragmentReassembler } from '../capture/ip-fragments.ts';
import type { CaptureRecord } from '../capture/pcap-file.ts';
import { TcpReassembler, type TcpEvent } from '../capture/tcp-reassembly.ts';
import { classifyDatagram } from './payload-kind.ts';
import { TcpMessages, type TcpMessage } from './tcp-messages.ts';

export interface SipPacketMeta {
  tsUs: number;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  transport: TransportProto;
}

export interface PacketSink {
  /** A whole HEP packet (UDP datagram or TCP frame); HEP carries its own addresses and time. */
  hep(packet: Buffer, transport: TransportProto): void;
  /** One SIP message with the addresses and time of the packet(s) that carried it. */
  sip(payload: Buffer, meta: SipPacketMeta): void;
}

export interface PipelineCounters {
  records: number;
  udpDatagrams: number;
  tcpSegments: number;
  hepPackets: number;
  sipMessages: number;
  /** Records not IP, broken at some layer, of another transport, or UDP that is neither HEP nor SIP. */
  skipped: number;
}

export class CapturePipeline {
  readonly counters: PipelineCounters = {
    records: 0,
    udpDatagrams: 0,
    tcpSegments: 0,
    hepPackets: 0,
    sipMessages: 0,
    skipped: 0,
  };
  readonly fragments = new FragmentReassembler();
  readonly tcp = new TcpReassembler();
  readonly #streams = new TcpMessages();
  readonly #sink: PacketSink;
  readonly #takeTcpMessage = (m: TcpMessage): void => this.#tcpMessage(m);

  constructor(sink: PacketSink) {
    this.#sink = sink;
  }

  take(record: CaptureRecord): void {
    this.counters.records++;
    const d = dissectRecord(record, this.fragments);
    switch (d.kind) {
      case 'udp': {
        this.counters.udpDatagrams++;
        const g = d.datagram;
        const kind = classifyDatagram(g.payload);
        if (kind === 'hep') {
          this.counters.hepPackets++;
          this.#sink.hep(g.payload, 'udp');
        } else if (kind === 'sip') {
          this.counters.sipMessages++;
          this.#sink.sip(g.payload, {
            tsUs: g.tsUs,
            srcIp: g.srcIp,
            srcPort: g.srcPort,
            dstIp: g.dstIp,
            dstPort: g.dstPort,
            transport: 'udp',
          });
        } else {
          this.counters.skipped++;
        }
        return;
      }
      case 'ip':
        if (d.packet.proto !== IPPROTO_TCP) {
          this.counters.skipped++;
          return;
        }
        this.counters.tcpSegments++;
        this.#tcpEvents(this.tcp.add(d.packet.tsUs, d.packet.srcIp, d.packet.dstIp, d.packet.payload));
        return;
      case 'fragment':
        return;
      case 'skipped':
        this.counters.skipped++;
        return;
    }
  }

  /** The capture ended: data held behind holes in TCP streams is handed over before streams close. */
  finish(): void {
    this.#tcpEvents(this.tcp.finish());
  }

  #tcpEvents(events: TcpEvent[]): void {
    for (const ev of events) this.#streams.handle(ev, this.#takeTcpMessage);
  }

  #tcpMessage(m: TcpMessage): void {
    if (m.kind === 'hep') {
      this.counters.hepPackets++;
      this.#sink.hep(m.bytes, 'tcp');
      return;
    }
    this.counters.sipMessages++;
    const s = m.stream;
    this.#sink.sip(m.bytes, {
      tsUs: m.tsUs,
      srcIp: s.srcIp,
      srcPort: s.srcPort,
      dstIp: s.dstIp,
      dstPort: s.dstPort,
      transport: 'tcp',
    });
  }
}
