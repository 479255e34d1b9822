// Parser benchmark: the fixture messages parsed many times in one thread, as the capture pipeline
// does after the HEP decoder. Wired into `npm run bench`; each result is one number with its unit.
import { readFileSync } from 'node:fs';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import { decodeHep } from '../hep/decode.ts';
import { parseSip } from './parse.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Parses per measurement: ~1 s at 5 µs/message, long enough to swamp timer noise. */
const PARSES_PER_RUN = 200_000;
/** Untimed passes first, so the JIT has optimised the parser before the clock starts. */
const WARMUP_PASSES = 20;

const payloads = (p: string): Buffer[] =>
  readUdpDatagrams(readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url))).datagrams.map(
    (d) => d.payload,
  );

function timePerMessage(messages: Buffer[], fn: (b: Buffer) => number): number {
  let sink = 0;
  for (let w = 0; w < WARMUP_PASSES; w++) for (const m of messages) sink += fn(m);
  const passes = Math.max(1, Math.round(PARSES_PER_RUN / messages.length));
  const start = process.hrtime.bigint();
  for (let r = 0; r < passes; r++) for (const m of messages) sink += fn(m);
  const ns = Number(process.hrtime.bigint() - start);
  if (sink === -1) console.log(sink); // keeps the work observable so it cannot be optimised away
  return ns / 1000 / (passes * messages.length);
}

const parseLen = (b: Buffer): number => {
  const m = parseSip(b);
  return m.headers.length + (m.via[0]?.branch?.length ?? 0) + (m.sdp ? 1 : 0);
};

export function benchSipParse(): BenchResult[] {
  const kamailio = payloads('sip/kamailio-sip.pcap');
  const asterisk = payloads('hep/asterisk-sip-wire.pcap');
  const hep = payloads('hep/kamailio-calls.pcap');
  const kamailioUs = timePerMessage(kamailio, parseLen);
  const pipelineUs = timePerMessage(hep, (b) => {
    const r = decodeHep(b);
    return r.ok ? parseLen(r.packet.payload) : 0;
  });
  return [
    { name: 'sip.parse kamailio fixture (572 messages, 28% with SDP)', value: round(kamailioUs), unit: 'µs/message' },
    { name: 'sip.parse kamailio fixture rate', value: Math.round(1e6 / kamailioUs), unit: 'messages/s' },
    { name: 'sip.parse asterisk fixture', value: round(timePerMessage(asterisk, parseLen)), unit: 'µs/message' },
    { name: 'hep.decode + sip.parse kamailio fixture', value: round(pipelineUs), unit: 'µs/packet' },
    { name: 'hep.decode + sip.parse rate', value: Math.round(1e6 / pipelineUs), unit: 'packets/s' },
  ];
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
