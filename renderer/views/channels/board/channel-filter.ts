// What the board's filter bar holds and how a channel matches it: PBX and context exactly, free
// text as a case-insensitive substring of anything a technician would type (channel name, numbers,
// names, extension, application and its data, account code, ids).
import type { AmiChannel } from '../../../../shared/contract.ts';

export interface ChannelFilter {
  /** Connection id, '' for every PBX. */
  pbx: string;
  context: string;
  text: string;
}

export const EMPTY_CHANNEL_FILTER: ChannelFilter = { pbx: '', context: '', text: '' };

export function isChannelFilterActive(f: ChannelFilter): boolean {
  return f.pbx !== '' || f.context !== '' || f.text.trim() !== '';
}

/** The text a free-text filter searches, lower-cased once per call of the matcher. */
function searchable(c: AmiChannel): string {
  return [
    c.channel,
    c.callerIdNum,
    c.callerIdName,
    c.connectedLineNum,
    c.connectedLineName,
    c.exten,
    c.context,
    c.application,
    c.appData,
    c.accountCode,
    c.uniqueid,
    c.linkedid,
    c.state,
  ]
    .join('\u0000')
    .toLowerCase();
}

/** A reusable test for one filter: lower-cases the needle once, not once per channel. */
export function channelMatcher(f: ChannelFilter): (c: AmiChannel) => boolean {
  const needle = f.text.trim().toLowerCase();
  return (c) =>
    (f.pbx === '' || c.pbx === f.pbx) &&
    (f.context === '' || c.context === f.context) &&
    (needle === '' || searchable(c).includes(needle));
}
