// Renderer frame time under live AMI and SIP traffic: the built renderer (dist/renderer) in headless
// Chromium at 1440x900, on its Electron client path (bench/board-fake-core.ts plays the core behind
// `window.pbxscope`). The Channels board holds 1,000 live channels (~450 calls/bridges) while
// `channels.delta` + `ami.events.tail` arrive every 100 ms at --rate channel updates/s; then the Calls
// list holds 10,000 calls while `calls.delta` arrives at the same rate. Measured in the page:
// requestAnimationFrame intervals, long tasks, and main-thread time from the CDP Performance domain.
//
//   npx node --disable-warning=ExperimentalWarning bench/board-frames.ts [--seconds 10] [--rate 300]
//     [--calls 10000] [--profile] [--dist DIR] [--reduced-motion]
//
// Rebuilds dist/renderer first when it is missing or older than renderer/ or shared/ sources.
// --profile prints the page's CPU hot spots during each loaded window (stderr); with --dist it
// serves another build, e.g. an unminified one for readable names:
//   node node_modules/vite/bin/vite.js build --config vite.renderer.config.ts --outDir /tmp/r --minify false
// --reduced-motion emulates prefers-reduced-motion (stops the CSS animations, e.g. the Live dot).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { emitRow, progress, round, type BenchRow } from './bench-row.ts';
import { formatSummary, summariseProfile } from './cpu-profile-top.ts';
import { installFakeCore, type BenchApi, type FrameSample, type LoadStats } from './board-fake-core.ts';

/** What page.evaluate callbacks see on the page's global object. */
type Api = { __bench: BenchApi };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DIST = path.join(root, 'dist', 'renderer');
const distIndex = process.argv.indexOf('--dist');
const distDir = distIndex >= 0 ? path.resolve(process.argv[distIndex + 1] ?? '') : DEFAULT_DIST;
const PROFILE = process.argv.includes('--profile');
const CHROMIUM = '/usr/lib/chromium/chromium';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const SECONDS = arg('seconds', 10);
const RATE = arg('rate', 300);
const CHANNELS = 1000;
const CALLS = arg('calls', 10_000);
const REDUCED_MOTION = process.argv.includes('--reduced-motion');
/** The whole browser part (launch to close); the renderer build, when needed, has its own limit. */
const BUDGET_MS = arg('budget-s', 60) * 1000;
const BUILD_LIMIT_MS = 90_000;
const IDLE_MS = 3000;
const WARMUP_MS = 1000;
/** An interval this long is a frame the user sees as a stutter (3 frames at 60 Hz). */
const DROPPED_FRAME_MS = 50;

// ---------- build ----------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function rendererStale(): string | null {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return 'dist/renderer/index.html is missing';
  const built = statSync(index).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(root, 'renderer')),
    newestMtime(path.join(root, 'shared')),
    statSync(path.join(root, 'vite.renderer.config.ts')).mtimeMs,
  );
  return sources > built ? 'renderer/ or shared/ changed since dist/renderer was built' : null;
}

function buildRenderer(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'vite.renderer.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_LIMIT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(new Error(`renderer build failed (${signal ?? `code ${code}`}): ${err.trim().split('\n').pop() ?? ''}`));
    });
  });
}

// ---------- static server ----------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, urlPath === '/' ? 'index.html' : urlPath);
    if (!file.startsWith(dir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------- measurement ----------

interface MainThread {
  /** Seconds of main-thread CPU (threadTicks) in each category over the window, from Performance.getMetrics. */
  task: number;
  script: number;
  layout: number;
  style: number;
}

async function mainThreadMetrics(cdp: CDPSession): Promise<MainThread> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (n: string): number => metrics.find((m) => m.name === n)?.value ?? 0;
  return {
    task: get('TaskDuration'),
    script: get('ScriptDuration'),
    layout: get('LayoutDuration'),
    style: get('RecalcStyleDuration'),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

interface MeasuredWindow {
  sample: FrameSample;
  main: MainThread;
  load: LoadStats | null;
}

async function measureWindow(
  page: Page,
  cdp: CDPSession,
  ms: number,
  profile?: string,
): Promise<Omit<MeasuredWindow, 'load'>> {
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const before = await mainThreadMetrics(cdp);
  const sample = await page.evaluate((t) => (globalThis as unknown as Api).__bench.measure(t), ms);
  const after = await mainThreadMetrics(cdp);
  if (profile) {
    const { profile: data } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    const file = path.join(os.tmpdir(), `board-frames-${process.pid}-${profile.replace(/\W+/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(data));
    process.stderr.write(`${formatSummary(`${profile} (${file})`, summariseProfile(file, 25))}\n`);
  }
  return {
    sample,
    main: {
      task: after.task - before.task,
      script: after.script - before.script,
      layout: after.layout - before.layout,
      style: after.style - before.style,
    },
  };
}

function summarize(w: Omit<MeasuredWindow, 'load'>) {
  const sorted = [...w.sample.intervals].sort((a, b) => a - b);
  const seconds = w.sample.durationMs / 1000;
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    fps: sorted.length / seconds,
    dropped: sorted.filter((x) => x > DROPPED_FRAME_MS).length,
    longTasks: w.sample.longTasks.length,
    longTaskMs: w.sample.longTasks.reduce((a, b) => a + b, 0),
    longestTask: w.sample.longTasks.reduce((a, b) => Math.max(a, b), 0),
    seconds,
    busyPct: (100 * w.main.task) / seconds,
    main: w.main,
  };
}

const VSYNC_NOTE = 'headless Chromium, --disable-gpu: rAF is not tied to a display vsync';

function perSecond(n: number, load: LoadStats): number {
  return round(n / (load.elapsedMs / 1000), 0);
}

function rowsFor(
  label: string,
  loaded: MeasuredWindow,
  idle: Omit<MeasuredWindow, 'load'> | null,
  loadNote: string,
): BenchRow[] {
  const s = summarize(loaded);
  const i = idle ? summarize(idle) : null;
  const load = loaded.load;
  const batchesPerSec = load ? load.batches / (load.elapsedMs / 1000) : 0;
  // Main-thread CPU the deltas cost: the loaded window minus the idle view's rate, per batch.
  const perBatchMs = i && batchesPerSec > 0 ? ((s.busyPct - i.busyPct) * 10) / batchesPerSec : null;
  const per10 = (n: number): number => round((n * 10) / s.seconds, 1);
  const ms = (x: number): number => round(x, 1);
  const idleNote = i
    ? `; idle ${label.split(' ')[1]}: p50 ${ms(i.p50)}, p95 ${ms(i.p95)}, p99 ${ms(i.p99)} ms at ${round(i.fps, 1)} fps`
    : '';
  return [
    {
      name: `${label} frame time p50`,
      value: ms(s.p50),
      unit: 'ms',
      note: `${loadNote}; ${round(s.fps, 1)} frames/s over ${round(s.seconds, 1)} s${idleNote}; ${VSYNC_NOTE}`,
    },
    { name: `${label} frame time p95`, value: ms(s.p95), unit: 'ms', note: `worst frame ${ms(s.max)} ms` },
    { name: `${label} frame time p99`, value: ms(s.p99), unit: 'ms', note: '' },
    {
      name: `${label} dropped frames (interval > ${DROPPED_FRAME_MS} ms) per 10 s`,
      value: per10(s.dropped),
      unit: 'frames',
      note: `${s.dropped} in ${round(s.seconds, 1)} s`,
    },
    {
      name: `${label} long tasks per 10 s`,
      value: per10(s.longTasks),
      unit: 'tasks',
      note: `> 50 ms of wall time each (includes time descheduled on a busy machine); longest ${ms(s.longestTask)} ms, ${Math.round(s.longTaskMs)} ms in long tasks`,
    },
    {
      name: `${label} renderer main-thread busy`,
      value: round(s.busyPct, 1),
      unit: '% of a core',
      note:
        `CDP TaskDuration in thread CPU time; script ${Math.round((100 * s.main.script) / s.seconds)}%, ` +
        `style ${Math.round((100 * s.main.style) / s.seconds)}%, layout ${Math.round((100 * s.main.layout) / s.seconds)}%` +
        (i ? `; idle ${round(i.busyPct, 1)}%` : ''),
    },
    {
      name: `${label} main-thread CPU per 100 ms delta batch`,
      value: perBatchMs === null ? null : round(perBatchMs, 2),
      unit: 'ms',
      note: load
        ? `above the idle view; ${round(load.updates / Math.max(1, load.batches), 0)} updates per batch; thread CPU, so less sensitive to machine load than the frame times`
        : 'no load stats',
    },
  ];
}

// ---------- the run ----------

let browser: Browser | null = null;
let server: Server | null = null;

async function cleanup(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await b.close().catch(() => undefined);
  const s = server;
  server = null;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
}

async function run(): Promise<BenchRow[]> {
  const stale = distDir === DEFAULT_DIST ? rendererStale() : null;
  if (stale) {
    progress(`building the renderer (${stale}) ...`);
    const t = Date.now();
    await buildRenderer();
    progress(`built in ${round((Date.now() - t) / 1000, 1)} s`);
  }

  const deadline = setTimeout(() => {
    process.stderr.write(`board-frames: over its ${BUDGET_MS / 1000} s budget, stopping\n`);
    void cleanup().finally(() => process.exit(1));
  }, BUDGET_MS);
  deadline.unref();

  server = await serve(distDir);
  const port = (server.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    timeout: 20_000,
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    ...(REDUCED_MOTION ? { reducedMotion: 'reduce' as const } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.addInitScript(installFakeCore, { channels: CHANNELS, calls: CALLS, seed: 20_261_121 });
  const cdp = await context.newCDPSession(page);
  // Thread CPU time, so time the renderer spent descheduled on a loaded machine is not counted as work.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });

  // ----- Channels -----
  await page.goto(`http://127.0.0.1:${port}/#/channels`);
  await page.locator('[data-testid="channel-board"]').waitFor();
  const counts = page.getByTestId('channels-counts');
  await counts.filter({ hasText: '1,000 active channels' }).waitFor();
  const startCounts = (await counts.textContent())?.replace(/\s+/g, ' ').trim() ?? '';
  progress(`channel board up: ${startCounts}`);
  await page.waitForTimeout(500);
  const idle = await measureWindow(page, cdp, IDLE_MS);
  await page.evaluate((r) => (globalThis as unknown as Api).__bench.startChannelLoad(r), RATE);
  await page.waitForTimeout(WARMUP_MS);
  const board = await measureWindow(page, cdp, SECONDS * 1000, PROFILE ? 'channel board under load' : undefined);
  const boardLoad = await page.evaluate(() => (globalThis as unknown as Api).__bench.stopLoad());
  await page.waitForTimeout(200);
  const endCounts = (await counts.textContent())?.replace(/\s+/g, ' ').trim() ?? '';
  const rowsInDom = await page.locator('[data-testid="channel-row"]').count();
  progress(
    `channel board after load: ${endCounts}; ${rowsInDom} channel rows in the DOM; ${JSON.stringify(boardLoad)}`,
  );
  if (!endCounts.includes(boardLoad.size.toLocaleString('en-US')))
    throw new Error(
      `the board shows "${endCounts}" but the core holds ${boardLoad.size} channels: deltas did not land`,
    );

  const channelNote =
    `${CHANNELS.toLocaleString('en-US')} channels (${startCounts.split('·')[1]?.trim() ?? '?'}), ` +
    `${perSecond(boardLoad.updates, boardLoad)} channel updates/s + ` +
    `${perSecond(boardLoad.events, boardLoad)} tail events/s in ${boardLoad.batches} batches of 100 ms` +
    (boardLoad.lateBatches > 0 ? ` (${boardLoad.lateBatches} batches late > 250 ms)` : '');
  const rows = rowsFor('channel board', { ...board, load: boardLoad }, idle, channelNote);

  // ----- Calls -----
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/calls';
  });
  await page.locator('[data-testid="calls-table"]').waitFor();
  const preloaded = await page.evaluate(() => (globalThis as unknown as Api).__bench.preloadCalls());
  const callCount = page.getByTestId('calls-count');
  await callCount.filter({ hasText: CALLS.toLocaleString('en-US') }).waitFor();
  progress(`calls list up: ${CALLS} calls (${preloaded} of them pushed as deltas after the first page)`);
  await page.waitForTimeout(500);
  const callsIdle = await measureWindow(page, cdp, IDLE_MS);
  await page.evaluate((r) => (globalThis as unknown as Api).__bench.startCallLoad(r), RATE);
  await page.waitForTimeout(WARMUP_MS);
  const list = await measureWindow(page, cdp, SECONDS * 1000, PROFILE ? 'calls list under load' : undefined);
  const listLoad = await page.evaluate(() => (globalThis as unknown as Api).__bench.stopLoad());
  await page.waitForTimeout(200);
  const shown = (await callCount.textContent()) ?? '';
  progress(`calls list after load: ${shown} calls; ${JSON.stringify(listLoad)}`);
  if (Number(shown.replace(/\D/g, '')) < Math.min(listLoad.size, 20_000))
    throw new Error(`the list shows ${shown} calls but the core captured ${listLoad.size}: deltas did not land`);
  const callsNote =
    `${CALLS.toLocaleString('en-US')} calls held (${shown} at the end), ` +
    `${perSecond(listLoad.updates, listLoad)} call updates/s (new calls and state changes) in ${listLoad.batches} batches of 100 ms` +
    (listLoad.lateBatches > 0 ? ` (${listLoad.lateBatches} batches late > 250 ms)` : '');
  rows.push(...rowsFor('calls list', { ...list, load: listLoad }, callsIdle, callsNote));

  if (pageErrors.length > 0) progress(`page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
  clearTimeout(deadline);
  return rows;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

const started = Date.now();
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const loadBefore = load();
run()
  .then(async (rows) => {
    await cleanup();
    for (const row of rows) emitRow(row);
    emitRow({
      name: `renderer frame bench conditions${REDUCED_MOTION ? ' (prefers-reduced-motion)' : ''}`,
      value: round((Date.now() - started) / 1000, 1),
      unit: 's',
      note: `Chromium ${CHROMIUM}, 1440x900, ${os.cpus().length} CPUs, load average ${loadBefore} before, ${load()} after`,
    });
  })
  .catch(async (err: unknown) => {
    await cleanup();
    process.stderr.write(`board-frames: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
