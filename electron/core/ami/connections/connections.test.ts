import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createAmiConnections, type AmiConnections, type AmiConnectionsOptions } from './connections.ts';
import { AMI_CONNECTIONS_FILE } from './config-file.ts';
import { SECRET_KEY_FILE } from './secret-box.ts';
import { FakeAmiServer } from '../fake-server/server.ts';
import type { AmiConnectionInfo } from '../../../../shared/domain.ts';
import type { AmiMessage } from '../message.ts';

const SECRET = 'Sup3r-Secret-Value-42';
const FAST = {
  fullyBootedTimeoutMs: 500,
  logoffTimeoutMs: 300,
  pingIntervalMs: 60_000,
  backoff: { baseMs: 100, maxMs: 400, jitter: 0.2 },
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ami-conns-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function fake(secret = SECRET): Promise<FakeAmiServer> {
  const server = await FakeAmiServer.start({ authFailDelayMs: 50, users: [{ username: 'admin', secret }] });
  cleanups.push(() => server.close());
  return server;
}

interface Recorder {
  conns: AmiConnections;
  events: [string, AmiMessage][];
  resyncs: [string, Record<string, AmiMessage[]>][];
  statuses: AmiConnectionInfo[][];
  logs: string[];
}

function open(dataDir: string, extra: Partial<AmiConnectionsOptions> = {}): Recorder {
  const r: Recorder = {
    conns: undefined as unknown as AmiConnections,
    events: [],
    resyncs: [],
    statuses: [],
    logs: [],
  };
  r.conns = createAmiConnections({
    dataDir,
    timing: FAST,
    onEvent: (id, msg) => r.events.push([id, msg]),
    onResync: (id, lists) => r.resyncs.push([id, lists]),
    onStatus: (list) => r.statuses.push(list),
    log: (line) => r.logs.push(line),
    ...extra,
  });
  cleanups.push(() => r.conns.stop());
  return r;
}

async function waitFor(ok: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

const saveParams = (server: FakeAmiServer, more: Record<string, unknown> = {}) => ({
  name: 'Lab PBX',
  host: '127.0.0.1',
  port: server.port,
  username: 'admin',
  secret: SECRET,
  ...more,
});

async function saved(r: Recorder, params: Parameters<AmiConnections['save']>[0]): Promise<string> {
  const out = await r.conns.save(params);
  if (!out.ok) throw new Error(out.message);
  return out.id;
}

describe('createAmiConnections', () => {
  it('stores the secret encrypted: the file is 0600 and holds neither the secret nor its base64', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    await saved(r, saveParams(server));
    const file = join(dir, AMI_CONNECTIONS_FILE);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 16));
    expect(text).toMatch(/"sealedSecret": "v1\./);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, SECRET_KEY_FILE)).size).toBe(32);
  });

  it('never returns the secret from list or in a status update, only hasSecret', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    await saved(r, saveParams(server));
    await waitFor(() => r.conns.list()[0]?.status === 'connected', 'connected');
    const [info] = r.conns.list();
    expect(info).toMatchObject({
      name: 'Lab PBX',
      hasSecret: true,
      tlsVerify: true,
      actionsEnabled: false,
      enabled: true,
    });
    expect(Object.keys(info!)).not.toContain('secret');
    expect(JSON.stringify([r.conns.list(), r.statuses, r.logs])).not.toContain(SECRET);
  });

  it('connects, tags events and resync lists with the PBX id and reports the Asterisk version', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    const id = await saved(r, saveParams(server));
    await waitFor(() => r.conns.list()[0]?.status === 'connected', 'connected');
    expect(r.conns.list()[0]).toMatchObject({ id, asteriskVersion: '22.10.1', amiVersion: '11.0.0' });
    expect(r.resyncs).toHaveLength(1);
    expect(r.resyncs[0]?.[0]).toBe(id);
    expect(r.resyncs[0]?.[1].CoreShowChannels).toHaveLength(12);
    server.broadcast('Event: Hangup\r\nPrivilege: call,all\r\nUniqueid: 1795251773.0\r\n\r\n');
    await waitFor(() => r.events.some(([, m]) => m.name === 'Hangup'), 'Hangup');
    expect(r.events.find(([, m]) => m.name === 'Hangup')?.[0]).toBe(id);
    expect(r.conns.list()[0]?.eventsReceived).toBeGreaterThanOrEqual(2);
  });

  it('watches several PBXs at once, each event under its own id', async () => {
    const dir = tempDir();
    const [a, b] = [await fake(), await fake()];
    const r = open(dir);
    const idA = await saved(r, saveParams(a, { name: 'A' }));
    const idB = await saved(r, saveParams(b, { name: 'B' }));
    await waitFor(() => r.conns.list().every((c) => c.status === 'connected'), 'both connected');
    b.broadcast('Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: fromB\r\n\r\n');
    await waitFor(() => r.events.some(([, m]) => m.name === 'UserEvent'), 'UserEvent');
    expect(r.events.filter(([, m]) => m.name === 'UserEvent').map(([id]) => id)).toEqual([idB]);
    expect(new Set(r.conns.list().map((c) => c.color)).size).toBe(2);
    expect(idA).not.toBe(idB);
  });

  it('reopens the data dir and reconnects with the stored secret', async () => {
    const dir = tempDir();
    const server = await fake();
    const first = open(dir);
    await saved(first, saveParams(server));
    await waitFor(() => first.conns.list()[0]?.status === 'connected', 'first connected');
    await first.conns.stop();
    const second = open(dir);
    await waitFor(() => second.conns.list()[0]?.status === 'connected', 'reconnected from disk');
    expect(server.stats.failedLogins).toBe(0);
  });

  it('does not try to log in when the stored secret cannot be decrypted with the key', async () => {
    const dir = tempDir();
    const server = await fake();
    const first = open(dir);
    await saved(first, saveParams(server));
    await first.conns.stop();
    const logins = server.stats.logins;
    const other = randomBytes(32);
    const second = open(dir, { keyProvider: { getKey: () => other } });
    const [info] = second.conns.list();
    expect(info?.status).toBe('failed');
    expect(info?.lastError).toMatch(/cannot be decrypted/);
    await new Promise((res) => setTimeout(res, 200));
    expect(server.stats.logins).toBe(logins);
  });

  it('tests a connection with one login: versions on success, "authentication failed" with exactly one attempt', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    expect(await r.conns.test({ host: '127.0.0.1', port: server.port, username: 'admin', secret: SECRET })).toEqual({
      ok: true,
      amiVersion: '11.0.0',
      asteriskVersion: '22.10.1',
    });
    const before = server.stats.logins;
    expect(await r.conns.test({ host: '127.0.0.1', port: server.port, username: 'admin', secret: 'wrong' })).toEqual({
      ok: false,
      error: 'authentication failed',
    });
    await new Promise((res) => setTimeout(res, 500));
    expect(server.stats.logins - before).toBe(1);
    expect(r.conns.list()).toEqual([]);
  });

  it('tests a saved connection with its stored secret', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    const id = await saved(r, saveParams(server, { enabled: false }));
    expect(await r.conns.test({ id })).toMatchObject({ ok: true, asteriskVersion: '22.10.1' });
  });

  it('refuses write actions unless enabled for that PBX, then sends them', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    const id = await saved(r, saveParams(server));
    await waitFor(() => r.conns.list()[0]?.status === 'connected', 'connected');
    const pause = {
      action: 'queuePause',
      pbx: id,
      queue: 'support',
      interface: 'Local/101@agents/n',
      reason: 'coffee',
    } as const;
    expect(await r.conns.action(id, pause)).toMatchObject({ ok: false, code: 'actions_disabled' });
    expect(server.stats.actions).not.toContain('QueuePause');
    await r.conns.save({ ...saveParams(server), id, secret: undefined, actionsEnabled: true });
    expect(r.conns.list()[0]?.status).toBe('connected'); // no reconnect for a toggle
    expect(await r.conns.action(id, pause)).toEqual({
      ok: true,
      response: 'Success',
      message: 'Interface paused successfully',
    });
    expect(await r.conns.action('nope', pause)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('requires a secret for a new connection and keeps the stored one on edit', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    expect(await r.conns.save({ ...saveParams(server), secret: undefined })).toMatchObject({
      ok: false,
      code: 'secret_required',
    });
    const id = await saved(r, saveParams(server));
    await r.conns.save({ ...saveParams(server), id, secret: undefined, name: 'Renamed' });
    expect(r.conns.list()[0]).toMatchObject({ name: 'Renamed', hasSecret: true });
    await waitFor(() => r.conns.list()[0]?.status === 'connected', 'connected with the kept secret');
  });

  it('deletes a connection: logs off, forgets it on disk', async () => {
    const dir = tempDir();
    const server = await fake();
    const r = open(dir);
    const id = await saved(r, saveParams(server));
    await waitFor(() => r.conns.list()[0]?.status === 'connected', 'connected');
    expect(await r.conns.delete(id)).toEqual({ deleted: true });
    expect(r.conns.list()).toEqual([]);
    expect(readFileSync(join(dir, AMI_CONNECTIONS_FILE), 'utf8')).not.toContain(id);
    await waitFor(() => server.loggedInSessions === 0, 'logged off');
    expect(server.stats.actions.at(-1)).toBe('Logoff');
    expect(await r.conns.delete(id)).toEqual({ deleted: false });
  });
});
