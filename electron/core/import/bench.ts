// Import benchmark: a large synthetic capture (the plain-SIP fixture repeated with unique Call-IDs,
// 200 MB) imported through the whole chain into a real store. Throughput and resident memory; run by
// `npm run bench` in a child process of its own, so RSS is this import's alone.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaptureStreamReader } from '../capture/pcap-file.ts';
import { openStore } from '../store/index.ts';
import { CapturePipeline } from './capture-pipeline.ts';
import { openCaptureFile, readChunks } from './file-chunks.ts';
import { createImportService } from './import-service.ts';
import { writeSyntheticCapture } from './synthetic-capture.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Size of the synthetic capture: the size of a long trace someone attaches to a ticket. */
const CAPTURE_BYTES = 200 * 1024 * 1024;
/** RSS sampling period: short next to a multi-second import, so the peak is not missed by much. */
const RSS_SAMPLE_MS = 20;
const MB = 1024 * 1024;

export async function benchImport(captureBytes = CAPTURE_BYTES): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-import-bench-'));
  try {
    const file = path.join(dir, 'synthetic.pcap');
    const made = await writeSyntheticCapture(file, captureBytes);
    const dissectSeconds = await timeDissectOnly(file);
    const store = await openStore({ dataDir: dir });
    const service = createImportService({ store, dataDir: dir, onProgress: () => {}, correlationHeaders: () => [] });
    try {
      globalThis.gc?.();
      const baseRss = process.memoryUsage.rss();
      let peakRss = baseRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), RSS_SAMPLE_MS);
      const started = performance.now();
      const r = await service.importFile({ path: file });
      if (!r.ok) throw new Error(r.message);
      const final = await service.done(r.result.importId);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (final.state !== 'done') throw new Error(`import ${final.state}: ${final.error ?? ''}`);
      if (final.messages !== made.messages || final.calls !== made.calls) {
        throw new Error(
          `imported ${final.messages} messages / ${final.calls} calls, expected ${made.messages} / ${made.calls}`,
        );
      }
      return [
        {
          name: `import ${Math.round(made.bytes / MB)} MB pcap (${made.messages} SIP messages, ${made.calls} calls)`,
          value: round(seconds, 2),
          unit: 's',
        },
        { name: 'import throughput', value: round(made.bytes / MB / seconds, 1), unit: 'MB/s' },
        {
          name: 'import: file read + dissector chain alone (no SIP decoding, no store)',
          value: round(made.bytes / MB / dissectSeconds, 1),
          unit: 'MB/s',
        },
        { name: 'import rate', value: Math.round(made.messages / seconds), unit: 'messages/s' },
        { name: 'import peak RSS (process, writer thread included)', value: round(peakRss / MB, 0), unit: 'MB' },
        { name: 'import RSS growth over the idle store', value: round((peakRss - baseRss) / MB, 0), unit: 'MB' },
      ];
    } finally {
      await service.stop();
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The chain up to the SIP decoders: read, pcap records, link/IP/UDP, payload classification. */
async function timeDissectOnly(file: string): Promise<number> {
  const opened = await openCaptureFile(file);
  if (!opened.ok) throw new Error(opened.message);
  const started = performance.now();
  const reader = new CaptureStreamReader();
  const pipeline = new CapturePipeline({ hep: () => {}, sip: () => {} });
  for await (const chunk of readChunks(opened.handle)) for (const r of reader.push(chunk).records) pipeline.take(r);
  pipeline.finish();
  return (performance.now() - started) / 1000;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

// `node electron/core/import/bench.ts [MB]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const mb = Number(process.argv[2] ?? 200);
  benchImport(mb * MB).then(
    (rows) => {
      for (const row of rows) console.log(`${row.name}: ${row.value} ${row.unit}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
