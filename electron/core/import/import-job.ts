// One import, start to end: peek the format, create the capture row, stream the bytes through the
// capture reader and the dissector chain into a SipCapture of its own (every row it stores carries
// the new capture id), keep the writer queue bounded, then record the final counts. A failure or a
// cancel removes every row the import wrote, so nothing half-imported is ever left behind.
import type { ImportProgress } from '../../../shared/domain.ts';
import type { CaptureError } from '../capture/pcap-file.ts';
import { CaptureStreamReader } from '../capture/pcap-file.ts';
import { newCounters } from '../ingest/counters.ts';
import { SipCapture } from '../sip/capture.ts';
import type { Store, StoreWriter, WriteRows } from '../store/index.ts';
import { CapturePipeline, type PacketSink } from './capture-pipeline.ts';
import type { CaptureSaveRow } from './capture-rows.ts';
import type { CapturesRepo } from './captures-repo.ts';
import { deleteCaptureRows } from './delete-capture.ts';
import { detectFileFormat, FORMAT_PEEK_BYTES, type FileFormat } from './file-format.ts';

/**
 * Rows the import lets wait for the disk before it pauses until the writer has caught up. Four of
 * the writer's 5000-row batches: the writer always has the next one ready, each queued row (~1 KB,
 * held twice while it crosses to the worker thread) stays within ~40 MB, and the queue stays far
 * below the writer's MAX_QUEUED_ROWS (200k), past which it would drop rows, live ones included.
 */
export const MAX_IMPORT_QUEUED_ROWS = 20_000;
/**
 * Capture time between passes that time out unanswered calls and release finished ones from memory
 * (the live capture runs the same pass every 5 s of wall time).
 */
export const EXPIRE_EVERY_US = 5_000_000;

export interface ImportJobDeps {
  store: Store;
  repo: CapturesRepo;
  correlationHeaders: () => readonly string[];
  /** Wall clock, microseconds UTC (the capture's imported_at). */
  now: () => number;
  /** Every progress snapshot; the caller throttles. */
  report: (p: ImportProgress) => void;
  /** Bundles (.pbxscope) by magic; null until bundle import is wired. */
  bundles: BundleImporter | null;
}

/** Bundle files (.pbxscope): recognised by their magic, decoded whole, written into a capture. */
export interface BundleImporter {
  isBundle(head: Buffer): boolean;
  /** Largest bundle accepted (bundles are decoded whole). */
  maxBytes: number;
  /** Appends the bundle's messages and calls under `capture`; `messages`: how many were appended (fewer when cancelled). */
  importBundle(
    file: Buffer,
    passphrase: string | undefined,
    capture: number,
    writer: StoreWriter,
    signal: AbortSignal,
  ): Promise<{ ok: true; messages: number } | { ok: false; error: string }>;
}

export interface ImportJobInput {
  importId: string;
  captureId: number;
  fileName: string;
  /** Capture name shown in the UI. */
  name: string;
  totalBytes: number;
  passphrase?: string;
  chunks: AsyncIterable<Buffer>;
  signal: AbortSignal;
}

type Outcome = { state: 'done' } | { state: 'failed'; error: string } | { state: 'cancelled' };

const CAPTURE_ERROR_PREFIX: Record<CaptureError['code'], string> = {
  not_a_capture: 'not a capture',
  truncated: 'truncated capture',
  unsupported_link_type: 'unsupported link type',
  corrupt: 'corrupt capture',
};

function captureErrorText(e: CaptureError): string {
  return `${CAPTURE_ERROR_PREFIX[e.code]}: ${e.message}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runImport(deps: ImportJobDeps, input: ImportJobInput): Promise<ImportProgress> {
  const progress: ImportProgress = {
    importId: input.importId,
    fileName: input.fileName,
    state: 'running',
    bytesRead: 0,
    totalBytes: input.totalBytes,
    messages: 0,
    calls: 0,
  };
  deps.report(progress);
  const job = new ImportRun(deps, input, progress);
  let outcome: Outcome;
  try {
    outcome = await job.run();
  } catch (err) {
    outcome = { state: 'failed', error: errorText(err) };
  } finally {
    job.closeInput();
  }
  if (outcome.state !== 'done') {
    const cleaned = await job.removeRows();
    progress.messages = 0;
    progress.calls = 0;
    delete progress.captureId;
    if (outcome.state === 'failed') {
      progress.error = cleaned === false ? `${outcome.error} (its rows are removed at the next start)` : outcome.error;
    }
  }
  progress.state = outcome.state;
  deps.report(progress);
  return { ...progress };
}

class ImportRun {
  readonly #deps: ImportJobDeps;
  readonly #input: ImportJobInput;
  readonly #progress: ImportProgress;
  readonly #iterator: AsyncIterator<Buffer>;
  #format: FileFormat = 'unknown';
  #rowWritten = false;
  #sip: SipCapture | null = null;
  /** sip.message rows handed to the writer: what the store must hold at the end. */
  #appended = 0;
  #maxMessageTs = 0;
  #lastExpireTs = 0;
  /** When the import started, microseconds UTC: the capture's imported_at. */
  readonly #importedAt: number;
  /** Capture time of the record being dissected: HEPv1 packets, which carry no time, get it. */
  #recordTs = 0;

  constructor(deps: ImportJobDeps, input: ImportJobInput, progress: ImportProgress) {
    this.#deps = deps;
    this.#input = input;
    this.#progress = progress;
    this.#iterator = input.chunks[Symbol.asyncIterator]();
    this.#importedAt = deps.now();
  }

  async run(): Promise<Outcome> {
    const head = await this.#readHead();
    if (head === 'aborted') return { state: 'cancelled' };
    this.#format = detectFileFormat(Buffer.concat(head), (h) => this.#deps.bundles?.isBundle(h) ?? false);
    if (this.#format === 'bundle') return this.#runBundle(head);
    // 'unknown' goes on to the capture reader, which names what is wrong with the file.
    return this.#runCapture(head);
  }

  /** Closes the file or upload without waiting: a stalled upload must not hold the job. */
  closeInput(): void {
    this.#iterator.return?.().catch(() => {});
  }

  /** Removes what the import wrote. True when done, false when it failed (start-up cleanup retries). */
  async removeRows(): Promise<boolean | null> {
    this.#stopSip();
    if (!this.#rowWritten) return null;
    const r = await deleteCaptureRows(this.#deps.store.writer, this.#input.captureId);
    return r.ok;
  }

  async #readHead(): Promise<Buffer[] | 'aborted'> {
    const head: Buffer[] = [];
    let bytes = 0;
    while (bytes < FORMAT_PEEK_BYTES) {
      const next = await this.#next();
      if (next === 'aborted') return next;
      if (next.done) break;
      head.push(next.value);
      bytes += next.value.length;
    }
    return head;
  }

  /**
   * The next chunk, or 'aborted' as soon as the import is cancelled, even while a read is pending.
   * Not Promise.race with one long-lived abort promise: every race would leave a reaction on it that
   * holds that race's chunk, so a whole file would stay in memory.
   */
  #next(): Promise<IteratorResult<Buffer> | 'aborted'> {
    const signal = this.#input.signal;
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise((resolve, reject) => {
      const onAbort = (): void => resolve('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      this.#iterator.next().then(
        (r) => {
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  async #createRow(format: CaptureSaveRow['format']): Promise<Outcome | null> {
    const r = await this.#deps.store.writer.run('capture.save', this.#row(format, 'importing'));
    if (!r.ok) return { state: 'failed', error: `the capture could not be created: ${r.message}` };
    this.#rowWritten = true;
    this.#progress.captureId = this.#input.captureId;
    return null;
  }

  #row(format: CaptureSaveRow['format'], state: CaptureSaveRow['state']): CaptureSaveRow {
    return {
      id: this.#input.captureId,
      name: this.#input.name,
      format,
      imported_at: this.#importedAt,
      file_bytes: this.#progress.bytesRead,
      messages: 0,
      calls: 0,
      first_ts: null,
      last_ts: null,
      state,
    };
  }

  async #runCapture(head: Buffer[]): Promise<Outcome> {
    const reader = new CaptureStreamReader();
    const writer = this.#deps.store.writer;
    const sip = this.#newSipCapture();
    const pipeline = new CapturePipeline(this.#sink(sip));
    const progress = this.#progress;
    const pending: Buffer[] = head;
    for (;;) {
      let chunk: Buffer | undefined = pending.shift();
      if (chunk === undefined) {
        const next = await this.#next();
        if (next === 'aborted') return { state: 'cancelled' };
        if (next.done) break;
        chunk = next.value;
      }
      const pushed = reader.push(chunk);
      if (pushed.records.length > 0 && !this.#rowWritten) {
        // Packets are coming: the capture gets its row before its first message row.
        const failed = await this.#createRow(this.#format === 'pcapng' ? 'pcapng' : 'pcap');
        if (failed) return failed;
      }
      for (const record of pushed.records) {
        this.#recordTs = record.tsUs;
        pipeline.take(record);
      }
      if (!pushed.ok) return { state: 'failed', error: captureErrorText(pushed.error) };
      progress.bytesRead += chunk.length;
      this.#afterChunk(sip);
      if (writer.stats().queued >= MAX_IMPORT_QUEUED_ROWS) await writer.flush();
      if (this.#input.signal.aborted) return { state: 'cancelled' };
      this.#deps.report(progress);
    }
    const ended = reader.end();
    if (!ended.ok) return { state: 'failed', error: captureErrorText(ended.error) };
    pipeline.finish();
    if (pipeline.counters.records === 0 && reader.skipped > 0) {
      return {
        state: 'failed',
        error: `unsupported link type: none of the ${reader.skipped} packets is on an interface of a supported link type`,
      };
    }
    sip.flushCalls();
    sip.tracker.expire(this.#maxMessageTs);
    this.#stopSip();
    if (this.#appended === 0) {
      const c = pipeline.counters;
      return { state: 'failed', error: `no SIP found: ${c.records} packets read, none carried SIP or HEP with SIP` };
    }
    return this.#finish();
  }

  async #runBundle(head: Buffer[]): Promise<Outcome> {
    const bundles = this.#deps.bundles;
    if (!bundles) return { state: 'failed', error: 'bundle import is not available in this build' };
    const parts = head;
    let bytes = head.reduce((n, b) => n + b.length, 0);
    for (;;) {
      if (bytes > bundles.maxBytes)
        return { state: 'failed', error: `bundle is larger than ${bundles.maxBytes} bytes` };
      const next = await this.#next();
      if (next === 'aborted') return { state: 'cancelled' };
      if (next.done) break;
      parts.push(next.value);
      bytes += next.value.length;
      this.#progress.bytesRead = bytes;
      this.#deps.report(this.#progress);
    }
    this.#progress.bytesRead = bytes;
    const failed = await this.#createRow('bundle');
    if (failed) return failed;
    const r = await bundles.importBundle(
      Buffer.concat(parts, bytes),
      this.#input.passphrase,
      this.#input.captureId,
      this.#deps.store.writer,
      this.#input.signal,
    );
    if (!r.ok) return { state: 'failed', error: r.error };
    if (this.#input.signal.aborted) return { state: 'cancelled' };
    this.#appended = r.messages;
    return this.#finish();
  }

  /** Checks that the store holds every message, then marks the capture ready with its counts. */
  async #finish(): Promise<Outcome> {
    const writer = this.#deps.store.writer;
    await writer.flush();
    if (this.#input.signal.aborted) return { state: 'cancelled' };
    const content = this.#deps.repo.content(this.#input.captureId);
    if (content.messages !== this.#appended) {
      return {
        state: 'failed',
        error: `the store kept ${content.messages} of ${this.#appended} messages (disk full or write errors)`,
      };
    }
    if (content.messages === 0) return { state: 'failed', error: 'no SIP found: the file holds no SIP messages' };
    const row: CaptureSaveRow = {
      ...this.#row(this.#format === 'bundle' ? 'bundle' : this.#format === 'pcapng' ? 'pcapng' : 'pcap', 'ready'),
      messages: content.messages,
      calls: content.calls,
      first_ts: content.firstTs,
      last_ts: content.lastTs,
    };
    const r = await writer.run('capture.save', row);
    if (!r.ok) return { state: 'failed', error: `the capture could not be saved: ${r.message}` };
    this.#progress.messages = content.messages;
    this.#progress.calls = content.calls;
    return { state: 'done' };
  }

  #newSipCapture(): SipCapture {
    const sip = new SipCapture({
      writer: this.#countingWriter(),
      correlationHeaders: this.#deps.correlationHeaders,
      // A capture file is trusted as it is: the live listener's HEP auth key does not apply.
      authKey: () => null,
      // Imported calls are browsed with `capture: id`, not pushed to the live calls view.
      onCalls: () => {},
      capture: this.#input.captureId,
      now: () => this.#recordTs,
    });
    this.#sip = sip;
    return sip;
  }

  #stopSip(): void {
    this.#sip?.stop();
    this.#sip = null;
  }

  /** The store writer as SipCapture sees it, counting the message rows it appends. */
  #countingWriter(): StoreWriter<WriteRows> {
    const w = this.#deps.store.writer;
    return {
      append: (kind, row) => {
        if (kind === 'sip.message') {
          this.#appended++;
          this.#progress.messages++;
          const ts = (row as WriteRows['sip.message']).ts;
          if (ts > this.#maxMessageTs) this.#maxMessageTs = ts;
        }
        return w.append(kind, row);
      },
      run: (kind, row) => w.run(kind, row),
      flush: () => w.flush(),
      maintain: (op) => w.maintain(op),
      onCommit: (cb) => w.onCommit(cb),
      onError: (cb) => w.onError(cb),
      stats: () => w.stats(),
    };
  }

  /** The chain's output into SipCapture, counting calls as the tracker creates them (progress only). */
  #sink(sip: SipCapture): PacketSink {
    const counters = newCounters();
    const progress = this.#progress;
    return {
      hep: (packet, transport) => {
        const before = sip.tracker.size;
        counters.received++;
        sip.takeHep(packet, counters, transport);
        if (sip.tracker.size > before) progress.calls++;
      },
      sip: (payload, m) => {
        const before = sip.tracker.size;
        counters.received++;
        sip.takeSip(
          payload,
          {
            ts: m.tsUs,
            srcIp: m.srcIp,
            srcPort: m.srcPort,
            dstIp: m.dstIp,
            dstPort: m.dstPort,
            transport: m.transport,
          },
          counters,
        );
        if (sip.tracker.size > before) progress.calls++;
      },
    };
  }

  #afterChunk(sip: SipCapture): void {
    sip.flushCalls();
    // Flushed first: only calls whose last change is stored may be released from memory.
    if (this.#maxMessageTs - this.#lastExpireTs >= EXPIRE_EVERY_US) {
      this.#lastExpireTs = this.#maxMessageTs;
      sip.tracker.expire(this.#maxMessageTs);
    }
  }
}
