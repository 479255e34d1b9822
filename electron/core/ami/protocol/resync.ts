// The snapshot taken after every (re)connect (ami-anchors 1.10 and 9): CoreSettings for the versions,
// then the lists that describe the live state. The model replaces what it knew of a PBX with what a
// list contains, so a channel whose Hangup was missed while disconnected disappears (no ghosts).
// One list failing (a least-privilege user gets `Permission denied` for the PJSIP lists) does not
// stop the others.
import { amiField, type AmiMessage } from '../message.ts';
import type { AmiReply } from './correlator.ts';
import type { AmiActionFields } from './encode.ts';

/** In this order: channels before the bridges that reference them, queues before device states. */
export const AMI_RESYNC_LISTS = [
  'CoreShowChannels',
  'BridgeList',
  'QueueStatus',
  'DeviceStateList',
  'ExtensionStateList',
  'PJSIPShowEndpoints',
  'PJSIPShowContacts',
] as const;

export interface AmiResyncSender {
  send(action: string, fields?: AmiActionFields): Promise<AmiReply>;
  sendList(action: string, fields?: AmiActionFields): Promise<AmiReply>;
}

export interface AmiResyncResult {
  /**
   * Action name -> the items it listed (`CoreSettings` -> [its response]). A name that is absent could
   * not be read (denied, timed out): keep what you know of that kind. An empty array means the PBX has
   * none: drop them all.
   */
  lists: Record<string, AmiMessage[]>;
  /** Lists the user may not read (`Permission denied`): the UI can say why endpoints stay empty. */
  denied: string[];
  failed: { action: string; error: string }[];
  asteriskVersion?: string;
  /** CoreSettings `AMIversion` (the banner carries it too). */
  amiVersion?: string;
}

/** PJSIPShowContacts answers `Response: Error / Message: No Contacts found` when there are none. */
const EMPTY_LIST_RE = /^no .* found\s*$/i;
const DENIED_RE = /permission denied/i;

export async function runAmiResync(
  client: AmiResyncSender,
  lists: readonly string[] = AMI_RESYNC_LISTS,
): Promise<AmiResyncResult> {
  const result: AmiResyncResult = { lists: {}, denied: [], failed: [] };
  const settings = await client.send('CoreSettings');
  if (settings.ok && settings.response) {
    result.lists.CoreSettings = [settings.response];
    const asterisk = amiField(settings.response, 'AsteriskVersion');
    const ami = amiField(settings.response, 'AMIversion');
    if (asterisk) result.asteriskVersion = asterisk;
    if (ami) result.amiVersion = ami;
  } else if (!note(result, 'CoreSettings', settings)) return result;

  for (const action of lists) {
    const reply = await client.sendList(action);
    if (reply.ok) result.lists[action] = reply.events;
    else if (!note(result, action, reply)) break;
  }
  return result;
}

/** Records a failed list; false when the session is gone and the remaining lists cannot run either. */
function note(result: AmiResyncResult, action: string, reply: AmiReply): boolean {
  const code = reply.error?.code;
  const message = reply.error?.message ?? 'failed';
  if (code === 'error_response' && EMPTY_LIST_RE.test(message)) result.lists[action] = [];
  else if (code === 'error_response' && DENIED_RE.test(message)) result.denied.push(action);
  else result.failed.push({ action, error: message });
  return code !== 'disconnected' && code !== 'not_connected';
}
