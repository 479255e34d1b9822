// One run of the HEP receive benchmark: a fresh app, the sender process at one rate, then a
// wait until everything accepted is committed. Loss is `sent - stored`, split into what the
// kernel dropped at the socket (/proc/net/udp) and what the app lost after reading it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startHost, type HostStatus, type RunningHost } from './host-process.ts';
import {
  cpuSeconds,
  cpuSecondsByThread,
  loadAverage1m,
  MAIN_THREAD_COMM,
  peakRssBytes,
  threadCpuDelta,
  udpSocketDrops,
  RECEIVER_THREAD_COMM,
  WRITER_THREAD_COMM,
} from './proc-stats.ts';

const SENDER = fileURLToPath(new URL('./hep-sender.ts', import.meta.url));
/** The sender cuts itself off at 1.5x the planned time; this is the hard stop behind that. */
const SENDER_GRACE_MS = 20_000;
/** After the sender is done: `stored` must stay still this long to count as settled. */
const SETTLE_QUIET_MS = 1_500;
/** Upper bound on waiting for the writer to catch up (its queue holds ~3 s at 60k rows/s). */
const SETTLE_TIMEOUT_MS = 20_000;
const POLL_MS = 250;

export interface SenderResult {
  sent: number;
  planned: number;
  elapsedMs: number;
  achievedPps: number;
  sendErrors: number;
  cutOff: boolean;
}

export interface RateRun {
  pps: number;
  seconds: number;
  sender: SenderResult;
  final: HostStatus;
  kernelDrops: number | null;
  /** Packets sent and not stored, as a percentage of sent. */
  lossPct: number;
  lossless: boolean;
  /** Host CPU while the sender ran, % of one core (main thread + writer thread + libuv). */
  cpuPct: number | null;
  /** Host CPU from first packet to settled, per stored packet. */
  cpuUsPerPacket: number | null;
  /** Main thread (sockets, decode, parse, correlate, batching) CPU per packet the app read. */
  mainUsPerPacket: number | null;
  /** Store writer thread CPU per stored packet (SQLite inserts for messages and calls). */
  writerUsPerPacket: number | null;
  /** The HEP socket's receive thread. */
  receiverUsPerPacket: number | null;
  /** RSS once the host is listening, before any traffic. */
  startRssBytes: number | null;
  peakRssBytes: number | null;
  settledMs: number;
  load1m: number | null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function runSender(port: number, pps: number, seconds: number): Promise<SenderResult> {
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      SENDER,
      '--port',
      String(port),
      '--pps',
      String(pps),
      '--seconds',
      String(seconds),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const hardStop = setTimeout(() => child.kill('SIGKILL'), seconds * 1000 * 1.5 + SENDER_GRACE_MS);
  return new Promise<SenderResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(hardStop);
      try {
        if (code !== 0) throw new Error(`sender ended with ${signal ?? `code ${code}`}: ${err.trim()}`);
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as SenderResult);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }).finally(() => {
    clearTimeout(hardStop);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

async function settle(host: RunningHost, sent: number): Promise<{ status: HostStatus; ms: number }> {
  const started = Date.now();
  let status = await host.status();
  let lastChange = Date.now();
  while (
    status.hep.stored < sent &&
    Date.now() - lastChange < SETTLE_QUIET_MS &&
    Date.now() - started < SETTLE_TIMEOUT_MS
  ) {
    await sleep(POLL_MS);
    const next = await host.status();
    if (next.hep.stored !== status.hep.stored) lastChange = Date.now();
    status = next;
  }
  return { status, ms: Date.now() - started };
}

export interface RunOptions {
  nodeFlags?: readonly string[];
  log: (line: string) => void;
}

export async function runAtRate(pps: number, seconds: number, opts: RunOptions): Promise<RateRun> {
  const load1m = loadAverage1m();
  const host = await startHost({ ...(opts.nodeFlags ? { nodeFlags: opts.nodeFlags } : {}), log: opts.log });
  try {
    const startRss = peakRssBytes(host.pid);
    const cpuStart = cpuSeconds(host.pid);
    const threadsStart = cpuSecondsByThread(host.pid);
    const t0 = performance.now();
    const sender = await runSender(host.hepPort, pps, seconds);
    const cpuSent = cpuSeconds(host.pid);
    const sendWallS = (performance.now() - t0) / 1000;
    const { status, ms } = await settle(host, sender.sent);
    const cpuEnd = cpuSeconds(host.pid);
    const threads = threadCpuDelta(threadsStart, cpuSecondsByThread(host.pid));
    const perPacket = (comm: string, packets: number): number | null => {
      const s = threads.get(comm);
      return s === undefined || packets <= 0 ? null : (s * 1e6) / packets;
    };
    const kernelDrops = udpSocketDrops(host.hepPort);
    const peak = peakRssBytes(host.pid);
    const lost = sender.sent - status.hep.stored;
    return {
      pps,
      seconds,
      sender,
      final: status,
      kernelDrops,
      lossPct: sender.sent > 0 ? (100 * lost) / sender.sent : 100,
      lossless: lost === 0 && !sender.cutOff && sender.sent === sender.planned,
      cpuPct: cpuStart !== null && cpuSent !== null ? (100 * (cpuSent - cpuStart)) / sendWallS : null,
      cpuUsPerPacket:
        cpuStart !== null && cpuEnd !== null && status.hep.stored > 0
          ? ((cpuEnd - cpuStart) * 1e6) / status.hep.stored
          : null,
      mainUsPerPacket: perPacket(MAIN_THREAD_COMM, status.hep.received),
      writerUsPerPacket: perPacket(WRITER_THREAD_COMM, status.hep.stored),
      receiverUsPerPacket: perPacket(RECEIVER_THREAD_COMM, status.hep.received),
      startRssBytes: startRss,
      peakRssBytes: peak,
      settledMs: ms,
      load1m,
    };
  } finally {
    await host.stop();
  }
}
