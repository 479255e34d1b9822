// The decoder against an independent truth: the same SIP messages captured on the wire.
// kamailio-calls.pcap (HEP sent by Kamailio siptrace) and kamailio-sip.pcap (the SIP on udp/5060)
// were recorded in one run: every HEP packet has exactly one twin on the wire, with the same bytes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeHep, type HepPacket } from './decode.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import type { UdpDatagram } from '../capture/dissect.ts';

const path = (p: string): URL => new URL(`../../../test/fixtures/${p}`, import.meta.url);
const datagrams = (p: string): UdpDatagram[] => {
  const r = readUdpDatagrams(readFileSync(path(p)));
  expect(r.ok).toBe(true);
  return r.datagrams;
};

/**
 * Kamailio stamps a traced message after it crossed the socket, so its HEP timestamp is always
 * later than dumpcap's wire timestamp: observed 2..985 µs over the 572 pairs. 1 ms bounds it.
 */
const KAMAILIO_TRACE_LAG_MAX_US = 1_000;
/**
 * Asterisk res_hep stamps received messages after the wire (up to 372 µs later) and sent ones
 * before they reach it (up to 918 µs earlier), as observed over the 369 pairs: ±1 ms bounds both.
 */
const ASTERISK_TRACE_SKEW_MAX_US = 1_000;

function decodeAll(list: UdpDatagram[]): HepPacket[] {
  return list.map((d, i) => {
    const r = decodeHep(d.payload);
    if (!r.ok) throw new Error(`datagram ${i}: ${r.error.code} ${r.error.message}`);
    return r.packet;
  });
}

/** Wire datagrams indexed by payload bytes; a payload may occur more than once (retransmissions). */
function byPayload(list: UdpDatagram[]): Map<string, UdpDatagram[]> {
  const m = new Map<string, UdpDatagram[]>();
  for (const d of list) {
    const k = d.payload.toString('latin1');
    const arr = m.get(k);
    if (arr) arr.push(d);
    else m.set(k, [d]);
  }
  return m;
}

/** Takes (removes) the twin nearest in time, so each wire datagram pairs with one HEP packet. */
function takeTwin(index: Map<string, UdpDatagram[]>, p: HepPacket): UdpDatagram | undefined {
  const arr = index.get(p.payload.toString('latin1'));
  if (!arr || arr.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < arr.length; i++) {
    if (Math.abs((arr[i] as UdpDatagram).tsUs - p.tsUs) < Math.abs((arr[best] as UdpDatagram).tsUs - p.tsUs)) best = i;
  }
  return arr.splice(best, 1)[0];
}

describe('Kamailio HEPv3 against the SIP on the wire', () => {
  const hep = decodeAll(datagrams('hep/kamailio-calls.pcap'));
  const wire = datagrams('sip/kamailio-sip.pcap');
  const summary = JSON.parse(readFileSync(path('hep/kamailio-calls.summary.json'), 'utf8')) as {
    hep_packets: number;
    hep_time_span_s: number;
    hep_capture_ids: Record<string, number>;
    hep_auth_keys: Record<string, number>;
    hep_proto_types: Record<string, number>;
    hep_ip_families: Record<string, number>;
  };

  it('decodes all 572 packets with the generic chunks Kamailio 5.6 sends', () => {
    expect(hep).toHaveLength(summary.hep_packets);
    const count = (f: (p: HepPacket) => string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const p of hep) out[f(p)] = (out[f(p)] ?? 0) + 1;
      return out;
    };
    expect(count((p) => String(p.captureId))).toEqual(summary.hep_capture_ids);
    expect(count((p) => String(p.authKey))).toEqual(summary.hep_auth_keys);
    expect(count((p) => String(p.protoType))).toEqual(summary.hep_proto_types);
    expect(count((p) => String(p.ipFamily === 4 ? 2 : 10))).toEqual(summary.hep_ip_families);
    for (const p of hep) {
      expect([p.version, p.ipProto, p.compressed, p.correlationId, p.nodeName, p.vendorChunks.length]).toEqual([
        3,
        17,
        false,
        undefined,
        undefined,
        0,
      ]);
    }
  });

  it('gives every packet a twin on the wire with the same payload, addresses and ports', () => {
    const index = byPayload(wire);
    let paired = 0;
    for (const p of hep) {
      const twin = takeTwin(index, p);
      expect(twin, `no wire twin for a packet at ${p.tsUs}`).toBeDefined();
      if (!twin) continue;
      expect([p.srcIp, p.srcPort, p.dstIp, p.dstPort]).toEqual([twin.srcIp, twin.srcPort, twin.dstIp, twin.dstPort]);
      paired++;
    }
    expect(paired).toBe(wire.length);
  });

  it('carries timestamps at most 1 ms after the wire capture of the same message', () => {
    const index = byPayload(wire);
    const lags = hep.map((p) => p.tsUs - (takeTwin(index, p) as UdpDatagram).tsUs);
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lags)).toBeLessThanOrEqual(KAMAILIO_TRACE_LAG_MAX_US);
  });

  it('spans the time the summary reports, to the microsecond', () => {
    const ts = hep.map((p) => p.tsUs);
    expect(Math.max(...ts) - Math.min(...ts)).toBe(Math.round(summary.hep_time_span_s * 1e6));
  });
});

describe('Asterisk res_hep', () => {
  const list = datagrams('hep/asterisk-hep.pcap');
  const hep = decodeAll(list);
  const sip = hep.filter((p) => p.protoType === 1);
  const callIdOf = (p: HepPacket): string | undefined => /^Call-ID:[ \t]*(\S+)/im.exec(p.payload.toString())?.[1];

  it('decodes all 370 packets: 369 SIP messages and one RTCP report as JSON', () => {
    expect(hep).toHaveLength(370);
    expect(sip).toHaveLength(369);
    const rtcp = hep.filter((p) => p.protoType === 5);
    expect(rtcp).toHaveLength(1);
    const report = JSON.parse(rtcp[0]?.payload.toString() ?? '') as { ssrc: number; type: number };
    expect(report.type).toBe(200);
    // the report's correlation id names one of the calls of the run
    expect(sip.map(callIdOf)).toContain(rtcp[0]?.correlationId);
  });

  it('carries capture id, auth key, node name and the Call-ID as correlation id (chunks 17 and 19)', () => {
    for (const p of hep)
      expect([p.captureId, p.authKey, p.nodeName]).toEqual([2001, 'hep-secret', 'asterisk-testpeer']);
    for (const p of sip) expect(p.correlationId).toBe(callIdOf(p));
  });

  it('matches the SIP on the wire: same payload, addresses, ports, and time within 1 ms', () => {
    const index = byPayload(datagrams('hep/asterisk-sip-wire.pcap'));
    for (const p of sip) {
      const twin = takeTwin(index, p);
      expect(twin).toBeDefined();
      if (!twin) continue;
      expect([p.srcIp, p.srcPort, p.dstIp, p.dstPort]).toEqual([twin.srcIp, twin.srcPort, twin.dstIp, twin.dstPort]);
      expect(Math.abs(p.tsUs - twin.tsUs)).toBeLessThanOrEqual(ASTERISK_TRACE_SKEW_MAX_US);
    }
    expect([...index.values()].every((rest) => rest.length === 0)).toBe(true);
  });

  it('decodes the recorder side file (jsonl) to the same packets, from the same source port', () => {
    const lines = readFileSync(path('hep/asterisk-hep.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { src: string; len: number; b64: string });
    expect(lines).toHaveLength(list.length);
    lines.forEach((line, i) => {
      const bytes = Buffer.from(line.b64, 'base64');
      expect(bytes.length).toBe(line.len);
      const r = decodeHep(bytes);
      expect(r.ok && r.packet).toEqual(hep[i]);
      const d = list[i] as UdpDatagram;
      expect(line.src).toBe(`${d.srcIp}:${d.srcPort}`);
    });
  });
});
