// ActionID correlation for one session. Pure state: the client owns sockets and timers and tells the
// correlator what arrived; the correlator says which pending action a message completes.
//  - a plain action is complete with its response;
//  - a list action (`sendList`) is complete with `EventList: Complete` (or `Cancelled`) after a
//    `Response: Success` carrying `EventList: start` (any case: FAXSessions sends `Start`);
//  - before AMI 2.7 some lists sent no `EventList: start`: a "will follow"/"follows" message opens
//    the list and an event named `...Complete` closes it.
import { amiField, type AmiMessage } from '../message.ts';

export interface AmiReply {
  /** The PBX answered Success (or Follows), and a list ran to Complete. */
  ok: boolean;
  response?: AmiMessage;
  /** List items, in order, without the closing `...Complete` event (that is in `complete`). */
  events: AmiMessage[];
  complete?: AmiMessage;
  error?: AmiActionError;
}

export type AmiActionErrorCode =
  | 'error_response' // the PBX answered Response: Error (its Message is in `message`)
  | 'list_cancelled'
  | 'timeout'
  | 'disconnected'
  | 'not_connected'
  | 'encode';

export interface AmiActionError {
  code: AmiActionErrorCode;
  message: string;
}

interface Pending {
  list: boolean;
  response?: AmiMessage;
  events: AmiMessage[];
  resolve: (reply: AmiReply) => void;
}

const LIST_FOLLOWS_RE = /follow/i;

export class AmiCorrelator {
  private readonly pending = new Map<string, Pending>();

  expect(actionId: string, list: boolean, resolve: (reply: AmiReply) => void): void {
    this.pending.set(actionId, { list, events: [], resolve });
  }

  get size(): number {
    return this.pending.size;
  }

  /** True when the message belonged to a pending action (it then is not a live event). */
  take(msg: AmiMessage): boolean {
    const id = amiField(msg, 'ActionID');
    if (id === undefined) return false;
    const p = this.pending.get(id);
    if (!p) return false;
    if (msg.kind === 'response') {
      if (!p.list || !isListStart(msg)) return this.finish(id, p, replyFor(msg, [], undefined));
      p.response = msg;
      return true;
    }
    // An event with our ActionID before the list started (or for a plain action, like the
    // OriginateResponse of an async Originate) is an ordinary event.
    if (!p.response) return false;
    const end = listEnd(msg);
    if (end === undefined) {
      p.events.push(msg);
      return true;
    }
    const reply = replyFor(p.response, p.events, msg);
    if (end === 'cancelled') {
      reply.ok = false;
      reply.error = { code: 'list_cancelled', message: 'the PBX cancelled the list' };
    }
    return this.finish(id, p, reply);
  }

  /** Ends one pending action without an answer (timeout); a late answer is then ignored. */
  fail(actionId: string, error: AmiActionError): void {
    const p = this.pending.get(actionId);
    if (p) this.finish(actionId, p, { ok: false, response: p.response, events: p.events, error });
  }

  /** Ends every pending action: the session is gone. */
  failAll(error: AmiActionError): void {
    for (const id of [...this.pending.keys()]) this.fail(id, error);
  }

  private finish(id: string, p: Pending, reply: AmiReply): true {
    this.pending.delete(id);
    p.resolve(reply);
    return true;
  }
}

function isListStart(msg: AmiMessage): boolean {
  if (msg.name.toLowerCase() !== 'success') return false;
  const eventList = amiField(msg, 'EventList');
  if (eventList !== undefined) return eventList.toLowerCase() === 'start';
  return LIST_FOLLOWS_RE.test(amiField(msg, 'Message') ?? '');
}

function listEnd(msg: AmiMessage): 'complete' | 'cancelled' | undefined {
  const eventList = amiField(msg, 'EventList')?.toLowerCase();
  if (eventList === 'complete') return 'complete';
  if (eventList === 'cancelled') return 'cancelled';
  if (eventList === undefined && msg.kind === 'event' && /complete$/i.test(msg.name)) return 'complete';
  return undefined;
}

function replyFor(response: AmiMessage, events: AmiMessage[], complete: AmiMessage | undefined): AmiReply {
  const name = response.name.toLowerCase();
  const ok = name === 'success' || name === 'follows' || name === 'pong';
  const reply: AmiReply = { ok, response, events };
  if (complete) reply.complete = complete;
  if (!ok) reply.error = { code: 'error_response', message: amiField(response, 'Message') ?? response.name };
  return reply;
}
