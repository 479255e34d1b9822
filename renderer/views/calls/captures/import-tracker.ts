// Every import this window knows of, driven by `import.progress` events: uploads started here (whose
// import id arrives only once the core has read the whole body, after its first progress events)
// and imports started elsewhere (File > Open Capture in the desktop app, a script). An upload is
// matched to the events of its import by file name until the core names the import id.
import type { ImportProgress, RpcResult } from '../../../../shared/contract.ts';
import type { LiveSource } from '../../../state/live-buffer.ts';

export type ImportPhase = 'uploading' | ImportProgress['state'];

export interface ImportEntry {
  /** Local key, stable from the first moment (the import id may come later). */
  key: string;
  importId: string | null;
  fileName: string;
  phase: ImportPhase;
  bytesRead: number;
  totalBytes: number;
  messages: number;
  calls: number;
  /** The core's words when it failed ("not a capture: ...", "truncated capture ..."). */
  error: string | null;
  captureId: number | null;
  /** An encrypted bundle: the import can be tried again with a passphrase. */
  needsPassphrase: boolean;
  /** Started from this window, so it can be retried (the file is still at hand). */
  local: boolean;
  /** A file on the core's machine (File > Open Capture, a script): it can be tried again by path. */
  path: string | null;
}

/** Bundle errors that a passphrase answers (electron/core/import/bundle-import.ts words them). */
const PASSPHRASE_ERROR = /^(passphrase needed|wrong passphrase)\b/;
/** Finished entries kept on screen: enough for a batch of files, without an ever-growing list. */
export const MAX_FINISHED_IMPORTS = 5;

export class ImportTracker implements LiveSource {
  #entries: ImportEntry[] = [];
  #nextKey = 1;
  #version = 0;
  #listeners = new Set<() => void>();

  get version(): number {
    return this.#version;
  }

  get entries(): readonly ImportEntry[] {
    return this.#entries;
  }

  subscribe(onChange: () => void): () => void {
    this.#listeners.add(onChange);
    return () => {
      this.#listeners.delete(onChange);
    };
  }

  get(key: string): ImportEntry | undefined {
    return this.#entries.find((e) => e.key === key);
  }

  /** A file this window is sending; returns its key. */
  beginUpload(fileName: string, totalBytes: number): string {
    return this.#begin(fileName, totalBytes, null);
  }

  /** A file on the core's machine this window asked the core to read (import.file); returns its key. */
  beginPathImport(fileName: string, path: string, totalBytes: number): string {
    return this.#begin(fileName, totalBytes, path);
  }

  #begin(fileName: string, totalBytes: number, path: string | null): string {
    const key = `${path === null ? 'upload' : 'open'}-${this.#nextKey++}`;
    this.#entries = [
      ...this.#entries,
      {
        key,
        importId: null,
        fileName,
        phase: path === null ? 'uploading' : 'running',
        bytesRead: 0,
        totalBytes,
        messages: 0,
        calls: 0,
        error: null,
        captureId: null,
        needsPassphrase: false,
        local: true,
        path,
      },
    ];
    this.#changed();
    return key;
  }

  /** The core's answer to the upload or the import.file: its import id, or why it refused the file. */
  uploadAnswered(key: string, answer: RpcResult<{ importId: string }>): void {
    const entry = this.get(key);
    if (!entry) return;
    if (!answer.ok) {
      // A cancelled upload is answered with an abort: it stays cancelled, not failed.
      if (entry.phase === 'cancelled' || entry.phase === 'done' || entry.phase === 'failed') return;
      this.#update(key, { phase: 'failed', error: answer.message, ...passphraseFlag(answer.message) });
      return;
    }
    const { importId } = answer.result;
    // Events may have created a separate entry for this import before the answer came: merge it.
    const early = this.#entries.find((e) => e.importId === importId && e.key !== key);
    if (early) {
      this.#entries = this.#entries.filter((e) => e !== early);
      const { key: _early, local: _local, ...facts } = early;
      this.#update(key, entry.phase === 'cancelled' ? { importId } : facts);
      return;
    }
    this.#update(key, { importId });
  }

  progress(p: ImportProgress): void {
    const entry =
      this.#entries.find((e) => e.importId === p.importId) ??
      // The oldest upload of this file still waiting for its id is the one the core is reading.
      this.#entries.find((e) => e.importId === null && e.local && e.fileName === p.fileName);
    const facts: Partial<ImportEntry> = {
      importId: p.importId,
      bytesRead: p.bytesRead,
      totalBytes: p.totalBytes || (entry?.totalBytes ?? 0),
      messages: p.messages,
      calls: p.calls,
      error: p.error ?? null,
      captureId: p.captureId ?? null,
      ...passphraseFlag(p.error ?? ''),
      ...(p.path !== undefined ? { path: p.path } : {}),
    };
    if (!entry) {
      this.#entries = [
        ...this.#entries,
        {
          key: `import-${p.importId}`,
          fileName: p.fileName,
          phase: p.state,
          local: false,
          importId: p.importId,
          bytesRead: 0,
          totalBytes: 0,
          messages: 0,
          calls: 0,
          error: null,
          captureId: null,
          needsPassphrase: false,
          path: null,
          ...facts,
        },
      ];
      this.#trim();
      this.#changed();
      return;
    }
    // The user cancelled an upload before the core named it: what follows is the cancel settling.
    const phase = entry.phase === 'cancelled' && p.state !== 'done' ? 'cancelled' : p.state;
    this.#update(entry.key, { ...facts, phase, ...(phase === 'cancelled' ? { error: null } : {}) });
    this.#trim();
  }

  /** Marks an upload cancelled at once (the core's own cancelled event confirms it later). */
  cancelled(key: string): void {
    const entry = this.get(key);
    if (!entry || !isActive(entry)) return;
    this.#update(key, { phase: 'cancelled', error: null });
  }

  dismiss(key: string): void {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((e) => e.key !== key || isActive(e));
    if (this.#entries.length !== before) this.#changed();
  }

  #update(key: string, patch: Partial<ImportEntry>): void {
    this.#entries = this.#entries.map((e) => (e.key === key ? { ...e, ...patch } : e));
    this.#changed();
  }

  /** Drops the oldest finished entries past the limit; running ones always stay. */
  #trim(): void {
    let finished = this.#entries.filter((e) => !isActive(e)).length;
    if (finished <= MAX_FINISHED_IMPORTS) return;
    this.#entries = this.#entries.filter((e) => {
      if (isActive(e) || finished <= MAX_FINISHED_IMPORTS) return true;
      finished--;
      return false;
    });
  }

  #changed(): void {
    this.#version++;
    for (const cb of [...this.#listeners]) cb();
  }
}

export function isActive(e: Pick<ImportEntry, 'phase'>): boolean {
  return e.phase === 'uploading' || e.phase === 'running';
}

function passphraseFlag(error: string): Pick<ImportEntry, 'needsPassphrase'> {
  return { needsPassphrase: PASSPHRASE_ERROR.test(error) };
}
