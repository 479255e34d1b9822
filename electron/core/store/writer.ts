// Main-thread side of the writer: collects appended rows per kind and posts them to the
// writer worker as one message per batch; tracks what the worker has committed.
import { Worker } from 'node:worker_threads';
import { BlobArena } from './blob-arena.ts';
import { errorText } from './error-text.ts';
import type { MaintenanceOp, MaintenanceResult } from './maintenance.ts';
import type { CommitEvent, CommitInfo, RunResult, SettledRange, StoreWriter, WriterStats } from './store-api.ts';
import type { RowMap, SqlValue } from './write-kinds.ts';
import { writerWorkerUrl } from './writer-worker-file.ts';
import type { FromWorker, RowGroup, ToWorker, WriterConfig } from './writer-protocol.ts';

/** Rows per transaction: at 60k rows/s a batch fills in ~80 ms, so the delay and the size limit agree; a batch stays a few ms of worker time. */
export const DEFAULT_BATCH_MAX_ROWS = 5000;

/** ARCHITECTURE 6 allows losing at most the last unflushed batch (<= 250 ms) on a crash; 100 ms leaves room for the commit itself. */
export const DEFAULT_BATCH_MAX_DELAY_MS = 100;

/**
 * Rows waiting for the disk (queued + in the worker) before append starts dropping: about
 * three seconds of SIP capture at 60k rows/s, ~120 MB of 600-byte rows. Beyond that the disk
 * cannot keep up and memory, not data, is what would be lost next.
 */
export const MAX_QUEUED_ROWS = 200_000;

/**
 * A batch is also sent once its binary values reach this size: bounds the memory one batch
 * holds. 5000 SIP messages of ~650 bytes are ~3 MiB, so ordinary traffic batches by rows.
 */
export const BATCH_MAX_BLOB_BYTES = 8 * 1024 * 1024;

/** After close has committed everything, how long the worker gets to exit before it is terminated. */
const WORKER_EXIT_GRACE_MS = 2000;

interface PendingGroup {
  kind: string;
  columns: readonly string[];
  rows: number;
  values: SqlValue[];
  /** (slot, offset, length) of each binary value in the arena. */
  blobs: number[];
  /** Rows of this kind accepted since open: the position `append` returned for the last one. */
  appended: number;
}

/** Per kind, how far the batches the worker has answered reach, and what they stored. */
interface KindProgress {
  /** Position of the last row of this kind in an answered (or unsendable) batch. */
  through: number;
  /** Position reported to commit listeners last. */
  reported: number;
  /** Rows of this kind stored since that report. */
  storedSinceReport: number;
}

type Lifecycle = 'open' | 'closing' | 'closed' | 'dead';

export interface WriterOptions {
  config: WriterConfig;
  batchMaxRows: number;
  batchMaxDelayMs: number;
}

export type StartWriterResult<R extends RowMap> =
  { ok: true; writer: WriterClient<R>; userVersion: number; applied: number[] } | { ok: false; message: string };

/** Starts the worker and waits until it has opened the file and migrated it. */
export function startWriter<R extends RowMap>(opts: WriterOptions): Promise<StartWriterResult<R>> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(writerWorkerUrl(), { workerData: opts.config, name: 'pbxscope-store-writer' });
    } catch (err) {
      resolve({ ok: false, message: `cannot start the store writer: ${errorText(err)}` });
      return;
    }
    const onMessage = (msg: FromWorker): void => {
      cleanup();
      if (msg.type === 'ready') {
        resolve({
          ok: true,
          writer: new WriterClient<R>(worker, opts),
          userVersion: msg.userVersion,
          applied: msg.applied,
        });
      } else {
        void worker.terminate();
        resolve({
          ok: false,
          message: msg.type === 'open-failed' ? msg.message : `store writer sent ${msg.type} before ready`,
        });
      }
    };
    const onError = (err: Error): void => {
      cleanup();
      void worker.terminate();
      resolve({ ok: false, message: `store writer failed to start: ${err.message}` });
    };
    const onExit = (code: number): void => {
      cleanup();
      resolve({ ok: false, message: `store writer exited during start (code ${code})` });
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export class WriterClient<R extends RowMap> implements StoreWriter<R> {
  readonly #worker: Worker;
  readonly #columns: Map<string, readonly string[]>;
  readonly #batchMaxRows: number;
  readonly #batchMaxDelayMs: number;

  readonly #groups = new Map<string, PendingGroup>();
  readonly #arena = new BlobArena();
  #pendingRows = 0;
  #inflightRows = 0;
  #timer: NodeJS.Timeout | null = null;

  /** Last message posted / last one the worker answered; the worker answers in order. */
  #seq = 0;
  #acked = 0;
  readonly #replies = new Map<number, (msg: FromWorker) => void>();
  /** Per posted batch: kind -> position of its last row, until the worker answers. */
  readonly #batchEnds = new Map<number, Map<string, number>>();
  readonly #progress = new Map<string, KindProgress>();
  readonly #flushes: { seq: number; resolve: (info: CommitInfo) => void }[] = [];

  #committedRows = 0;
  #batches = 0;
  #errors = 0;
  #lostRows = 0;
  #lastBatchMs = 0;
  #lastCommitAt = 0;
  #dropping = false;
  #refusedAfterClose = false;

  #state: Lifecycle = 'open';
  #closing: Promise<void> | null = null;
  readonly #exited: Promise<void>;

  readonly #commitListeners = new Set<(info: CommitEvent) => void>();
  readonly #errorListeners = new Set<(message: string) => void>();

  constructor(worker: Worker, opts: WriterOptions) {
    this.#worker = worker;
    this.#batchMaxRows = Math.max(1, Math.floor(opts.batchMaxRows));
    this.#batchMaxDelayMs = Math.max(0, opts.batchMaxDelayMs);
    this.#columns = new Map(Object.entries(opts.config.kinds).map(([name, spec]) => [name, spec.columns]));
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (msg: FromWorker) => this.#onMessage(msg));
    worker.on('error', (err) => this.#die(`store writer crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.#state !== 'closed') this.#die(`store writer exited unexpectedly (code ${code})`);
    });
  }

  append<K extends keyof R & string>(kind: K, row: R[K]): number {
    if (this.#state !== 'open') {
      this.#lostRows++;
      if (!this.#refusedAfterClose) {
        this.#refusedAfterClose = true;
        this.#report(
          `${kind}: the store is ${this.#state === 'dead' ? 'down' : 'closed'}; appended rows are not stored`,
        );
      }
      return 0;
    }
    let group = this.#groups.get(kind);
    if (group === undefined) {
      const columns = this.#columns.get(kind);
      if (columns === undefined) {
        this.#lostRows++;
        this.#report(`${kind}: unknown write kind`);
        return 0;
      }
      group = { kind, columns, rows: 0, values: [], blobs: [], appended: 0 };
      this.#groups.set(kind, group);
    }
    if (this.#pendingRows + this.#inflightRows >= MAX_QUEUED_ROWS) {
      this.#lostRows++;
      if (!this.#dropping) {
        this.#dropping = true;
        this.#report(
          `store writer queue full (${MAX_QUEUED_ROWS} rows waiting for the disk): dropping rows until it drains`,
        );
      }
      return 0;
    }
    const fields = row as Record<string, SqlValue>;
    const values = group.values;
    for (const c of group.columns) {
      const v = fields[c];
      if (v instanceof Uint8Array) {
        group.blobs.push(values.length, this.#arena.add(v), v.byteLength);
        values.push(null);
      } else {
        values.push(v ?? null);
      }
    }
    group.rows++;
    const position = ++group.appended;
    if (++this.#pendingRows >= this.#batchMaxRows || this.#arena.used >= BATCH_MAX_BLOB_BYTES) this.#postBatch();
    else if (this.#timer === null) this.#timer = setTimeout(this.#onTimer, this.#batchMaxDelayMs);
    return position;
  }

  run<K extends keyof R & string>(kind: K, row: R[K]): Promise<RunResult> {
    if (this.#state !== 'open') return Promise.resolve({ ok: false, message: `${kind}: the store is closed` });
    const columns = this.#columns.get(kind);
    if (columns === undefined) return Promise.resolve({ ok: false, message: `${kind}: unknown write kind` });
    const fields = row as Record<string, SqlValue>;
    const group: RowGroup = { kind, rows: 1, values: columns.map((c) => fields[c] ?? null) };
    this.#postBatch(); // everything appended before this call commits first
    return this.#request((seq) => ({ type: 'run', seq, group })).then((msg) =>
      msg.type === 'ran' ? msg.result : { ok: false, message: `${kind}: ${unexpected(msg)}` },
    );
  }

  maintain(op: MaintenanceOp): Promise<MaintenanceResult> {
    if (this.#state !== 'open') return Promise.resolve({ ok: false, message: `${op.op}: the store is closed` });
    this.#postBatch();
    return this.#request((seq) => ({ type: 'maintain', seq, op })).then((msg) =>
      msg.type === 'maintained' ? msg.result : { ok: false, message: `${op.op}: ${unexpected(msg)}` },
    );
  }

  flush(): Promise<CommitInfo> {
    this.#postBatch();
    if (this.#acked >= this.#seq || this.#state === 'dead') return Promise.resolve(this.#info());
    return new Promise((resolve) => this.#flushes.push({ seq: this.#seq, resolve }));
  }

  /** Commits everything queued, closes the write connection and waits for the worker to end. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#state === 'dead') return;
    this.#postBatch();
    this.#state = 'closing';
    const reply = await this.#request((seq) => ({ type: 'close', seq }));
    if (reply.type === 'closed' && this.#state === 'closing') this.#state = 'closed';
    const grace = setTimeout(() => void this.#worker.terminate(), WORKER_EXIT_GRACE_MS);
    await this.#exited;
    clearTimeout(grace);
  }

  onCommit(cb: (info: CommitEvent) => void): () => void {
    this.#commitListeners.add(cb);
    return () => this.#commitListeners.delete(cb);
  }

  onError(cb: (message: string) => void): () => void {
    this.#errorListeners.add(cb);
    return () => this.#errorListeners.delete(cb);
  }

  stats(): WriterStats {
    return {
      queued: this.#pendingRows + this.#inflightRows,
      committedRows: this.#committedRows,
      batches: this.#batches,
      errors: this.#errors,
      lastBatchMs: this.#lastBatchMs,
      lostRows: this.#lostRows,
    };
  }

  readonly #onTimer = (): void => {
    this.#timer = null;
    this.#postBatch();
  };

  #postBatch(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#pendingRows === 0 || this.#state !== 'open') return;
    const groups: RowGroup[] = [];
    const ends = new Map<string, number>();
    for (const g of this.#groups.values()) {
      if (g.rows === 0) continue;
      groups.push({ kind: g.kind, rows: g.rows, values: g.values, blobs: g.blobs });
      ends.set(g.kind, g.appended);
    }
    const rows = this.#pendingRows;
    const seq = this.#seq + 1;
    const arena = this.#arena.take();
    try {
      this.#worker.postMessage(
        { type: 'batch', seq, groups, arena } satisfies ToWorker,
        arena === null ? [] : [arena.buffer],
      );
      this.#seq = seq;
      this.#inflightRows += rows;
      this.#batchEnds.set(seq, ends);
    } catch (err) {
      // A value the structured clone refuses (a function, a symbol) sinks the whole batch: its
      // rows are settled as lost, and the next commit event's range includes them.
      this.#settle(ends, {});
      this.#lostRows += rows;
      this.#report(`batch of ${rows} rows not sent to the store writer: ${errorText(err)}`);
    }
    // postMessage has already copied the arrays, so they can be refilled.
    for (const g of this.#groups.values()) {
      g.rows = 0;
      g.values.length = 0;
      g.blobs.length = 0;
    }
    this.#pendingRows = 0;
  }

  #request(build: (seq: number) => ToWorker): Promise<FromWorker> {
    if (this.#state === 'dead') return Promise.resolve({ type: 'closed', seq: this.#seq });
    const seq = ++this.#seq;
    return new Promise((resolve) => {
      this.#replies.set(seq, resolve);
      this.#worker.postMessage(build(seq));
    });
  }

  #onMessage(msg: FromWorker): void {
    if (!('seq' in msg)) return; // ready/open-failed are handled by startWriter
    this.#acked = msg.seq;
    if (msg.type === 'committed') {
      this.#inflightRows -= msg.rows;
      this.#lostRows += msg.rows - msg.stored;
      for (const p of msg.problems) this.#report(p);
      const ends = this.#batchEnds.get(msg.seq);
      this.#batchEnds.delete(msg.seq);
      if (ends !== undefined) this.#settle(ends, msg.kinds);
      if (msg.stored > 0) this.#recordCommit(msg.stored, msg.ms, msg.kinds, this.#takeSettled());
      // A batch that stored nothing is still news for producers counting their own rows.
      else if (ends !== undefined) this.#notify({ ...this.#info(), kinds: {}, settled: this.#takeSettled() });
      if (this.#dropping && this.#pendingRows + this.#inflightRows < MAX_QUEUED_ROWS / 2) this.#dropping = false;
    } else if (msg.type === 'ran' && msg.result.ok) {
      this.#recordCommit(1, msg.ms, { [msg.kind]: 1 }, {});
    }
    const reply = this.#replies.get(msg.seq);
    if (reply !== undefined) {
      this.#replies.delete(msg.seq);
      reply(msg);
    }
    while (this.#flushes.length > 0 && (this.#flushes[0]?.seq ?? Infinity) <= this.#acked) {
      this.#flushes.shift()?.resolve(this.#info());
    }
  }

  /** Moves each kind's settled position to the end of an answered batch. */
  #settle(ends: Map<string, number>, stored: Record<string, number>): void {
    for (const [kind, through] of ends) {
      let p = this.#progress.get(kind);
      if (p === undefined) {
        p = { through: 0, reported: 0, storedSinceReport: 0 };
        this.#progress.set(kind, p);
      }
      p.through = through;
      p.storedSinceReport += stored[kind] ?? 0;
    }
  }

  /** The ranges settled since the last commit event, per kind. */
  #takeSettled(): Record<string, SettledRange> {
    const settled: Record<string, SettledRange> = {};
    for (const [kind, p] of this.#progress) {
      if (p.through === p.reported) continue;
      settled[kind] = { from: p.reported, through: p.through, lost: p.through - p.reported - p.storedSinceReport };
      p.reported = p.through;
      p.storedSinceReport = 0;
    }
    return settled;
  }

  #recordCommit(
    stored: number,
    ms: number,
    kinds: Record<string, number>,
    settled: Record<string, SettledRange>,
  ): void {
    this.#committedRows += stored;
    this.#batches++;
    this.#lastBatchMs = ms;
    this.#lastCommitAt = Date.now() * 1000;
    this.#notify({ ...this.#info(), kinds, settled });
  }

  #notify(event: CommitEvent): void {
    for (const cb of this.#commitListeners) {
      try {
        cb(event);
      } catch {
        // A listener's bug must not stop the writer's bookkeeping.
      }
    }
  }

  #info(): CommitInfo {
    return {
      batches: this.#batches,
      rows: this.#committedRows,
      lastCommitAt: this.#lastCommitAt,
      lastBatchMs: this.#lastBatchMs,
    };
  }

  #report(message: string): void {
    this.#errors++;
    for (const cb of this.#errorListeners) {
      try {
        cb(message);
      } catch {
        // Same as commit listeners: reporting must not throw into append().
      }
    }
  }

  /** The worker is gone: nothing queued can be stored; everyone waiting gets an answer. */
  #die(message: string): void {
    if (this.#state === 'dead' || this.#state === 'closed') return;
    this.#state = 'dead';
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#lostRows += this.#pendingRows + this.#inflightRows;
    this.#pendingRows = 0;
    this.#inflightRows = 0;
    this.#report(message);
    const failed: FromWorker = { type: 'closed', seq: this.#seq };
    for (const reply of this.#replies.values()) reply(failed);
    this.#replies.clear();
    for (const f of this.#flushes.splice(0)) f.resolve(this.#info());
  }
}

function unexpected(msg: FromWorker): string {
  return msg.type === 'closed' ? 'the store writer has stopped' : `unexpected reply ${msg.type}`;
}
