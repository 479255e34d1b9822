// AMI through the whole core: a connection saved over the request API logs in to the
// protocol-faithful fake Asterisk, the recorded queue session streams in, and the live model,
// the store and the requests all show it. A wrong password fails once and says why.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from '../../../shared/contract.ts';
import type { AmiConnectionInfo, AmiEventRow, QueueLive } from '../../../shared/domain.ts';
import { createCore, type Core } from '../index.ts';
import { FakeAmiServer } from './fake-server/server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SECRET = 'pbx-Secret-7731';

async function setup(): Promise<{ core: Core; fake: FakeAmiServer; dataDir: string }> {
  const fake = await FakeAmiServer.start({ users: [{ username: 'admin', secret: SECRET }] });
  cleanups.push(() => fake.close());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-ami-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const core = await createCore({ dataDir, listenHost: '127.0.0.1', ports: { hep: 0, sip: 0, statsd: 0, syslog: 0 } });
  cleanups.push(() => core.stop());
  return { core, fake, dataDir };
}

async function call<T>(core: Core, name: string, params: unknown): Promise<T> {
  const r = await core.handle(name, params);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.result as T;
}

async function until<T>(fn: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('AMI in the core', () => {
  it('connects a saved PBX, keeps its secret out of every answer and the disk, and shows the recorded queue session', async () => {
    const { core, fake, dataDir } = await setup();
    const { id } = await call<{ id: string }>(core, 'ami.connections.save', {
      name: 'lab',
      host: '127.0.0.1',
      port: fake.port,
      username: 'admin',
      secret: SECRET,
    });
    const connected = await until(
      async () =>
        (await call<AmiConnectionInfo[]>(core, 'ami.connections.list', {})).find(
          (c) => c.id === id && c.status === 'connected',
        ),
      'connected',
    );
    expect(connected).toMatchObject({ hasSecret: true, name: 'lab' });
    expect(JSON.stringify(await call(core, 'ami.connections.list', {}))).not.toContain(SECRET);
    expect(readFileSync(path.join(dataDir, 'ami-connections.json'), 'utf8')).not.toContain(SECRET);

    await fake.streamRecording('queue-calls', 3);
    const queues = await until(async () => {
      const q = await call<QueueLive[]>(core, 'queues.list', {});
      return q.some((x) => x.name === 'support' && x.today.offered > 0) &&
        q.some((x) => x.name === 'sales' && x.today.offered > 0)
        ? q
        : undefined;
    }, 'queues with traffic');
    const support = queues.find((q) => q.name === 'support')!;
    expect(support.today.offered).toBe(3);
    expect(support.today.answered).toBe(2);

    const events = await call<Page<AmiEventRow>>(core, 'ami.events.search', {
      pbx: id,
      name: 'QueueCallerJoin',
      limit: 50,
    });
    expect(events.items).toHaveLength(5);
    // Every channel of the recording hangs up by its end: the board ends empty, no ghosts.
    const board = await until(async () => {
      const b = await call<{ channels: unknown[] }>(core, 'channels.list', { pbx: id });
      return b.channels.length === 0 ? b : undefined;
    }, 'an empty channel board');
    expect(board.channels).toEqual([]);
  });

  it('stops at a refused password, after one login, and says why', async () => {
    const { core, fake } = await setup();
    const { id } = await call<{ id: string }>(core, 'ami.connections.save', {
      name: 'wrong',
      host: '127.0.0.1',
      port: fake.port,
      username: 'admin',
      secret: 'not-the-secret',
    });
    const failed = await until(
      async () =>
        (await call<AmiConnectionInfo[]>(core, 'ami.connections.list', {})).find(
          (c) => c.id === id && c.status === 'failed',
        ),
      'failed',
    );
    expect(failed.lastError).toBe('authentication failed');
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.stats.logins).toBe(1);
  });

  it('refuses actions on a read-only connection', async () => {
    const { core, fake } = await setup();
    const { id } = await call<{ id: string }>(core, 'ami.connections.save', {
      name: 'ro',
      host: '127.0.0.1',
      port: fake.port,
      username: 'admin',
      secret: SECRET,
    });
    const r = await core.handle('ami.action', { action: 'hangup', pbx: id, channel: 'PJSIP/alice-00000001' });
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
  });
});
