// The calls table's columns, sngrep's set plus the RFC 6076 delays: what each cell shows and how
// wide it is. Widths are one CSS grid template so the header and every row line up exactly.
import { createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { CallSummary } from '../../../../shared/contract.ts';
import { formatClock, formatDateTime, isSameLocalDay } from '../../../format/clock.ts';
import { formatDelay } from '../../../format/durations.ts';
import { hostPort } from '../../../onboarding/send-target.ts';
import { CallDuration } from '../live-duration.tsx';
import { StateBadge } from '../state-badge.tsx';

/** Core features only: rows come sorted and filtered from the core, the table just lays them out. */
export const callTableFeatures = tableFeatures({});

const helper = createColumnHelper<typeof callTableFeatures, CallSummary>();

/** "07-24 14:03:22" for a call from another day: the date matters more than the milliseconds then. */
function StartTime({ us }: { us: number }) {
  if (isSameLocalDay(us)) return <span title={formatDateTime(us)}>{formatClock(us)}</span>;
  const full = formatDateTime(us);
  return (
    <span title={full}>
      <span className="cell-day">{full.slice(5, 10)}</span> {full.slice(11, 19)}
    </span>
  );
}

function codeClass(code: number): string {
  return `code code--${Math.floor(code / 100)}xx`;
}

function SetupDelays({ call }: { call: CallSummary }) {
  if (call.method === 'REGISTER') {
    return call.rrdMs === undefined ? null : (
      <span title="Registration request delay (RFC 6076)">RRD {formatDelay(call.rrdMs)}</span>
    );
  }
  if (call.srdMs === undefined && call.pddMs === undefined) return null;
  return (
    <span title="Session request delay / post-dial delay">
      {formatDelay(call.srdMs)}
      <span className="cell-sep"> / </span>
      {formatDelay(call.pddMs)}
    </span>
  );
}

function MessageCount({ call }: { call: CallSummary }) {
  return (
    <>
      {call.messageCount}
      {call.retransmissions > 0 && (
        <span
          className="retrans-mark"
          title={`${call.retransmissions} retransmission${call.retransmissions === 1 ? '' : 's'}`}
        >
          ↻{call.retransmissions}
        </span>
      )}
    </>
  );
}

function Text({ value, title }: { value: string | undefined; title?: string | undefined }) {
  return <span title={title ?? value}>{value}</span>;
}

export const callColumns = helper.columns([
  helper.accessor('startedAt', { id: 'start', header: 'Start', cell: (c) => <StartTime us={c.getValue()} /> }),
  helper.accessor('method', { id: 'method', header: 'Method', cell: (c) => c.getValue() }),
  helper.accessor('from', {
    id: 'from',
    header: 'From',
    cell: (c) => <Text value={c.getValue()} title={c.row.original.fromUri} />,
  }),
  helper.accessor('to', {
    id: 'to',
    header: 'To',
    cell: (c) => <Text value={c.getValue()} title={c.row.original.toUri} />,
  }),
  helper.accessor('state', { id: 'state', header: 'State', cell: (c) => <StateBadge state={c.getValue()} /> }),
  helper.accessor('finalCode', {
    id: 'code',
    header: 'Code',
    cell: (c) => {
      const code = c.getValue();
      if (code === undefined) return null;
      const reason = c.row.original.finalReason;
      return (
        <span className={codeClass(code)} title={reason ? `${code} ${reason}` : String(code)}>
          {code}
        </span>
      );
    },
  }),
  helper.display({ id: 'duration', header: 'Duration', cell: (c) => <CallDuration call={c.row.original} /> }),
  helper.display({ id: 'setup', header: 'SRD / PDD', cell: (c) => <SetupDelays call={c.row.original} /> }),
  helper.display({ id: 'messages', header: 'Msgs', cell: (c) => <MessageCount call={c.row.original} /> }),
  helper.display({
    id: 'source',
    header: 'Source',
    cell: (c) => <Text value={hostPort(c.row.original.srcIp, c.row.original.srcPort)} />,
  }),
  helper.display({
    id: 'destination',
    header: 'Destination',
    cell: (c) => <Text value={hostPort(c.row.original.dstIp, c.row.original.dstPort)} />,
  }),
  helper.accessor('userAgent', { id: 'userAgent', header: 'User agent', cell: (c) => <Text value={c.getValue()} /> }),
]);

/** Per column: track width in the grid template, and whether numbers align right. */
const COLUMN_LAYOUT: Record<string, { track: string; numeric?: boolean }> = {
  start: { track: '112px', numeric: true },
  method: { track: '84px' },
  from: { track: 'minmax(96px, 1fr)' },
  to: { track: 'minmax(96px, 1fr)' },
  state: { track: '100px' },
  code: { track: '60px', numeric: true },
  duration: { track: '86px', numeric: true },
  setup: { track: '112px', numeric: true },
  messages: { track: '62px', numeric: true },
  source: { track: '138px' },
  destination: { track: '138px' },
  userAgent: { track: 'minmax(96px, 1.1fr)' },
};

export const CALL_GRID_TEMPLATE = callColumns.map((c) => COLUMN_LAYOUT[c.id as string]?.track ?? '100px').join(' ');

export function isNumericColumn(id: string): boolean {
  return COLUMN_LAYOUT[id]?.numeric === true;
}
