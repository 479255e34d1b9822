// AMI model benchmark: queue-calls.ami (52 s of real queue traffic, ~1,200 events, a third VarSet)
// replayed as COPIES interleaved sessions at once, each with its own Uniqueids and bridge ids, so
// the model holds over a thousand live channels at the peak; bytes go through the real framer in
// socket-sized reads and the deltas, history rows and queue facts are taken as the core would.
// Performance targets live here, never in unit tests (target: 100,000 events/s framer + model).
import { readFileSync } from 'node:fs';
import { AMI_FIXTURE_DIR } from '../fake-server/recording.ts';
import { AmiFramer } from '../protocol/framer.ts';
import type { AmiMessage } from '../message.ts';
import { AmiLiveModel } from './live-model.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Sessions replayed side by side: the fixture peaks at 12 live channels, so 100 copies hold ~1,200. */
const COPIES = 100;
/** Bytes per framer push, a typical socket read of a busy PBX. */
const READ_BYTES = 64 * 1024;
/** Events between two delta takes: ~100 ms of a PBX sending 10,000 events/s (the core batches per 50-100 ms). */
const EVENTS_PER_TAKE = 1000;
/** Untimed passes so the JIT has optimised framer and model before the clock starts. */
const WARMUP_PASSES = 2;
const TIMED_PASSES = 5;

const UNIQUEID_RE = /\b1795251\d{3}\.\d+\b/g;
const BRIDGE_RE = /\b[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\b/g;

interface Workload {
  /** The interleaved sessions as reads, each with the recorded time of its messages. */
  reads: { bytes: Buffer; atUs: number }[];
  events: number;
}

/** Message i of every copy, then message i+1 of every copy...; each copy's ids made unique. */
function buildWorkload(): Workload {
  const raw = readFileSync(`${AMI_FIXTURE_DIR}/queue-calls.ami`, 'latin1');
  const times = messageTimes();
  // Drop the banner line; the rest is whole messages ending in an empty line.
  const body = raw.slice(raw.indexOf('\r\n') + 2);
  const messages = body.split('\r\n\r\n').filter((m) => m !== '');
  const copies = Array.from({ length: COPIES }, (_, c) =>
    messages.map((m) =>
      m
        .replace(UNIQUEID_RE, (u) => `${c}-${u}`)
        .replace(BRIDGE_RE, (b) => `${c.toString(16).padStart(8, '0')}${b.slice(8)}`),
    ),
  );
  const reads: Workload['reads'] = [];
  let chunk: string[] = [];
  let size = 0;
  let events = 0;
  for (let i = 0; i < messages.length; i++) {
    const atUs = times[i] ?? times[times.length - 1]!;
    for (const copy of copies) {
      const m = `${copy[i]!}\r\n\r\n`;
      if (m.startsWith('Event:')) events++;
      chunk.push(m);
      size += m.length;
      if (size >= READ_BYTES) {
        reads.push({ bytes: Buffer.from(chunk.join(''), 'latin1'), atUs });
        chunk = [];
        size = 0;
      }
    }
  }
  if (chunk.length > 0) reads.push({ bytes: Buffer.from(chunk.join(''), 'latin1'), atUs: times[times.length - 1]! });
  return { reads, events };
}

/** Arrival time of each non-banner message, from the recording's side file. */
function messageTimes(): number[] {
  const out: number[] = [];
  for (const line of readFileSync(`${AMI_FIXTURE_DIR}/queue-calls.ts.jsonl`, 'utf8').split('\n')) {
    if (!line.includes('"type": "msg"')) continue;
    const e = JSON.parse(line) as { t: number; kind: string };
    if (e.kind !== 'banner') out.push(Math.round(e.t * 1_000_000));
  }
  return out;
}

interface PassStats {
  ns: number;
  peakChannels: number;
  deltas: number;
}

function runPass(w: Workload, frame: boolean, preframed: { msg: AmiMessage; atUs: number }[]): PassStats {
  const model = new AmiLiveModel();
  const framer = new AmiFramer();
  let peakChannels = 0;
  let deltas = 0;
  let sinceTake = 0;
  const take = (): void => {
    for (const d of model.takeChannelDeltas()) deltas += d.channels.length + d.removed.length;
    model.takeEndedChannels();
    model.takeQueueFacts();
    model.takeQueuesChanged();
  };
  const start = process.hrtime.bigint();
  const apply = (msg: AmiMessage, atUs: number): void => {
    model.apply('bench', msg, atUs);
    if (++sinceTake === EVENTS_PER_TAKE) {
      sinceTake = 0;
      take();
      const n = model.channelCount('bench');
      if (n > peakChannels) peakChannels = n;
    }
  };
  if (frame) {
    for (const r of w.reads) for (const msg of framer.push(r.bytes)) apply(msg, r.atUs);
  } else {
    for (const { msg, atUs } of preframed) apply(msg, atUs);
  }
  take();
  const ns = Number(process.hrtime.bigint() - start);
  if (model.channelCount('bench') !== 0) throw new Error('channels left after the replay: the workload is broken');
  return { ns, peakChannels, deltas };
}

export function benchAmiModel(): BenchResult[] {
  const w = buildWorkload();
  let framedNs = 0;
  let peak = 0;
  for (let i = 0; i < WARMUP_PASSES + TIMED_PASSES; i++) {
    const f = runPass(w, true, []);
    if (i < WARMUP_PASSES) continue;
    framedNs += f.ns;
    peak = Math.max(peak, f.peakChannels);
  }
  // Framed once up front (after the framed passes, so this big array does not weigh on their GC).
  const preframed: { msg: AmiMessage; atUs: number }[] = [];
  const framer = new AmiFramer();
  for (const r of w.reads) for (const msg of framer.push(r.bytes)) preframed.push({ msg, atUs: r.atUs });
  let modelNs = 0;
  for (let i = 0; i < WARMUP_PASSES + TIMED_PASSES; i++) {
    const ns = runPass(w, false, preframed).ns;
    if (i >= WARMUP_PASSES) modelNs += ns;
  }
  const events = w.events * TIMED_PASSES;
  return [
    {
      name: `ami framer + model, queue-calls.ami x${COPIES} interleaved`,
      value: Math.round((events * 1e9) / framedNs),
      unit: 'events/s',
    },
    { name: 'ami framer + model per event', value: round(framedNs / events / 1000), unit: 'µs/event' },
    { name: 'ami model alone (pre-framed)', value: Math.round((events * 1e9) / modelNs), unit: 'events/s' },
    { name: 'ami model alone per event', value: round(modelNs / events / 1000), unit: 'µs/event' },
    { name: 'ami model peak live channels during the replay', value: peak, unit: 'channels' },
  ];
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
