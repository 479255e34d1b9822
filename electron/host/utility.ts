// Electron utilityProcess entry: the same core as web mode, spoken to over MessagePorts that
// the main process brokers (one per window, one for main itself). Never imports electron: the
// parentPort API is described structurally below.
import { mkdirSync } from 'node:fs';
import { createCore } from '../core/index.ts';
import { parseArgs } from './args.ts';
import { defaultDataDir } from './data-dir.ts';
import { openSession } from './client-session.ts';

/** Structural view of Electron's MessagePortMain as the utility process sees it. */
interface PortLike {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  on(event: 'close', cb: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}
interface ParentPortLike {
  on(event: 'message', cb: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

export type UtilityToMain =
  | { type: 'ready'; version: string }
  | { type: 'notify'; title: string; body: string; severity: 'info' | 'warning' | 'critical' }
  | { type: 'fatal'; message: string };

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

/** Main posts the key right after fork; this long means something is wrong, and the file key is the fallback. */
const SECRET_KEY_WAIT_MS = 5_000;
const SECRET_KEY_BYTES = 32;

function secretKeyFromParent(port: ParentPortLike): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), SECRET_KEY_WAIT_MS);
    port.on('message', (e) => {
      const m = e.data as { type?: string; key?: unknown } | null;
      if (m?.type !== 'secret-key' || typeof m.key !== 'string') return;
      clearTimeout(timer);
      const key = Buffer.from(m.key, 'base64');
      resolve(key.length === SECRET_KEY_BYTES ? key : null);
    });
  });
}

function log(line: string): void {
  process.stderr.write(`[pbxscope core] ${line}\n`);
}

async function main(): Promise<void> {
  if (!parentPort) {
    log('utility.ts runs inside Electron; use `npm run web` for web mode');
    process.exit(2);
  }
  const send = (m: UtilityToMain): void => parentPort.postMessage(m);
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    send({ type: 'fatal', message: parsed.message });
    return;
  }
  const dataDir = parsed.args.dataDir ?? defaultDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = parsed.args.secretKeyFromParent ? await secretKeyFromParent(parentPort) : null;
  if (parsed.args.secretKeyFromParent && !key)
    log('no secrets key from the main process in time; using the key file in the data dir');
  const core = await createCore({
    dataDir,
    ports: parsed.args.ports,
    listenHost: parsed.args.listenHost,
    log,
    ...(key ? { amiKeyProvider: { getKey: () => key } } : {}),
  });
  core.onNotify((n) => send({ type: 'notify', ...n }));

  parentPort.on('message', (e) => {
    const msg = e.data as { type?: string } | null;
    const port = e.ports[0];
    if (msg?.type !== 'connect' || !port) return;
    const session = openSession(core, { send: (frame) => port.postMessage(frame), writable: () => true });
    port.on('message', (m) => session.receive(m.data));
    port.on('close', () => session.close());
    port.start();
  });
  send({ type: 'ready', version: core.version });

  const stop = async (): Promise<void> => {
    await core.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  parentPort?.postMessage({
    type: 'fatal',
    message: err instanceof Error ? err.message : String(err),
  } satisfies UtilityToMain);
  log(String(err));
  process.exit(1);
});
