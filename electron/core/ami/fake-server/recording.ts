// One recorded AMI session from test/fixtures/ami: the bytes the server sent (`NAME.ami`) and the side
// file (`NAME.ts.jsonl`) with the recv() boundaries, the message boundaries and what the client sent.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const AMI_FIXTURE_DIR = fileURLToPath(new URL('../../../../test/fixtures/ami/', import.meta.url));

export interface RecordedRead {
  off: number;
  len: number;
}

export interface RecordedMessage {
  off: number;
  len: number;
  kind: 'banner' | 'Response' | 'Event';
  name: string;
  actionId?: string;
}

export interface AmiRecording {
  name: string;
  bytes: Buffer;
  reads: RecordedRead[];
  messages: RecordedMessage[];
  /** What the client sent, in order (each an action ending in an empty line). */
  sent: string[];
  meta: { user?: string; auth?: string; events?: string };
}

/** Names (without extension) of every recorded session. */
export function amiRecordingNames(dir = AMI_FIXTURE_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ami'))
    .map((f) => f.slice(0, -'.ami'.length))
    .sort();
}

export function loadAmiRecording(name: string, dir = AMI_FIXTURE_DIR): AmiRecording {
  const bytes = readFileSync(`${dir}/${name}.ami`);
  const rec: AmiRecording = { name, bytes, reads: [], messages: [], sent: [], meta: {} };
  for (const line of readFileSync(`${dir}/${name}.ts.jsonl`, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    switch (entry.type) {
      case 'meta':
        rec.meta = entry as AmiRecording['meta'];
        break;
      case 'rx':
        rec.reads.push({ off: Number(entry.off), len: Number(entry.len) });
        break;
      case 'msg': {
        const msg: RecordedMessage = {
          off: Number(entry.off),
          len: Number(entry.len),
          kind: entry.kind as RecordedMessage['kind'],
          name: String(entry.name),
        };
        if (typeof entry.action_id === 'string') msg.actionId = entry.action_id;
        rec.messages.push(msg);
        break;
      }
      case 'tx':
        rec.sent.push(String(entry.data));
        break;
    }
  }
  return rec;
}
