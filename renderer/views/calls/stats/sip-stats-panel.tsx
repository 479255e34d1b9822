// SIP statistics for a time range: RFC 6076 ratios and delays, registrations, the response code
// mix, the busiest user agents and source -> destination pairs. Refreshed every few seconds while
// it is on screen (and the window is visible). An imported capture is a closed file: its ranges
// end at its last message, and it is read once.
import { useEffect, useState, type ReactNode } from 'react';
import type { SipStats } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { Notice } from '../../../components/notice.tsx';
import { formatClock, nowMicros } from '../../../format/clock.ts';
import { formatCount } from '../../../format/counts.ts';
import { formatDelay } from '../../../format/durations.ts';
import { formatPercent } from '../../../format/percent.ts';
import { TIME_RANGES, TIME_RANGE_LABELS, TIME_RANGE_US, type TimeRange } from '../list/call-filter.ts';
import { ResponseCodeChart } from './response-code-chart.tsx';

/** Statistics are aggregates over minutes to hours: every 5 s is fresh enough and costs the core little. */
export const STATS_REFRESH_MS = 5000;

export interface SipStatsPanelProps {
  range: TimeRange;
  onRange: (range: TimeRange) => void;
  /** 0 (default) is live traffic; another id an imported capture. */
  capture?: number;
  /** µs UTC the time ranges count back from for an imported capture (its last message). */
  captureEndUs?: number | null;
}

export function SipStatsPanel({ range, onRange, capture = 0, captureEndUs = null }: SipStatsPanelProps) {
  const client = useClient();
  const [stats, setStats] = useState<SipStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = async (): Promise<void> => {
      if (typeof document !== 'undefined' && document.hidden) return;
      const now = nowMicros();
      const end = capture === 0 ? now : (captureEndUs ?? now);
      const result = await client.invoke('sip.stats', {
        ...(range === 'all' ? {} : { from: end - TIME_RANGE_US[range] }),
        ...(capture === 0 ? {} : { capture }),
      });
      if (cancelled) return;
      if (result.ok) {
        setStats(result.result);
        setError(null);
        setUpdatedAt(now);
      } else {
        setError(result.message);
      }
    };
    void load();
    // Nothing new ever arrives in an imported capture.
    const timer = capture === 0 ? setInterval(() => void load(), STATS_REFRESH_MS) : null;
    return () => {
      cancelled = true;
      if (timer !== null) clearInterval(timer);
    };
  }, [client, range, capture, captureEndUs]);

  return (
    <section className="stats" data-testid="sip-stats" aria-label="SIP statistics">
      <header className="stats__head">
        <div className="segmented" role="radiogroup" aria-label="Time range">
          {TIME_RANGES.map((r) => (
            <button
              key={r}
              type="button"
              role="radio"
              aria-checked={range === r}
              className={`segmented__item${range === r ? ' segmented__item--on' : ''}`}
              data-testid={`stats-range-${r}`}
              onClick={() => onRange(r)}
            >
              {TIME_RANGE_LABELS[r]}
            </button>
          ))}
        </div>
        {updatedAt !== null && (
          <span className="muted stats__updated num">Updated {formatClock(updatedAt).slice(0, 8)}</span>
        )}
      </header>
      {error && <Notice tone="error">Could not load statistics: {error}</Notice>}
      {stats === null ? !error && <p className="muted">Loading statistics…</p> : <StatsBody stats={stats} />}
    </section>
  );
}

function StatsBody({ stats }: { stats: SipStats }) {
  return (
    <>
      <div className="kpis" data-testid="stats-kpis">
        <Kpi
          id="asr"
          label="ASR"
          value={formatPercent(stats.asr)}
          hint="Answer-seizure ratio: INVITEs answered 2xx / all INVITEs"
        />
        <Kpi
          id="ser"
          label="SER"
          value={formatPercent(stats.ser)}
          hint="Session establishment ratio (RFC 6076): 200 / (INVITEs − 3xx)"
        />
        <Kpi
          id="seer"
          label="SEER"
          value={formatPercent(stats.seer)}
          hint="Session establishment effectiveness (RFC 6076): 200, 480, 486, 600, 603 / (INVITEs − 3xx)"
        />
        <Kpi
          id="isa"
          label="ISA"
          value={formatPercent(stats.isa)}
          hint="Ineffective session attempts (RFC 6076): 408, 500, 503, 504 or timeout / INVITEs"
        />
        <Kpi
          id="scr"
          label="SCR"
          value={formatPercent(stats.scr)}
          hint="Session completion ratio (RFC 6076): answered and ended with BYE / INVITEs"
        />
        <Kpi
          id="srd-p50"
          label="SRD p50"
          value={formatDelay(stats.srdP50Ms)}
          hint="Session request delay, median: INVITE to first 18x/2xx"
        />
        <Kpi
          id="srd-p95"
          label="SRD p95"
          value={formatDelay(stats.srdP95Ms)}
          hint="Session request delay, 95th percentile"
        />
        <Kpi
          id="pdd-p50"
          label="PDD p50"
          value={formatDelay(stats.pddP50Ms)}
          hint="Post-dial delay, median: INVITE to first 18x"
        />
        <Kpi
          id="invites"
          label="INVITEs"
          value={formatCount(stats.invites)}
          sub={`${formatCount(stats.answered)} answered`}
        />
        <Kpi
          id="registers"
          label="Registrations"
          value={formatCount(stats.registers)}
          sub={`RRD p50 ${formatDelay(stats.rrdP50Ms)}`}
        />
      </div>
      <div className="stats__grid">
        <Panel title="Response codes">
          {stats.responseCodes.length === 0 ? (
            <p className="muted">No responses in this range.</p>
          ) : (
            <ResponseCodeChart codes={stats.responseCodes} />
          )}
        </Panel>
        <Panel title="Top user agents">
          <RankedList
            rows={stats.userAgents.map((u) => ({ label: u.userAgent, count: u.count }))}
            empty="No user agents in this range."
          />
        </Panel>
      </div>
      <Panel title="Source → destination">
        {stats.byPair.length === 0 ? (
          <p className="muted">No INVITEs in this range.</p>
        ) : (
          <table className="pairs" data-testid="stats-pairs">
            <thead>
              <tr>
                <th>Source</th>
                <th>Destination</th>
                <th className="num">INVITEs</th>
                <th className="num">Answered</th>
                <th className="num">ASR</th>
              </tr>
            </thead>
            <tbody>
              {stats.byPair.map((p) => (
                <tr key={`${p.src}>${p.dst}`}>
                  <td>{p.src}</td>
                  <td>{p.dst}</td>
                  <td className="num">{formatCount(p.invites)}</td>
                  <td className="num">{formatCount(p.answered)}</td>
                  <td className="num">{formatPercent(p.asr)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

function Kpi({
  id,
  label,
  value,
  hint,
  sub,
}: {
  id: string;
  label: string;
  value: string;
  hint?: string;
  sub?: string;
}) {
  return (
    <div className="kpi" data-testid={`kpi-${id}`} title={hint}>
      <span className="kpi__label">{label}</span>
      <span className="kpi__value num">{value}</span>
      {sub && <span className="kpi__sub num">{sub}</span>}
    </div>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h3 className="panel__title">{title}</h3>
      {children}
    </section>
  );
}

function RankedList({ rows, empty }: { rows: { label: string; count: number }[]; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(...rows.map((r) => r.count));
  return (
    <ol className="ranked">
      {rows.map((r) => (
        <li key={r.label} className="ranked__row">
          <span className="ranked__label" title={r.label}>
            {r.label}
          </span>
          <span className="ranked__bar" aria-hidden="true">
            <span style={{ width: `${(r.count / max) * 100}%` }} />
          </span>
          <span className="ranked__count num">{formatCount(r.count)}</span>
        </li>
      ))}
    </ol>
  );
}
