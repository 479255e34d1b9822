// The imports under way or just finished, above the calls list: file, bytes read, messages and
// calls so far, a Cancel button; when it ends, a way to browse the new capture, or the core's own
// words for why it failed (and a passphrase prompt when an encrypted bundle needs one).
import { useState, type FormEvent } from 'react';
import { CloseIcon, FileIcon } from '../../../components/icons.tsx';
import { formatBytes } from '../../../format/bytes.ts';
import { formatCount } from '../../../format/counts.ts';
import { isActive, type ImportEntry } from './import-tracker.ts';
import type { Imports } from './use-imports.ts';
import { ProgressBar } from '../../../components/progress-bar.tsx';

export interface ImportPanelProps {
  imports: Imports;
  onBrowse: (capture: number) => void;
}

export function ImportPanel({ imports, onBrowse }: ImportPanelProps) {
  const entries = imports.tracker.entries;
  if (entries.length === 0) return null;
  return (
    <section className="imports" aria-label="Imports" data-testid="imports">
      {entries.map((e) => (
        <ImportItem key={e.key} entry={e} imports={imports} onBrowse={onBrowse} />
      ))}
    </section>
  );
}

const STATUS: Record<ImportEntry['phase'], string> = {
  uploading: 'Uploading…',
  running: 'Importing…',
  done: 'Imported',
  failed: 'Import failed',
  cancelled: 'Cancelled',
};

/** How the core words a file it cannot read at all (electron/core/import/import-job.ts). */
const NOT_A_CAPTURE = 'not a capture';

/** Bytes read (of the whole file while running), then what the core found so far. */
function factsText(e: ImportEntry): string {
  const bytes =
    e.phase === 'done'
      ? `${formatBytes(e.totalBytes)} · `
      : e.totalBytes > 0
        ? `${formatBytes(e.bytesRead)} of ${formatBytes(e.totalBytes)} · `
        : '';
  return `${bytes}${formatCount(e.messages)} messages · ${formatCount(e.calls)} calls`;
}

/** Whole percent of the file read, or null while the size is unknown. */
export function percentRead(e: Pick<ImportEntry, 'bytesRead' | 'totalBytes' | 'phase'>): number | null {
  if (e.phase === 'done') return 100;
  if (e.totalBytes <= 0) return null;
  return Math.min(100, Math.floor((e.bytesRead / e.totalBytes) * 100));
}

function ImportItem({
  entry,
  imports,
  onBrowse,
}: {
  entry: ImportEntry;
  imports: Imports;
  onBrowse: (c: number) => void;
}) {
  const active = isActive(entry);
  const pct = percentRead(entry);
  return (
    <div className={`import-item import-item--${entry.phase}`} data-testid="import-item" data-phase={entry.phase}>
      <div className="import-item__head">
        <FileIcon size={16} />
        <span className="import-item__name" title={entry.fileName}>
          {entry.fileName}
        </span>
        <span className="import-item__status" data-testid="import-status">
          {STATUS[entry.phase]}
          {entry.phase === 'running' && pct !== null ? ` ${pct} %` : ''}
        </span>
        {(entry.phase !== 'failed' && entry.phase !== 'cancelled') || entry.messages > 0 ? (
          <span className="import-item__facts muted num" data-testid="import-facts">
            {factsText(entry)}
          </span>
        ) : null}
        <span className="import-item__actions">
          {active && (
            <button
              type="button"
              className="button"
              onClick={() => imports.cancel(entry.key)}
              data-testid="import-cancel"
            >
              Cancel
            </button>
          )}
          {entry.phase === 'done' && entry.captureId !== null && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => onBrowse(entry.captureId as number)}
              data-testid="import-browse"
            >
              Browse capture
            </button>
          )}
          {!active && (
            <button
              type="button"
              className="modal__close"
              onClick={() => imports.dismiss(entry.key)}
              aria-label={`Dismiss ${entry.fileName}`}
              title="Dismiss"
            >
              <CloseIcon size={15} />
            </button>
          )}
        </span>
      </div>
      {active && <ProgressBar pct={pct} label={`Import of ${entry.fileName}`} testId="import-progress-bar" />}
      {entry.phase === 'failed' && entry.error && (
        <p className="import-item__error" role="alert" data-testid="import-error">
          {entry.error}
        </p>
      )}
      {entry.phase === 'failed' && entry.error?.startsWith(NOT_A_CAPTURE) && (
        <p className="field__hint">
          PBXScope opens pcap and pcapng captures (tcpdump, Wireshark, sngrep, heplify) and .pbxscope bundles.
        </p>
      )}
      {entry.phase === 'failed' && entry.needsPassphrase && imports.canRetry(entry.key) && (
        <PassphrasePrompt onSubmit={(p) => imports.retryWithPassphrase(entry.key, p)} />
      )}
    </div>
  );
}

function PassphrasePrompt({ onSubmit }: { onSubmit: (passphrase: string) => void }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (value !== '') onSubmit(value);
  };
  return (
    <form className="import-passphrase" onSubmit={submit} data-testid="import-passphrase">
      <label className="field">
        <span className="field__hint">This bundle is encrypted: enter the passphrase it was exported with.</span>
        <input
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-label="Bundle passphrase"
          data-testid="import-passphrase-input"
        />
      </label>
      <button type="submit" className="button button--primary" disabled={value === ''}>
        Import with passphrase
      </button>
    </form>
  );
}
