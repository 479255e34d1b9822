// SIP, SIPS and TEL URIs (RFC 3261 §19.1, RFC 3966), split into the parts a monitor searches by.
import { parseParams, NO_PARAMS, type SipParams } from './params.ts';

export interface SipUri {
  /** Lowercase: sip, sips, tel, or whatever else was sent. */
  scheme: string;
  /** User part (SIP) or the number (TEL), still percent-encoded as sent. */
  user?: string;
  /** Host name or address; IPv6 without the brackets. */
  host?: string;
  port?: number;
  params: SipParams;
}

/** Parses `uri`; null when it has no scheme. */
export function parseUri(uri: string): SipUri | null {
  const colon = uri.indexOf(':');
  if (colon <= 0) return null;
  const scheme = uri.slice(0, colon).toLowerCase();
  let rest = uri.slice(colon + 1);
  const q = rest.indexOf('?');
  if (q !== -1) rest = rest.slice(0, q); // URI headers (?Replaces=...) are not indexed

  if (scheme === 'tel') {
    const semi = rest.indexOf(';');
    return semi === -1
      ? { scheme, user: rest, params: NO_PARAMS }
      : { scheme, user: rest.slice(0, semi), params: parseParams(rest, semi) };
  }

  // The user part may itself contain ';' (user-unreserved), so the last '@' decides where it ends.
  const at = rest.lastIndexOf('@');
  let user: string | undefined;
  let hostPart = rest;
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    const pw = userinfo.indexOf(':');
    user = pw === -1 ? userinfo : userinfo.slice(0, pw);
    hostPart = rest.slice(at + 1);
  }
  const semi = hostPart.indexOf(';');
  const hostport = semi === -1 ? hostPart : hostPart.slice(0, semi);
  const params = semi === -1 ? NO_PARAMS : parseParams(hostPart, semi);
  let host: string;
  let portText = '';
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    host = close === -1 ? hostport.slice(1) : hostport.slice(1, close);
    if (close !== -1 && hostport[close + 1] === ':') portText = hostport.slice(close + 2);
  } else {
    const pc = hostport.lastIndexOf(':');
    host = pc === -1 ? hostport : hostport.slice(0, pc);
    if (pc !== -1) portText = hostport.slice(pc + 1);
  }
  const out: SipUri = { scheme, host, params };
  if (user !== undefined) out.user = user;
  if (/^\d{1,5}$/.test(portText)) out.port = Number(portText);
  return out;
}
