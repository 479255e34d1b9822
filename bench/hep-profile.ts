// Profiles the host while it receives HEP at a given rate (node --cpu-prof on the host process;
// the writer worker thread gets its own profile) and prints the hot spots of each thread.
//
//   npx node --disable-warning=ExperimentalWarning bench/hep-profile.ts --pps 20000 --seconds 10 [--top 25] [--keep DIR]
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { progress } from './bench-row.ts';
import { formatSummary, summariseProfile } from './cpu-profile-top.ts';
import { stopAllHosts } from './host-process.ts';
import { runAtRate } from './hep-rate-run.ts';

const DEFAULT_TOP = 25;
/** Sample every 500 µs: twice V8's default resolution, still cheap at these rates. */
const SAMPLING_INTERVAL_US = 500;

function arg(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const pps = Number(arg(argv, '--pps') ?? 20_000);
  const seconds = Number(arg(argv, '--seconds') ?? 10);
  const topN = Number(arg(argv, '--top') ?? DEFAULT_TOP);
  const keep = arg(argv, '--keep');
  const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'pbxscope-prof-'));
  try {
    const flags = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', String(SAMPLING_INTERVAL_US)];
    const r = await runAtRate(pps, seconds, { nodeFlags: flags, log: progress });
    process.stdout.write(
      `profiled run: ${pps} pps for ${seconds} s: sent ${r.sender.sent}, stored ${r.final.hep.stored}, loss ${r.lossPct.toFixed(3)}%, ` +
        `kernel drops ${r.kernelDrops}, host CPU ${r.cpuPct?.toFixed(0)}%, load ${r.load1m}\n\n`,
    );
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort();
    if (files.length === 0) process.stdout.write('no .cpuprofile written (did the host exit gracefully?)\n');
    for (const f of files) process.stdout.write(`${formatSummary(f, summariseProfile(path.join(dir, f), topN))}\n\n`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

// scripts/bench.mjs sends SIGTERM at its time limit: end the host gracefully (it removes its data dir).
process.once('SIGTERM', () => {
  void stopAllHosts().finally(() => process.exit(143));
});

main().catch((err: unknown) => {
  process.stderr.write(`hep-profile: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
