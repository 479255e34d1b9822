// SIP, SIPS and TEL URIs (RFC 3261 §19.1, RFC 3966), split into the parts a monitor searches by.
import { parseParams, NO_PARAMS, type SipParams } from './params.ts';
import { portValue } from './digits.ts';

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

/**
 * Parses `uri`; null when it has no scheme. Absent parts are present as undefined (one object shape).
 * `withParams` false skips the URI parameters (NO_PARAMS), for callers that only index user and host.
 */
export function parseUri(uri: string, withParams = true): SipUri | null {
  const colon = uri.indexOf(':');
  if (colon <= 0) return null;
  const schemeText = uri.slice(0, colon);
  const scheme =
    schemeText === 'sip' || schemeText === 'sips' || schemeText === 'tel' ? schemeText : schemeText.toLowerCase();
  let end = uri.indexOf('?', colon + 1);
  if (end === -1) end = uri.length; // URI headers (?Replaces=...) are not indexed

  if (scheme === 'tel') {
    const semi = uri.indexOf(';', colon + 1);
    const numEnd = semi === -1 || semi > end ? end : semi;
    return {
      scheme,
      user: uri.slice(colon + 1, numEnd),
      host: undefined,
      port: undefined,
      params: numEnd === end || !withParams ? NO_PARAMS : parseParams(uri, numEnd, end),
    };
  }

  // The user part may itself contain ';' (user-unreserved), so the last '@' decides where it ends.
  const at = uri.lastIndexOf('@', end - 1);
  let user: string | undefined;
  let hostStart = colon + 1;
  if (at > colon) {
    const pw = uri.indexOf(':', colon + 1);
    user = uri.slice(colon + 1, pw !== -1 && pw < at ? pw : at);
    hostStart = at + 1;
  }
  let semi = uri.indexOf(';', hostStart);
  if (semi === -1 || semi > end) semi = end;
  let host: string;
  let port = -1;
  if (uri.charCodeAt(hostStart) === 91 /* [ */) {
    const close = uri.indexOf(']', hostStart);
    if (close === -1 || close > semi) host = uri.slice(hostStart + 1, semi);
    else {
      host = uri.slice(hostStart + 1, close);
      if (uri.charCodeAt(close + 1) === 58 /* : */) port = portValue(uri.slice(close + 2, semi));
    }
  } else {
    const pc = uri.lastIndexOf(':', semi - 1);
    if (pc >= hostStart) {
      host = uri.slice(hostStart, pc);
      port = portValue(uri.slice(pc + 1, semi));
    } else {
      host = uri.slice(hostStart, semi);
    }
  }
  return {
    scheme,
    user,
    host,
    port: port >= 0 ? port : undefined,
    params: semi === end || !withParams ? NO_PARAMS : parseParams(uri, semi, end),
  };
}
