// Trace snapshots for tickets: select calls, load their messages, redact, render one of four formats
// (pcap, text, html, bundle) and write it into the data dir's exports folder. The request handlers
// call this; every failure comes back as an RpcResult, never as an exception.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import {
  fail,
  ok,
  type ExportPreviewSchema,
  type ExportSnapshotSchema,
  type RpcResult,
} from '../../../shared/contract.ts';
import type { CallSummary, ExportResult, RedactionPreviewItem } from '../../../shared/domain.ts';
import { SipQueries } from '../sip/queries.ts';
import { BUNDLE_FORMAT_VERSION, type BundleMeta, type ScryptParams } from './bundle-format.ts';
import { bundleFileChunks } from './bundle-write.ts';
import { writeExportFile } from './export-file.ts';
import { exportFileName } from './file-name.ts';
import { groupCalls } from './groups.ts';
import { htmlReport } from './html-report.ts';
import type { ExportMessage, SelectionInfo, Snapshot } from './model.ts';
import { PcapEncoder } from './pcap-export.ts';
import { Redactor } from './redact.ts';
import {
  captureOf,
  countMessages,
  forEachMessageChunk,
  loadMessages,
  selectCalls,
  type SelectionParams,
} from './select.ts';
import { textReport } from './text-report.ts';

export interface ExportDeps {
  /** The store's read-only connection. */
  reader: Database.Database;
  dataDir: string;
  appVersion: string;
  /** Clock in µs UTC (the core's unit); defaults to Date.now() * 1000. */
  now?: () => number;
  /** Bundle key derivation; defaults to DEFAULT_SCRYPT (tests pass cheaper factors). */
  scrypt?: ScryptParams;
}

export type SnapshotParams = z.infer<typeof ExportSnapshotSchema>;
export type PreviewParams = z.infer<typeof ExportPreviewSchema>;
export type SnapshotResult = Omit<ExportResult, 'downloadUrl'>;
export interface PreviewResult {
  calls: number;
  messages: number;
  redactions: RedactionPreviewItem[];
}

export interface ExportService {
  snapshot(
    params: SnapshotParams,
    onProgress?: (done: number, total: number) => void,
  ): Promise<RpcResult<SnapshotResult>>;
  preview(params: PreviewParams): RpcResult<PreviewResult>;
}

/** Messages handled between two yields to the event loop (and two progress reports): a few ms of work. */
export const MESSAGES_PER_BATCH = 500;
/** Rendered text is handed to the file in pieces of about this size. */
const CHUNK_BYTES = 1024 * 1024;
/** Query fields that may hold a number, a name or an address, and so are not written into a redacted file. */
const PERSONAL_QUERY_FIELDS = new Set(['q', 'callId', 'user', 'userAgent']);

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export function createExportService(deps: ExportDeps): ExportService {
  const queries = new SipQueries(deps.reader);
  const now = deps.now ?? (() => Date.now() * 1000);

  function preview(params: PreviewParams): RpcResult<PreviewResult> {
    try {
      const sel = selectCalls(queries, params);
      if (!sel.ok) return sel;
      const totals = countMessages(deps.reader, sel.result);
      if (!totals.ok) return totals;
      const redactor = new Redactor(params.redact);
      let messages = 0;
      forEachMessageChunk(deps.reader, sel.result, (chunk) => {
        messages += chunk.length;
        for (const m of chunk) redactor.observeMessage(m);
      });
      for (const c of sel.result.calls) redactor.observeCall(c);
      return ok({ calls: sel.result.calls.length, messages, redactions: redactor.preview() });
    } catch (err) {
      return fail('internal', `export preview failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function snapshot(
    params: SnapshotParams,
    onProgress?: (done: number, total: number) => void,
  ): Promise<RpcResult<SnapshotResult>> {
    try {
      const createdAt = now();
      const sel = selectCalls(queries, params);
      if (!sel.ok) return sel;
      const totals = countMessages(deps.reader, sel.result);
      if (!totals.ok) return totals;
      const redactor = new Redactor(params.redact);
      // Work units per message: loading it, both redaction passes when on, and each rendering.
      const passes = 1 + (redactor.active ? 2 : 0) + (params.format === 'bundle' ? 2 : 1);
      const progress = progressOf(totals.result.messages * passes, onProgress);
      progress.report();
      const loaded = await loadMessages(deps.reader, sel.result, progress.advance);
      if (!loaded.ok) return loaded;

      const { calls, messages } = await redact(redactor, sel.result.calls, loaded.result, progress.advance);
      const snap: Snapshot = {
        meta: {
          format: params.format,
          appVersion: deps.appVersion,
          createdAt,
          capture: captureOf(params),
          selection: selectionInfo(params, redactor),
          redaction: redactor.applied,
        },
        calls,
        messages,
        groups: groupCalls(calls, messages),
      };
      const fileName = exportFileName(
        params.callIds !== undefined ? { callIds: params.callIds.map((id) => redactor.text(id)) } : { search: true },
        createdAt,
        params.format,
      );

      let written = messages.length;
      let chunks: AsyncIterable<Buffer> | Iterable<Buffer>;
      if (params.format === 'pcap') {
        const encoder = new PcapEncoder();
        chunks = pcapChunks(encoder, messages, progress.tick);
        const file = await writeExportFile(deps.dataDir, fileName, chunks);
        written = encoder.counts.messages;
        progress.finish();
        return finish(file, calls.length, written);
      }
      if (params.format === 'text') chunks = pieces(textReport(snap, progress.tick));
      else if (params.format === 'html') chunks = pieces(htmlReport(snap, progress.tick));
      else {
        const text = await collect(textReport(snap, progress.tick));
        const html = await collect(htmlReport(snap, progress.tick));
        chunks = bundleFileChunks(
          { meta: bundleMeta(snap), calls, messages, text, html },
          params.passphrase,
          deps.scrypt,
        );
      }
      const file = await writeExportFile(deps.dataDir, fileName, chunks);
      progress.finish();
      return finish(file, calls.length, written);
    } catch (err) {
      return fail('internal', `export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return { snapshot, preview };
}

function finish(
  file: Awaited<ReturnType<typeof writeExportFile>>,
  calls: number,
  messages: number,
): RpcResult<SnapshotResult> {
  if (!file.ok) return fail('unavailable', `the export could not be written: ${file.message}`);
  return ok({ path: file.path, fileName: file.fileName, bytes: file.bytes, calls, messages });
}

/** Both passes of the redaction, a batch at a time. Without any option chosen the data passes through untouched. */
async function redact(
  redactor: Redactor,
  calls: CallSummary[],
  messages: ExportMessage[],
  advance: (messages: number) => void,
): Promise<{ calls: CallSummary[]; messages: ExportMessage[] }> {
  if (!redactor.active) return { calls, messages };
  for (let i = 0; i < messages.length; i += MESSAGES_PER_BATCH) {
    const batch = messages.slice(i, i + MESSAGES_PER_BATCH);
    for (const m of batch) redactor.observeMessage(m);
    advance(batch.length);
    await yieldToLoop();
  }
  for (const c of calls) redactor.observeCall(c);
  const out: ExportMessage[] = [];
  for (let i = 0; i < messages.length; i += MESSAGES_PER_BATCH) {
    const batch = messages.slice(i, i + MESSAGES_PER_BATCH);
    for (const m of batch) out.push(redactor.message(m));
    advance(batch.length);
    await yieldToLoop();
  }
  return { calls: calls.map((c) => redactor.call(c)), messages: out };
}

/** How the calls were chosen, with anything personal masked or left out when redaction is on. */
function selectionInfo(params: SelectionParams, redactor: Redactor): SelectionInfo {
  if (params.callIds !== undefined) return { kind: 'calls', callIds: params.callIds.map((id) => redactor.text(id)) };
  const query: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params.query ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'number') query[key] = value;
    else if (key === 'ip') query[key] = redactor.ip(value);
    else query[key] = redactor.active && PERSONAL_QUERY_FIELDS.has(key) ? '[redacted]' : value;
  }
  return { kind: 'query', query };
}

function bundleMeta(snap: Snapshot): BundleMeta {
  return {
    formatVersion: BUNDLE_FORMAT_VERSION,
    appVersion: snap.meta.appVersion,
    createdAt: snap.meta.createdAt,
    capture: snap.meta.capture,
    selection: snap.meta.selection,
    redaction: snap.meta.redaction,
    calls: snap.calls.length,
    messages: snap.messages.length,
  };
}

/** Counts rendered messages and reports every MESSAGES_PER_BATCH of them (and the last). */
/**
 * Counts work units and reports them at most once per MESSAGES_PER_BATCH, and at the end. The
 * total is counted before loading; calls still live may gain messages meanwhile, so `done` is
 * capped at the total rather than run past 100 %.
 */
function progressOf(
  total: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): { advance: (n: number) => void; tick: () => void; report: () => void; finish: () => void } {
  let done = 0;
  let reported = -1;
  const report = (): void => {
    const d = Math.min(done, total);
    if (d === reported) return;
    reported = d;
    onProgress?.(d, total);
  };
  const advance = (n: number): void => {
    const before = Math.floor(done / MESSAGES_PER_BATCH);
    done += n;
    if (Math.floor(done / MESSAGES_PER_BATCH) !== before || done >= total) report();
  };
  return {
    report,
    advance,
    tick: () => advance(1),
    finish: () => {
      done = total;
      report();
    },
  };
}

async function* pcapChunks(
  encoder: PcapEncoder,
  messages: readonly ExportMessage[],
  tick: () => void,
): AsyncGenerator<Buffer> {
  yield encoder.fileHeader();
  for (let i = 0; i < messages.length; i += MESSAGES_PER_BATCH) {
    const batch = messages.slice(i, i + MESSAGES_PER_BATCH);
    const records = encoder.encode(batch);
    for (let k = 0; k < batch.length; k++) tick();
    yield records;
    await yieldToLoop();
  }
}

/** Rendered text in pieces of about CHUNK_BYTES, yielding to the event loop between pieces. */
async function* pieces(text: Iterable<string>): AsyncGenerator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of text) {
    parts.push(piece);
    size += piece.length;
    if (size >= CHUNK_BYTES) {
      yield Buffer.from(parts.join(''), 'utf8');
      parts = [];
      size = 0;
      await yieldToLoop();
    }
  }
  if (parts.length > 0) yield Buffer.from(parts.join(''), 'utf8');
}

async function collect(text: Iterable<string>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of pieces(text)) out.push(b);
  return out;
}
