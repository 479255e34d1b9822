// The redaction checkboxes and, under them, what the core would mask for this selection: each
// original value with its mask and how often it occurs, or a plain statement that there is nothing
// to mask (or that nothing will be masked).
import type { RedactOptions } from '../../../../shared/contract.ts';
import { Notice } from '../../../components/notice.tsx';
import { formatCount } from '../../../format/counts.ts';
import { KIND_LABELS, REDACT_CHOICES, anyRedaction, type RedactKey } from './redaction-options.ts';
import type { RedactionPreview } from './use-redaction-preview.ts';

export function RedactionOptions({
  redact,
  onChange,
  disabled,
}: {
  redact: RedactOptions;
  onChange: (next: RedactOptions) => void;
  disabled: boolean;
}) {
  const set = (key: RedactKey, on: boolean): void => onChange({ ...redact, [key]: on });
  return (
    <fieldset className="field export-redact" disabled={disabled}>
      <legend>Redact before export</legend>
      <div className="export-redact__choices">
        {REDACT_CHOICES.map((c) => (
          <label key={c.key} className="check" title={c.hint}>
            <input
              type="checkbox"
              checked={redact[c.key] === true}
              onChange={(e) => set(c.key, e.target.checked)}
              data-testid={`redact-${c.key}`}
            />
            <span className="check__text">
              <span className="check__label">{c.label}</span>
              <span className="check__hint">{c.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function RedactionTable({ preview, redact }: { preview: RedactionPreview; redact: RedactOptions }) {
  if (preview.status === 'error') {
    return (
      <Notice tone="error" testId="redaction-error">
        {preview.message}
      </Notice>
    );
  }
  if (preview.status === 'loading') {
    return (
      <p className="muted export-preview__state" data-testid="redaction-loading">
        Checking what would be masked…
      </p>
    );
  }
  if (!anyRedaction(redact)) {
    return (
      <Notice tone="warning" testId="redaction-off">
        Nothing will be masked: numbers, addresses and credentials go out as captured.
      </Notice>
    );
  }
  if (preview.redactions.length === 0) {
    return (
      <p className="muted export-preview__state" data-testid="redaction-nothing">
        Nothing to remove: these calls hold no values of the ticked kinds.
      </p>
    );
  }
  const total = preview.redactions.reduce((n, r) => n + r.count, 0);
  return (
    <div className="export-preview">
      <p className="export-preview__summary muted">
        {formatCount(preview.redactions.length)} {preview.redactions.length === 1 ? 'value' : 'values'} masked,{' '}
        {formatCount(total)} {total === 1 ? 'place' : 'places'} in the file. The same value always gets the same mask.
      </p>
      <div className="export-preview__scroll">
        <table className="redaction-table" data-testid="redaction-preview">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Original</th>
              <th scope="col" aria-label="becomes" />
              <th scope="col">Masked as</th>
              <th scope="col" className="num">
                Times
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.redactions.map((r) => (
              <tr key={`${r.kind}\u0000${r.original}`} data-kind={r.kind} data-testid="redaction-row">
                <td className="redaction-table__kind">{KIND_LABELS[r.kind]}</td>
                <td className="redaction-table__value">
                  <code title={r.original}>{r.original}</code>
                </td>
                <td className="redaction-table__arrow" aria-hidden="true">
                  →
                </td>
                <td className="redaction-table__value">
                  <code title={r.masked}>{r.masked}</code>
                </td>
                <td className="num">{formatCount(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
