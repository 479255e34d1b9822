// Export throughput: the Kamailio fixture's 572 real messages repeated into a large selection and
// rendered in every format, plus the redaction passes. Figures are MB of stored SIP consumed per
// second (and messages/s), the unit a user waiting for a big export feels. Rendering only: the
// disk write and the store read are not timed (the store has its own bench).
import { readFileSync } from 'node:fs';
import type { CallSummary } from '../../../shared/domain.ts';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import { decodeHep } from '../hep/decode.ts';
import { parseSip } from '../sip/parse.ts';
import { encodeBundle, BUNDLE_FORMAT_VERSION } from './bundle-format.ts';
import { groupCalls } from './groups.ts';
import { htmlReport } from './html-report.ts';
import type { ExportMessage, Snapshot } from './model.ts';
import { PcapEncoder } from './pcap-export.ts';
import { Redactor } from './redact.ts';
import { textReport } from './text-report.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Copies of the fixture: 40 x 572 = 22,880 messages (~11 MB of SIP, 2,000 calls), a large ticket export. */
const FIXTURE_COPIES = 40;
/** Untimed run first, so the JIT has compiled the renderers before the clock starts. */
const WARMUP_COPIES = 2;

function fixtureMessages(copies: number): { calls: CallSummary[]; messages: ExportMessage[] } {
  const read = readUdpDatagrams(
    readFileSync(new URL('../../../test/fixtures/hep/kamailio-calls.pcap', import.meta.url)),
  );
  const base: ExportMessage[] = [];
  let id = 1;
  for (const d of read.datagrams) {
    const hep = decodeHep(d.payload);
    if (!hep.ok) continue;
    const p = hep.packet;
    const sip = parseSip(p.payload);
    base.push({
      id: id++,
      ts: p.tsUs,
      callId: sip.callId ?? '',
      ...(sip.method !== undefined
        ? { method: sip.method }
        : { status: sip.statusCode ?? 0, reason: sip.reasonPhrase ?? '' }),
      cseq: sip.cseq?.seq ?? 0,
      cseqMethod: sip.cseq?.method ?? '',
      srcIp: p.srcIp,
      srcPort: p.srcPort,
      dstIp: p.dstIp,
      dstPort: p.dstPort,
      transport: 'udp',
      retransmission: false,
      raw: Buffer.from(p.payload),
    });
  }
  const messages: ExportMessage[] = [];
  const calls = new Map<string, CallSummary>();
  for (let c = 0; c < copies; c++) {
    for (const m of base) {
      const callId = `${m.callId}-${c}`;
      const copy = {
        ...m,
        id: id++,
        callId,
        ts: m.ts + c * 20_000_000,
        raw: Buffer.from(m.raw.toString('latin1').replace(m.callId, callId), 'latin1'),
      };
      messages.push(copy);
      if (!calls.has(callId)) {
        calls.set(callId, {
          callId,
          method: 'INVITE',
          state: 'ended',
          startedAt: copy.ts,
          updatedAt: copy.ts,
          from: 'bob',
          to: 'ok',
          srcIp: copy.srcIp,
          srcPort: copy.srcPort,
          dstIp: copy.dstIp,
          dstPort: copy.dstPort,
          messageCount: 12,
          retransmissions: 0,
          capture: 0,
        });
      }
    }
  }
  return { calls: [...calls.values()].reverse(), messages };
}

function snapshotOf(calls: CallSummary[], messages: ExportMessage[]): Snapshot {
  return {
    meta: {
      format: 'html',
      appVersion: 'bench',
      createdAt: Date.now() * 1000,
      capture: 0,
      selection: { kind: 'query', query: {} },
      redaction: { numbers: false, ips: false, auth: false, sdp: false },
    },
    calls,
    messages,
    groups: groupCalls(calls, messages),
  };
}

function seconds(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

let sink = 0;
const render = (gen: Iterable<string>): void => {
  for (const piece of gen) sink += piece.length;
};

export async function benchExport(): Promise<BenchResult[]> {
  const warm = fixtureMessages(WARMUP_COPIES);
  const { calls, messages } = fixtureMessages(FIXTURE_COPIES);
  const rawMB = messages.reduce((n, m) => n + m.raw.length, 0) / 1e6;
  const snap = snapshotOf(calls, messages);
  const warmSnap = snapshotOf(warm.calls, warm.messages);

  const runs: [string, (s: Snapshot) => void][] = [
    ['pcap', (s) => void (sink += new PcapEncoder().encode(s.messages).length)],
    ['text', (s) => render(textReport(s))],
    ['html', (s) => render(htmlReport(s))],
    [
      'bundle (gzip, renderings included)',
      (s) => {
        const text = [...textReport(s)].join('');
        const html = [...htmlReport(s)].join('');
        const meta = {
          formatVersion: BUNDLE_FORMAT_VERSION,
          appVersion: 'bench',
          createdAt: 0,
          capture: 0,
          selection: s.meta.selection,
          redaction: s.meta.redaction,
          calls: s.calls.length,
          messages: s.messages.length,
        };
        sink += encodeBundle({ meta, calls: s.calls, messages: s.messages, text, html }).length;
      },
    ],
    [
      'redaction (all options, both passes)',
      (s) => {
        const r = new Redactor({ numbers: true, ips: true, auth: true, sdp: true });
        for (const m of s.messages) r.observeMessage(m);
        for (const m of s.messages) sink += r.message(m).raw.length;
      },
    ],
  ];
  const out: BenchResult[] = [];
  for (const [name, fn] of runs) {
    fn(warmSnap);
    const s = seconds(() => fn(snap));
    out.push({
      name: `export ${name}: ${messages.length} messages, ${rawMB.toFixed(1)} MB of SIP`,
      value: Math.round((rawMB / s) * 10) / 10,
      unit: 'MB/s',
    });
    out.push({ name: `export ${name} rate`, value: Math.round(messages.length / s), unit: 'messages/s' });
  }
  if (sink === -1) console.log(sink); // keeps the work observable
  return out;
}
