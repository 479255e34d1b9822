// The parser against the lab's ground truth (pcap-summary.py, an independent regex-based reader)
// and against what the wire itself says (UDP ports).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSip, type SipMessage } from './parse.ts';
import { decodeHep } from '../hep/decode.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import type { UdpDatagram } from '../capture/dissect.ts';

const path = (p: string): URL => new URL(`../../../test/fixtures/${p}`, import.meta.url);
const datagrams = (p: string): UdpDatagram[] => readUdpDatagrams(readFileSync(path(p))).datagrams;

interface Summary {
  first_line_kinds: Record<string, number>;
  dialogs_total: number;
  dialogs?: Record<
    string,
    { first_method: string; ruri_user: string | null; messages: number; bye_from: string | null }
  >;
}
const summary = (p: string): Summary => JSON.parse(readFileSync(path(p), 'utf8')) as Summary;

interface Parsed {
  msg: SipMessage;
  src: string;
  srcPort: number;
}

/** HEP payloads, in capture order, with the source the HEP packet names. */
function fromHep(p: string): Parsed[] {
  return datagrams(p).flatMap((d) => {
    const r = decodeHep(d.payload);
    if (!r.ok || r.packet.protoType !== 1) return [];
    return [{ msg: parseSip(r.packet.payload), src: r.packet.srcIp, srcPort: r.packet.srcPort }];
  });
}
function fromWire(p: string): Parsed[] {
  return datagrams(p).map((d) => ({ msg: parseSip(d.payload), src: d.srcIp, srcPort: d.srcPort }));
}

function kinds(list: Parsed[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { msg } of list) {
    const k = msg.kind === 'request' ? (msg.method ?? '?') : String(msg.statusCode);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('parsing the Kamailio run', () => {
  const hep = fromHep('hep/kamailio-calls.pcap');
  const wire = fromWire('sip/kamailio-sip.pcap');
  const hepSummary = summary('hep/kamailio-calls.summary.json');

  it('parses all 572 messages of either capture without a malformed flag', () => {
    expect(hep).toHaveLength(572);
    expect(wire).toHaveLength(572);
    expect([...hep, ...wire].filter((p) => p.msg.malformed !== undefined).map((p) => p.msg.malformed)).toEqual([]);
  });

  it('counts every method and status code as the summaries do', () => {
    expect(kinds(hep)).toEqual(hepSummary.first_line_kinds);
    expect(kinds(wire)).toEqual(summary('sip/kamailio-sip.summary.json').first_line_kinds);
  });

  it('finds each dialog with its message count, first method, request-URI user and BYE sender', () => {
    const dialogs = new Map<
      string,
      { first_method: string | null; ruri_user: string | null; messages: number; bye_from: string | null }
    >();
    for (const { msg, src, srcPort } of hep) {
      const cid = msg.callId as string;
      let d = dialogs.get(cid);
      if (!d) dialogs.set(cid, (d = { first_method: null, ruri_user: null, messages: 0, bye_from: null }));
      d.messages++;
      if (msg.kind === 'request') {
        if (d.first_method === null) {
          d.first_method = msg.method ?? null;
          d.ruri_user = msg.uri?.user ?? null;
        }
        if (msg.method === 'BYE' && d.bye_from === null) d.bye_from = `${src}:${srcPort}`;
      }
    }
    expect(dialogs.size).toBe(hepSummary.dialogs_total);
    for (const [cid, want] of Object.entries(hepSummary.dialogs ?? {})) {
      const got = dialogs.get(cid);
      expect(got, cid).toEqual({
        first_method: want.first_method,
        ruri_user: want.ruri_user,
        messages: want.messages,
        bye_from: want.bye_from,
      });
    }
  });

  it('reads the topmost Via of every request as the port the request left from', () => {
    for (const { msg, srcPort } of wire.filter((p) => p.msg.kind === 'request')) {
      // Kamailio leaves out the default port in its own Via: absent means 5060 (RFC 3261 §18.2.1).
      expect(msg.via[0]?.port ?? 5060).toBe(srcPort);
      expect(msg.via[0]?.branch).toMatch(/^z9hG4bK/);
    }
  });

  it('pairs every response with the request it answers through Call-ID, CSeq and the topmost branch', () => {
    const requests = new Set(
      wire
        .filter((p) => p.msg.kind === 'request')
        .map(({ msg }) => `${msg.callId}|${msg.cseq?.seq}|${msg.cseq?.method}|${msg.via[0]?.branch}`),
    );
    for (const { msg } of wire.filter((p) => p.msg.kind === 'response')) {
      expect(requests.has(`${msg.callId}|${msg.cseq?.seq}|${msg.cseq?.method}|${msg.via[0]?.branch}`)).toBe(true);
    }
  });

  it('summarises the SDP of every INVITE and 200 carrying one', () => {
    const withSdp = hep.filter((p) => p.msg.contentType === 'application/sdp');
    expect(withSdp.length).toBeGreaterThan(0);
    for (const { msg } of withSdp) {
      expect(msg.sdp?.connection).toBe('127.0.0.1');
      expect(msg.sdp?.media[0]?.type).toBe('audio');
      expect(msg.sdp?.media[0]?.port).toBeGreaterThan(0);
      expect(msg.sdp?.media[0]?.codecs.length).toBeGreaterThan(0);
    }
  });
});

describe('parsing the Asterisk run', () => {
  it('parses every SIP message Asterisk traced and every one on the wire, none malformed', () => {
    const hep = fromHep('hep/asterisk-hep.pcap');
    const wire = fromWire('hep/asterisk-sip-wire.pcap');
    expect(hep).toHaveLength(369);
    expect([...hep, ...wire].filter((p) => p.msg.malformed !== undefined).map((p) => p.msg.malformed)).toEqual([]);
    expect(kinds(hep)).toEqual(kinds(wire));
    const ua = new Set(hep.map((p) => p.msg.userAgent ?? p.msg.server).filter(Boolean));
    expect(ua.size).toBeGreaterThan(0);
  });
});
