// Test and bench support: a recorded AMI session (test/fixtures/ami) as the live client would see
// it: each recorded recv() chunk through the real framer, every message stamped with the time its
// chunk arrived. Not used by shipped code paths.
import { readFileSync } from 'node:fs';
import { AMI_FIXTURE_DIR } from '../fake-server/recording.ts';
import type { AmiMessage } from '../message.ts';
import { AmiFramer } from '../protocol/framer.ts';

export interface TimedMessage {
  msg: AmiMessage;
  /** µs UTC the chunk holding the message's end arrived. */
  atUs: number;
}

export function replayAmiFixture(name: string, dir = AMI_FIXTURE_DIR): TimedMessage[] {
  const bytes = readFileSync(`${dir}/${name}.ami`);
  const framer = new AmiFramer();
  const out: TimedMessage[] = [];
  for (const line of readFileSync(`${dir}/${name}.ts.jsonl`, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const e = JSON.parse(line) as { type: string; t: number; off?: number; len?: number };
    if (e.type !== 'rx' || e.off === undefined || e.len === undefined) continue;
    const atUs = Math.round(e.t * 1_000_000);
    for (const msg of framer.push(bytes.subarray(e.off, e.off + e.len))) out.push({ msg, atUs });
  }
  return out;
}

/** The list items of each action of a recorded session, keyed by action as protocol/resync.ts returns them. */
export function recordedLists(
  messages: readonly TimedMessage[],
  actionIdToAction: Readonly<Record<string, string>>,
): Record<string, AmiMessage[]> {
  const lists: Record<string, AmiMessage[]> = {};
  for (const { msg } of messages) {
    if (msg.kind !== 'event') continue;
    const id = msg.fields.find(([k]) => k.toLowerCase() === 'actionid')?.[1];
    const action = id === undefined ? undefined : actionIdToAction[id];
    if (action === undefined || /Complete$/.test(msg.name)) continue;
    (lists[action] ??= []).push(msg);
  }
  for (const action of Object.values(actionIdToAction)) lists[action] ??= [];
  return lists;
}
