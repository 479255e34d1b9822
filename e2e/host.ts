// Starts the real web-mode host (Node 24, TypeScript run directly) with a temp data dir on free
// ports, and finds it through web.json exactly as a script would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningHost {
  url: string;
  base: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  rpc<T = unknown>(name: string, params?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  /** The port a listening socket of `source` bound (the suite configures port 0), or null if it is not listening. */
  listenerPort(source: string, proto: 'udp' | 'tcp'): Promise<number | null>;
  stop(): Promise<void>;
}

const HOST_START_TIMEOUT_MS = 30_000;

export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-e2e-'));
  const args = [
    '--disable-warning=ExperimentalWarning',
    'electron/host/main.ts',
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
    ...extraArgs,
  ];
  const child = spawn(process.execPath, args, {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const webJson = path.join(dataDir, 'web.json');
  const deadline = Date.now() + HOST_START_TIMEOUT_MS;
  while (!existsSync(webJson)) {
    if (child.exitCode !== null) throw new Error(`host exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`host did not write web.json in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = JSON.parse(readFileSync(webJson, 'utf8')) as { url: string; token: string; port: number };
  const base = `http://127.0.0.1:${info.port}`;
  const rpc: RunningHost['rpc'] = async (name, params, token = info.token) => {
    const res = await fetch(`${base}/api/rpc/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: params === undefined ? '' : JSON.stringify(params),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  return {
    url: info.url,
    base,
    token: info.token,
    dataDir,
    child,
    output: () => out,
    rpc,
    async listenerPort(source, proto) {
      type Status = {
        ok: boolean;
        result: { listeners: { name: string; proto: string; port: number; state: string }[] };
      };
      const res = await rpc<Status>('status', {});
      const l = res.body.result.listeners.find(
        (x) => x.name === source && x.proto === proto && x.state === 'listening',
      );
      return l ? l.port : null;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
