// One queue on the wallboard, built to be read across a room: callers waiting and the longest
// wait (ticking) as the biggest numbers, then service level, abandon rate, ASA and AHT for the
// period, the agent counts by state, and the first callers in line.
import type { ReactNode } from 'react';
import type { AmiConnectionInfo, QueueKpis, QueueLive } from '../../../shared/contract.ts';
import { formatDuration } from '../../format/durations.ts';
import { useNowMs } from '../../state/clock.ts';
import {
  NO_VALUE,
  abandonTone,
  formatBoardPercent,
  formatSeconds,
  slaTone,
  waitTone,
  type Tone,
} from './kpi-format.ts';

const US_PER_MS = 1000;
const MS_PER_SECOND = 1000;
/** Callers listed on a tile; the waiting count says how many more there are. */
export const TILE_CALLERS_SHOWN = 4;

export interface QueueTileProps {
  queue: QueueLive;
  /** Period figures: the snapshot's `today`, or `queues.stats` for another range. */
  period: QueueKpis | null;
  pbx: AmiConnectionInfo | undefined;
  showPbx: boolean;
}

/** Asterisk writes "<unknown>" where a caller ID is missing. */
function callerLabel(num: string, name: string): string {
  const n = num === '<unknown>' ? '' : num;
  const label = name === '<unknown>' ? '' : name;
  if (label && n && label !== n) return `${label} ${n}`;
  return label || n || 'Unknown caller';
}

export function QueueTile({ queue, period, pbx, showPbx }: QueueTileProps) {
  const now = useNowMs();
  const live = queue.today;
  const oldest = queue.callers.reduce<number | null>(
    (min, c) => (min === null || c.joinedAt < min ? c.joinedAt : min),
    null,
  );
  const longestSec = oldest === null ? null : Math.max(0, (now - oldest / US_PER_MS) / MS_PER_SECOND);
  const callers = [...queue.callers].sort((a, b) => a.position - b.position);
  const waiting = queue.callers.length;
  const p = period;

  return (
    <article
      className="queue-tile"
      style={{ ['--pbx-color' as string]: pbx?.color ?? 'var(--idle)' }}
      data-testid="queue-tile"
      data-queue={queue.name}
      aria-label={`Queue ${queue.name}`}
    >
      <header className="queue-tile__head">
        <h3 className="queue-tile__name">{queue.name}</h3>
        <span className="queue-tile__meta">
          {showPbx && <span className="queue-tile__pbx">{pbx?.name ?? queue.pbx}</span>}
          {queue.strategy && <span className="queue-tile__strategy">{queue.strategy}</span>}
        </span>
      </header>

      <div className="queue-tile__now">
        <Big label="Waiting" value={String(waiting)} tone={waiting > 0 ? 'warn' : 'none'} testId="kpi-waiting" />
        <Big
          label="Longest wait"
          value={longestSec === null ? NO_VALUE : formatDuration(longestSec * MS_PER_SECOND)}
          tone={waitTone(longestSec)}
          testId="kpi-longest"
        />
      </div>

      <div className="queue-tile__period">
        <Small
          label={
            <>
              SLA <span className="kpi-unit">{p?.serviceLevelSec ?? live.serviceLevelSec} s</span>
            </>
          }
          value={formatBoardPercent(p?.serviceLevelPct)}
          tone={slaTone(p?.serviceLevelPct ?? null)}
          testId="kpi-sla"
          title="Answered within the threshold, over answered plus abandoned"
        />
        <Small
          label="Abandoned"
          value={formatBoardPercent(p?.abandonPct)}
          tone={abandonTone(p?.abandonPct ?? null)}
          testId="kpi-abandon"
          title="Callers who hung up while waiting, over callers offered (short abandons and timeouts excluded)"
        />
        <Small label="ASA" value={formatSeconds(p?.asaSec)} testId="kpi-asa" title="Average speed of answer" />
        <Small label="AHT" value={formatSeconds(p?.ahtSec)} testId="kpi-aht" title="Average handling time" />
      </div>

      <p className="queue-tile__counts num" data-testid="kpi-counts">
        {p ? (
          <>
            <span>
              <strong>{p.offered}</strong> offered
            </span>
            <span>
              <strong>{p.answered}</strong> answered
            </span>
            <span className={p.abandoned > 0 ? 'warn-text' : ''}>
              <strong>{p.abandoned}</strong> abandoned
            </span>
            {p.timedOut > 0 && (
              <span>
                <strong>{p.timedOut}</strong> timed out
              </span>
            )}
          </>
        ) : (
          <span className="muted">Loading the period…</span>
        )}
      </p>

      <ul className="queue-tile__agents" aria-label="Agents">
        <AgentCount label="available" value={live.agentsAvailable} tone="ok" testId="kpi-available" />
        <AgentCount label="on call" value={live.agentsOnCall} tone="info" testId="kpi-oncall" />
        <AgentCount label="paused" value={live.agentsPaused} tone="warn" testId="kpi-paused" />
        <AgentCount label="unavailable" value={live.agentsUnavailable} tone="idle" testId="kpi-unavailable" />
      </ul>

      {waiting > 0 && (
        <ol className="queue-tile__callers" aria-label="Callers waiting">
          {callers.slice(0, TILE_CALLERS_SHOWN).map((c) => (
            <li key={c.uniqueid} className="queue-caller">
              <span className="queue-caller__pos num">{c.position}</span>
              <span className="queue-caller__who">{callerLabel(c.callerIdNum, c.callerIdName)}</span>
              <span className="queue-caller__wait num">
                {formatDuration(Math.max(0, now - c.joinedAt / US_PER_MS))}
              </span>
            </li>
          ))}
          {waiting > TILE_CALLERS_SHOWN && (
            <li className="queue-caller queue-caller--more muted">+{waiting - TILE_CALLERS_SHOWN} more waiting</li>
          )}
        </ol>
      )}
    </article>
  );
}

function Big({ label, value, tone, testId }: { label: string; value: string; tone: Tone; testId: string }) {
  return (
    <div className={`kpi-big kpi--${tone}`} data-testid={testId}>
      <span className="kpi-big__value num">{value}</span>
      <span className="kpi-big__label">{label}</span>
    </div>
  );
}

function Small({
  label,
  value,
  tone = 'none',
  testId,
  title,
}: {
  label: ReactNode;
  value: string;
  tone?: Tone;
  testId: string;
  title: string;
}) {
  return (
    <div className={`kpi-small kpi--${tone}`} data-testid={testId} title={title}>
      <span className="kpi-small__value num">{value}</span>
      <span className="kpi-small__label">{label}</span>
    </div>
  );
}

function AgentCount({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: number;
  tone: 'ok' | 'info' | 'warn' | 'idle';
  testId: string;
}) {
  return (
    <li className={`agent-count agent-count--${tone}${value === 0 ? ' agent-count--zero' : ''}`} data-testid={testId}>
      <span className="agent-count__value num">{value}</span>
      <span className="agent-count__label">{label}</span>
    </li>
  );
}
