// Via (RFC 3261 §20.42): SIP/2.0/UDP host:port;branch=z9hG4bK...;received=...;rport=...
// One header may carry several Vias separated by commas.
import { parseParams, type SipParams } from './params.ts';
import { splitCommaList } from './comma-list.ts';

export interface Via {
  /** Upper case: UDP, TCP, TLS, SCTP, WS, WSS. */
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  received?: string;
  /** rport with a value (the response's source port); `params.rport === ''` means only requested. */
  rport?: number;
  params: SipParams;
}

/** Parses one via-parm; null if it is not `SIP/2.0/<transport> <host>`. */
export function parseVia(value: string): Via | null {
  const s = value.trim();
  // sent-protocol: three '/'-separated tokens, LWS allowed around the slashes.
  const slash1 = s.indexOf('/');
  const slash2 = slash1 === -1 ? -1 : s.indexOf('/', slash1 + 1);
  if (slash2 === -1) return null;
  let i = slash2 + 1;
  while (s[i] === ' ' || s[i] === '\t') i++;
  const tStart = i;
  while (i < s.length && s[i] !== ' ' && s[i] !== '\t' && s[i] !== ';') i++;
  const transport = s.slice(tStart, i).toUpperCase();
  while (s[i] === ' ' || s[i] === '\t') i++;
  const hStart = i;
  if (s[i] === '[') {
    const close = s.indexOf(']', i);
    i = close === -1 ? s.length : close + 1;
  }
  while (i < s.length && s[i] !== ';' && s[i] !== ' ' && s[i] !== '\t' && s[i] !== '(') i++;
  const sentBy = s.slice(hStart, i);
  if (!transport || !sentBy) return null;
  let host = sentBy;
  let port: number | undefined;
  const close = sentBy.lastIndexOf(']');
  const pc = sentBy.lastIndexOf(':');
  if (pc > close) {
    host = sentBy.slice(0, pc);
    const p = sentBy.slice(pc + 1);
    if (/^\d{1,5}$/.test(p)) port = Number(p);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const semi = s.indexOf(';', i);
  const params = semi === -1 ? parseParams(s, s.length) : parseParams(s, semi);
  const via: Via = { transport, host, params };
  if (port !== undefined) via.port = port;
  const branch = params['branch'];
  if (branch !== undefined) via.branch = branch;
  const received = params['received'];
  if (received !== undefined) via.received = received;
  const rport = params['rport'];
  if (rport !== undefined && /^\d{1,5}$/.test(rport)) via.rport = Number(rport);
  return via;
}

/** Appends every Via of one header value to `into`; false if any part did not parse. */
export function parseViaList(value: string, into: Via[]): boolean {
  let ok = true;
  for (const part of splitCommaList(value)) {
    const v = parseVia(part);
    if (v) into.push(v);
    else ok = false;
  }
  return ok;
}
