// Via (RFC 3261 §20.42): SIP/2.0/UDP host:port;branch=z9hG4bK...;received=...;rport=...
// One header may carry several Vias separated by commas.
import { NO_PARAMS, parseParams, pickParams, type SipParams } from './params.ts';
import { splitCommaList } from './comma-list.ts';
import { portValue } from './digits.ts';

export interface Via {
  /** Upper case: UDP, TCP, TLS, SCTP, WS, WSS. */
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  received?: string;
  /** rport with a value (the response's source port); `params.rport === ''` means only requested. */
  rport?: number;
  /** Every parameter; built from the header text on first access. */
  readonly params: SipParams;
}

const INDEXED = ['branch', 'received', 'rport'] as const;

/** Parsed Via; `params` is built from the header text only when read. */
class ParsedVia implements Via {
  transport: string;
  host: string;
  port: number | undefined;
  branch: string | undefined;
  received: string | undefined;
  rport: number | undefined;
  #text: string;
  #paramsFrom: number;
  #params: SipParams | undefined;

  constructor(text: string, transport: string, host: string, port: number | undefined, paramsFrom: number) {
    this.transport = transport;
    this.host = host;
    this.port = port;
    this.#text = text;
    this.#paramsFrom = paramsFrom;
    const picked: (string | undefined)[] = [undefined, undefined, undefined];
    if (paramsFrom === -1) this.#params = NO_PARAMS;
    else pickParams(text, paramsFrom, text.length, INDEXED, picked);
    this.branch = picked[0];
    this.received = picked[1];
    const rport = picked[2] ? portValue(picked[2]) : -1;
    this.rport = rport >= 0 ? rport : undefined;
  }

  get params(): SipParams {
    return (this.#params ??= parseParams(this.#text, this.#paramsFrom));
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Parses one via-parm; null if it is not `SIP/2.0/<transport> <host>`. Absent parts are undefined. */
export function parseVia(value: string): Via | null {
  const s = value;
  const n = s.length;
  // sent-protocol: three '/'-separated tokens, LWS allowed around the slashes.
  const slash1 = s.indexOf('/');
  const slash2 = slash1 === -1 ? -1 : s.indexOf('/', slash1 + 1);
  if (slash2 === -1) return null;
  let i = slash2 + 1;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  const tStart = i;
  while (i < n && !isSpace(s.charCodeAt(i)) && s.charCodeAt(i) !== 59 /* ; */) i++;
  const transportText = s.slice(tStart, i);
  const transport =
    transportText === 'UDP' || transportText === 'TCP' || transportText === 'TLS'
      ? transportText
      : transportText.toUpperCase();
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  const hStart = i;
  let portSep = -1;
  if (s.charCodeAt(i) === 91 /* [ */) {
    const close = s.indexOf(']', i);
    i = close === -1 ? n : close + 1;
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 59 || c === 40 /* ( */ || isSpace(c)) break;
    if (c === 58 /* : */) portSep = i;
  }
  if (!transport || i === hStart) return null;
  let host = s.slice(hStart, portSep === -1 ? i : portSep);
  let port: number | undefined;
  if (portSep !== -1) {
    const p = portValue(s.slice(portSep + 1, i));
    if (p >= 0) port = p;
  }
  if (host.charCodeAt(0) === 91 && host.charCodeAt(host.length - 1) === 93) host = host.slice(1, -1);
  return new ParsedVia(s, transport, host, port, s.indexOf(';', i));
}

/** Appends every Via of one header value to `into`; false if any part did not parse. */
export function parseViaList(value: string, into: Via[]): boolean {
  if (value.indexOf(',') === -1) {
    const v = parseVia(value);
    if (v) into.push(v);
    return v !== null;
  }
  let ok = true;
  for (const part of splitCommaList(value)) {
    const v = parseVia(part);
    if (v) into.push(v);
    else ok = false;
  }
  return ok;
}
