// Asterisk AMI end to end: the real web-mode host logs in to the protocol-faithful fake AMI server
// (recorded Asterisk 22 answers) through a connection added in the UI, and the recorded queue
// session is replayed to it. The channel board and the wallboard must show exactly what the core's
// model says at the busiest moment of the recording (callers waiting, agents on calls), the board
// goes idle once every call ended, the console shows the raw events, an unpause and a hang-up are
// answered by the PBX, and a refused password reads "authentication failed" on its card.
//
// The fake runs in this process rather than as `fake-server/main.ts --stream`: the runner streams a
// whole session at once, after which every recorded call has hung up, so the live board could only
// ever be seen empty. Here the same server replays the session in two parts.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { FakeAmiServer } from '../electron/core/ami/fake-server/server.ts';
import { loadAmiRecording } from '../electron/core/ami/fake-server/recording.ts';
import { startHost, type RunningHost } from './host.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const RECORDING = 'queue-calls';
/** Session events, not traffic: FullyBooted would make the core resync in the middle of the replay. */
const SESSION_EVENTS = new Set(['FullyBooted', 'SuccessfulAuth']);
/** Time for the core's 100 ms channel batches and 1 s queue snapshots to reach the page. */
const SETTLE_MS = 20_000;

interface RpcChannel {
  uniqueid: string;
  linkedid: string;
  channel: string;
}
interface RpcQueue {
  name: string;
  callers: unknown[];
  today: { offered: number; answered: number; agentsAvailable: number; agentsOnCall: number };
}

let host: RunningHost;
let fake: FakeAmiServer;
let parts: { busy: Buffer; rest: Buffer };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fake = await FakeAmiServer.start({ users: [{ username: 'admin', secret: 'admin' }] });
  host = await startHost();
  parts = splitAtBusiestMoment(RECORDING);
});
test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
});

/**
 * The recorded events cut at the busiest moment: the most callers waiting, then the most channels
 * up. Everything up to it is one part, the rest (every call ending) the other.
 */
function splitAtBusiestMoment(name: string): { busy: Buffer; rest: Buffer } {
  const rec = loadAmiRecording(name);
  const events = rec.messages
    .filter((m) => m.kind === 'Event' && !SESSION_EVENTS.has(m.name))
    .map((m) => rec.bytes.subarray(m.off, m.off + m.len));
  const live = new Set<string>();
  let waiting = 0;
  let best = { waiting: -1, channels: -1, at: 0 };
  events.forEach((bytes, i) => {
    const text = bytes.toString('utf8');
    const name = /^Event: (\S+)/.exec(text)?.[1];
    const uniqueid = /\r\nUniqueid: (\S+)/.exec(text)?.[1];
    if (name === 'Newchannel' && uniqueid) live.add(uniqueid);
    if (name === 'Hangup' && uniqueid) live.delete(uniqueid);
    if (name === 'QueueCallerJoin') waiting++;
    if (name === 'QueueCallerLeave') waiting--;
    if (waiting > best.waiting || (waiting === best.waiting && live.size > best.channels))
      best = { waiting, channels: live.size, at: i + 1 };
  });
  return { busy: Buffer.concat(events.slice(0, best.at)), rest: Buffer.concat(events.slice(best.at)) };
}

async function rpcResult<T>(name: string, params: unknown = {}): Promise<T> {
  const r = await host.rpc<{ ok: boolean; result: T }>(name, params);
  expect(r.body.ok).toBe(true);
  return r.body.result;
}

async function open(page: Page, view: string, theme: 'dark' | 'light' = 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(host.url.replace('#token=', `#/${view}?token=`));
  await expect(page.getByTestId(`view-${view}`)).toBeVisible();
}

/** Reads every channel row of the virtualized board by scrolling it from top to bottom. */
async function boardUniqueids(page: Page): Promise<string[]> {
  return page.getByTestId('channel-board').evaluate(async (grid) => {
    const seen = new Set<string>();
    // Runs in the page; e2e compiles without the DOM lib, so the frame API is typed here.
    const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): number }).requestAnimationFrame;
    const frame = (): Promise<void> => new Promise((r) => raf(() => raf(() => r())));
    grid.scrollTop = 0;
    await frame();
    for (;;) {
      for (const row of grid.querySelectorAll('[data-testid="channel-row"]'))
        seen.add(row.getAttribute('data-uniqueid') ?? '');
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) break;
      grid.scrollTop += grid.clientHeight / 2;
      await frame();
    }
    grid.scrollTop = 0;
    return [...seen].sort();
  });
}

test('a PBX added through the form connects and the board shows every live channel of the recorded calls', async ({
  page,
}) => {
  await open(page, 'sources');
  await page.getByTestId('ami-add').click();
  const form = page.getByTestId('ami-form');
  await form.getByLabel('Name', { exact: true }).fill('Lab PBX');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(fake.port));
  await form.getByLabel('Username').fill('admin');
  await form.getByTestId('ami-secret').fill('admin');
  await form.getByLabel('Allow actions').check();
  await expect(form.getByTestId('ami-actions-warning')).toContainText('hang up live calls');
  await form.getByTestId('ami-test').click();
  await expect(form.getByTestId('ami-test-result')).toHaveText('Login works: Asterisk 22.10.1 · AMI 11.0.0');
  await form.getByTestId('ami-save').click();

  const card = page.getByTestId('ami-connection-Lab PBX');
  await expect(card.getByTestId('ami-status')).toHaveText('Connected', { timeout: SETTLE_MS });
  await expect(card).toContainText('Asterisk 22.10.1');
  await expect(card.getByTestId('ami-actions-on')).toBeVisible();

  fake.broadcast(parts.busy);
  // The board must show what the core's model holds once the replayed part is applied.
  let expected: RpcChannel[] = [];
  await expect
    .poll(
      async () => {
        expected = (await rpcResult<{ channels: RpcChannel[] }>('channels.list')).channels;
        return expected.length;
      },
      { timeout: SETTLE_MS },
    )
    .toBeGreaterThan(8);
  await page.getByTestId('nav-channels').click();
  await expect(page.getByTestId('channel-board')).toBeVisible();
  await expect(page.getByTestId('channels-counts')).toContainText(`${expected.length} active channels`);
  expect(await boardUniqueids(page)).toEqual(expected.map((c) => c.uniqueid).sort());
  const calls = new Set(expected.map((c) => c.linkedid)).size;
  await expect(page.getByTestId('call-group')).not.toHaveCount(0);
  expect(await page.getByTestId('call-group').count()).toBeLessThanOrEqual(calls);
  await expect(page.getByTestId('hangup-button').first()).toBeVisible();
  await expect(page.locator('[data-testid="channel-row"][data-state="Up"]').first()).toBeVisible();

  await page.getByTestId('channel-board').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.screenshot({ path: path.join(SHOTS, 'channels-live-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(SHOTS, 'channels-live-light.png') });
});

test('the wallboard shows support and sales with the callers waiting, and an unpause is answered by the PBX', async ({
  page,
}) => {
  const queues = await rpcResult<RpcQueue[]>('queues.list');
  expect(queues.map((q) => q.name).sort()).toEqual(['sales', 'support']);
  await open(page, 'queues');
  for (const q of queues) {
    const tile = page.locator(`[data-testid="queue-tile"][data-queue="${q.name}"]`);
    await expect(tile.getByTestId('kpi-waiting')).toHaveText(`${q.callers.length}Waiting`);
    await expect(tile.getByTestId('kpi-counts')).toContainText(`${q.today.offered} offered`);
    await expect(tile.getByTestId('kpi-available')).toHaveText(`${q.today.agentsAvailable}available`);
  }
  const support = queues.find((q) => q.name === 'support')!;
  expect(support.callers.length).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="queue-tile"][data-queue="support"] [data-testid="kpi-longest"]')).toHaveText(
    /^\d+:\d\dLongest wait$/,
  );
  await expect(page.getByTestId('agent-row').first()).toBeVisible();

  // Bob went on a coffee break in the recording; Asterisk answered this exact unpause.
  const bob = page.locator('[data-testid="agent-row"][data-agent="Bob"]');
  await expect(bob).toHaveAttribute('data-state', 'paused');
  await expect(bob).toContainText('coffee');
  await bob.getByTestId('unpause-button').click();
  const dialog = page.getByTestId('pause-dialog');
  await dialog.getByTestId('pause-queue').selectOption('support');
  await dialog.getByTestId('ami-action-confirm').click();
  await expect(dialog.getByTestId('ami-action-answer')).toHaveText(
    'PBX answered Success: Interface unpaused successfully',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Long enough for the longest wait to tick past the first seconds.
  await page.waitForTimeout(3000);
  await page.keyboard.press('f');
  await expect(page.getByTestId('view-queues')).toHaveAttribute('data-wallboard', 'on');
  await page.screenshot({ path: path.join(SHOTS, 'queues-wallboard-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(SHOTS, 'queues-wallboard-light.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('view-queues')).toHaveAttribute('data-wallboard', 'off');
});

test('the console shows the raw events, filters them, pauses with "N new" and shows every field', async ({ page }) => {
  await open(page, 'channels');
  await page.getByTestId('channels-tab-console').click();
  await expect(page.getByTestId('console-line').first()).toBeVisible();
  await page.getByTestId('console-name').fill('QueueCallerJoin');
  await expect(page.getByTestId('console-line').first()).toHaveAttribute('data-event', 'QueueCallerJoin');
  const names = await page.getByTestId('console-line').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-event')));
  expect(new Set(names)).toEqual(new Set(['QueueCallerJoin']));
  await page.getByTestId('console-line').first().click();
  await expect(page.getByTestId('event-detail')).toContainText('Queue');
  await expect(page.getByTestId('event-detail')).toContainText('Uniqueid');
  await page.getByTestId('console-name').fill('');

  await page.getByTestId('console-pause').click();
  fake.broadcast('Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: pbxscope-e2e\r\n\r\n');
  await expect(page.getByTestId('console-new')).toHaveText('1 new', { timeout: SETTLE_MS });
  await page.getByTestId('console-pause').click();
  await expect(page.locator('[data-testid="console-line"][data-event="UserEvent"]').last()).toBeVisible();
  await page.locator('[data-testid="console-line"][data-event="QueueCallerJoin"]').last().click();
  await expect(page.getByTestId('event-detail')).toContainText('QueueCallerJoin');
  await page.screenshot({ path: path.join(SHOTS, 'ami-console.png') });
});

test('a channel hung up from the board is answered by the PBX and leaves the board', async ({ page }) => {
  await open(page, 'channels');
  const before = (await rpcResult<{ channels: RpcChannel[] }>('channels.list')).channels;
  const row = page.locator('[data-testid="channel-row"][data-state="Up"]').first();
  const uniqueid = (await row.getAttribute('data-uniqueid'))!;
  const target = before.find((c) => c.uniqueid === uniqueid)!;
  expect(target).toBeDefined();
  await row.getByTestId('hangup-button').click();
  const dialog = page.getByTestId('hangup-dialog');
  await expect(dialog).toContainText(target.channel);
  await page.screenshot({ path: path.join(SHOTS, 'channels-hangup-dark.png') });
  await dialog.getByTestId('ami-action-confirm').click();
  await expect(dialog.getByTestId('ami-action-answer')).toHaveText('PBX answered Success: Channel Hungup');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The PBX's Hangup event, not the answer, is what takes the channel off the board.
  await expect(page.locator(`[data-testid="channel-row"][data-uniqueid="${uniqueid}"]`)).toHaveCount(0, {
    timeout: SETTLE_MS,
  });
  const after = (await rpcResult<{ channels: RpcChannel[] }>('channels.list')).channels;
  expect(after.map((c) => c.uniqueid)).not.toContain(uniqueid);
  expect(after).toHaveLength(before.length - 1);
  expect(fake.stats.actions).toContain('Hangup');
});

test('once every recorded call has ended the board says the PBX is idle, endpoints list, and the tiles keep the day', async ({
  page,
}) => {
  fake.broadcast(parts.rest);
  await expect
    .poll(async () => (await rpcResult<{ channels: RpcChannel[] }>('channels.list')).channels.length, {
      timeout: SETTLE_MS,
    })
    .toBe(0);
  await open(page, 'channels');
  await expect(page.getByTestId('calls-idle')).toContainText('No calls right now');
  await page.screenshot({ path: path.join(SHOTS, 'channels-idle.png') });
  const endpoints = await rpcResult<{ name: string }[]>('endpoints.list');
  expect(endpoints.length).toBeGreaterThan(0);
  await page.getByTestId('channels-tab-endpoints').click();
  await expect(page.getByTestId('endpoint-row')).toHaveCount(endpoints.length);
  for (const e of endpoints)
    await expect(page.locator(`[data-testid="endpoint-row"][data-endpoint="${e.name}"]`)).toBeVisible();

  await open(page, 'queues');
  await expect
    .poll(async () => (await rpcResult<RpcQueue[]>('queues.list')).every((q) => q.callers.length === 0), {
      timeout: SETTLE_MS,
    })
    .toBe(true);
  const queues = await rpcResult<RpcQueue[]>('queues.list');
  for (const q of queues) {
    const tile = page.locator(`[data-testid="queue-tile"][data-queue="${q.name}"]`);
    await expect(tile.getByTestId('kpi-waiting')).toHaveText('0Waiting');
    await expect(tile.getByTestId('kpi-longest')).toHaveText('—Longest wait');
    await expect(tile.getByTestId('kpi-counts')).toContainText(`${q.today.answered} answered`);
  }
});

test('a refused password reads "authentication failed" in the test and on the connection card', async ({ page }) => {
  await open(page, 'sources');
  await page.getByTestId('ami-add').click();
  const form = page.getByTestId('ami-form');
  await form.getByLabel('Name', { exact: true }).fill('Branch PBX');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(fake.port));
  await form.getByLabel('Username').fill('admin');
  await form.getByTestId('ami-secret').fill('not-the-secret');
  await form.getByTestId('ami-test').click();
  await expect(form.getByTestId('ami-test-result')).toHaveText('Test failed: authentication failed', {
    timeout: SETTLE_MS,
  });
  await form.getByTestId('ami-save').click();
  const card = page.getByTestId('ami-connection-Branch PBX');
  await expect(card.getByTestId('ami-status')).toHaveText('Failed', { timeout: SETTLE_MS });
  await expect(card.getByTestId('ami-last-error')).toContainText('authentication failed');
  await expect(page.getByTestId('ami-connection-Lab PBX').getByTestId('ami-status')).toHaveText('Connected');
  await page.getByTestId('ami-connections').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'sources-ami.png') });
});
