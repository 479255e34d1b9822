// One AMI event as one console line, like the Asterisk CLI scrolling by: time, PBX, event name
// (coloured by what it means), then its headers.
import { memo, useContext } from 'react';
import type { AmiEventRow } from '../../../../shared/contract.ts';
import { formatClock } from '../../../format/clock.ts';
import { PbxDirectoryContext } from '../board/channel-columns.tsx';
import { summaryOf } from './event-filter.ts';

type Tone = 'start' | 'end' | 'queue' | 'security' | 'plain';

/** Security-class events (res_security_log names) that mean someone failed to get in. */
const SECURITY_EVENTS = new Set([
  'InvalidPassword',
  'InvalidAccountID',
  'FailedACL',
  'ChallengeResponseFailed',
  'RequestNotAllowed',
  'RequestBadFormat',
  'UnexpectedAddress',
  'AuthMethodNotAllowed',
]);

export function eventTone(name: string): Tone {
  if (SECURITY_EVENTS.has(name)) return 'security';
  if (name === 'Hangup' || name === 'HangupRequest' || name === 'SoftHangupRequest' || name === 'BridgeLeave')
    return 'end';
  if (name === 'Newchannel' || name === 'DialBegin' || name === 'BridgeEnter' || name === 'AgentConnect')
    return 'start';
  if (name.startsWith('Queue') || name.startsWith('Agent')) return 'queue';
  return 'plain';
}

export interface EventLineProps {
  event: AmiEventRow;
  index: number;
  top: number;
  selected: boolean;
  showPbx: boolean;
  onSelect: (index: number) => void;
}

function EventLineView({ event, index, top, selected, showPbx, onSelect }: EventLineProps) {
  const pbx = useContext(PbxDirectoryContext).get(event.pbx);
  return (
    <div
      role="row"
      aria-selected={selected}
      data-testid="console-line"
      data-event={event.name}
      className={`console-line${selected ? ' console-line--selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(index)}
    >
      <span className="console-line__time num">{formatClock(event.ts)}</span>
      {showPbx && (
        <span className="console-line__pbx" style={{ ['--pbx-color' as string]: pbx?.color ?? 'var(--idle)' }}>
          {pbx?.name ?? event.pbx}
        </span>
      )}
      <span className={`console-line__name console-line__name--${eventTone(event.name)}`}>{event.name}</span>
      <span className="console-line__fields">{summaryOf(event.fields)}</span>
    </div>
  );
}

export const EventLine = memo(EventLineView);
