// After the export: the file the core wrote (name, size, what it holds) and how to get it:
// Download in web mode, Save as… through the native dialog in the desktop app, or copy its path
// on the core's machine.
import { useState } from 'react';
import type { ExportResult, RedactOptions } from '../../../../shared/contract.ts';
import type { ExportSaver } from '../../../client/file-transfer.ts';
import { CopyButton } from '../../../components/copy-button.tsx';
import { CheckIcon, DownloadIcon } from '../../../components/icons.tsx';
import { Notice } from '../../../components/notice.tsx';
import { formatBytes } from '../../../format/bytes.ts';
import { formatCount } from '../../../format/counts.ts';
import { REDACT_CHOICES } from './redaction-options.ts';

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; path?: string }
  | { status: 'dismissed' }
  | { status: 'error'; message: string };

/** "Masked: numbers and users, IP addresses", or null when nothing was. */
export function maskedText(redact: RedactOptions): string | null {
  const on = REDACT_CHOICES.filter((c) => redact[c.key] === true).map((c) => c.phrase);
  return on.length === 0 ? null : `Masked: ${on.join(', ')}`;
}

export interface ExportDoneProps {
  result: ExportResult;
  /** What the export was asked to mask, restated so nobody attaches an unredacted trace by mistake. */
  redact: RedactOptions;
  saver: ExportSaver | undefined;
}

export function ExportDone({ result, redact, saver }: ExportDoneProps) {
  const masked = maskedText(redact);
  const [save, setSave] = useState<SaveState>({ status: 'idle' });

  const onSave = async (): Promise<void> => {
    if (!saver) return;
    setSave({ status: 'saving' });
    const r = await saver.save(result);
    if (!r.ok) setSave({ status: 'error', message: r.message });
    else if (!r.result.saved) setSave({ status: 'dismissed' });
    else setSave({ status: 'saved', ...(r.result.path ? { path: r.result.path } : {}) });
  };

  return (
    <section className="export-done" data-testid="export-done" aria-live="polite">
      <div className="export-done__head">
        <span className="export-done__icon">
          <CheckIcon size={18} />
        </span>
        <div className="export-done__titles">
          <p className="export-done__title">Export written</p>
          <p className="muted num">
            {formatCount(result.calls)} {result.calls === 1 ? 'call' : 'calls'}, {formatCount(result.messages)}{' '}
            {result.messages === 1 ? 'message' : 'messages'} ·{' '}
            <span data-testid="export-size">{formatBytes(result.bytes)}</span>
          </p>
        </div>
      </div>
      <div className="export-done__file">
        <code className="export-done__name" data-testid="export-file-name" title={result.path}>
          {result.fileName}
        </code>
        <p className={masked ? 'export-done__masked' : 'export-done__unmasked'} data-testid="export-masked">
          {masked ?? 'Nothing masked: numbers, addresses and credentials are in the file as captured.'}
        </p>
      </div>
      <div className="export-done__actions">
        {saver && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void onSave()}
            disabled={save.status === 'saving'}
            data-testid="export-save"
          >
            <DownloadIcon size={15} />
            {saver.kind === 'download' ? 'Download' : 'Save as…'}
          </button>
        )}
        <CopyButton text={result.path} label="Copy path" />
      </div>
      <p className="field__hint export-done__path" title={result.path}>
        Kept on the PBXScope machine at <code>{result.path}</code>
      </p>
      {save.status === 'saved' && (
        <p className="export-done__saved" data-testid="export-saved">
          {save.path ? (
            <>
              Saved to <code>{save.path}</code>
            </>
          ) : (
            'Download started: the browser saves it to your downloads.'
          )}
        </p>
      )}
      {save.status === 'error' && (
        <Notice tone="error" testId="export-save-error">
          {saver?.kind === 'download' ? 'The download failed' : 'The file could not be saved'}: {save.message}
        </Notice>
      )}
    </section>
  );
}
