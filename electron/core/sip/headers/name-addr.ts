// name-addr / addr-spec headers: From, To, Contact, P-Asserted-Identity, Refer-To, ...
//   "Alice Smith" <sip:alice@example.com:5060;transport=udp>;tag=1928301774
//   Bob <sip:bob@example.com>
//   sip:carol@example.com;tag=887s            (no <>: the ;params belong to the header, not the URI)
import { NO_PARAMS, parseParams, unquote, type SipParams } from './params.ts';
import { parseUri } from './uri.ts';
import { splitCommaList } from './comma-list.ts';

export interface NameAddr {
  display?: string;
  /** The URI as written, without the angle brackets. */
  uri: string;
  scheme?: string;
  user?: string;
  host?: string;
  port?: number;
  tag?: string;
  /** Header parameters (after the URI), e.g. tag, expires, q. */
  params: SipParams;
}

/** Index of the quote closing the quoted string that opens `s`, or -1. */
function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

/** Parses one name-addr or addr-spec; null when no URI can be found. */
export function parseNameAddr(value: string): NameAddr | null {
  const s = value.trim();
  if (!s) return null;
  let display: string | undefined;
  let uri: string;
  let paramsFrom: number;
  const lt = s[0] === '"' ? s.indexOf('<', closingQuote(s) + 1) : s.indexOf('<');
  if (lt !== -1) {
    const gt = s.indexOf('>', lt + 1);
    if (gt === -1) return null;
    const d = s.slice(0, lt).trim();
    if (d) display = unquote(d);
    uri = s.slice(lt + 1, gt).trim();
    paramsFrom = gt + 1;
  } else {
    if (s === '*') return { uri: '*', params: NO_PARAMS }; // Contact: * (REGISTER removing all bindings)
    const semi = s.indexOf(';');
    uri = semi === -1 ? s : s.slice(0, semi).trim();
    paramsFrom = semi === -1 ? s.length : semi;
  }
  if (!uri) return null;
  const params = parseParams(s, paramsFrom);
  const out: NameAddr = { uri, params };
  if (display !== undefined) out.display = display;
  const parsed = parseUri(uri);
  if (parsed) {
    out.scheme = parsed.scheme;
    if (parsed.user !== undefined) out.user = parsed.user;
    if (parsed.host !== undefined) out.host = parsed.host;
    if (parsed.port !== undefined) out.port = parsed.port;
  }
  const tag = params['tag'];
  if (tag !== undefined) out.tag = tag;
  return out;
}

/** Parses a header value that may list several name-addrs (Contact, P-Asserted-Identity). */
export function parseNameAddrList(value: string, into: NameAddr[]): boolean {
  let ok = true;
  for (const part of splitCommaList(value)) {
    const na = parseNameAddr(part);
    if (na) into.push(na);
    else ok = false;
  }
  return ok;
}
