// Export a trace for a ticket: pick the format, tick what to mask and see exactly what would be
// masked (export.preview), optionally encrypt a bundle, then write it (export.snapshot) and hand it
// over. Every refusal of the core is shown here, in its own words.
import { useState } from 'react';
import type { ExportFormat, ExportResult, RedactOptions } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { Modal } from '../../../components/modal.tsx';
import { Notice } from '../../../components/notice.tsx';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { formatCount } from '../../../format/counts.ts';
import { ExportDone } from './export-done.tsx';
import { EXPORT_FORMATS, formatChoice } from './export-formats.ts';
import { describeSelection, selectionKey, selectionParams, type ExportSelection } from './export-selection.ts';
import { NO_PASSPHRASE, PassphraseFields, passphraseProblem, type PassphraseValue } from './passphrase-fields.tsx';
import { DEFAULT_REDACT, anyRedaction } from './redaction-options.ts';
import { RedactionOptions, RedactionTable } from './redaction-preview.tsx';
import { useElapsedSeconds } from './use-elapsed.ts';
import { newExportId, useExportProgress } from './use-export-progress.ts';
import { useRedactionPreview, type RedactionPreview } from './use-redaction-preview.ts';

/** pcap is what a vendor's support team asks for first. */
export const DEFAULT_FORMAT: ExportFormat = 'pcap';

type Run =
  | { status: 'editing' }
  | { status: 'running'; startedAt: number; exportId: string }
  | { status: 'done'; result: ExportResult };

export interface ExportDialogProps {
  selection: ExportSelection;
  /** Shown in the subtitle when the selection is in an imported capture. */
  captureName?: string;
  onClose: () => void;
}

export function ExportDialog({ selection, captureName, onClose }: ExportDialogProps) {
  const client = useClient();
  const [format, setFormat] = useState<ExportFormat>(DEFAULT_FORMAT);
  const [redact, setRedact] = useState<RedactOptions>(DEFAULT_REDACT);
  const [passphrase, setPassphrase] = useState<PassphraseValue>(NO_PASSPHRASE);
  const [run, setRun] = useState<Run>({ status: 'editing' });
  const [error, setError] = useState<string | null>(null);
  const params = selectionParams(selection);
  const preview = useRedactionPreview(client, params, selectionKey(selection), redact);
  const elapsed = useElapsedSeconds(run.status === 'running' ? run.startedAt : null);
  const pct = useExportProgress(client, run.status === 'running' ? run.exportId : null);

  const running = run.status === 'running';
  const encrypt = format === 'bundle' && passphrase.passphrase !== '';
  const blocked = format === 'bundle' && passphraseProblem(passphrase) !== null;
  const choice = formatChoice(format);

  const onExport = async (): Promise<void> => {
    if (running || blocked) return;
    setError(null);
    const exportId = newExportId();
    setRun({ status: 'running', startedAt: Date.now(), exportId });
    const r = await client.invoke('export.snapshot', {
      ...params,
      format,
      redact,
      exportId,
      ...(encrypt ? { passphrase: passphrase.passphrase } : {}),
    });
    if (r.ok) {
      setRun({ status: 'done', result: r.result });
    } else {
      setRun({ status: 'editing' });
      setError(r.message);
    }
  };

  const subtitle = `${describeSelection(selection)}${captureName ? ` · capture “${captureName}”` : ''}`;

  if (run.status === 'done') {
    return (
      <Modal
        title="Export trace"
        subtitle={subtitle}
        onClose={onClose}
        testId="export-dialog"
        footer={
          <>
            <button type="button" className="button button--quiet" onClick={() => setRun({ status: 'editing' })}>
              Export again
            </button>
            <button type="button" className="button" onClick={onClose} data-testid="export-close">
              Close
            </button>
          </>
        }
      >
        <ExportDone result={run.result} redact={redact} saver={client.exports} />
      </Modal>
    );
  }

  return (
    <Modal
      title="Export trace"
      subtitle={subtitle}
      onClose={onClose}
      testId="export-dialog"
      size="wide"
      footer={
        <>
          <SelectionCounts preview={preview} />
          {running && (
            <span className="export-running" data-testid="export-running" role="status">
              <ProgressBar pct={pct} label={`Writing the ${choice.noun}`} />
              Writing the {choice.noun}…{' '}
              {pct !== null && (
                <span className="num" data-testid="export-percent">
                  {pct} %
                </span>
              )}
              <span className="num export-running__elapsed">{elapsed} s</span>
            </span>
          )}
          <button type="button" className="button button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void onExport()}
            disabled={running || blocked}
            data-testid="export-submit"
          >
            {running ? 'Exporting…' : `Export ${choice.noun}`}
          </button>
        </>
      }
    >
      <div className="export-dialog">
        <fieldset className="field" disabled={running}>
          <legend>Format</legend>
          <div className="format-choices" role="radiogroup" aria-label="Format">
            {EXPORT_FORMATS.map((f) => (
              <label key={f.id} className={`format-choice${f.id === format ? ' format-choice--on' : ''}`}>
                <input
                  type="radio"
                  name="export-format"
                  value={f.id}
                  checked={f.id === format}
                  onChange={() => setFormat(f.id)}
                  data-testid={`export-format-${f.id}`}
                />
                <span className="format-choice__label">{f.label}</span>
                <span className="format-choice__purpose">{f.purpose}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <RedactionOptions redact={redact} onChange={setRedact} disabled={running} />
        <RedactionTable preview={preview} redact={redact} />
        {format === 'bundle' && <PassphraseFields value={passphrase} onChange={setPassphrase} disabled={running} />}
        {format === 'pcap' && anyRedaction(redact) && redact.ips && (
          <p className="field__hint">
            Masked IP addresses are written into the packet headers too, so Wireshark shows them masked.
          </p>
        )}
        {error && (
          <Notice tone="error" testId="export-error">
            The export failed: {error}
          </Notice>
        )}
      </div>
    </Modal>
  );
}

function SelectionCounts({ preview }: { preview: RedactionPreview }) {
  return (
    <span className="export-counts muted num" data-testid="export-counts">
      {preview.status === 'ready'
        ? `${formatCount(preview.calls)} ${preview.calls === 1 ? 'call' : 'calls'}, ${formatCount(preview.messages)} ${preview.messages === 1 ? 'message' : 'messages'}`
        : preview.status === 'loading'
          ? 'Counting…'
          : ''}
    </span>
  );
}
