// The one progress bar (styles in modal.css): determinate once a percentage is known, a sliding
// segment until then.

export interface ProgressBarProps {
  /** Whole percent done, or null while nobody can say yet. */
  pct: number | null;
  label: string;
  testId?: string;
}

export function ProgressBar({ pct, label, testId }: ProgressBarProps) {
  return (
    <span
      className={`progress${pct === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      data-testid={testId}
    >
      <span className="progress__bar" style={pct === null ? undefined : { width: `${pct}%` }} />
    </span>
  );
}
