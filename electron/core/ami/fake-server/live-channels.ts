// The channels a fake PBX has announced and not yet hung up, from the events it sent, so it can
// answer the Hangup action as Asterisk's manager.c does ("Channel Hungup" / "No such channel") and
// then send the Hangup event Asterisk would: the channel's snapshot fields, then the cause.
import { AmiFramer } from '../protocol/framer.ts';
import { amiField } from '../message.ts';

/** Q.850 cause 16, what a channel hung up by request reports unless the action names another. */
export const NORMAL_CLEARING = 16;
const CAUSE_TEXT: Record<number, string> = {
  16: 'Normal Clearing',
  17: 'User busy',
  21: 'Call Rejected',
};

export class LiveChannels {
  /** Channel name -> its snapshot block (Channel .. Linkedid) from the latest event about it. */
  private readonly snapshots = new Map<string, [string, string][]>();

  /** Follows whole events sent to clients. */
  observe(bytes: Buffer | string): void {
    for (const msg of new AmiFramer().push(Buffer.from(bytes))) {
      if (msg.kind !== 'event') continue;
      const channel = amiField(msg, 'Channel');
      if (channel === undefined) continue;
      if (msg.name === 'Hangup') {
        this.snapshots.delete(channel);
        continue;
      }
      const block = snapshotBlock(msg.fields);
      if (block !== null && (msg.name === 'Newchannel' || this.snapshots.has(channel)))
        this.snapshots.set(channel, block);
    }
  }

  has(channel: string): boolean {
    return this.snapshots.has(channel);
  }

  /** Ends a channel: the Hangup event to send, or null when no such channel is up. */
  hangUp(channel: string, cause: number = NORMAL_CLEARING): string | null {
    const block = this.snapshots.get(channel);
    if (block === undefined) return null;
    this.snapshots.delete(channel);
    const lines = [
      'Event: Hangup',
      'Privilege: call,all',
      ...block.map(([k, v]) => `${k}: ${v}`),
      `Cause: ${cause}`,
      `Cause-txt: ${CAUSE_TEXT[cause] ?? 'Unknown'}`,
    ];
    return `${lines.join('\r\n')}\r\n\r\n`;
  }
}

/** The channel snapshot fields of an event: from `Channel` to `Linkedid`, as Asterisk writes them. */
function snapshotBlock(fields: [string, string][]): [string, string][] | null {
  const start = fields.findIndex(([k]) => k === 'Channel');
  if (start < 0) return null;
  const end = fields.findIndex(([k], i) => i > start && k === 'Linkedid');
  return end < 0 ? null : fields.slice(start, end + 1);
}
