// `npm run bench [-- --quick]`: every performance figure in one table (name | value | unit | note),
// printed and saved to bench-results/latest.md. Performance targets live here, never in unit tests.
// Each bench runs in its own child process with a time limit, so one failing or hanging bench
// becomes an error row; the exit code is non-zero at the end when any bench failed.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

/** Seconds per rate step of the headline: the issue asks for 30 s sustained; --quick trades that for a ~1 minute run. */
const RATE_RUN_SECONDS = quick ? 5 : 30;
/** Time the rate search may take in total; steps that would not fit are skipped (and say so). */
const RATE_BUDGET_S = quick ? 45 : 250;
/** A child gets SIGTERM at its limit (it stops its own host and sender), then SIGKILL to its group after this. */
const KILL_GRACE_MS = 10_000;
/** Same prefix as bench/bench-row.ts ROW_LINE_PREFIX: only these stdout lines are rows. */
const ROW_LINE_PREFIX = 'BENCH_ROW ';
const RESULTS_FILE = path.join(root, 'bench-results', 'latest.md');

const BENCHES = [
  {
    title: 'HEP receive rate (app in its own process, sender in another, loopback)',
    args: ['bench/hep-rate.ts', '--seconds', String(RATE_RUN_SECONDS), '--budget-s', String(RATE_BUDGET_S)],
    timeoutMs: (RATE_BUDGET_S + 60) * 1000,
  },
  { title: 'SIP capture pipeline in-process', args: ['bench/pure.ts', 'pipeline'], timeoutMs: 120_000 },
  { title: 'HEP decode', args: ['bench/pure.ts', 'hep'], timeoutMs: 60_000 },
  { title: 'SIP parse', args: ['bench/pure.ts', 'sip'], timeoutMs: 90_000 },
  { title: 'Store writer', args: ['bench/pure.ts', 'store'], timeoutMs: 90_000 },
  { title: 'AMI framer + live model', args: ['bench/pure.ts', 'ami'], timeoutMs: 90_000 },
  { title: 'Capture import (200 MB synthetic pcap)', args: ['bench/pure.ts', 'import'], timeoutMs: 180_000 },
  { title: 'Trace export', args: ['bench/pure.ts', 'export'], timeoutMs: 120_000 },
  {
    title: 'Renderer frame time under live traffic (headless Chromium: Channels board, Calls list)',
    args: ['bench/board-frames.ts', '--seconds', quick ? '5' : '10'],
    // Up to 90 s for a renderer rebuild when dist/renderer is stale, then 60 s for the browser part.
    timeoutMs: 180_000,
  },
];

let current = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) killGroup(current, 'SIGKILL');
    process.exit(130);
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the bench's own process group: its host and sender too
  } catch {
    // already gone
  }
}

function runBench(bench) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...bench.args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    current = child;
    const rows = [];
    let stdoutTail = '';
    let stderrTail = '';
    child.stdout.on('data', (d) => {
      const lines = (stdoutTail + d.toString()).split('\n');
      stdoutTail = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(ROW_LINE_PREFIX)) rows.push(JSON.parse(line.slice(ROW_LINE_PREFIX.length)));
      }
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      stderrTail = (stderrTail + d.toString()).slice(-2000);
    });
    let timedOut = false;
    const term = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, bench.timeoutMs);
    const kill = setTimeout(() => killGroup(child, 'SIGKILL'), bench.timeoutMs + KILL_GRACE_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(term);
      clearTimeout(kill);
      killGroup(child, 'SIGKILL'); // nothing of this bench may outlive it
      current = null;
      const seconds = Math.round((Date.now() - started) / 1000);
      const lastErr = stderrTail.trim().split('\n').filter(Boolean).pop() ?? '';
      let error = null;
      if (timedOut) error = `timed out after ${bench.timeoutMs / 1000} s`;
      else if (code !== 0) error = `exited with ${signal ?? `code ${code}`}: ${lastErr}`;
      else if (rows.length === 0) error = 'produced no rows';
      resolve({ bench, rows, error, seconds });
    });
  });
}

function formatValue(v) {
  if (v === null || v === undefined) return '—';
  if (Number.isInteger(v) && Math.abs(v) >= 10_000) return v.toLocaleString('en-US');
  return String(v);
}

function cell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

function gitCommit() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha} + uncommitted changes` : sha;
  } catch {
    return '?';
  }
}

async function main() {
  const started = Date.now();
  const loadBefore = loadAverage();
  const results = [];
  for (const bench of BENCHES) {
    process.stderr.write(`bench: ${bench.title} ...\n`);
    results.push(await runBench(bench));
  }
  const totalS = Math.round((Date.now() - started) / 1000);
  const failed = results.filter((r) => r.error);

  const cpu = os.cpus();
  const lines = [
    `# PBXScope bench${quick ? ' (--quick)' : ''}`,
    '',
    `${new Date().toISOString()} · commit ${gitCommit()} · Node ${process.versions.node} · ${cpu.length} × ${cpu[0]?.model ?? '?'} · ` +
      `load average ${loadBefore} before, ${loadAverage()} after · ${totalS} s`,
    '',
    '| name | value | unit | note |',
    '|---|---:|---|---|',
  ];
  for (const r of results) {
    lines.push(`| **${cell(r.bench.title)}** | | | ${r.seconds} s |`);
    for (const row of r.rows)
      lines.push(`| ${cell(row.name)} | ${formatValue(row.value)} | ${cell(row.unit)} | ${cell(row.note ?? '')} |`);
    if (r.error) lines.push(`| ${cell(r.bench.title)} | — | | FAILED: ${cell(r.error)} |`);
  }
  if (failed.length > 0)
    lines.push('', `${failed.length} bench(es) failed: ${failed.map((r) => r.bench.title).join('; ')}`);
  const table = lines.join('\n') + '\n';
  process.stdout.write(`\n${table}`);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, table);
  process.stdout.write(`\nsaved to ${path.relative(root, RESULTS_FILE)}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
