// Reason (RFC 3326): why a request (BYE, CANCEL) was sent, e.g.
//   Reason: Q.850;cause=16;text="Normal call clearing", SIP;cause=200;text="Call completed elsewhere"
import { parseParams, type SipParams } from './params.ts';
import { splitCommaList } from './comma-list.ts';

export interface SipReason {
  /** SIP, Q.850, ... as sent. */
  protocol: string;
  cause?: number;
  text?: string;
  params: SipParams;
}

export function parseReason(value: string): SipReason | null {
  const s = value.trim();
  const semi = s.indexOf(';');
  const protocol = (semi === -1 ? s : s.slice(0, semi)).trim();
  if (!protocol) return null;
  const params = semi === -1 ? parseParams(s, s.length) : parseParams(s, semi);
  const out: SipReason = { protocol, params };
  const cause = params['cause'];
  if (cause !== undefined && /^\d{1,5}$/.test(cause)) out.cause = Number(cause);
  const text = params['text'];
  if (text !== undefined) out.text = text;
  return out;
}

export function parseReasonList(value: string, into: SipReason[]): boolean {
  let ok = true;
  for (const part of splitCommaList(value)) {
    const r = parseReason(part);
    if (r) into.push(r);
    else ok = false;
  }
  return ok;
}
