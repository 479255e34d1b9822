// Bundles round trip: a capture exported by our exporter as a .pbxscope bundle and imported again
// must come back as the same calls and the same messages, byte for byte, in a capture of its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallSummary, ImportProgress } from '../../../shared/domain.ts';
import { createExportService } from '../export/service.ts';
import { SipQueries } from '../sip/queries.ts';
import { openStore, type Store } from '../store/index.ts';
import { createImportService, type ImportService } from './import-service.ts';

/** Cheap key derivation for tests; the format's default (N = 2^17) takes ~0.3 s per bundle. */
const FAST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };
const FIXTURE = new URL('../../../test/fixtures/hep/kamailio-calls.pcap', import.meta.url).pathname;

interface Harness {
  dir: string;
  store: Store;
  service: ImportService;
}
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.service.stop();
    await h.store.close();
    rmSync(h.dir, { recursive: true, force: true });
  }
});

async function harness(): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-bundle-'));
  const store = await openStore({ dataDir: dir });
  const service = createImportService({ store, dataDir: dir, onProgress: () => {}, correlationHeaders: () => [] });
  const h = { dir, store, service };
  harnesses.push(h);
  return h;
}

async function importFile(h: Harness, file: string, passphrase?: string): Promise<ImportProgress> {
  const r = await h.service.importFile({ path: file, ...(passphrase ? { passphrase } : {}) });
  if (!r.ok) throw new Error(r.message);
  return h.service.done(r.result.importId);
}

/** A capture's calls without the fields that name the capture or the row. */
function callsOf(h: Harness, capture: number): Omit<CallSummary, 'capture'>[] {
  const page = new SipQueries(h.store.reader).searchCalls({ capture, limit: 1000 });
  if ('error' in page) throw new Error(page.error);
  return page.items.map(({ capture: _c, ...rest }) => rest).sort((a, b) => a.callId.localeCompare(b.callId));
}

/** Every stored column of a capture's messages except its row id and capture number. */
function messagesOf(h: Harness, capture: number): unknown[] {
  return h.store.reader
    .prepare(
      `SELECT ts, call_id, method, status, reason, cseq, cseq_method, src_ip, src_port, dst_ip, dst_port, transport,
              capture_id, node, correlation_id, flags, malformed, hex(raw) AS raw
       FROM sip_messages WHERE capture = ? ORDER BY ts, call_id, cseq, raw`,
    )
    .all(capture);
}

async function exportBundle(h: Harness, capture: number, passphrase?: string): Promise<string> {
  const exporter = createExportService({
    reader: h.store.reader,
    dataDir: h.dir,
    appVersion: 'test',
    scrypt: FAST_SCRYPT,
  });
  const r = await exporter.snapshot({ query: {}, capture, format: 'bundle', ...(passphrase ? { passphrase } : {}) });
  if (!r.ok) throw new Error(r.message);
  expect(r.result).toMatchObject({ calls: 50, messages: 572 });
  return r.result.path;
}

describe('bundle import', () => {
  it('brings an exported capture back as the same calls and byte-identical messages, in a new capture', async () => {
    const h = await harness();
    const source = await importFile(h, FIXTURE);
    expect(source.state).toBe('done');
    const bundle = await exportBundle(h, source.captureId!);
    const again = await importFile(h, bundle);
    expect(again).toMatchObject({ state: 'done', messages: 572, calls: 50 });
    expect(again.captureId).not.toBe(source.captureId);
    expect(callsOf(h, again.captureId!)).toEqual(callsOf(h, source.captureId!));
    expect(messagesOf(h, again.captureId!)).toEqual(messagesOf(h, source.captureId!));
    const info = h.service.list().find((c) => c.id === again.captureId);
    expect(info).toMatchObject({ format: 'bundle', messages: 572, calls: 50, name: path.basename(bundle) });
  });

  it('opens an encrypted bundle with its passphrase only, and says what is missing or wrong', async () => {
    const h = await harness();
    const source = await importFile(h, FIXTURE);
    const bundle = await exportBundle(h, source.captureId!, 'correct horse battery');
    expect(await importFile(h, bundle)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^passphrase needed: /),
    });
    expect(await importFile(h, bundle, 'wrong words here')).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^wrong passphrase: /),
    });
    const opened = await importFile(h, bundle, 'correct horse battery');
    expect(opened).toMatchObject({ state: 'done', messages: 572, calls: 50 });
    expect(callsOf(h, opened.captureId!)).toEqual(callsOf(h, source.captureId!));
    // Failed attempts leave nothing: only the source capture and the opened one exist.
    expect(
      h.service
        .list()
        .map((c) => c.id)
        .sort(),
    ).toEqual([source.captureId, opened.captureId].sort());
    expect(
      (h.store.reader.prepare('SELECT count(DISTINCT capture) AS n FROM sip_messages').get() as { n: number }).n,
    ).toBe(2);
  });

  it('names a damaged bundle and leaves nothing behind', async () => {
    const h = await harness();
    const source = await importFile(h, FIXTURE);
    const bytes = readFileSync(await exportBundle(h, source.captureId!));
    const cut = path.join(h.dir, 'cut.pbxscope');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await importFile(h, cut)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^corrupt bundle: /),
    });
    expect(h.service.list().map((c) => c.id)).toEqual([source.captureId]);
  });
});
