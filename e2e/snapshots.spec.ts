// Trace snapshots end to end against the real web-mode host: the Kamailio capture replayed as live
// HEP, one call exported from its ladder as a redacted HTML report (previewed, downloaded through
// the page with the token in a header, checked for leaks, and opened in the browser); the same
// calls as a plain SIP pcap imported through the upload UI and browsed as a capture; a file that is
// not a capture refused with the core's reason; a large capture's export showing how far it is.
import { expect, test, type Page } from '@playwright/test';
import dgram from 'node:dgram';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeSyntheticCapture } from '../electron/core/import/synthetic-capture.ts';
import { startHost, type RunningHost } from './host.ts';
import { udpPayloads } from './pcap.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const DOWNLOADS = path.join(ROOT, 'test-results', 'snapshot-downloads');
const HEP_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'hep', 'kamailio-calls.pcap');
const SIP_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'sip', 'kamailio-sip.pcap');

const SUMMARY = JSON.parse(readFileSync(HEP_FIXTURE.replace(/\.pcap$/, '.summary.json'), 'utf8')) as {
  dialogs: Record<string, { outcome: string; messages: number }>;
};
const DIALOGS = Object.entries(SUMMARY.dialogs);
const SIP_CALLS = (
  JSON.parse(readFileSync(SIP_FIXTURE.replace(/\.pcap$/, '.summary.json'), 'utf8')) as {
    dialogs_total: number;
  }
).dialogs_total;

/** Datagrams sent before yielding to the event loop: fast, without overrunning a loopback socket buffer. */
const UDP_BURST = 50;

interface Call {
  callId: string;
  state: string;
  finalCode?: number;
  from: string;
  to: string;
  srcIp: string;
  dstIp: string;
}

let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(DOWNLOADS, { recursive: true });
  host = await startHost();
  const port = await host.listenerPort('hep', 'udp');
  if (port === null) throw new Error(`HEP/UDP is not listening:\n${host.output()}`);
  await replayUdp(port, udpPayloads(HEP_FIXTURE));
  await expect
    .poll(async () => (await liveCalls()).filter((c) => c.finalCode !== undefined && c.state !== 'answered').length, {
      timeout: 20_000,
    })
    .toBe(DIALOGS.length);
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

async function liveCalls(): Promise<Call[]> {
  const r = await host.rpc<{ ok: boolean; result: { items: Call[] } }>('calls.search', { limit: 1000 });
  expect(r.body.ok).toBe(true);
  return r.body.result.items;
}

async function openCalls(page: Page, theme: 'dark' | 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(host.url);
  await expect(page.getByTestId('calls-table')).toBeVisible();
  await expect(page.getByTestId('calls-count')).toHaveText(String(DIALOGS.length));
}

/** Every original value the preview table lists for one kind. */
async function previewOriginals(page: Page, kind: 'number' | 'ip' | 'auth' | 'sdp'): Promise<string[]> {
  return page.locator(`[data-testid="redaction-row"][data-kind="${kind}"] td:nth-child(2)`).allTextContents();
}

test('one call exports as a redacted HTML report: previewed, downloaded without leaks, readable in a browser', async ({
  page,
}) => {
  const answered = DIALOGS.find(([, d]) => d.outcome === 'answered')![0];
  const call = (await liveCalls()).find((c) => c.callId === answered)!;

  await openCalls(page, 'dark');
  await page.getByTestId('calls-quick-filter').fill(answered);
  await expect(page.getByTestId('call-row')).toHaveCount(1);
  await page.getByTestId('call-row').first().dblclick();
  await expect(page.getByTestId('ladder-arrow').first()).toBeVisible();
  await page.getByTestId('call-export').click();

  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  for (const kind of ['numbers', 'ips', 'auth', 'sdp']) await expect(page.getByTestId(`redact-${kind}`)).toBeChecked();
  await expect(page.getByTestId('redaction-preview')).toBeVisible();
  await expect(page.getByTestId('export-counts')).toHaveText(/^\d+ calls?, \d+ messages$/);
  // The caller's and callee's numbers and the hosts' addresses are what a ticket must not carry.
  const numbers = await previewOriginals(page, 'number');
  const ips = await previewOriginals(page, 'ip');
  expect(numbers).toEqual(expect.arrayContaining([call.from, call.to].filter((n) => n !== '')));
  expect(ips).toEqual(expect.arrayContaining([...new Set([call.srcIp, call.dstIp])]));
  await page.getByTestId('export-format-html').check();
  await page.screenshot({ path: path.join(SHOTS, 'export-dialog-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(SHOTS, 'export-dialog-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });

  await page.getByTestId('export-submit').click();
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: path.join(SHOTS, 'export-done.png') });
  const fileName = (await page.getByTestId('export-file-name').textContent())!;
  expect(fileName).toMatch(/\.html$/);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-save').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(fileName);
  const saved = path.join(DOWNLOADS, fileName);
  await download.saveAs(saved);
  await expect(page.getByTestId('export-saved')).toBeVisible();

  const html = readFileSync(saved, 'utf8');
  expect(html).toContain('<html');
  for (const original of [...numbers, ...ips]) expect(html, `leaks ${original}`).not.toContain(original);
  expect(html).not.toMatch(/https?:\/\//);

  // The report itself, as the person reading the ticket sees it.
  const report = await page.context().newPage();
  await report.goto(pathToFileURL(saved).href);
  await report.screenshot({ path: path.join(SHOTS, 'html-report.png') });
  await report.close();
});

test('a SIP pcap imports through the upload UI and is browsed as its own capture', async ({ page }) => {
  await openCalls(page, 'dark');
  await page.getByTestId('open-capture-input').setInputFiles(SIP_FIXTURE);
  const item = page.getByTestId('import-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('import-status')).toHaveText('Imported', { timeout: 30_000 });
  await expect(item.getByTestId('import-facts')).toContainText(`${SIP_CALLS} calls`);
  await page.screenshot({ path: path.join(SHOTS, 'import-done.png') });

  await item.getByTestId('import-browse').click();
  await expect(page).toHaveURL(/#\/calls\?capture=\d+$/);
  await expect(page.getByTestId('capture-banner-name')).toHaveText('kamailio-sip.pcap');
  await expect(page.getByTestId('calls-imported')).toBeVisible();
  await expect(page.getByTestId('calls-count')).toHaveText(String(SIP_CALLS));
  await expect(page.getByTestId('calls-end')).toContainText(`All ${SIP_CALLS} calls loaded`);
  await expect(page.getByTestId('capture-select')).toHaveValue(/^[1-9]\d*$/);
  await page
    .getByTestId('import-item')
    .getByRole('button', { name: /dismiss/i })
    .click();
  await page.screenshot({ path: path.join(SHOTS, 'capture-browsing.png') });

  // A call of the capture opens from the capture, and back to live shows the live calls again.
  await page.getByTestId('call-row').first().dblclick();
  await expect(page.getByTestId('ladder-arrow').first()).toBeVisible();
  await expect(page.getByTestId('capture-banner')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('capture-back-live').click();
  await expect(page.getByTestId('calls-live')).toHaveText('Live');
  await expect(page.getByTestId('capture-banner')).toHaveCount(0);
});

test('a file that is not a capture is refused with the core’s reason', async ({ page }) => {
  await openCalls(page, 'dark');
  const garbage = path.join(DOWNLOADS, 'garbage.bin');
  writeFileSync(garbage, 'GET / HTTP/1.1\r\nHost: example\r\n\r\n'.repeat(20));
  await page.getByTestId('open-capture-input').setInputFiles(garbage);
  const item = page.getByTestId('import-item');
  await expect(item.getByTestId('import-status')).toHaveText('Import failed', { timeout: 30_000 });
  await expect(item.getByTestId('import-error')).toContainText(/^not a capture: /);
  await page.screenshot({ path: path.join(SHOTS, 'import-error.png') });
});

test('the captures manager lists the imported capture and deletes it only after confirming', async ({ page }) => {
  await openCalls(page, 'dark');
  await page.getByTestId('captures-manage').click();
  const manager = page.getByTestId('captures-manager');
  const row = manager.getByTestId('capture-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('kamailio-sip.pcap');
  await row.getByTestId('capture-delete').click();
  const confirm = manager.getByTestId('capture-delete-confirm');
  await expect(confirm).toContainText(`${SIP_CALLS} calls`);
  await page.screenshot({ path: path.join(SHOTS, 'captures-manager.png') });
  await confirm.getByTestId('capture-delete-yes').click();
  await expect(manager).toContainText('No capture is imported');
  const left = await host.rpc<{ ok: boolean; result: unknown[] }>('captures.list', {});
  expect(left.body.result).toEqual([]);
});

test('a large export shows how far the core has got, then the written file', async ({ page }) => {
  // ~12 MB of SIP (about 21,000 messages): a redacted bundle of it takes the core a few seconds.
  const file = path.join(DOWNLOADS, 'large-capture.pcap');
  const made = await writeSyntheticCapture(file, 12 * 1024 * 1024);
  const started = await host.rpc<{ ok: boolean; result: { importId: string } }>('import.file', { path: file });
  expect(started.body.ok).toBe(true);
  let captureId = 0;
  await expect
    .poll(
      async () => {
        const r = await host.rpc<{ ok: boolean; result: { id: number; name: string; calls: number }[] }>(
          'captures.list',
          {},
        );
        const c = r.body.result.find((x) => x.name === 'large-capture.pcap');
        captureId = c?.id ?? 0;
        return c?.calls;
      },
      { timeout: 60_000 },
    )
    .toBe(made.calls);

  await openCalls(page, 'dark');
  await page.getByTestId('capture-select').selectOption(String(captureId));
  await expect(page.getByTestId('capture-banner-name')).toHaveText('large-capture.pcap');
  await page.getByTestId('calls-export').click();
  await expect(page.getByTestId('export-counts')).toHaveText(
    `${made.calls.toLocaleString('en')} calls, ${made.messages.toLocaleString('en')} messages`,
    { timeout: 30_000 },
  );
  await page.getByTestId('export-format-bundle').check();
  await page.getByTestId('export-submit').click();
  const percent = page.getByTestId('export-percent');
  await expect(percent).toHaveText(/^\d+ %$/, { timeout: 30_000 });
  // Past the bar's 200 ms width transition, so the picture shows the bar where the text says.
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, 'export-progress-dark.png') });
  await page.getByTestId('export-running').screenshot({ path: path.join(SHOTS, 'export-progress-bar.png') });
  const seen = Number((await percent.textContent())?.replace(' %', ''));
  expect(seen).toBeGreaterThanOrEqual(0);
  expect(seen).toBeLessThanOrEqual(100);
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('export-done')).toContainText(`${made.messages.toLocaleString('en')} messages`);
});

test('an encrypted bundle opened by path asks for its passphrase in the Calls view, then imports', async ({ page }) => {
  const exported = await host.rpc<{ ok: boolean; result: { path: string; calls: number } }>('export.snapshot', {
    query: {},
    capture: 0,
    format: 'bundle',
    passphrase: 'correct horse battery',
  });
  expect(exported.body.ok).toBe(true);
  await openCalls(page, 'dark');
  // As File > Open Capture in the desktop app (or a script) does: the core reads a path.
  const opened = await host.rpc<{ ok: boolean }>('import.file', { path: exported.body.result.path });
  expect(opened.body.ok).toBe(true);
  const item = page.getByTestId('import-item').filter({ hasText: '.pbxscope' });
  await expect(item.getByTestId('import-status')).toHaveText('Import failed', { timeout: 30_000 });
  await expect(item.getByTestId('import-error')).toContainText(/^passphrase needed: /);
  const prompt = item.getByTestId('import-passphrase');
  await prompt.getByTestId('import-passphrase-input').fill('correct horse battery');
  await page.screenshot({ path: path.join(SHOTS, 'import-passphrase-dark.png') });
  await prompt.getByRole('button', { name: 'Import with passphrase' }).click();
  const again = page.getByTestId('import-item').filter({ hasText: '.pbxscope' });
  await expect(again.getByTestId('import-status')).toHaveText('Imported', { timeout: 30_000 });
  await expect(again.getByTestId('import-facts')).toContainText(`${exported.body.result.calls} calls`);
});
