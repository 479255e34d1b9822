// The app under test: the real web-mode host (electron/host/main.ts) in its own process with a
// throwaway data dir, every listener on a free loopback port. The caller must call stop() in a
// finally: it ends the process (SIGTERM, then SIGKILL) and removes the data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST_MAIN = fileURLToPath(new URL('../electron/host/main.ts', import.meta.url));
/** Opening the store, migrating and binding take about a second; a loaded machine may take a few. */
const START_TIMEOUT_MS = 30_000;
const START_POLL_MS = 100;
/** A graceful stop flushes the writer and (with --cpu-prof) writes the profile; then it is killed. */
const STOP_GRACE_MS = 15_000;
const RPC_TIMEOUT_MS = 5_000;

export interface HepListenerStatus {
  port: number;
  received: number;
  decoded: number;
  malformed: number;
  dropped: number;
  stored: number;
  duplicates: number;
  recvBufferBytes?: number;
}

export interface HostStatus {
  hep: HepListenerStatus;
  dbBytes: number;
}

export interface RunningHost {
  pid: number;
  dataDir: string;
  hepPort: number;
  status(): Promise<HostStatus>;
  /** Graceful stop; resolves with how the process ended. Idempotent. */
  stop(): Promise<string>;
}

export interface HostOptions {
  /** Extra flags for node itself, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeFlags?: readonly string[];
  log?: (line: string) => void;
}

/** Hosts started and not yet stopped, so a bench that is told to stop can end them first. */
const runningHosts = new Set<() => Promise<string>>();

/** Stops every host this process started; for SIGTERM handlers. */
export async function stopAllHosts(): Promise<void> {
  await Promise.all([...runningHosts].map((stop) => stop()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

export async function startHost(opts: HostOptions = {}): Promise<RunningHost> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-bench-'));
  const args = [
    ...(opts.nodeFlags ?? []),
    '--disable-warning=ExperimentalWarning',
    HOST_MAIN,
    '--web',
    '--no-open',
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--listen-host',
    '127.0.0.1',
    '--hep-port',
    '0',
    '--sip-port',
    '0',
    '--statsd-port',
    '0',
    '--syslog-port',
    '0',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let stopped: Promise<string> | null = null;
  const stop = (): Promise<string> => {
    runningHosts.delete(stop);
    stopped ??= (async () => {
      let how = 'exited by itself';
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        how = 'stopped (SIGTERM)';
        if (!(await waitExit(child, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await waitExit(child, STOP_GRACE_MS);
          how = 'killed (SIGKILL after SIGTERM grace)';
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
      return how;
    })();
    return stopped;
  };
  runningHosts.add(stop);

  try {
    const webJson = path.join(dataDir, 'web.json');
    const started = Date.now();
    while (!existsSync(webJson)) {
      if (child.exitCode !== null) throw new Error(`host exited with code ${child.exitCode}: ${stderr.trim()}`);
      if (Date.now() - started > START_TIMEOUT_MS)
        throw new Error(`host wrote no web.json within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`);
      await sleep(START_POLL_MS);
    }
    const info = JSON.parse(readFileSync(webJson, 'utf8')) as { token: string; port: number };
    const status = async (): Promise<HostStatus> => {
      const res = await fetch(`http://127.0.0.1:${info.port}/api/rpc/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
      });
      const body = (await res.json()) as {
        ok: boolean;
        result?: { dbBytes: number; listeners: (HepListenerStatus & { name: string; proto: string })[] };
      };
      const hep = body.result?.listeners.find((l) => l.name === 'hep' && l.proto === 'udp');
      if (!body.ok || !body.result || !hep) throw new Error(`status answered ${JSON.stringify(body).slice(0, 300)}`);
      return { hep, dbBytes: body.result.dbBytes };
    };
    const first = await status();
    if (!first.hep.port) throw new Error('the HEP/UDP listener is not listening');
    opts.log?.(
      `host pid ${child.pid} hep udp 127.0.0.1:${first.hep.port} recv buffer ${first.hep.recvBufferBytes ?? '?'} B`,
    );
    return { pid: child.pid as number, dataDir, hepPort: first.hep.port, status, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
