import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readUdpDatagrams } from './read-udp.ts';
import { writePcap, writePcapng, type WriteRecord } from './pcap-write.ts';
import { buildIpUdp, buildUdpFrame } from './udp-frame.ts';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
} from './link.ts';
import type { UdpDatagram } from './dissect.ts';

const fixture = (path: string): Buffer => readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url));

function datagrams(file: Buffer): UdpDatagram[] {
  const r = readUdpDatagrams(file);
  expect(r.ok).toBe(true);
  return r.datagrams;
}

const sipText = Buffer.from('OPTIONS sip:100@192.0.2.5 SIP/2.0\r\nCall-ID: x\r\n\r\n');
const v4 = { srcIp: '192.0.2.10', dstIp: '192.0.2.5', srcPort: 5060, dstPort: 5080, payload: sipText };
const v6 = { srcIp: '2001:db8::10', dstIp: '2001:db8::5', srcPort: 5061, dstPort: 5081, payload: sipText };

describe('reading UDP datagrams from a capture', () => {
  it('finds the 572 HEP datagrams Kamailio sent to 9060 and the 572 SIP datagrams of the same run', () => {
    const hep = datagrams(fixture('hep/kamailio-calls.pcap'));
    expect(hep).toHaveLength(572);
    for (const d of hep) {
      expect([d.srcIp, d.srcPort, d.dstIp, d.dstPort]).toEqual(['127.0.0.1', 5060, '127.0.0.1', 9060]);
      expect(d.payload.subarray(0, 4).toString()).toBe('HEP3');
    }
    const sip = datagrams(fixture('sip/kamailio-sip.pcap'));
    expect(sip).toHaveLength(572);
    expect(new Set(sip.map((d) => d.srcPort))).toEqual(new Set([5060, 5070, 5080]));
  });

  it('reads the Asterisk HEP and SIP wire captures', () => {
    expect(datagrams(fixture('hep/asterisk-hep.pcap'))).toHaveLength(370);
    expect(datagrams(fixture('hep/asterisk-sip-wire.pcap'))).toHaveLength(369);
  });

  it('gives the same datagram through every supported link type', () => {
    const ip4 = buildIpUdp(v4) as Buffer;
    const ip6 = buildIpUdp(v6) as Buffer;
    const frames: [number, Buffer, typeof v4][] = [
      [LINKTYPE_ETHERNET, buildUdpFrame(v4) as Buffer, v4],
      [LINKTYPE_ETHERNET, buildUdpFrame(v6) as Buffer, v6],
      [LINKTYPE_LINUX_SLL, Buffer.concat([Buffer.alloc(14), Buffer.from([0x08, 0x00]), ip4]), v4],
      [LINKTYPE_LINUX_SLL2, Buffer.concat([Buffer.from([0x86, 0xdd]), Buffer.alloc(18), ip6]), v6],
      [LINKTYPE_RAW, ip6, v6],
      [LINKTYPE_NULL, Buffer.concat([Buffer.from([2, 0, 0, 0]), ip4]), v4],
      [LINKTYPE_LOOP, Buffer.concat([Buffer.from([0, 0, 0, 24]), ip6]), v6],
    ];
    for (const [linkType, frame, want] of frames) {
      for (const file of [
        writePcap(linkType, [{ tsUs: 1_000_001, data: frame }]),
        writePcapng(linkType, [{ tsUs: 1_000_001, data: frame }]),
      ]) {
        const [d] = datagrams(file);
        expect(d).toMatchObject({
          tsUs: 1_000_001,
          srcIp: want.srcIp,
          dstIp: want.dstIp,
          srcPort: want.srcPort,
          dstPort: want.dstPort,
        });
        expect(d?.payload.equals(sipText)).toBe(true);
      }
    }
  });

  it('reads UDP inside an 802.1Q-tagged frame', () => {
    const plain = buildUdpFrame(v4) as Buffer;
    const tagged = Buffer.concat([plain.subarray(0, 12), Buffer.from([0x81, 0x00, 0x00, 0x0a]), plain.subarray(12)]);
    const [d] = datagrams(writePcap(LINKTYPE_ETHERNET, [{ tsUs: 1, data: tagged }]));
    expect(d?.payload.equals(sipText)).toBe(true);
  });

  it('reassembles a UDP datagram fragmented at the IP layer', () => {
    const big = Buffer.alloc(4000, 'a');
    const whole = buildIpUdp({ ...v4, payload: big }, 0x4242) as Buffer;
    const l4 = whole.subarray(20); // UDP header + data, split at 8-byte multiples
    const records: WriteRecord[] = [];
    for (let off = 0, i = 0; off < l4.length; off += 1480, i++) {
      const part = l4.subarray(off, off + 1480);
      const hdr = Buffer.from(whole.subarray(0, 20));
      hdr.writeUInt16BE(20 + part.length, 2);
      hdr.writeUInt16BE((off + 1480 < l4.length ? 0x2000 : 0) | (off / 8), 6);
      const eth = Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x00]), hdr, part]);
      records.push({ tsUs: 10 + i, data: eth });
    }
    records.reverse(); // arrival order must not matter
    const r = readUdpDatagrams(writePcap(LINKTYPE_ETHERNET, records));
    expect(r.ok && r.datagrams).toHaveLength(1);
    expect(r.datagrams[0]?.payload.equals(big)).toBe(true);
    expect(r.stats.fragmentsReassembled).toBe(1);
  });

  it('counts TCP as other IP and non-IP frames as skipped', () => {
    const tcp = Buffer.from(buildUdpFrame(v4) as Buffer);
    tcp[14 + 9] = 6;
    const arp = Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x06]), Buffer.alloc(28)]);
    const r = readUdpDatagrams(
      writePcap(LINKTYPE_ETHERNET, [
        { tsUs: 1, data: tcp },
        { tsUs: 2, data: arp },
      ]),
    );
    expect(r.ok).toBe(true);
    expect(r.datagrams).toHaveLength(0);
    expect(r.stats).toMatchObject({ records: 2, otherIp: 1, skipped: 1 });
  });

  it('returns the datagrams before the point where a file was cut', () => {
    const file = fixture('hep/kamailio-calls.pcap');
    const r = readUdpDatagrams(file.subarray(0, Math.floor(file.length / 2)));
    expect(!r.ok && r.error.code).toBe('truncated');
    expect(r.datagrams.length).toBeGreaterThan(200);
  });
});
