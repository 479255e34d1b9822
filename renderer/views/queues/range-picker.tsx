// Today / last hour / custom, and the service-level threshold T, above the wallboard.
import { useState } from 'react';
import { nowMicros } from '../../format/clock.ts';
import {
  SERVICE_LEVEL_CHOICES,
  fromLocalInput,
  localMidnightUs,
  toLocalInput,
  type QueueRange,
  type RangeKind,
} from './queue-range.ts';

const KINDS: ReadonlyArray<{ kind: RangeKind; label: string }> = [
  { kind: 'today', label: 'Today' },
  { kind: 'hour', label: 'Last hour' },
  { kind: 'custom', label: 'Custom' },
];

export function RangePicker({ range, onRange }: { range: QueueRange; onRange: (r: QueueRange) => void }) {
  const [from, setFrom] = useState(() => toLocalInput(range.from ?? localMidnightUs(Date.now())));
  const [to, setTo] = useState(() => toLocalInput(range.to ?? nowMicros()));
  const fromUs = fromLocalInput(from);
  const toUs = fromLocalInput(to);
  const customValid = fromUs !== null && toUs !== null && fromUs < toUs;

  return (
    <div className="range-picker" role="group" aria-label="Period">
      <div className="segmented" role="radiogroup" aria-label="Period">
        {KINDS.map(({ kind, label }) => (
          <button
            key={kind}
            type="button"
            role="radio"
            aria-checked={range.kind === kind}
            className={`segmented__item${range.kind === kind ? ' segmented__item--on' : ''}`}
            data-testid={`queues-range-${kind}`}
            onClick={() => {
              if (kind === 'custom') {
                if (customValid) onRange({ kind, from: fromUs, to: toUs, serviceLevelSec: range.serviceLevelSec });
                else onRange({ kind, serviceLevelSec: range.serviceLevelSec });
              } else {
                onRange({ kind, serviceLevelSec: range.serviceLevelSec });
              }
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {range.kind === 'custom' && (
        <form
          className="range-picker__custom"
          onSubmit={(e) => {
            e.preventDefault();
            if (customValid)
              onRange({ kind: 'custom', from: fromUs, to: toUs, serviceLevelSec: range.serviceLevelSec });
          }}
        >
          <input
            type="datetime-local"
            aria-label="From"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="queues-from"
          />
          <span className="muted">to</span>
          <input
            type="datetime-local"
            aria-label="To"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            data-testid="queues-to"
          />
          <button type="submit" className="button" disabled={!customValid}>
            Apply
          </button>
        </form>
      )}
      <label className="range-picker__sl">
        <span className="muted">SLA within</span>
        <select
          aria-label="Service level threshold"
          value={range.serviceLevelSec}
          data-testid="queues-sl"
          onChange={(e) => onRange({ ...range, serviceLevelSec: Number(e.target.value) })}
        >
          {SERVICE_LEVEL_CHOICES.map((s) => (
            <option key={s} value={s}>
              {s} s
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** "Today", "Last hour", "09:00–12:30": what the period figures cover, in words. */
export function periodLabel(range: QueueRange): string {
  if (range.kind === 'today') return 'today';
  if (range.kind === 'hour') return 'last hour';
  if (range.from === undefined || range.to === undefined) return 'custom range';
  const a = toLocalInput(range.from).replace('T', ' ');
  const b = toLocalInput(range.to).replace('T', ' ');
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}
