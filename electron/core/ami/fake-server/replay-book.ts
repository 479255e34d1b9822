// Answers recorded from a real Asterisk, looked up by the action a client sends. Each recorded action
// (`tx` entry, `ActionID: rec-N`) is paired with every message that carried rec-N (its response and,
// for lists, its items and Complete event); replaying rewrites rec-N to the asking client's ActionID.
import { AmiFramer } from '../protocol/framer.ts';
import { amiField } from '../message.ts';
import { loadAmiRecording, type AmiRecording } from './recording.ts';

/** Recordings whose answers are served, first match wins: an admin session (status-lists) first. */
export const DEFAULT_REPLAY_RECORDINGS = ['status-lists', 'reload', 'originate-actions'];

interface RecordedAnswer {
  action: string;
  params: string;
  recordedId: string;
  /** The answer's messages, byte for byte as the PBX sent them. */
  bytes: Buffer;
}

export class AmiReplayBook {
  private readonly answers: RecordedAnswer[] = [];

  static fromRecordings(names: readonly string[] = DEFAULT_REPLAY_RECORDINGS): AmiReplayBook {
    const book = new AmiReplayBook();
    for (const name of names) book.add(loadAmiRecording(name));
    return book;
  }

  add(rec: AmiRecording): void {
    for (const sent of rec.sent) {
      const [action] = new AmiFramer().push(Buffer.from(sent + (sent.endsWith('\r\n\r\n') ? '' : '\r\n\r\n')));
      if (!action) continue;
      const name = amiField(action, 'Action');
      const id = amiField(action, 'ActionID');
      if (!name || !id) continue;
      const parts = rec.messages.filter((m) => m.actionId === id).map((m) => rec.bytes.subarray(m.off, m.off + m.len));
      if (parts.length === 0) continue;
      this.answers.push({
        action: name.toLowerCase(),
        params: paramsKey(action.fields),
        recordedId: id,
        bytes: Buffer.concat(parts),
      });
    }
  }

  /** The recorded answer to this action (same parameters if recorded, else the first of its name), ActionID rewritten. */
  answer(
    action: string,
    fields: readonly [string, string][],
    actionId: string | undefined,
    opts: { exact?: boolean } = {},
  ): Buffer | undefined {
    const name = action.toLowerCase();
    const params = paramsKey(fields);
    const exact = this.answers.find((a) => a.action === name && a.params === params);
    const found = opts.exact
      ? exact
      : (exact ??
        this.answers.find((a) => a.action === name && a.params === '') ??
        this.answers.find((a) => a.action === name));
    return found ? rewriteActionId(found.bytes, found.recordedId, actionId) : undefined;
  }

  has(action: string): boolean {
    return this.answers.some((a) => a.action === action.toLowerCase());
  }
}

function paramsKey(fields: readonly [string, string][]): string {
  return fields
    .filter(([k]) => !/^(action|actionid)$/i.test(k))
    .map(([k, v]) => `${k.toLowerCase()}=${v}`)
    .sort()
    .join('\n');
}

/** Replaces the `ActionID: <recorded>` lines (or drops them when the client sent none). */
export function rewriteActionId(bytes: Buffer, recordedId: string, actionId: string | undefined): Buffer {
  const escaped = recordedId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^ActionID: ${escaped}(\\r?\\n)`, 'gm');
  // latin1 maps bytes 1:1 to chars, so the rest of the bytes come back unchanged.
  const text = bytes
    .toString('latin1')
    .replace(re, (_, eol: string) => (actionId === undefined ? '' : `ActionID: ${actionId}${eol}`));
  return Buffer.from(text, 'latin1');
}
