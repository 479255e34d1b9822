// Imports of capture files and bundles into named captures, kept apart from live data (each has its
// own `capture` number on every stored row), listed and deleted as a whole. Imports run in the
// background; progress goes out through onProgress, throttled.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fail, ok, type RpcResult } from '../../../shared/contract.ts';
import type { CaptureInfo, ImportProgress } from '../../../shared/domain.ts';
import type { Store } from '../store/index.ts';
import { CapturesRepo } from './captures-repo.ts';
import { deleteCaptureRows } from './delete-capture.ts';
import { openCaptureFile, readChunks } from './file-chunks.ts';
import { createBundleImporter } from './bundle-import.ts';
import { MAX_IMPORT_QUEUED_ROWS, runImport, type BundleImporter } from './import-job.ts';
import { ProgressThrottle } from '../api/progress-throttle.ts';

/**
 * Imports running at once. Each holds bounded memory (reassembly buffers, calls in flight) and
 * shares the one store writer with live ingest; a fifth would only slow the other four down.
 */
export const MAX_CONCURRENT_IMPORTS = 4;
/** Finished imports whose final progress `done()` still answers (tests, late pollers). */
const REMEMBERED_IMPORTS = 100;

export interface ImportDeps {
  store: Store;
  dataDir: string;
  onProgress: (p: ImportProgress) => void;
  correlationHeaders: () => readonly string[];
  /** Wall clock, microseconds UTC. */
  now?: () => number;
  /** Bundle (.pbxscope) support: our exporter's bundles by default; null turns it off (a bundle then fails, saying so). */
  bundles?: BundleImporter | null;
  log?: (line: string) => void;
}

export interface ImportService {
  /** Starts importing a file on this machine and returns at once; a missing or unreadable path fails here. */
  importFile(params: { path: string; name?: string; passphrase?: string }): Promise<RpcResult<{ importId: string }>>;
  /** Starts importing an upload (web mode); the source is read in the background. */
  importStream(
    source: AsyncIterable<Buffer>,
    meta: { fileName: string; totalBytes: number; name?: string; passphrase?: string },
  ): Promise<RpcResult<{ importId: string }>>;
  /** Asks a running import to stop; it removes what it wrote and ends 'cancelled'. False if no such import runs. */
  cancel(importId: string): boolean;
  /** Captures ready to browse, newest first. */
  list(): CaptureInfo[];
  /** Removes a capture with all its messages and calls (cancelling its import if it still runs). */
  delete(id: number): Promise<RpcResult<{ deleted: boolean }>>;
  /** Resolves when the import ends (tests). */
  done(importId: string): Promise<ImportProgress>;
  /** Cancels every running import and waits for them to clean up (core shutdown). */
  stop(): Promise<void>;
}

interface Running {
  captureId: number;
  controller: AbortController;
  done: Promise<ImportProgress>;
}

export function createImportService(deps: ImportDeps): ImportService {
  const repo = new CapturesRepo(deps.store.reader);
  const now = deps.now ?? (() => Date.now() * 1000);
  const log = deps.log ?? (() => {});
  const bundles = deps.bundles === undefined ? createBundleImporter(MAX_IMPORT_QUEUED_ROWS) : deps.bundles;
  const running = new Map<string, Running>();
  const finished = new Map<string, ImportProgress>();
  /** Capture numbers handed to imports whose row may not be committed yet. */
  const reserved = new Set<number>();
  const deletions = new Map<number, Promise<RpcResult<{ deleted: boolean }>>>();
  let stopping = false;

  // Rows of imports or deletes that a previous run did not finish (crash, kill) go first.
  const cleanup = (async () => {
    try {
      for (const row of repo.unfinished()) {
        const r = await deleteCaptureRows(deps.store.writer, row.id);
        if (!r.ok) log(`import: leftover capture ${row.id} could not be removed: ${r.message}`);
        else log(`import: removed ${r.rows} rows of unfinished capture ${row.id} (${row.name})`);
      }
    } catch (err) {
      log(`import: leftover captures could not be listed: ${err instanceof Error ? err.message : String(err)}`);
    }
  })();

  function nextCaptureId(): number {
    let id = repo.highestUsedId();
    for (const r of reserved) id = Math.max(id, r);
    reserved.add(id + 1);
    return id + 1;
  }

  function remember(p: ImportProgress): void {
    finished.set(p.importId, p);
    if (finished.size > REMEMBERED_IMPORTS) finished.delete(finished.keys().next().value as string);
  }

  function start(
    chunks: AsyncIterable<Buffer>,
    meta: { fileName: string; totalBytes: number; name?: string; passphrase?: string; path?: string },
  ): RpcResult<{ importId: string }> {
    if (stopping) return fail('unavailable', 'the core is shutting down');
    if (running.size >= MAX_CONCURRENT_IMPORTS) {
      return fail('unavailable', `${MAX_CONCURRENT_IMPORTS} imports are already running: wait for one to finish`);
    }
    const importId = randomUUID();
    const captureId = nextCaptureId();
    const controller = new AbortController();
    const throttle = new ProgressThrottle(deps.onProgress, (p) => p.state !== 'running');
    const done = (async () => {
      try {
        // The caller gets the import id before the first progress event.
        await new Promise((resolve) => setImmediate(resolve));
        const final = await runImport(
          {
            store: deps.store,
            repo,
            correlationHeaders: deps.correlationHeaders,
            now,
            report: (p) => throttle.report(meta.path === undefined ? p : { ...p, path: meta.path }),
            bundles,
          },
          {
            importId,
            captureId,
            fileName: meta.fileName,
            name: meta.name ?? meta.fileName,
            totalBytes: meta.totalBytes,
            ...(meta.passphrase !== undefined ? { passphrase: meta.passphrase } : {}),
            chunks,
            signal: controller.signal,
          },
        );
        remember(final);
        return final;
      } finally {
        running.delete(importId);
        reserved.delete(captureId);
      }
    })();
    running.set(importId, { captureId, controller, done });
    return ok({ importId });
  }

  async function deleteCapture(id: number): Promise<RpcResult<{ deleted: boolean }>> {
    for (const job of running.values()) {
      if (job.captureId !== id) continue;
      job.controller.abort();
      await job.done;
      return ok({ deleted: true });
    }
    const row = repo.get(id);
    if (!row) return ok({ deleted: false });
    // Hidden from the list at once; a crash mid-delete leaves a row the next start finishes.
    const marked = await deps.store.writer.run('capture.save', { ...row, state: 'deleting' });
    if (!marked.ok) return fail('unavailable', `capture ${id} could not be deleted: ${marked.message}`);
    const r = await deleteCaptureRows(deps.store.writer, id);
    return r.ok ? ok({ deleted: true }) : fail('unavailable', `capture ${id} could not be deleted: ${r.message}`);
  }

  return {
    async importFile(params) {
      const opened = await openCaptureFile(params.path);
      if (!opened.ok) return fail(opened.code, opened.message);
      const fileName = path.basename(params.path);
      const r = start(readChunks(opened.handle), {
        fileName,
        path: params.path,
        totalBytes: opened.size,
        ...(params.name !== undefined ? { name: params.name } : {}),
        ...(params.passphrase !== undefined ? { passphrase: params.passphrase } : {}),
      });
      if (!r.ok) await opened.handle.close();
      return r;
    },

    async importStream(source, meta) {
      return start(source, meta);
    },

    cancel(importId) {
      const job = running.get(importId);
      if (!job) return false;
      job.controller.abort();
      return true;
    },

    list: () => repo.list(),

    delete(id) {
      if (!Number.isSafeInteger(id) || id <= 0)
        return Promise.resolve(fail('bad_request', `${id} is not a capture id`));
      let pending = deletions.get(id);
      if (!pending) {
        pending = deleteCapture(id).finally(() => deletions.delete(id));
        deletions.set(id, pending);
      }
      return pending;
    },

    done(importId) {
      const job = running.get(importId);
      if (job) return job.done;
      const p = finished.get(importId);
      return p ? Promise.resolve({ ...p }) : Promise.reject(new Error(`no import ${importId}`));
    },

    async stop() {
      stopping = true;
      for (const job of running.values()) job.controller.abort();
      await Promise.all([...running.values()].map((j) => j.done));
      await Promise.all(deletions.values());
      await cleanup;
    },
  };
}
