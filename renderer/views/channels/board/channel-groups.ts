// The board's rows: channels grouped into calls. Channels of one call share a Linkedid; a bridge can
// also join channels of different Linkedids (a transfer, a queue member's Local leg), so both link
// channels into one group (union-find). Groups run oldest first and channels inside a group by
// creation, so a new call appends below and nothing the user looks at jumps.
import type { AmiBridge, AmiChannel } from '../../../../shared/contract.ts';
import { bridgeKey, channelKey, type BoardSnapshot } from './channel-store.ts';

export interface CallGroupRow {
  kind: 'call';
  key: string;
  pbx: string;
  /** Linkedid of the group's oldest channel: Asterisk's id of the call. */
  linkedid: string;
  startedAt: number;
  channels: number;
  /** Channels in the group that match the filter (all of them without a filter). */
  matching: number;
  bridges: readonly AmiBridge[];
}

export interface ChannelRow {
  kind: 'channel';
  key: string;
  channel: AmiChannel;
  /** False when a filter is on and only another channel of the call matched. */
  matches: boolean;
  /** The last channel of its group (draws the group's bottom edge). */
  last: boolean;
}

export type BoardRow = CallGroupRow | ChannelRow;

export interface BoardRows {
  rows: readonly BoardRow[];
  calls: number;
  channels: number;
}

function olderFirst(a: AmiChannel, b: AmiChannel): number {
  return a.createdAt - b.createdAt || (a.uniqueid < b.uniqueid ? -1 : a.uniqueid > b.uniqueid ? 1 : 0);
}

/** Union-find over channel indexes, with path halving. */
function find(parent: number[], i: number): number {
  let x = i;
  while (parent[x] !== x) {
    const up = parent[parent[x] as number] as number;
    parent[x] = up;
    x = up;
  }
  return x;
}

function union(parent: number[], a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

/**
 * Groups the snapshot into call rows and channel rows. With `matches`, only calls with at least one
 * matching channel are shown, whole (the other legs of a matching call are what a tech wants next).
 */
export function groupChannels(snapshot: BoardSnapshot, matches: ((c: AmiChannel) => boolean) | null): BoardRows {
  const channels = [...snapshot.channels].sort(olderFirst);
  const parent = channels.map((_, i) => i);
  const firstByLink = new Map<string, number>();
  channels.forEach((c, i) => {
    const links = [`l\u0000${c.pbx}\u0000${c.linkedid}`];
    if (c.bridgeId) links.push(`b\u0000${bridgeKey(c.pbx, c.bridgeId)}`);
    for (const link of links) {
      const first = firstByLink.get(link);
      if (first === undefined) firstByLink.set(link, i);
      else union(parent, first, i);
    }
  });

  // Roots are the oldest channel of each group, so walking in order visits groups oldest first.
  const members = new Map<number, AmiChannel[]>();
  channels.forEach((c, i) => {
    const root = find(parent, i);
    const list = members.get(root);
    if (list) list.push(c);
    else members.set(root, [c]);
  });

  const rows: BoardRow[] = [];
  let calls = 0;
  let shownChannels = 0;
  for (const group of members.values()) {
    const flags = group.map((c) => (matches ? matches(c) : true));
    const matching = flags.filter(Boolean).length;
    if (matching === 0) continue;
    const oldest = group[0] as AmiChannel;
    const bridgeIds = [...new Set(group.map((c) => c.bridgeId).filter((b): b is string => !!b))];
    const bridges = bridgeIds
      .map((id) => snapshot.bridges.get(bridgeKey(oldest.pbx, id)))
      .filter((b): b is AmiBridge => b !== undefined);
    rows.push({
      kind: 'call',
      key: `call\u0000${channelKey(oldest)}`,
      pbx: oldest.pbx,
      linkedid: oldest.linkedid,
      startedAt: oldest.createdAt,
      channels: group.length,
      matching,
      bridges,
    });
    group.forEach((c, i) =>
      rows.push({
        kind: 'channel',
        key: channelKey(c),
        channel: c,
        matches: flags[i] === true,
        last: i === group.length - 1,
      }),
    );
    calls++;
    shownChannels += group.length;
  }
  return { rows, calls, channels: shownChannels };
}

/** Contexts present on the board, for the context picker. */
export function contextsOf(channels: readonly AmiChannel[]): string[] {
  return [...new Set(channels.map((c) => c.context).filter((c) => c !== ''))].sort();
}
