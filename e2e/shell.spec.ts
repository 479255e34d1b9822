// The app shell in web mode against the real host: every view opens, the status bar follows live
// ingest, Sources applies changes live, and the HTTP API answers 401/400/404 as documented.
import { expect, test } from '@playwright/test';
import dgram from 'node:dgram';
import { statSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startHost, type RunningHost } from './host.ts';

const VIEWS = ['calls', 'channels', 'queues', 'metrics', 'logs', 'alerts', 'sources'] as const;
const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

let host: RunningHost;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  host = await startHost();
});
test.afterAll(async () => {
  await host?.stop();
});

interface Listener {
  name: string;
  proto: string;
  port: number;
  state: string;
  received: number;
  error?: string;
}

async function listeners(): Promise<Listener[]> {
  const r = await host.rpc<{ ok: boolean; result: { listeners: Listener[] } }>('status', {});
  return r.body.result.listeners;
}

async function sendUdp(port: number, count: number): Promise<void> {
  const sock = dgram.createSocket('udp4');
  for (let i = 0; i < count; i++) {
    await new Promise<void>((r) => sock.send(Buffer.from(`probe ${i}`), port, '127.0.0.1', () => r()));
  }
  sock.close();
}

test.describe('HTTP API', () => {
  test('answers status with the fixed shape when the token is right', async () => {
    const r = await host.rpc<{ ok: boolean; result: Record<string, unknown> }>('status', {});
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(Object.keys(r.body.result)).toEqual(
      expect.arrayContaining(['version', 'uptimeSec', 'dataDir', 'dbBytes', 'listeners']),
    );
    const ls = r.body.result.listeners as Listener[];
    const hepUdp = ls.find((l) => l.name === 'hep' && l.proto === 'udp');
    expect(hepUdp?.state).toBe('listening');
    expect(hepUdp?.port).toBeGreaterThan(0);
  });

  test('refuses a missing or wrong token with 401', async () => {
    expect((await host.rpc('status', {}, null)).status).toBe(401);
    const wrong = await host.rpc<{ ok: boolean; code: string }>('status', {}, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  test('answers 400 with a readable message when params fail the schema', async () => {
    const r = await host.rpc<{ ok: boolean; code: string; message: string }>('sources.save', {
      name: 'hep',
      port: 70000,
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('bad_request');
    expect(r.body.message).toMatch(/port/);
    const badJson = await fetch(`${host.base}/api/rpc/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}` },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
  });

  test('answers 404 for an unknown request', async () => {
    const r = await host.rpc<{ ok: boolean; code: string }>('no.such.request', {});
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not_found');
  });

  test('writes web.json readable by its owner only', async () => {
    const mode = statSync(path.join(host.dataDir, 'web.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});

test.describe('UI', () => {
  for (const theme of ['dark', 'light'] as const) {
    test(`every view opens and shows its designed state (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(host.url);
      await expect(page.getByTestId('status-bar')).toBeVisible();
      for (const view of VIEWS) {
        await page.getByTestId(`nav-${view}`).click();
        await expect(page.getByTestId(`view-${view}`)).toBeVisible();
        if (view !== 'sources') await expect(page.getByTestId(`empty-${view}`)).toBeVisible();
        await page.screenshot({ path: path.join(SHOTS, `${view}-${theme}.png`) });
      }
    });
  }

  test('a view opens by URL', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('status-bar')).toBeVisible();
    await page.goto(`${host.base}/#/metrics`);
    await expect(page.getByTestId('view-metrics')).toBeVisible();
  });

  test('the status bar follows live ingest', async ({ page }) => {
    await page.goto(host.url);
    const hep = (await listeners()).find((l) => l.name === 'hep' && l.proto === 'udp');
    expect(hep).toBeDefined();
    const chip = page.getByTestId('health-hep-udp');
    await expect(chip).toBeVisible();
    await sendUdp(hep!.port, 200);
    // The pushed health event carries the counters: the chip must show traffic without a reload.
    await expect
      .poll(async () => (await listeners()).find((l) => l.name === 'hep' && l.proto === 'udp')?.received)
      .toBeGreaterThanOrEqual(200);
    await expect(chip).not.toHaveText(/^\s*$/);
    await expect(page.getByTestId('health-db')).toContainText(/B/);
    await page.screenshot({ path: path.join(SHOTS, 'status-bar-live.png') });
  });

  test('Sources shows a port already in use as an error, and recovers', async ({ page }) => {
    const blocker = dgram.createSocket('udp4');
    await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', () => r()));
    const busyPort = blocker.address().port;
    try {
      const saved = await host.rpc<{ ok: boolean; result: { config: { name: string }; listeners: Listener[] }[] }>(
        'sources.save',
        {
          name: 'statsd',
          port: busyPort,
          udp: true,
          tcp: false,
        },
      );
      expect(saved.status).toBe(200);
      const statsd = saved.body.result.find((s) => s.config.name === 'statsd');
      expect(statsd?.listeners[0]?.state).toBe('error');
      expect(statsd?.listeners[0]?.error).toContain(`port ${busyPort}/udp is already in use`);
      await page.goto(host.url);
      await page.getByTestId('nav-sources').click();
      await expect(page.getByTestId('source-statsd').getByText(`port ${busyPort}/udp is already in use`)).toBeVisible();
      await expect(page.getByTestId('health-statsd-udp')).toContainText(`port ${busyPort}/udp is already in use`);
      await page.screenshot({ path: path.join(SHOTS, 'sources-port-in-use.png'), fullPage: true });
    } finally {
      blocker.close();
    }
    const fixed = await host.rpc<{ ok: boolean; result: { config: { name: string }; listeners: Listener[] }[] }>(
      'sources.save',
      { name: 'statsd', port: 0 },
    );
    expect(fixed.body.result.find((s) => s.config.name === 'statsd')?.listeners[0]?.state).toBe('listening');
  });
});
