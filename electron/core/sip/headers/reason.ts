// Reason (RFC 3326): why a request (BYE, CANCEL) was sent, e.g.
//   Reason: Q.850;cause=16;text="Normal call clearing", SIP;cause=200;text="Call completed elsewhere"
import { parseParams, type SipParams } from './params.ts';
import { splitCommaList } from './comma-list.ts';
import { digitsValue } from './digits.ts';

/** Cause codes are SIP status codes or Q.850 causes (< 128): 5 digits is more than enough. */
const MAX_CAUSE_DIGITS = 5;

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
  const n = cause === undefined ? -1 : digitsValue(cause, MAX_CAUSE_DIGITS);
  if (n >= 0) out.cause = n;
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
