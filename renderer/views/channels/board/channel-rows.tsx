// The two kinds of board row. Both are memoised: a delta that changes one channel re-renders that
// channel's row (the store keeps unchanged channels identical), however many rows are on screen.
import { FlexRender, type Row } from '@tanstack/react-table';
import { memo } from 'react';
import type { AmiChannel } from '../../../../shared/contract.ts';
import { formatClock } from '../../../format/clock.ts';
import { formatDuration } from '../../../format/durations.ts';
import { useNowMs } from '../../../state/clock.ts';
import { HangupIcon } from './hangup-icon.tsx';
import { isNumericColumn, type channelTableFeatures } from './channel-columns.tsx';
import type { CallGroupRow } from './channel-groups.ts';

const US_PER_MS = 1000;

export interface ChannelRowViewProps {
  row: Row<typeof channelTableFeatures, AmiChannel>;
  /** The column set the row was built with: a change (PBX column shown) must repaint. */
  columns: unknown;
  channel: AmiChannel;
  index: number;
  top: number;
  selected: boolean;
  dimmed: boolean;
  last: boolean;
  domId: string;
  /** Offered only where the channel's PBX allows actions. */
  canHangUp: boolean;
  onSelect: (index: number) => void;
  onHangUp: (channel: AmiChannel) => void;
}

function ChannelRowView({
  row,
  channel,
  index,
  top,
  selected,
  dimmed,
  last,
  domId,
  canHangUp,
  onSelect,
  onHangUp,
}: ChannelRowViewProps) {
  return (
    <div
      id={domId}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="channel-row"
      data-uniqueid={channel.uniqueid}
      data-state={channel.state}
      className={`board-row board-row--channel${selected ? ' board-row--selected' : ''}${dimmed ? ' board-row--dimmed' : ''}${last ? ' board-row--last' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(index)}
    >
      {row.getAllCells().map((cell) => (
        <div
          key={cell.id}
          role="gridcell"
          className={`board-cell board-cell--${cell.column.id}${isNumericColumn(cell.column.id) ? ' num' : ''}`}
        >
          <FlexRender cell={cell} />
        </div>
      ))}
      <div role="gridcell" className="board-cell board-cell--actions">
        {canHangUp && (
          <button
            type="button"
            className="row-action row-action--danger"
            title={`Hang up ${channel.channel} (Delete)`}
            aria-label={`Hang up ${channel.channel}`}
            data-testid="hangup-button"
            tabIndex={-1}
            onMouseDown={(e) => e.stopPropagation()}
            onClick={() => onHangUp(channel)}
          >
            <HangupIcon size={15} />
          </button>
        )}
      </div>
    </div>
  );
}

export const ChannelRowItem = memo(
  ChannelRowView,
  (a, b) =>
    a.channel === b.channel &&
    a.index === b.index &&
    a.top === b.top &&
    a.selected === b.selected &&
    a.dimmed === b.dimmed &&
    a.last === b.last &&
    a.canHangUp === b.canHangUp &&
    a.columns === b.columns &&
    a.onSelect === b.onSelect &&
    a.onHangUp === b.onHangUp,
);

export interface CallRowViewProps {
  call: CallGroupRow;
  index: number;
  top: number;
  /** Rendered in the PBX colour of its call; the tag itself shows only with several PBXs. */
  pbxColor: string | undefined;
  pbxName: string | undefined;
}

function CallRowView({ call, index, top, pbxColor, pbxName }: CallRowViewProps) {
  const bridged = call.bridges.length > 0;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid="call-group"
      data-linkedid={call.linkedid}
      className="board-row board-row--call"
      style={{ transform: `translateY(${top}px)`, ['--pbx-color' as string]: pbxColor ?? 'var(--idle)' }}
    >
      <div role="gridcell" className="board-call">
        <span className="board-call__mark" aria-hidden="true" />
        <span className="board-call__title">Call</span>
        <span className="board-call__id num" title="Linkedid: Asterisk's id of the call">
          {call.linkedid}
        </span>
        {pbxName && <span className="board-call__pbx">{pbxName}</span>}
        <span className="board-call__meta">
          {call.channels} channel{call.channels === 1 ? '' : 's'}
          {call.matching < call.channels ? ` · ${call.matching} matching` : ''}
        </span>
        <span className={`board-call__bridge${bridged ? ' board-call__bridge--on' : ''}`}>
          {bridged
            ? call.bridges
                .map(
                  (b) =>
                    `bridged ${b.channels.length === 1 ? '1 channel' : `${b.channels.length} channels`} (${b.technology || b.type})`,
                )
                .join(' · ')
            : 'not bridged'}
        </span>
        <span className="board-call__since num" title={`Started ${formatClock(call.startedAt)}`}>
          <CallAge startedAt={call.startedAt} />
        </span>
      </div>
    </div>
  );
}

function CallAge({ startedAt }: { startedAt: number }) {
  const now = useNowMs();
  return <>{formatDuration(Math.max(0, now - startedAt / US_PER_MS))}</>;
}

export const CallRowItem = memo(
  CallRowView,
  (a, b) =>
    a.index === b.index &&
    a.top === b.top &&
    a.pbxColor === b.pbxColor &&
    a.pbxName === b.pbxName &&
    a.call.key === b.call.key &&
    a.call.channels === b.call.channels &&
    a.call.matching === b.call.matching &&
    a.call.startedAt === b.call.startedAt &&
    a.call.bridges.length === b.call.bridges.length &&
    a.call.bridges.every((br, i) => br === b.call.bridges[i]),
);
