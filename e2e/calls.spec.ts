// SIP capture end to end: a Kamailio capture (572 HEPv3 datagrams, 50 calls) replayed over UDP to
// the real web-mode host shows exactly the 50 calls of its ground truth in the Calls view and over
// HTTP, a call opens as a ladder with one column per host and one arrow per message, and the same
// capture over HEP/TCP into a second host gives the same calls.
import { expect, test, type Page } from '@playwright/test';
import dgram from 'node:dgram';
import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startHost, type RunningHost } from './host.ts';
import { udpPayloads } from './pcap.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'hep', 'kamailio-calls.pcap');

type Outcome = 'answered' | 'canceled' | 'failed_404' | 'failed_486';
interface Dialog {
  outcome: Outcome;
  messages: number;
  bye_from: string | null;
}
const SUMMARY = JSON.parse(readFileSync(FIXTURE.replace(/\.pcap$/, '.summary.json'), 'utf8')) as {
  dialogs: Record<string, Dialog>;
};
const DIALOGS = Object.entries(SUMMARY.dialogs);

/** What each ground-truth outcome must look like in the app. */
const EXPECTED: Record<Outcome, { code: number; state: string }> = {
  answered: { code: 200, state: 'ended' },
  canceled: { code: 487, state: 'cancelled' },
  failed_404: { code: 404, state: 'failed' },
  failed_486: { code: 486, state: 'failed' },
};

/** Datagrams sent before yielding to the event loop: fast, without overrunning a loopback socket buffer. */
const UDP_BURST = 50;

interface Call {
  callId: string;
  state: string;
  finalCode?: number;
  messageCount: number;
}

let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  host = await startHost();
  const port = await host.listenerPort('hep', 'udp');
  if (port === null) throw new Error(`HEP/UDP is not listening:\n${host.output()}`);
  await replayUdp(port, udpPayloads(FIXTURE));
  await waitForCalls(host, DIALOGS.length);
});
test.afterAll(async () => {
  await host?.stop();
});

async function replayUdp(port: number, datagrams: Buffer[]): Promise<void> {
  const sock = dgram.createSocket('udp4');
  for (let i = 0; i < datagrams.length; i++) {
    await new Promise<void>((resolve, reject) =>
      sock.send(datagrams[i]!, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
    );
    if (i % UDP_BURST === UDP_BURST - 1) await new Promise((r) => setTimeout(r, 5));
  }
  sock.close();
}

/** HEPv3 carries its own length, so the datagrams go back to back on one TCP stream. */
async function replayTcp(port: number, datagrams: Buffer[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.end(Buffer.concat(datagrams), () => resolve());
    });
    sock.on('error', reject);
  });
}

async function searchAll(h: RunningHost): Promise<Call[]> {
  const r = await h.rpc<{ ok: boolean; result: { items: Call[]; nextCursor: string | null } }>('calls.search', {
    limit: 1000,
  });
  expect(r.body.ok).toBe(true);
  expect(r.body.result.nextCursor).toBeNull();
  return r.body.result.items;
}

/** Calls are final once every one of them has its final code; the last BYE answer may lag the replay. */
async function waitForCalls(h: RunningHost, count: number): Promise<void> {
  await expect
    .poll(async () => (await searchAll(h)).filter((c) => c.finalCode !== undefined && c.state !== 'answered').length, {
      timeout: 20_000,
    })
    .toBe(count);
}

function expectGroundTruth(calls: Call[]): void {
  expect(calls.map((c) => c.callId).sort()).toEqual(DIALOGS.map(([id]) => id).sort());
  for (const [callId, d] of DIALOGS) {
    const call = calls.find((c) => c.callId === callId);
    expect({ callId, code: call?.finalCode, state: call?.state }).toEqual({ callId, ...EXPECTED[d.outcome] });
  }
}

/** Reads every row of the virtualized table by scrolling it from top to bottom. */
async function readTableRows(page: Page): Promise<Map<string, { code: string; state: string }>> {
  const rows = await page.getByTestId('calls-table').evaluate(async (grid) => {
    const seen: Record<string, { code: string; state: string }> = {};
    // Runs in the page; e2e compiles without the DOM lib, so the frame API is typed here.
    const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): number }).requestAnimationFrame;
    const frame = (): Promise<void> => new Promise((r) => raf(() => raf(() => r())));
    grid.scrollTop = 0;
    await frame();
    for (;;) {
      for (const row of grid.querySelectorAll('[data-testid="call-row"]')) {
        seen[row.getAttribute('data-call-id') ?? ''] = {
          code: row.querySelector('.calls-cell--code')?.textContent ?? '',
          state: row.querySelector('[data-state]')?.getAttribute('data-state') ?? '',
        };
      }
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) break;
      grid.scrollTop += grid.clientHeight / 2;
      await frame();
    }
    grid.scrollTop = 0;
    return seen;
  });
  return new Map(Object.entries(rows));
}

async function openCalls(page: Page, theme: 'dark' | 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(host.url);
  await expect(page.getByTestId('calls-table')).toBeVisible();
  await expect(page.getByTestId('calls-count')).toHaveText(String(DIALOGS.length));
}

test('calls.search over HTTP returns exactly the 50 calls of the capture with their final codes', async () => {
  expectGroundTruth(await searchAll(host));
});

test('the Calls view lists exactly the 50 calls with the right final codes and states', async ({ page }) => {
  await openCalls(page, 'dark');
  await expect(page.getByTestId('calls-live')).toHaveText('Live');
  const rows = await readTableRows(page);
  expect([...rows.keys()].sort()).toEqual(DIALOGS.map(([id]) => id).sort());
  for (const [callId, d] of DIALOGS) {
    expect({ callId, ...rows.get(callId) }).toEqual({
      callId,
      code: String(EXPECTED[d.outcome].code),
      state: EXPECTED[d.outcome].state,
    });
  }
  await expect(page.getByTestId('calls-end')).toContainText('All 50 calls loaded');
  await page.getByTestId('calls-table').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.screenshot({ path: path.join(SHOTS, 'calls-list-dark.png') });
  await openCalls(page, 'light');
  await page.screenshot({ path: path.join(SHOTS, 'calls-list-light.png') });
});

test('the quick filter finds a call by its Call-ID and says when nothing matches', async ({ page }) => {
  await openCalls(page, 'dark');
  const byOutcome = new Map(DIALOGS.map(([id, d]) => [d.outcome, id]));
  for (const [outcome, callId] of byOutcome) {
    await page.getByTestId('calls-quick-filter').fill(callId);
    await expect(page.getByTestId('call-row')).toHaveCount(1);
    const row = page.getByTestId('call-row').first();
    await expect(row).toHaveAttribute('data-call-id', callId);
    await expect(row.locator('.calls-cell--code')).toHaveText(String(EXPECTED[outcome].code));
  }
  await page.getByTestId('calls-quick-filter').fill('no-such-call-id');
  await expect(page.getByTestId('calls-no-match')).toContainText('No calls match');
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.getByTestId('call-row').first()).toBeVisible();
});

test('an answered call opens as a ladder with 3 hosts and one arrow per message, and an arrow shows its raw SIP', async ({
  page,
}) => {
  const [callId, dialog] = DIALOGS.find(([, d]) => d.outcome === 'answered')!;
  const detail = await host.rpc<{
    ok: boolean;
    result: { messages: { id: number; raw: string }[]; ladder: { arrows: { messageId: number }[] } };
  }>('calls.get', { callId });
  expect(detail.body.ok).toBe(true);
  expect(detail.body.result.messages).toHaveLength(dialog.messages);

  for (const theme of ['dark', 'light'] as const) {
    await openCalls(page, theme);
    await page.getByTestId('calls-quick-filter').fill(callId);
    await expect(page.getByTestId('call-row')).toHaveCount(1);
    await page.getByTestId('call-row').first().dblclick();
    await expect(page).toHaveURL(
      new RegExp(`#/calls/${encodeURIComponent(callId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
    await expect(page.getByTestId('ladder-host')).toHaveCount(3);
    await expect(page.getByTestId('ladder-arrow')).toHaveCount(dialog.messages);
    await expect(page.getByTestId('call-id')).toContainText(callId);
    await expect(page.getByTestId('call-kpi-final')).toContainText('200');

    // The 200 OK answering the INVITE: its raw text, with the SDP summary.
    const arrows = page.getByTestId('ladder-arrow');
    const okIndex = (await arrows.allTextContents()).findIndex((t) => t.includes('200 OK (SDP)'));
    expect(okIndex).toBeGreaterThan(0);
    await arrows.nth(okIndex).click();
    const messageId = Number(await arrows.nth(okIndex).getAttribute('data-message-id'));
    const raw = detail.body.result.messages.find((m) => m.id === messageId)!.raw;
    await expect(page.getByTestId('raw-sip')).toContainText(raw.split('\r\n')[0]!);
    await expect(page.getByTestId('raw-sip')).toContainText(/Call-ID:\s*\S+/);
    await expect(page.getByTestId('sdp-summary')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(arrows.nth(okIndex + 1)).toHaveAttribute('aria-selected', 'true');
    await page.screenshot({ path: path.join(SHOTS, `call-ladder-${theme}.png`) });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('calls-table')).toBeVisible();
  }
});

test('the statistics tab shows the SIP KPIs of the capture', async ({ page }) => {
  await openCalls(page, 'dark');
  await page.getByTestId('calls-tab-stats').click();
  await page.getByTestId('stats-range-all').click();
  const answered = DIALOGS.filter(([, d]) => d.outcome === 'answered').length;
  await expect(page.getByTestId('kpi-invites')).toContainText(String(DIALOGS.length));
  await expect(page.getByTestId('kpi-invites')).toContainText(`${answered} answered`);
  await expect(page.getByTestId('kpi-asr')).toContainText(`${((answered / DIALOGS.length) * 100).toFixed(1)} %`);
  await expect(page.getByTestId('stats-pairs')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'sip-stats.png') });
});

test('the same capture over HEP/TCP into a second host gives the same 50 calls', async () => {
  const second = await startHost();
  try {
    const port = await second.listenerPort('hep', 'tcp');
    expect(port).not.toBeNull();
    await replayTcp(port!, udpPayloads(FIXTURE));
    await waitForCalls(second, DIALOGS.length);
    expectGroundTruth(await searchAll(second));
  } finally {
    await second.stop();
  }
});
