// Web mode entry: `npm run web` (and `npm start` where no Electron binary exists). Starts the
// core, serves the UI and the API, and prints the URL with its token.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/index.ts';
import { parseArgs, USAGE } from './args.ts';
import { defaultDataDir } from './data-dir.ts';
import { openBrowser } from './open-browser.ts';
import { newToken } from './token.ts';
import { startWebServer } from './web-server.ts';
import { removeWebJson, writeWebJson } from './web-json.ts';

const STATIC_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

function log(line: string): void {
  process.stderr.write(`[pbxscope] ${line}\n`);
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  const args = parsed.args;
  const dataDir = args.dataDir ?? defaultDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  let core;
  try {
    core = await createCore({ dataDir, ports: args.ports, listenHost: args.listenHost, log });
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    return 1;
  }
  const token = newToken();
  let server;
  try {
    server = await startWebServer({ core, host: args.host, port: args.port, token, staticDir: STATIC_DIR });
  } catch (err) {
    const code = (err as { code?: string }).code;
    log(
      code === 'EADDRINUSE'
        ? `web port ${args.port} is already in use: pass --port N (or --port 0 for any free port)`
        : `cannot start the web server: ${String(err)}`,
    );
    await core.stop();
    return 1;
  }
  const urlWithToken = `${server.url}#token=${token}`;
  writeWebJson(dataDir, { url: urlWithToken, token, port: server.port, pid: process.pid });
  process.stdout.write(`PBXScope web mode: ${urlWithToken}\n`);
  for (const l of core.listeners()) {
    log(
      `${l.name}/${l.proto} ${l.state === 'listening' ? `listening on ${l.host}:${l.port}` : l.state === 'error' ? `not listening: ${l.error}` : l.state}`,
    );
  }
  log(`data dir ${dataDir}`);
  if (args.open) openBrowser(urlWithToken, log);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    removeWebJson(dataDir);
    await server.close();
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    log(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(1);
  },
);
