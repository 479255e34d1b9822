// The SIP capture pipeline in one process, without sockets: SipCapture.takeHep (HEP decode,
// duplicate filter, SIP parse, call correlation, message row) over the fixture replayed as new
// calls. Two figures: main-thread CPU per packet with the store stubbed out (the ceiling of
// one event loop), and end-to-end packets/s into a real store (writer thread included).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SipCapture } from '../electron/core/sip/capture.ts';
import { DUPLICATE_WINDOW_US } from '../electron/core/sip/dedupe.ts';
import { newCounters } from '../electron/core/ingest/counters.ts';
import { openStore, type CommitEvent, type StoreWriter } from '../electron/core/store/index.ts';
import { round, type BenchRow } from './bench-row.ts';
import { loadFixtureHep } from './fixture-hep.ts';
import { makeReplayTemplates, stampPacket } from './replay-template.ts';

/** Capture-time spacing of the stamped packets: 60k packets/s, the target rate. */
const PACKET_SPACING_US = 16;
/**
 * Fed untimed first: the JIT optimises, and the duplicate filter fills its window and starts
 * evicting, as it does after the first second of live traffic (a shorter run would miss that cost).
 */
const WARMUP_PACKETS = Math.ceil((1.2 * DUPLICATE_WINDOW_US) / PACKET_SPACING_US);
const MEASURED_PACKETS = 50_000;
/** The live timers, replayed on packet time: call flush every 100 ms, expiry every 5 s. */
const CALL_FLUSH_EVERY_US = 100_000;
const EXPIRE_EVERY_US = 5_000_000;
/** Stubbed store: a commit is reported every this many appended rows, like a 5000-row batch. */
const STUB_COMMIT_ROWS = 5000;
/** Real store: the producer waits while this many rows are uncommitted (the writer drops at 200k). */
const MAX_QUEUED_ROWS = 50_000;
const PACKETS_PER_TURN = 500;

function stampedPackets(): { packets: Buffer[]; t0: number } {
  const { packets, calls } = makeReplayTemplates(loadFixtureHep());
  const t0 = Date.now() * 1000;
  const out: Buffer[] = [];
  // ~125k distinct packets, ~90 MB: stamped up front so the timed loop measures the pipeline only.
  for (let pass = 0; out.length < WARMUP_PACKETS + MEASURED_PACKETS; pass++) {
    for (const t of packets) {
      const stamped = stampPacket(t, calls, pass, t0 + out.length * PACKET_SPACING_US);
      // Its own ArrayBuffer, as a received datagram has: a view into Buffer's shared pool would
      // make SipCapture copy every payload (SMALL_VIEW_SLACK_BYTES), which live traffic does not.
      const own = Buffer.alloc(stamped.length);
      stamped.copy(own);
      out.push(own);
    }
  }
  return { packets: out, t0 };
}

function stubWriter(): StoreWriter {
  const listeners: ((info: CommitEvent) => void)[] = [];
  let messages = 0;
  let calls = 0;
  let messagePosition = 0;
  let reported = 0;
  const writer = {
    append(kind: string): number {
      const position = kind === 'sip.message' ? ++messagePosition : 1;
      if (kind === 'sip.message') messages++;
      else calls++;
      if (messages + calls >= STUB_COMMIT_ROWS) {
        const info: CommitEvent = {
          batches: 0,
          rows: 0,
          lastCommitAt: 0,
          lastBatchMs: 0,
          kinds: { 'sip.message': messages, 'sip.call': calls },
          settled: { 'sip.message': { from: reported, through: messagePosition, lost: 0 } },
        };
        reported = messagePosition;
        messages = 0;
        calls = 0;
        for (const l of listeners) l(info);
      }
      return position;
    },
    onCommit(cb: (info: CommitEvent) => void): () => void {
      listeners.push(cb);
      return () => {};
    },
  };
  return writer as unknown as StoreWriter;
}

/** Feeds packets [from, to) with the timers driven by packet time. */
function feed(capture: SipCapture, packets: Buffer[], from: number, to: number, t0: number): void {
  const counters = newCounters();
  for (let i = from; i < to; i++) {
    capture.takeHep(packets[i] as Buffer, counters, 'udp');
    const ts = t0 + i * PACKET_SPACING_US;
    if (i % (CALL_FLUSH_EVERY_US / PACKET_SPACING_US) === 0) capture.flushCalls();
    if (i % (EXPIRE_EVERY_US / PACKET_SPACING_US) === 0) capture.tracker.expire(ts);
  }
}

function cpuUs(u: NodeJS.CpuUsage): number {
  return u.user + u.system;
}

function benchStubbed(packets: Buffer[], t0: number): BenchRow[] {
  const capture = new SipCapture({
    writer: stubWriter(),
    correlationHeaders: () => ['X-CID'],
    authKey: () => null,
    onCalls: () => {},
    now: () => t0,
  });
  const warm = WARMUP_PACKETS;
  feed(capture, packets, 0, warm, t0);
  // Thread CPU time, not wall time: other work on the machine must not move the figure.
  const cpu0 = process.threadCpuUsage();
  const wall0 = performance.now();
  feed(capture, packets, warm, packets.length, t0);
  const wallUs = ((performance.now() - wall0) * 1000) / (packets.length - warm);
  const us = cpuUs(process.threadCpuUsage(cpu0)) / (packets.length - warm);
  return [
    {
      name: 'sip.capture takeHep, store stubbed (decode+dedupe+parse+correlate)',
      value: round(us, 2),
      unit: 'µs/packet',
      note: `thread CPU, no socket; wall ${round(wallUs, 2)} µs`,
    },
    {
      name: 'sip.capture takeHep ceiling of one event loop',
      value: Math.round(1e6 / us),
      unit: 'packets/s',
      note: '1 / the line above',
    },
  ];
}

async function benchRealStore(packets: Buffer[], t0: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-bench-pipeline-'));
  const store = await openStore({ dataDir: dir });
  const errors: string[] = [];
  store.writer.onError((m) => errors.push(m));
  try {
    const capture = new SipCapture({
      writer: store.writer,
      correlationHeaders: () => ['X-CID'],
      authKey: () => null,
      onCalls: () => {},
      now: () => t0,
    });
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    await new Promise<void>((resolve) => {
      const turn = (): void => {
        if (next >= packets.length) return resolve();
        if (store.writer.stats().queued >= MAX_QUEUED_ROWS) {
          setTimeout(turn, 1);
          return;
        }
        const to = Math.min(packets.length, next + PACKETS_PER_TURN);
        feed(capture, packets, next, to, t0);
        next = to;
        setImmediate(turn);
      };
      turn();
    });
    capture.flushCalls();
    await store.writer.flush();
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuUs(process.cpuUsage(cpu0));
    if (errors.length > 0) throw new Error(`store errors: ${errors.join('; ')}`);
    return [
      {
        name: 'sip.capture into a real store, in-process',
        value: Math.round(packets.length / seconds),
        unit: 'packets/s',
        note: `${packets.length} packets until committed; wall clock, moves with machine load`,
      },
      {
        name: 'sip.capture into a real store, CPU (both threads)',
        value: round(cpu / packets.length, 2),
        unit: 'µs/packet',
        note: 'process CPU: main + writer thread + GC',
      },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCapturePipeline(): Promise<BenchRow[]> {
  const { packets, t0 } = stampedPackets();
  return [...benchStubbed(packets, t0), ...(await benchRealStore(packets, t0))];
}
