// Load generator for the HEP rate benchmark, run as its own process so its CPU is not the app's.
// Replays the fixture as new calls (replay-template.ts) to 127.0.0.1:<port> at <pps>, exactly
// pps * seconds packets, then prints one JSON line: {sent, elapsedMs, achievedPps, sendErrors}.
//
//   npx node --disable-warning=ExperimentalWarning bench/hep-sender.ts --port 9060 --pps 60000 --seconds 30
//
// Pacing: every timer tick (~1 ms) sends the packets that are due by the clock, so the rate
// self-corrects after a late tick. It sleeps between ticks instead of spinning on hrtime: on a
// 2-core machine a spinning sender would take the core the app's writer thread needs.
import dgram from 'node:dgram';
import { loadFixtureHep } from './fixture-hep.ts';
import { makeReplayTemplates, stampPacket } from './replay-template.ts';

/** Upper bound on one tick's burst: after a long stall the backlog is spread, not dumped at once. */
const MAX_BURST_PACKETS = 1000;
/** The run is cut off when it takes this much longer than planned (the sender could not keep up). */
const OVERRUN_FACTOR = 1.5;
/** Rates and lengths this tool accepts: a typo must not become an unbounded flood. */
const MAX_PPS = 1_000_000;
const MAX_SECONDS = 600;
/** Only loopback: this is a benchmark, never traffic on a real network. */
const TARGET_HOST = '127.0.0.1';

interface SenderArgs {
  port: number;
  pps: number;
  seconds: number;
  /** First pass number, so consecutive runs against one app never reuse a Call-ID. */
  firstPass: number;
}

function parseArgs(argv: readonly string[]): SenderArgs {
  const get = (flag: string, fallback?: number): number => {
    const i = argv.indexOf(flag);
    const v = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (v === undefined || !Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a number`);
    return v;
  };
  const args = { port: get('--port'), pps: get('--pps'), seconds: get('--seconds'), firstPass: get('--first-pass', 0) };
  if (args.port < 1 || args.port > 65535) throw new Error('--port must be 1-65535');
  if (args.pps < 1 || args.pps > MAX_PPS) throw new Error(`--pps must be 1-${MAX_PPS}`);
  if (args.seconds <= 0 || args.seconds > MAX_SECONDS) throw new Error(`--seconds must be in (0, ${MAX_SECONDS}]`);
  return args;
}

function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { packets, calls } = makeReplayTemplates(loadFixtureHep());
  const total = Math.round(args.pps * args.seconds);
  const deadlineMs = args.seconds * 1000 * OVERRUN_FACTOR;

  const socket = dgram.createSocket('udp4');
  let sendErrors = 0;
  socket.on('error', () => sendErrors++);
  // Connected: send() skips the per-call address lookup.
  await new Promise<void>((resolve) => socket.connect(args.port, TARGET_HOST, resolve));

  let sent = 0;
  let index = 0;
  let pass = args.firstPass;
  let lastTs = 0;
  const started = performance.now();
  const done = await new Promise<{ cutOff: boolean }>((resolve) => {
    const tick = (): void => {
      const elapsed = performance.now() - started;
      if (elapsed > deadlineMs) {
        resolve({ cutOff: true });
        return;
      }
      const due = Math.min(total, Math.floor((elapsed / 1000) * args.pps));
      const burst = Math.min(due - sent, MAX_BURST_PACKETS);
      // Capture times strictly increase, as from one agent's clock.
      let ts = Math.max(nowUs(), lastTs + 1);
      for (let i = 0; i < burst; i++) {
        const t = packets[index] as (typeof packets)[number];
        const last = sent + 1 === total;
        // Sends complete in order: the last one's callback means everything is out.
        socket.send(
          stampPacket(t, calls, pass, ts++),
          last ? (err) => (err ? sendErrors++ : resolve({ cutOff: false })) : undefined,
        );
        sent++;
        if (++index === packets.length) {
          index = 0;
          pass++;
        }
      }
      lastTs = ts - 1;
      if (sent < total) setTimeout(tick, 0);
    };
    tick();
  });
  const elapsedMs = performance.now() - started;
  socket.close();
  const result = {
    sent,
    planned: total,
    elapsedMs: Math.round(elapsedMs),
    achievedPps: Math.round(sent / (elapsedMs / 1000)),
    sendErrors,
    passes: pass - args.firstPass,
    nextPass: pass + 1,
    cutOff: done.cutOff,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`hep-sender: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
