// The reader thread answers exactly what the same queries answer on the core thread, keeps serving
// after a read fails, and answers with error values once closed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import { newCounters } from '../ingest/counters.ts';
import { SipCapture } from '../sip/capture.ts';
import { SipQueries } from '../sip/queries.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store-api.ts';
import { makeTempDir } from '../store/test-data.ts';
import type { ReadArg } from './read-ops.ts';
import { ReaderPool, readAnswer, readerWorkerUrl } from './reader-pool.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
const NOW_US = 1_900_000_000_000_000;

let temp: ReturnType<typeof makeTempDir>;
let store: Store;
let pool: ReaderPool;

beforeEach(async () => {
  temp = makeTempDir();
  store = await openStore({ dataDir: temp.dir });
  const capture = new SipCapture({
    writer: store.writer,
    correlationHeaders: () => [],
    authKey: () => null,
    onCalls: () => undefined,
  });
  const r = readUdpDatagrams(readFileSync(path.join(FIXTURES, 'hep/kamailio-calls.pcap')));
  if (!r.ok) throw new Error(r.error.message);
  const counters = newCounters();
  for (const d of r.datagrams) capture.takeHep(d.payload, counters, 'udp');
  capture.stop(); // persists every call
  await store.writer.flush();
  pool = new ReaderPool(store.dbPath);
});

afterEach(async () => {
  await pool.close();
  await store.close();
  temp.remove();
});

describe('ReaderPool', () => {
  it('answers every SIP read exactly as the same query on the core thread does', async () => {
    const direct = new SipQueries(store.reader);
    const search: ReadArg<'calls.search'> = { limit: 20 };
    const page = await pool.run('calls.search', search);
    expect(page).toEqual({ ok: true, result: direct.searchCalls(search) });
    const first = direct.searchCalls({ limit: 1 });
    if ('error' in first) throw new Error(first.error);
    const callId = first.items[0]!.callId;
    expect(await pool.run('calls.get', { callId })).toEqual({ ok: true, result: direct.getCall({ callId }) });
    expect(await pool.run('messages.search', { limit: 50, callId })).toEqual({
      ok: true,
      result: direct.searchMessages({ limit: 50, callId }),
    });
    expect(await pool.run('sip.stats', { q: {}, nowUs: NOW_US })).toEqual({
      ok: true,
      result: direct.stats({}, NOW_US),
    });
    // Sanity: the fixture is really there.
    expect(page.ok && 'items' in page.result && page.result.items).toHaveLength(20);
  });

  it("turns a query's own refusal into bad_request and a missing call into null", async () => {
    expect(readAnswer(await pool.run('calls.search', { limit: 10, cursor: 'not-a-cursor' }))).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect(await pool.run('calls.get', { callId: 'no-such-call' })).toEqual({ ok: true, result: null });
  });

  it('answers a read that throws with an error value and keeps serving', async () => {
    // Deliberately malformed: the handlers' schemas never let this through.
    const broken = await pool.run('calls.get', null as unknown as ReadArg<'calls.get'>);
    expect(broken).toMatchObject({ ok: false, code: 'internal' });
    expect(await pool.run('calls.search', { limit: 1 })).toMatchObject({ ok: true });
  });

  it('answers unavailable once closed, without throwing', async () => {
    expect(await pool.run('calls.search', { limit: 1 })).toMatchObject({ ok: true });
    await pool.close();
    expect(await pool.run('calls.search', { limit: 1 })).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('resolves its entry file to the TypeScript source beside it when run from source', () => {
    expect(readerWorkerUrl().pathname.endsWith('/electron/core/reads/reader-worker.ts')).toBe(true);
  });
});
