// Constant memory: a capture many times larger than anything the import may hold is streamed
// through the whole chain. What stays reachable (heap + buffers after a full GC) must not grow with
// the file, and the process's resident size must stay bounded while it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.ts';
import { createImportService, type ImportService } from './import-service.ts';
import { writeSyntheticCapture, type SyntheticCapture } from './synthetic-capture.ts';

/** Big enough that holding the file (or a fixed share of it) would show far above the limits below. */
const CAPTURE_BYTES = 80 * 1024 * 1024;
/** A first, small import grows the heaps and SQLite's cache to their working size before measuring. */
const WARMUP_BYTES = 24 * 1024 * 1024;
/** Reachable memory the import may add: reader tail, reassembly, calls in flight, the writer queue (~50k rows). */
const MAX_LIVE_GROWTH_BYTES = 64 * 1024 * 1024;
/** Resident growth allowed on top: garbage awaiting collection, the writer thread's heap and page cache. */
const MAX_RSS_GROWTH_BYTES = 150 * 1024 * 1024;
const MB = 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let dir = '';
let store: Store;
let service: ImportService;
let big: SyntheticCapture;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-import-mem-'));
  big = await writeSyntheticCapture(path.join(dir, 'big.pcap'), CAPTURE_BYTES);
  await writeSyntheticCapture(path.join(dir, 'warmup.pcap'), WARMUP_BYTES);
  store = await openStore({ dataDir: dir });
  service = createImportService({ store, dataDir: dir, onProgress: () => {}, correlationHeaders: () => [] });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importAndWait(file: string): Promise<{ state: string; messages: number; calls: number }> {
  const r = await service.importFile({ path: file });
  if (!r.ok) throw new Error(r.message);
  return service.done(r.result.importId);
}

describe('import memory', () => {
  it('streams an 80 MB capture in bounded memory, whatever its size', async () => {
    expect((await importAndWait(path.join(dir, 'warmup.pcap'))).state).toBe('done');
    gc();
    const base = process.memoryUsage();
    const baseLive = base.heapUsed + base.arrayBuffers;
    let peakLive = baseLive;
    let peakRss = base.rss;
    let samples = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (++samples % 10 === 0) {
        gc();
        const m = process.memoryUsage();
        peakLive = Math.max(peakLive, m.heapUsed + m.arrayBuffers);
      }
    }, 25);
    const final = await importAndWait(path.join(dir, 'big.pcap'));
    clearInterval(sampler);
    expect(final).toMatchObject({ state: 'done', messages: big.messages, calls: big.calls });
    expect(samples).toBeGreaterThan(20);
    const liveGrowth = peakLive - baseLive;
    const rssGrowth = peakRss - base.rss;
    console.log(
      `import of ${Math.round(big.bytes / MB)} MB: live growth ${Math.round(liveGrowth / MB)} MB, RSS growth ${Math.round(rssGrowth / MB)} MB`,
    );
    expect(liveGrowth).toBeLessThan(MAX_LIVE_GROWTH_BYTES);
    expect(rssGrowth).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  }, 120_000);
});
