// The board's columns, `core show channels verbose` plus who is connected to whom: what each cell
// shows and how wide it is. Widths form one CSS grid template so header, call rows and channel rows
// line up. The PBX column shows only with several PBXs, the account code only when a channel has one.
import { createColumnHelper, tableFeatures } from '@tanstack/react-table';
import { createContext, useContext } from 'react';
import type { AmiChannel, AmiConnectionInfo } from '../../../../shared/contract.ts';
import { formatClock, formatDateTime } from '../../../format/clock.ts';
import { formatDuration } from '../../../format/durations.ts';
import { useNowMs } from '../../../state/clock.ts';
import { PbxTag } from '../../sources/ami/pbx-tag.tsx';
import { ChannelStateBadge } from './channel-state.tsx';

export const channelTableFeatures = tableFeatures({});

const helper = createColumnHelper<typeof channelTableFeatures, AmiChannel>();

const US_PER_MS = 1000;
/** Bridge ids are UUIDs; the first block tells bridges of one board apart. */
const SHORT_BRIDGE_ID = 8;
/**
 * Characters kept at the end of a truncated channel name: the sequence number and the ;1/;2 of a
 * Local channel pair ("-00000001;2") are what tell two legs apart, so they never go.
 */
const CHANNEL_TAIL_CHARS = 11;

/** Connections by id, for the PBX cells (columns are static; the directory changes). */
export const PbxDirectoryContext = createContext<ReadonlyMap<string, AmiConnectionInfo>>(new Map());

function PbxCell({ pbx }: { pbx: string }) {
  const info = useContext(PbxDirectoryContext).get(pbx);
  return <PbxTag id={pbx} pbx={info} />;
}

/** Asterisk writes "<unknown>" where a caller ID is missing. */
function present(value: string): string {
  return value === '<unknown>' ? '' : value;
}

/** A caller ID, number first (never cut: it is what a tech dials back), then the name. */
export function Party({ num, name }: { num: string; name: string }) {
  const n = present(num);
  const label = present(name);
  if (n === '' && label === '') return <span className="party party--none">—</span>;
  return (
    <span className="party" title={label && n ? `"${label}" <${n}>` : label || n}>
      {n && <span className="party__num">{n}</span>}
      {label && label !== n && <span className="party__name">{label}</span>}
    </span>
  );
}

/** Asterisk's own notation for a dialplan location: exten@context:priority. */
export function location(c: Pick<AmiChannel, 'exten' | 'context' | 'priority'>): string {
  if (!c.context && !c.exten) return '';
  return `${c.exten}@${c.context}${c.priority ? `:${c.priority}` : ''}`;
}

/** `core show channels` prints Application(Data). */
export function application(c: Pick<AmiChannel, 'application' | 'appData'>): string {
  if (!c.application) return '';
  return `${c.application}(${c.appData})`;
}

export function ChannelDuration({ channel }: { channel: AmiChannel }) {
  const now = useNowMs();
  const since = channel.createdAt / US_PER_MS;
  const talk = channel.answeredAt !== undefined ? formatDuration(now - channel.answeredAt / US_PER_MS) : null;
  const title = [
    `Created ${formatDateTime(channel.createdAt)}`,
    channel.answeredAt !== undefined ? `answered ${formatClock(channel.answeredAt)} (talking ${talk})` : 'not answered',
  ].join(', ');
  return (
    <span className="ticking" title={title}>
      {formatDuration(Math.max(0, now - since))}
    </span>
  );
}

/** A channel name that loses its middle, not its end, when the column is too narrow. */
export function ChannelName({ name, title }: { name: string; title?: string }) {
  const cut = Math.max(0, name.length - CHANNEL_TAIL_CHARS);
  return (
    <span className="channel-name" title={title ?? name}>
      <span className="channel-name__head">{name.slice(0, cut)}</span>
      <span className="channel-name__tail">{name.slice(cut)}</span>
    </span>
  );
}

export const channelColumns = helper.columns([
  helper.accessor('pbx', { id: 'pbx', header: 'PBX', cell: (c) => <PbxCell pbx={c.getValue()} /> }),
  helper.accessor('channel', {
    id: 'channel',
    header: 'Channel',
    cell: (c) => (
      <ChannelName
        name={c.getValue()}
        title={`${c.getValue()}\nUniqueid ${c.row.original.uniqueid}\nLinkedid ${c.row.original.linkedid}`}
      />
    ),
  }),
  helper.accessor('state', { id: 'state', header: 'State', cell: (c) => <ChannelStateBadge state={c.getValue()} /> }),
  helper.display({
    id: 'callerId',
    header: 'Caller ID',
    cell: (c) => <Party num={c.row.original.callerIdNum} name={c.row.original.callerIdName} />,
  }),
  helper.display({
    id: 'connected',
    header: 'Connected to',
    cell: (c) => <Party num={c.row.original.connectedLineNum} name={c.row.original.connectedLineName} />,
  }),
  helper.display({
    id: 'location',
    // `core show channels` calls exten@context:priority the Location.
    header: () => <span title="exten@context:priority">Location</span>,
    cell: (c) => {
      const text = location(c.row.original);
      return <span title={text}>{text}</span>;
    },
  }),
  helper.display({
    id: 'application',
    header: 'Application(Data)',
    cell: (c) => {
      const text = application(c.row.original);
      return <span title={text}>{text}</span>;
    },
  }),
  helper.display({ id: 'duration', header: 'Duration', cell: (c) => <ChannelDuration channel={c.row.original} /> }),
  helper.accessor('accountCode', {
    id: 'account',
    header: 'Account',
    cell: (c) => <span title={c.getValue()}>{c.getValue()}</span>,
  }),
  helper.display({
    id: 'bridge',
    header: 'Bridge',
    cell: (c) => {
      const id = c.row.original.bridgeId;
      return id ? (
        <span className="bridge-id" title={`Bridge ${id}`}>
          {id.slice(0, SHORT_BRIDGE_ID)}
        </span>
      ) : null;
    },
  }),
]);

/** Per column: grid track, and whether the content aligns right. */
const COLUMN_LAYOUT: Record<string, { track: string; numeric?: boolean }> = {
  pbx: { track: 'minmax(90px, 0.6fr)' },
  channel: { track: 'minmax(210px, 1.5fr)' },
  state: { track: '92px' },
  callerId: { track: 'minmax(130px, 1fr)' },
  connected: { track: 'minmax(130px, 1fr)' },
  location: { track: 'minmax(120px, 0.9fr)' },
  application: { track: 'minmax(130px, 1fr)' },
  duration: { track: '88px', numeric: true },
  account: { track: 'minmax(70px, 0.5fr)' },
  bridge: { track: '84px' },
};
/** The last track holds the row's action button (hang up), present or not. */
const ACTIONS_TRACK = '44px';

export interface VisibleColumns {
  pbx: boolean;
  account: boolean;
}

/** A subset of the board's columns, in their order. */
export type ChannelColumns = ReadonlyArray<(typeof channelColumns)[number]>;

export function visibleColumns(show: VisibleColumns): ChannelColumns {
  return channelColumns.filter((c) => (c.id === 'pbx' ? show.pbx : c.id === 'account' ? show.account : true));
}

export function gridTemplate(columns: ChannelColumns): string {
  return [...columns.map((c) => COLUMN_LAYOUT[c.id as string]?.track ?? '100px'), ACTIONS_TRACK].join(' ');
}

export function isNumericColumn(id: string): boolean {
  return COLUMN_LAYOUT[id]?.numeric === true;
}
