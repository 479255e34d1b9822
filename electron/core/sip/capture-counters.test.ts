// `stored` is what a listener's user reads as "on disk". Live capture and an import share one
// store writer; each capture must credit only its own rows, and rows the writer refuses or loses
// must never read as stored.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readUdpDatagrams } from '../capture/read-udp.ts';
import { newCounters } from '../ingest/counters.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store-api.ts';
import { makeTempDir } from '../store/test-data.ts';
import { SipCapture } from './capture.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');

function hepPackets(): Buffer[] {
  const r = readUdpDatagrams(readFileSync(path.join(FIXTURES, 'hep/kamailio-calls.pcap')));
  if (!r.ok) throw new Error(r.error.message);
  return r.datagrams.map((d) => d.payload);
}

let temp: ReturnType<typeof makeTempDir>;
let store: Store | null = null;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  await store?.close();
  store = null;
  temp.remove();
});

function newCapture(s: Store, capture: number): SipCapture {
  return new SipCapture({
    writer: s.writer,
    correlationHeaders: () => [],
    authKey: () => null,
    onCalls: () => undefined,
    capture,
  });
}

describe('SipCapture stored counters', () => {
  it('credits each capture sharing the writer with its own committed rows only', async () => {
    store = await openStore({ dataDir: temp.dir, batchMaxRows: 97 });
    const packets = hepPackets();
    const live = newCapture(store, 0);
    const imported = newCapture(store, 7);
    const liveCounters = newCounters();
    const importCounters = newCounters();
    // Interleaved in uneven runs, as an import's bursts and live datagrams reach the writer.
    for (let i = 0; i < packets.length; i++) {
      live.takeHep(packets[i] as Buffer, liveCounters, 'udp');
      if (i % 3 === 0) {
        for (const p of packets.slice(i, i + 5)) imported.takeHep(p, importCounters, 'udp');
      }
    }
    await store.writer.flush();
    const rows = (capture: number) =>
      (store?.reader.prepare('SELECT count(*) AS n FROM sip_messages WHERE capture = ?').get(capture) as { n: number })
        .n;
    expect(rows(0)).toBe(packets.length);
    expect(liveCounters.stored).toBe(packets.length);
    expect(importCounters.stored).toBe(rows(7));
    expect(importCounters.stored).toBeGreaterThan(packets.length);
    live.stop();
    imported.stop();
  });

  it("does not count live rows as stored while only the import's rows have committed", async () => {
    store = await openStore({ dataDir: temp.dir, batchMaxRows: 100, batchMaxDelayMs: 60_000 });
    const packets = hepPackets();
    const live = newCapture(store, 0);
    const imported = newCapture(store, 7);
    const liveCounters = newCounters();
    const importCounters = newCounters();
    // 300 import rows leave in three full batches; the 10 live rows after them wait for the next.
    const s = store;
    const committed = new Promise<void>((resolve) => {
      let rows = 0;
      const off = s.writer.onCommit((e) => {
        rows += e.kinds['sip.message'] ?? 0;
        if (rows >= 300) {
          off();
          resolve();
        }
      });
    });
    for (const p of packets.slice(0, 300)) imported.takeHep(p, importCounters, 'udp');
    for (const p of packets.slice(300, 310)) live.takeHep(p, liveCounters, 'udp');
    await committed;
    expect(importCounters.stored).toBe(300);
    expect(liveCounters.stored).toBe(0);
    await s.writer.flush();
    expect(liveCounters.stored).toBe(10);
    live.stop();
    imported.stop();
  });

  it('counts rows the writer refuses as dropped, never as stored', async () => {
    store = await openStore({ dataDir: temp.dir });
    const packets = hepPackets().slice(0, 20);
    const capture = newCapture(store, 0);
    const counters = newCounters();
    for (const p of packets.slice(0, 10)) capture.takeHep(p, counters, 'udp');
    await store.writer.flush();
    await store.close();
    for (const p of packets.slice(10)) capture.takeHep(p, counters, 'udp');
    expect(counters).toMatchObject({ received: 0, stored: 10, dropped: 10 });
    capture.stop();
    store = null;
  });
});
