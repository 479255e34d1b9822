// name-addr / addr-spec headers: From, To, Contact, P-Asserted-Identity, Refer-To, ...
//   "Alice Smith" <sip:alice@example.com:5060;transport=udp>;tag=1928301774
//   Bob <sip:bob@example.com>
//   sip:carol@example.com;tag=887s            (no <>: the ;params belong to the header, not the URI)
import { NO_PARAMS, parseParams, pickParams, unquote, type SipParams } from './params.ts';
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
  /** Header parameters (after the URI), e.g. tag, expires, q; built on first access. */
  readonly params: SipParams;
}

const TAG = ['tag'] as const;

/** Parsed name-addr; `params` is built from the header text only when read. */
class ParsedNameAddr implements NameAddr {
  display: string | undefined;
  uri: string;
  scheme: string | undefined;
  user: string | undefined;
  host: string | undefined;
  port: number | undefined;
  tag: string | undefined;
  #text: string;
  #paramsFrom: number;
  #params: SipParams | undefined;

  constructor(text: string, display: string | undefined, uri: string, paramsFrom: number) {
    this.display = display;
    this.uri = uri;
    const parsed = parseUri(uri, false);
    this.scheme = parsed?.scheme;
    this.user = parsed?.user;
    this.host = parsed?.host;
    this.port = parsed?.port;
    this.#text = text;
    this.#paramsFrom = paramsFrom;
    this.#params = paramsFrom >= text.length ? NO_PARAMS : undefined;
    const picked: (string | undefined)[] = [undefined];
    if (this.#params === undefined) pickParams(text, paramsFrom, text.length, TAG, picked);
    this.tag = picked[0];
  }

  get params(): SipParams {
    return (this.#params ??= parseParams(this.#text, this.#paramsFrom));
  }
}

/** Index of the quote closing the quoted string that opens `s`, or -1. */
function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i;
  }
  return -1;
}

/** Parses one name-addr or addr-spec; null when no URI can be found. Absent parts are undefined. */
export function parseNameAddr(value: string): NameAddr | null {
  const s = value.trim();
  if (!s) return null;
  let display: string | undefined;
  let uri: string;
  let paramsFrom: number;
  const lt = s.charCodeAt(0) === 34 ? s.indexOf('<', closingQuote(s) + 1) : s.indexOf('<');
  if (lt !== -1) {
    const gt = s.indexOf('>', lt + 1);
    if (gt === -1) return null;
    if (lt > 0) {
      const d = s.slice(0, lt).trim();
      if (d) display = unquote(d);
    }
    uri = s.slice(lt + 1, gt).trim();
    paramsFrom = gt + 1;
  } else {
    const semi = s.indexOf(';');
    uri = semi === -1 ? s : s.slice(0, semi).trim();
    paramsFrom = semi === -1 ? s.length : semi;
  }
  if (!uri) return null;
  return new ParsedNameAddr(s, display, uri, paramsFrom);
}

/** Parses a header value that may list several name-addrs (Contact, P-Asserted-Identity). */
export function parseNameAddrList(value: string, into: NameAddr[]): boolean {
  if (value.indexOf(',') === -1) {
    const na = parseNameAddr(value);
    if (na) into.push(na);
    return na !== null;
  }
  let ok = true;
  for (const part of splitCommaList(value)) {
    const na = parseNameAddr(part);
    if (na) into.push(na);
    else ok = false;
  }
  return ok;
}
