// The web host on a real port with a real core: RPC status codes, the WebSocket event stream and
// its token check, export downloads confined to the exports folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../core/index.ts';
import { newToken } from './token.ts';
import { startWebServer, WS_CLOSE_UNAUTHORIZED, type WebServer } from './web-server.ts';

let core: Core;
let server: WebServer;
let dataDir: string;
const token = newToken();
const auth = { authorization: `Bearer ${token}` };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-web-'));
  core = await createCore({ dataDir, listenHost: '127.0.0.1', ports: { hep: 0, sip: 0, statsd: 0, syslog: 0 } });
  const staticDir = path.join(dataDir, 'ui');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ui</title>');
  server = await startWebServer({ core, host: '127.0.0.1', port: 0, token, staticDir });
});
afterAll(async () => {
  await server?.close();
  await core?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('web host', () => {
  it('serves the UI with a strict CSP and needs no token for it', async () => {
    const r = await fetch(`${server.url}calls`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await r.text()).toContain('<title>ui</title>');
  });

  it('maps RPC outcomes to 200/400/401/404 and refuses GET', async () => {
    const post = (name: string, body: string, headers: Record<string, string> = auth): Promise<Response> =>
      fetch(`${server.url}api/rpc/${name}`, { method: 'POST', headers, body });
    expect((await post('status', '{}')).status).toBe(200);
    expect((await post('status', '')).status).toBe(200);
    expect((await post('status', '{}', {})).status).toBe(401);
    expect((await post('sources.save', '{"name":"nope"}')).status).toBe(400);
    expect((await post('nope', '{}')).status).toBe(404);
    expect((await fetch(`${server.url}api/rpc/status`, { headers: auth })).status).toBe(405);
  });

  it('streams events to a WebSocket with the token and answers requests on it', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}api/ws?token=${token}`);
    const frames: { type: string; name?: string; id?: number; ok?: boolean }[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'req', id: 7, name: 'status', params: {} }));
    const deadline = Date.now() + 5000;
    while (!(frames.some((f) => f.type === 'res' && f.id === 7) && frames.some((f) => f.name === 'ingest.health'))) {
      if (Date.now() > deadline)
        throw new Error(`frames so far: ${JSON.stringify(frames.map((f) => f.type + (f.name ?? '')))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(frames.find((f) => f.id === 7)?.ok).toBe(true);
    ws.close();
  });

  it('closes a WebSocket with a wrong token with the unauthorized code', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}api/ws?token=wrong`);
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(WS_CLOSE_UNAUTHORIZED);
  });

  it('downloads an export only with the token and only from the exports folder', async () => {
    mkdirSync(core.exportsDir, { recursive: true });
    writeFileSync(path.join(core.exportsDir, 'trace-1.pcap'), Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]));
    writeFileSync(path.join(dataDir, 'secret.txt'), 'do not serve');
    const ok = await fetch(`${server.url}api/exports/trace-1.pcap`, { headers: auth });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toContain('attachment; filename="trace-1.pcap"');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]));
    expect((await fetch(`${server.url}api/exports/trace-1.pcap`)).status).toBe(401);
    expect((await fetch(`${server.url}api/exports/missing.pcap`, { headers: auth })).status).toBe(404);
    for (const evil of ['..%2Fsecret.txt', '%2E%2E%2Fsecret.txt', '..']) {
      const r = await fetch(`${server.url}api/exports/${evil}`, { headers: auth });
      expect([400, 404]).toContain(r.status);
      expect(await r.text()).not.toContain('do not serve');
    }
  });
});

describe('trace snapshots over HTTP', () => {
  it('imports an uploaded capture into its own capture, exports a pcap of it and serves the download', async () => {
    const pcap = readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/hep/kamailio-calls.pcap'));
    const done = new Promise<{ state: string; captureId?: number; calls: number }>((resolve) => {
      const off = core.subscribe('import.progress', (p) => {
        if (p.state !== 'running') {
          off();
          resolve(p);
        }
      });
    });
    const up = await fetch(`${server.url}api/import?file=kamailio-calls.pcap&name=ticket-4711`, {
      method: 'POST',
      headers: auth,
      body: pcap,
    });
    expect(up.status).toBe(200);
    const progress = await done;
    expect(progress, JSON.stringify(progress)).toMatchObject({ state: 'done', calls: 50 });
    const rpc = async <T>(name: string, params: unknown): Promise<T> => {
      const r = await fetch(`${server.url}api/rpc/${name}`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(params),
      });
      const body = (await r.json()) as { ok: boolean; result: T; message?: string };
      if (!body.ok) throw new Error(body.message);
      return body.result;
    };
    const captures = await rpc<{ id: number; name: string; calls: number }[]>('captures.list', {});
    expect(captures.find((c) => c.id === progress.captureId)).toMatchObject({ name: 'ticket-4711', calls: 50 });
    const live = await rpc<{ items: unknown[] }>('calls.search', {});
    expect(live.items).toHaveLength(0);
    const imported = await rpc<{ items: { callId: string }[] }>('calls.search', {
      capture: progress.captureId,
      limit: 100,
    });
    expect(imported.items).toHaveLength(50);

    const exp = await rpc<{ downloadUrl: string; messages: number; fileName: string }>('export.snapshot', {
      capture: progress.captureId,
      callIds: imported.items.slice(0, 3).map((c) => c.callId),
      format: 'pcap',
    });
    expect(exp.messages).toBeGreaterThan(0);
    const file = await fetch(`${server.url}${exp.downloadUrl.replace(/^\//, '')}`, { headers: auth });
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);

    const del = await rpc<{ deleted: boolean }>('captures.delete', { id: progress.captureId });
    expect(del.deleted).toBe(true);
    expect((await rpc<{ items: unknown[] }>('calls.search', { capture: progress.captureId })).items).toHaveLength(0);
  });

  it('refuses an upload without the token', async () => {
    const r = await fetch(`${server.url}api/import?file=x.pcap`, { method: 'POST', body: Buffer.alloc(10) });
    expect(r.status).toBe(401);
  });
});
