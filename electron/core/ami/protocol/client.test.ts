// The real client against the fake AMI server on 127.0.0.1, every wait bounded.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { AmiClient, type AmiClientInfo, type AmiClientOptions, type AmiTiming } from './client.ts';
import { runAmiResync, type AmiResyncResult } from './resync.ts';
import { FakeAmiServer, type FakeAmiServerOptions } from '../fake-server/server.ts';
import { amiField, type AmiMessage } from '../message.ts';

/** Short timers so every scenario runs in a second or two. */
const FAST: Partial<AmiTiming> = {
  connectTimeoutMs: 2_000,
  bannerTimeoutMs: 2_000,
  loginTimeoutMs: 3_000,
  actionTimeoutMs: 2_000,
  listTimeoutMs: 3_000,
  pingIntervalMs: 250,
  pingTimeoutMs: 1_000,
  fullyBootedTimeoutMs: 1_000,
  logoffTimeoutMs: 300,
  backoff: { baseMs: 100, maxMs: 400, jitter: 0.2 },
};
const SECRET = 'pa55-Very-Distinctive-Secret';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(opts: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
  const server = await FakeAmiServer.start({
    authFailDelayMs: 50,
    users: [{ username: 'admin', secret: SECRET }],
    ...opts,
  });
  cleanups.push(() => server.close());
  return server;
}

interface Harness {
  client: AmiClient;
  statuses: AmiClientInfo[];
  events: AmiMessage[];
  logs: string[];
  resyncs: AmiResyncResult[];
}

function connect(server: FakeAmiServer, opts: Partial<AmiClientOptions> = {}): Harness {
  const h: Harness = { client: undefined as unknown as AmiClient, statuses: [], events: [], logs: [], resyncs: [] };
  h.client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'admin',
    secret: SECRET,
    timing: FAST,
    resync: async (c) => {
      h.resyncs.push(await runAmiResync(c));
    },
    onEvent: (m) => h.events.push(m),
    onStatus: (s) => h.statuses.push(s),
    log: (level, text) => h.logs.push(`${level} ${text}`),
    ...opts,
  });
  h.client.start();
  cleanups.push(() => h.client.stop());
  return h;
}

async function waitFor<T>(get: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const status = (h: Harness) => h.client.info().status;
const distinctStatuses = (h: Harness) => h.statuses.map((s) => s.status).filter((s, i, all) => s !== all[i - 1]);

describe('AmiClient', () => {
  it('logs in with the MD5 challenge, waits for FullyBooted, resyncs, then reports connected', async () => {
    const server = await fake();
    const h = connect(server);
    await waitFor(() => status(h) === 'connected', 'connected');
    expect(distinctStatuses(h)).toEqual(['connecting', 'authenticating', 'syncing', 'connected']);
    expect(server.stats.loginMethods).toEqual(['md5']);
    expect(h.client.info()).toMatchObject({ amiVersion: '11.0.0', status: 'connected' });
    expect(h.client.info().connectedAt).toBeGreaterThan(Date.now() * 1000 - 10_000_000);
    expect(h.events.map((e) => e.name)).toContain('FullyBooted');
    expect(h.resyncs).toHaveLength(1);
    expect(h.resyncs[0]?.asteriskVersion).toBe('22.10.1');
  });

  it('falls back to a plain Login when the server offers no MD5 challenge', async () => {
    const server = await fake({ offerMd5: false });
    const h = connect(server);
    await waitFor(() => status(h) === 'connected', 'connected');
    expect(server.stats.loginMethods).toEqual(['plain']);
  });

  it('stops after ONE refused login: status failed "authentication failed", no retry over seconds', async () => {
    const server = await fake({ authFailDelayMs: 1_000 });
    server.setSecret('admin', 'changed-on-the-pbx');
    const h = connect(server);
    await waitFor(() => status(h) === 'failed', 'failed', 5_000);
    expect(h.client.info().lastError).toBe('authentication failed');
    await new Promise((r) => setTimeout(r, 3_000));
    expect(server.stats.logins).toBe(1);
    expect(server.stats.connections).toBe(1);
    expect(status(h)).toBe('failed');
  });

  it('detects a silent peer within the Ping timeout, then reconnects', async () => {
    const server = await fake();
    const h = connect(server);
    await waitFor(() => status(h) === 'connected', 'connected');
    const silentAt = Date.now();
    server.goSilent();
    const dropped = await waitFor(() => h.statuses.find((s) => s.status === 'reconnecting'), 'reconnecting', 4_000);
    // One Ping interval to send it, the Ping timeout to give up.
    expect(Date.now() - silentAt).toBeLessThan(FAST.pingIntervalMs! + FAST.pingTimeoutMs! + 500);
    expect(dropped.lastError).toBe('no answer to Ping for 1 s');
    expect(dropped.reconnectInSec).toBeGreaterThanOrEqual(1);
    await waitFor(() => status(h) === 'connected' && server.stats.connections === 2, 'reconnected');
    expect(h.resyncs).toHaveLength(2);
  });

  it('answers an action that gets no reply with a timeout error, not a hang', async () => {
    const server = await fake();
    const h = connect(server, { timing: { ...FAST, pingIntervalMs: 60_000, actionTimeoutMs: 300 } });
    await waitFor(() => status(h) === 'connected', 'connected');
    server.goSilent();
    const reply = await h.client.send('CoreStatus');
    expect(reply).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('on restart: Shutdown, reconnect, FullyBooted, and a resync whose fresh lists drop what is gone', async () => {
    const server = await fake();
    const h = connect(server);
    await waitFor(() => status(h) === 'connected', 'connected');
    expect(h.resyncs[0]?.lists.CoreShowChannels).toHaveLength(12);
    server.setListAnswer('CoreShowChannels', []);
    await server.restart(300);
    await waitFor(() => h.statuses.find((s) => s.status === 'reconnecting'), 'reconnecting');
    await waitFor(() => status(h) === 'connected' && h.resyncs.length === 2, 'second resync', 6_000);
    expect(h.events.map((e) => e.name)).toContain('Shutdown');
    expect(h.statuses.find((s) => s.status === 'reconnecting')?.lastError).toBe('PBX restarting');
    expect(h.events.filter((e) => e.name === 'FullyBooted')).toHaveLength(2);
    expect(h.resyncs[1]?.lists.CoreShowChannels).toEqual([]);
  });

  it('collects a list until EventList: Complete, even with every write cut at random points', async () => {
    const server = await fake({ cutSeed: 7 });
    const h = connect(server, { resync: undefined });
    await waitFor(() => status(h) === 'connected', 'connected');
    const reply = await h.client.sendList('QueueStatus');
    expect(reply.ok).toBe(true);
    expect(reply.events.map((e) => e.name)).toEqual([
      'QueueParams',
      'QueueMember',
      'QueueMember',
      'QueueMember',
      'QueueMember',
      'QueueParams',
      'QueueMember',
      'QueueMember',
      'QueueMember',
      'QueueMember',
    ]);
    expect(reply.complete && amiField(reply.complete, 'ListItems')).toBe('10');
    // List items are the list's, not live events.
    expect(h.events.some((e) => e.name === 'QueueMember')).toBe(false);
  });

  it.each(['output', 'follows'] as const)('reads Command output in the %s form', async (commandForm) => {
    const server = await fake({ commandForm });
    const h = connect(server, { resync: undefined });
    await waitFor(() => status(h) === 'connected', 'connected');
    const reply = await h.client.command('queue show support');
    expect(reply.ok).toBe(true);
    expect(reply.output[0]).toMatch(/^support has \d+ calls/);
    expect(reply.output).toContain('   No Callers');
    const unknown = await h.client.command('no such thing');
    expect(unknown.output[0]).toMatch(/^No such command 'no such thing'/);
  });

  it('keeps resyncing the other lists when one is denied', async () => {
    const server = await fake({
      users: [{ username: 'admin', secret: SECRET, deny: ['PJSIPShowEndpoints', 'PJSIPShowContacts'] }],
    });
    const h = connect(server);
    await waitFor(() => status(h) === 'connected', 'connected');
    const r = h.resyncs[0]!;
    expect(r.denied).toEqual(['PJSIPShowEndpoints', 'PJSIPShowContacts']);
    expect(Object.keys(r.lists)).toEqual([
      'CoreSettings',
      'CoreShowChannels',
      'BridgeList',
      'QueueStatus',
      'DeviceStateList',
      'ExtensionStateList',
    ]);
    expect(r.lists.BridgeList).toHaveLength(3);
    expect(r.lists.DeviceStateList).toHaveLength(17);
  });

  it('holds events that arrive during the resync and delivers them after the lists, in order', async () => {
    const server = await fake();
    const order: string[] = [];
    const h = connect(server, {
      resync: async (c) => {
        server.broadcast('Event: Hangup\r\nPrivilege: call,all\r\nUniqueid: 1.1\r\n\r\n');
        await c.sendList('CoreShowChannels');
        order.push('lists');
      },
      onEvent: (m) => order.push(m.name),
    });
    await waitFor(() => status(h) === 'connected', 'connected');
    expect(order.filter((n) => n !== 'FullyBooted')).toEqual(['lists', 'Hangup']);
    expect(order.indexOf('FullyBooted')).toBeLessThan(order.indexOf('Hangup'));
  });

  it('reports a refused connection and retries with growing delays', async () => {
    const port = await freePort();
    const h = connect({ port } as FakeAmiServer);
    await waitFor(() => h.statuses.filter((s) => s.status === 'reconnecting').length >= 3, 'three retries');
    const retries = h.statuses.filter((s) => s.status === 'reconnecting');
    expect(retries[0]?.lastError).toBe('connection refused');
    expect(retries.every((s) => typeof s.reconnectInSec === 'number')).toBe(true);
  });

  it('never puts the secret in a status, an error or a log line', async () => {
    const server = await fake();
    const h = connect(server, { auth: 'plain' });
    await waitFor(() => status(h) === 'connected', 'connected');
    server.setSecret('admin', 'other');
    await server.restart(100);
    await waitFor(() => status(h) === 'failed', 'failed');
    const everything = JSON.stringify([h.statuses, h.logs, h.client.info()]);
    expect(everything).not.toContain(SECRET);
    expect(h.client.info().lastError).toBe('authentication failed');
  });

  it('logs off politely on stop and ends disabled', async () => {
    const server = await fake();
    const h = connect(server);
    await waitFor(() => status(h) === 'connected', 'connected');
    await h.client.stop();
    expect(server.stats.actions.at(-1)).toBe('Logoff');
    expect(status(h)).toBe('disabled');
    await waitFor(() => server.loggedInSessions === 0, 'session closed');
  });

  it('refuses actions while not logged in with a typed error', async () => {
    const client = new AmiClient({ host: '127.0.0.1', port: 1, username: 'a', secret: 'b' });
    expect(await client.send('Ping')).toMatchObject({ ok: false, error: { code: 'not_connected' } });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = addr && typeof addr === 'object' ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
