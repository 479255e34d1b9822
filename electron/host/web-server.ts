// Web mode: the built renderer over HTTP, every request at POST /api/rpc/<name>, and the event
// streams on GET /api/ws. Everything under /api needs the token.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail, type RpcResult } from '../../shared/contract.ts';
import type { Core } from '../core/index.ts';
import { openSession } from './client-session.ts';
import { HTTP_STATUS } from './http-status.ts';
import { contentTypeOf, HTML_CSP, resolveStaticPath } from './static-files.ts';
import { tokenFromRequest, tokenMatches } from './token.ts';

/** JSON bodies of RPC calls are small; uploads get their own endpoint later. */
export const MAX_RPC_BODY_BYTES = 1024 * 1024;
/** Largest capture a browser may upload for import (a day of busy PBX traffic fits). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** Export file names the exporter writes: no separators, no dot-dot. */
const EXPORT_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@+=-]{0,254}$/;

/** A browser tab that stops reading (a hidden, frozen tab) is cut off before it costs memory. */
export const MAX_WS_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Dead TCP peers (a laptop lid closed) are found by ping within this interval. */
export const WS_PING_INTERVAL_MS = 30_000;
/** WebSocket close code for a missing or wrong token (4000-4999 are the application's own). */
export const WS_CLOSE_UNAUTHORIZED = 4401;

export interface WebServerOptions {
  core: Core;
  host: string;
  port: number;
  token: string;
  staticDir: string;
}

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendResult(res: http.ServerResponse, result: RpcResult<unknown>): void {
  sendJson(res, result.ok ? 200 : HTTP_STATUS[result.code], result);
}

function readBody(req: http.IncomingMessage): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RPC_BODY_BYTES && !done) {
        done = true;
        resolve({ ok: false, message: `request body is larger than ${MAX_RPC_BODY_BYTES} bytes` });
        req.resume();
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', (err) => {
      if (!done) resolve({ ok: false, message: err.message });
    });
  });
}

async function handleRpc(
  core: Core,
  token: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  if (!tokenMatches(token, tokenFromRequest(req.headers.authorization, url))) {
    sendResult(
      res,
      fail(
        'unauthorized',
        'missing or invalid token: send Authorization: Bearer <token> (see web.json in the data dir)',
      ),
    );
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    sendJson(res, 405, fail('bad_request', 'use POST with a JSON body'));
    return;
  }
  const name = decodeURIComponent(url.pathname.slice('/api/rpc/'.length));
  const body = await readBody(req);
  if (!body.ok) {
    sendResult(res, fail('bad_request', body.message));
    return;
  }
  let params: unknown = {};
  if (body.text.trim() !== '') {
    try {
      params = JSON.parse(body.text);
    } catch {
      sendResult(res, fail('bad_request', 'request body is not valid JSON'));
      return;
    }
  }
  sendResult(res, await core.handle(name, params));
}

function authorized(token: string, req: http.IncomingMessage, url: URL): boolean {
  return tokenMatches(token, tokenFromRequest(req.headers.authorization, url));
}

/** GET /api/exports/<file>: an exported trace as a download. Only files directly in the exports folder. */
function serveExport(core: Core, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const name = decodeURIComponent(url.pathname.slice('/api/exports/'.length));
  if (!EXPORT_NAME_RE.test(name) || name.includes('..')) {
    sendResult(res, fail('bad_request', 'not an export file name'));
    return;
  }
  const file = path.join(core.exportsDir, name);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    sendResult(res, fail('not_found', `no export named ${name}`));
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': size,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}

/**
 * The request body as chunks, cut off past MAX_UPLOAD_BYTES (the importer then fails and cleans
 * up). `finished` runs once the importer has read it all or stopped reading.
 */
async function* limitedBody(req: http.IncomingMessage, finished: () => void): AsyncIterable<Buffer> {
  let total = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES) {
        req.destroy();
        throw new Error(`upload is larger than ${MAX_UPLOAD_BYTES} bytes`);
      }
      yield chunk;
    }
  } finally {
    finished();
  }
}

/** POST /api/import?name=<capture name>&file=<file name>: streams a capture or bundle into a new capture. */
async function handleImport(core: Core, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    sendJson(res, 405, fail('bad_request', 'POST the file as the request body'));
    return;
  }
  const fileName = url.searchParams.get('file') ?? 'upload.pcap';
  const name = url.searchParams.get('name') ?? undefined;
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_UPLOAD_BYTES) {
    sendResult(res, fail('bad_request', `upload is larger than ${MAX_UPLOAD_BYTES} bytes`));
    req.resume();
    return;
  }
  // A passphrase travels in a header, never in the URL (which ends up in logs and history).
  const passphrase = typeof req.headers['x-passphrase'] === 'string' ? req.headers['x-passphrase'] : undefined;
  // Node drops an unread request body once the response ends, so answer only after the importer
  // has read the upload (or stopped reading it); progress meanwhile goes out as import.progress.
  let consumed!: () => void;
  const bodyRead = new Promise<void>((resolve) => (consumed = resolve));
  req.once('close', () => consumed());
  const result = await core.importStream(
    limitedBody(req, () => consumed()),
    {
      fileName,
      totalBytes: Number.isFinite(length) ? length : 0,
      ...(name ? { name } : {}),
      ...(passphrase ? { passphrase } : {}),
    },
  );
  if (result.ok) await bodyRead;
  else req.resume();
  sendResult(res, result);
}

function serveStatic(staticDir: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const file = resolveStaticPath(staticDir, url.pathname);
  if (!file) {
    res.writeHead(404).end('not found');
    return;
  }
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    if (file.endsWith('index.html')) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The PBXScope UI is not built yet: run `npm run build:web`, then reload.');
    } else {
      res.writeHead(404).end('not found');
    }
    return;
  }
  const isHtml = file.endsWith('.html');
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': size,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Hashed asset names may be cached; the HTML must not be, so a rebuild shows at once.
    'cache-control': isHtml ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'content-security-policy': HTML_CSP, 'x-frame-options': 'DENY' } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const { core, token } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/rpc/')) {
      void handleRpc(core, token, req, res, url).catch((err: unknown) => {
        if (!res.headersSent) sendResult(res, fail('internal', err instanceof Error ? err.message : String(err)));
      });
      return;
    }
    if (url.pathname.startsWith('/api/exports/') || url.pathname === '/api/import') {
      if (!authorized(token, req, url)) {
        sendResult(res, fail('unauthorized', 'missing or invalid token'));
        req.resume();
        return;
      }
      if (url.pathname === '/api/import') {
        void handleImport(core, req, res, url).catch((err: unknown) => {
          if (!res.headersSent) sendResult(res, fail('bad_request', err instanceof Error ? err.message : String(err)));
        });
      } else serveExport(core, req, res, url);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendResult(res, fail('not_found', `no such endpoint: ${url.pathname}`));
      return;
    }
    serveStatic(opts.staticDir, req, res, url);
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!tokenMatches(token, tokenFromRequest(req.headers.authorization, url))) {
        // Completing the handshake first lets the browser see why (a refused upgrade is just 1006).
        ws.close(WS_CLOSE_UNAUTHORIZED, 'invalid token');
        return;
      }
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      const session = openSession(core, {
        send: (frame) => ws.send(JSON.stringify(frame)),
        writable: () => {
          if (ws.readyState !== ws.OPEN) return false;
          if (ws.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
            ws.close(1013, 'client is not reading fast enough');
            return false;
          }
          return true;
        },
      });
      ws.on('message', (data, isBinary) => {
        if (!isBinary) session.receive(data.toString());
      });
      ws.on('close', () => session.close());
      ws.on('error', () => session.close());
    });
  });

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, WS_PING_INTERVAL_MS);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
