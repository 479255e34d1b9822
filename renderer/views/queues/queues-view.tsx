// Queues: a wallboard of every queue of every connected PBX (tiles with callers waiting, longest
// wait, service level, abandon rate, ASA, AHT and agents by state) over the agent table, for today,
// the last hour or a custom period. F turns it into a full-window wallboard for a screen on the wall.
import { useMemo, useState } from 'react';
import { EmptyState } from '../../components/empty-state.tsx';
import { QueuesIcon } from '../../components/icons.tsx';
import { Notice } from '../../components/notice.tsx';
import { formatClock } from '../../format/clock.ts';
import { AmiSetup } from '../../onboarding/ami-setup.tsx';
import { useNowMs } from '../../state/clock.ts';
import { hashForView } from '../../state/route.ts';
import { PbxStates } from '../channels/pbx-states.tsx';
import { pbxDirectory, useAmiConnections } from '../sources/ami/use-ami-connections.ts';
import { AgentTable } from './agents/agent-table.tsx';
import { useAgents } from './agents/use-agents.ts';
import { TODAY, servedBySnapshot, type QueueRange } from './queue-range.ts';
import { QueueTile } from './queue-tile.tsx';
import { RangePicker, periodLabel } from './range-picker.tsx';
import { sortQueues, useQueueBoard } from './use-queue-board.ts';
import { queueKey, useQueueStats } from './use-queue-stats.ts';
import { useWallboardMode } from './use-wallboard-mode.ts';

export function QueuesView() {
  const { list, error, receivedAtMs } = useAmiConnections();

  if (list === null) {
    return (
      <div className="view view--fill" data-testid="view-queues">
        <p className="muted">Loading PBX connections…</p>
      </div>
    );
  }
  if (list.length === 0) {
    return (
      <div className="view view--fill" data-testid="view-queues">
        <QueuesEmpty error={error} />
      </div>
    );
  }
  return <Wallboard connections={list} receivedAtMs={receivedAtMs} />;
}

function Wallboard({
  connections,
  receivedAtMs,
}: {
  connections: NonNullable<ReturnType<typeof useAmiConnections>['list']>;
  receivedAtMs: number;
}) {
  const directory = useMemo(() => pbxDirectory(connections), [connections]);
  const board = useQueueBoard();
  const [range, setRange] = useState<QueueRange>(TODAY);
  const stats = useQueueStats(range);
  const agents = useAgents(range, board.snapshots);
  const wall = useWallboardMode();
  const showPbx = connections.length > 1;
  const queues = sortQueues(board.queues ?? [], (id) => directory.get(id)?.name ?? id);
  const fromSnapshot = servedBySnapshot(range);
  const label = periodLabel(range);

  return (
    <div
      className={`view view--fill queues${wall.on ? ' queues--wallboard' : ''}`}
      data-testid="view-queues"
      data-wallboard={wall.on ? 'on' : 'off'}
    >
      <div className="queues-toolbar">
        {wall.on ? (
          <div className="queues-toolbar__wall">
            <h1 className="queues-toolbar__title">Queues</h1>
            <span className="queues-toolbar__period">{label}</span>
          </div>
        ) : (
          <RangePicker range={range} onRange={setRange} />
        )}
        <div className="queues-toolbar__right">
          {wall.on && <WallClock />}
          <button
            type="button"
            className="button"
            aria-pressed={wall.on}
            data-testid="wallboard-toggle"
            title={wall.on ? 'Leave wallboard mode (F or Esc)' : 'Wallboard mode: hide everything else (F)'}
            onClick={wall.toggle}
          >
            {wall.on ? 'Exit wallboard' : 'Wallboard'} <kbd className="key-hint">F</kbd>
          </button>
        </div>
      </div>
      {board.error && <Notice tone="error">Could not load the queues: {board.error}</Notice>}
      {stats.error && !fromSnapshot && <Notice tone="error">Could not load the period figures: {stats.error}</Notice>}
      {board.queues === null ? (
        <p className="muted">Loading queues…</p>
      ) : queues.length === 0 ? (
        <PbxStates connections={connections} receivedAtMs={receivedAtMs} what="queues" />
      ) : (
        <div className="queues-body">
          <div className="queue-tiles" data-testid="queue-tiles">
            {queues.map((q) => (
              <QueueTile
                key={queueKey(q.pbx, q.name)}
                queue={q}
                period={fromSnapshot ? q.today : (stats.byQueue?.get(queueKey(q.pbx, q.name)) ?? null)}
                pbx={directory.get(q.pbx)}
                showPbx={showPbx}
              />
            ))}
          </div>
          <AgentTable
            agents={agents.agents}
            fetchedAtMs={agents.fetchedAtMs}
            error={agents.error}
            directory={directory}
            periodLabel={label}
            onChanged={agents.refresh}
          />
        </div>
      )}
    </div>
  );
}

function WallClock() {
  const now = useNowMs();
  return <span className="wall-clock num">{formatClock(now * 1000).slice(0, 5)}</span>;
}

function QueuesEmpty({ error }: { error: string | null }) {
  return (
    <EmptyState
      testId="empty-queues"
      icon={<QueuesIcon size={28} />}
      title="No queues to show"
      lead="Queues is a wallboard of each Asterisk queue: callers waiting, the longest wait, calls answered and abandoned, and every agent's state."
    >
      {error && <Notice tone="error">Could not load the PBX connections: {error}</Notice>}
      <p className="empty__next">
        <a className="button button--primary" href={hashForView('sources')} data-testid="queues-add-pbx">
          Add a PBX in Sources
        </a>
        <span className="muted">Its queues and agents appear here live.</span>
      </p>
      <AmiSetup />
    </EmptyState>
  );
}
