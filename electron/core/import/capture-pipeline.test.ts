import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../capture/pcap-file.ts';
import { buildUdpFrame } from '../capture/udp-frame.ts';
import { CapturePipeline, type SipPacketMeta } from './capture-pipeline.ts';
import { fixtureDatagrams, fixtureFile, sipOverTcp } from './test-frames.ts';

interface Taken {
  hep: { bytes: Buffer; transport: string }[];
  sip: { text: string; meta: SipPacketMeta }[];
}

function collect(): { pipeline: CapturePipeline; taken: Taken } {
  const taken: Taken = { hep: [], sip: [] };
  const pipeline = new CapturePipeline({
    hep: (bytes, transport) => taken.hep.push({ bytes: Buffer.from(bytes), transport }),
    sip: (payload, meta) => taken.sip.push({ text: payload.toString('latin1'), meta }),
  });
  return { pipeline, taken };
}

describe('capture pipeline', () => {
  it('hands every HEP datagram of the fixture over as HEP, untouched', () => {
    const { pipeline, taken } = collect();
    for (const r of readCaptureFile(fixtureFile('hep/kamailio-calls.pcap')).records) pipeline.take(r);
    pipeline.finish();
    expect(taken.hep).toHaveLength(572);
    expect(taken.sip).toHaveLength(0);
    expect(pipeline.counters).toMatchObject({ records: 572, udpDatagrams: 572, hepPackets: 572, skipped: 0 });
    expect(taken.hep[0]!.bytes.equals(fixtureDatagrams('hep/kamailio-calls.pcap')[0]!.payload)).toBe(true);
  });

  it('hands plain SIP over with the addresses and time of its packet', () => {
    const { pipeline, taken } = collect();
    for (const r of readCaptureFile(fixtureFile('sip/kamailio-sip.pcap')).records) pipeline.take(r);
    const d = fixtureDatagrams('sip/kamailio-sip.pcap')[0]!;
    expect(taken.sip).toHaveLength(572);
    expect(taken.sip[0]).toEqual({
      text: d.payload.toString('latin1'),
      meta: { tsUs: d.tsUs, srcIp: d.srcIp, srcPort: d.srcPort, dstIp: d.dstIp, dstPort: d.dstPort, transport: 'udp' },
    });
  });

  it('puts SIP over TCP back together: every message once, in order per direction, from reordered and repeated segments', () => {
    const { pipeline, taken } = collect();
    const records = sipOverTcp();
    for (const r of records) pipeline.take({ tsUs: r.tsUs, linkType: 1, data: r.data, origLen: r.data.length });
    pipeline.finish();
    const fixture = fixtureDatagrams('sip/kamailio-sip.pcap');
    const dirOf = (m: { srcIp: string; srcPort: number; dstIp: string; dstPort: number }): string =>
      `${m.srcIp}:${m.srcPort}>${m.dstIp}:${m.dstPort}`;
    const perDir = (items: { dir: string; text: string }[]): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      for (const i of items) (out[i.dir] ??= []).push(i.text);
      return out;
    };
    expect(perDir(taken.sip.map((s) => ({ dir: dirOf(s.meta), text: s.text })))).toEqual(
      perDir(fixture.map((d) => ({ dir: dirOf(d), text: d.payload.toString('latin1') }))),
    );
    expect(taken.sip.every((s) => s.meta.transport === 'tcp')).toBe(true);
    // The synthesis did what the test claims: reordering, repeats, and segments spanning messages.
    expect(pipeline.tcp.counters.outOfOrder).toBeGreaterThan(20);
    expect(pipeline.tcp.counters.retransmittedBytes).toBeGreaterThan(1000);
    expect(pipeline.tcp.counters.gaps).toBe(0);
    const starts = /(?:^|\n)(?:[A-Z]+ sip:\S+ SIP\/2\.0\r\n|SIP\/2\.0 \d{3} )/g;
    const spanning = records.filter((r) => (r.data.subarray(54).toString('latin1').match(starts) ?? []).length >= 2);
    expect(spanning.length).toBeGreaterThanOrEqual(3);
    expect(pipeline.tcp.flowCount).toBe(0);
  });

  it('counts what is neither SIP nor HEP as skipped', () => {
    const { pipeline, taken } = collect();
    const rtp = buildUdpFrame({
      srcIp: '10.0.0.1',
      dstIp: '10.0.0.2',
      srcPort: 10000,
      dstPort: 20000,
      payload: Buffer.from([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
    })!;
    const arp = Buffer.alloc(42);
    arp.writeUInt16BE(0x0806, 12);
    pipeline.take({ tsUs: 1, linkType: 1, data: rtp, origLen: rtp.length });
    pipeline.take({ tsUs: 2, linkType: 1, data: arp, origLen: arp.length });
    expect(pipeline.counters).toMatchObject({ records: 2, skipped: 2 });
    expect(taken).toEqual({ hep: [], sip: [] });
  });
});
