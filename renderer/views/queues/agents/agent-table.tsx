// Agents under the tiles: state with pause reason, time in pause (ticking, from the PBX's
// LastPause), calls taken, AHT and missed rings over the selected period (qpanel #21, #39, #280),
// with pause/unpause next to each agent where the PBX allows actions (qpanel #177).
import { useState } from 'react';
import type { AgentStats, AmiConnectionInfo } from '../../../../shared/contract.ts';
import { Notice } from '../../../components/notice.tsx';
import { formatDuration } from '../../../format/durations.ts';
import { useNowMs } from '../../../state/clock.ts';
import { PbxTag } from '../../sources/ami/pbx-tag.tsx';
import { NO_VALUE, formatSeconds } from '../kpi-format.ts';
import { MemberStateBadge } from './agent-state.tsx';
import { PauseDialog } from './pause-dialog.tsx';

const MS_PER_SECOND = 1000;
/** Time in pause above which the row is flagged: longer than a usual break. */
export const LONG_PAUSE_SEC = 15 * 60;

export interface AgentTableProps {
  agents: readonly AgentStats[] | null;
  fetchedAtMs: number;
  error: string | null;
  directory: ReadonlyMap<string, AmiConnectionInfo>;
  periodLabel: string;
  onChanged: () => void;
}

export function AgentTable({ agents, fetchedAtMs, error, directory, periodLabel, onChanged }: AgentTableProps) {
  const [acting, setActing] = useState<{ agent: AgentStats; pause: boolean } | null>(null);
  const showPbx = directory.size > 1;
  const anyActions = (agents ?? []).some((a) => directory.get(a.pbx)?.actionsEnabled);
  const sorted = [...(agents ?? [])].sort(
    (a, b) => a.name.localeCompare(b.name) || a.interface.localeCompare(b.interface),
  );

  return (
    <section className="agents" aria-labelledby="agents-title" data-testid="agents">
      <header className="agents__head">
        <h2 id="agents-title">Agents</h2>
        <span className="muted">Calls, AHT and missed: {periodLabel}</span>
      </header>
      {error && <Notice tone="error">Could not load agents: {error}</Notice>}
      {agents === null ? (
        !error && <p className="muted">Loading agents…</p>
      ) : agents.length === 0 ? (
        <p className="muted">No queue members on the connected PBXs.</p>
      ) : (
        <table className={`agents-table${showPbx ? ' agents-table--pbx' : ''}`}>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              {showPbx && <th scope="col">PBX</th>}
              <th scope="col">Queues</th>
              <th scope="col">State</th>
              <th scope="col">Pause reason</th>
              <th scope="col" className="num">
                In pause
              </th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num" title="Average handling time: talk plus wrap-up, per call">
                AHT
              </th>
              <th scope="col" className="num" title="Rang without an answer (RINGNOANSWER)">
                Missed
              </th>
              {anyActions && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => {
              const pbx = directory.get(a.pbx);
              return (
                <tr
                  key={`${a.pbx}\u0000${a.interface}`}
                  data-testid="agent-row"
                  data-agent={a.name}
                  data-state={a.state}
                >
                  <th scope="row">
                    <span className="agents-table__name">{a.name}</span>
                    <span className="agents-table__iface">{a.interface}</span>
                  </th>
                  {showPbx && (
                    <td>
                      <PbxTag id={a.pbx} pbx={pbx} />
                    </td>
                  )}
                  <td className="agents-table__queues">{a.queues.join(', ')}</td>
                  <td>
                    <MemberStateBadge state={a.state} />
                  </td>
                  <td className="agents-table__reason">
                    {a.state === 'paused' ? a.pausedReason || <span className="muted">no reason</span> : ''}
                  </td>
                  <td className="num">
                    {a.state === 'paused' && a.pausedForSec !== undefined ? (
                      <PausedFor pausedForSec={a.pausedForSec} fetchedAtMs={fetchedAtMs} />
                    ) : (
                      ''
                    )}
                  </td>
                  <td className="num">{a.calls}</td>
                  <td className="num">{a.ahtSec === null ? NO_VALUE : formatSeconds(a.ahtSec)}</td>
                  <td className={`num${a.missed > 0 ? ' warn-text' : ''}`}>{a.missed}</td>
                  {anyActions && (
                    <td className="agents-table__actions">
                      {pbx?.actionsEnabled &&
                        (a.state === 'paused' ? (
                          <button
                            type="button"
                            className="button text-action"
                            data-testid="unpause-button"
                            onClick={() => setActing({ agent: a, pause: false })}
                          >
                            Unpause
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button text-action"
                            data-testid="pause-button"
                            onClick={() => setActing({ agent: a, pause: true })}
                          >
                            Pause
                          </button>
                        ))}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {acting && (
        <PauseDialog
          agent={acting.agent}
          pbx={directory.get(acting.agent.pbx)}
          pause={acting.pause}
          onClose={() => {
            setActing(null);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function PausedFor({ pausedForSec, fetchedAtMs }: { pausedForSec: number; fetchedAtMs: number }) {
  const now = useNowMs();
  // The shared clock may lag the fetch by up to a tick: never show less than the PBX reported.
  const sec = pausedForSec + Math.max(0, (now - fetchedAtMs) / MS_PER_SECOND);
  return (
    <span className={`ticking${sec > LONG_PAUSE_SEC ? ' warn-text' : ''}`} data-testid="paused-for">
      {formatDuration(sec * MS_PER_SECOND)}
    </span>
  );
}
