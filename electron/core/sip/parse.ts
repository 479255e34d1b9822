// SIP message parser: start line, every header (compact forms, folding, repeats kept in order), the
// structured headers a monitor indexes, the body split by Content-Length and an SDP summary.
// Never throws: a broken message comes back with what could be parsed, its raw bytes, and `malformed`.
// Runs at 60k messages/s next to the HEP decoder, so it makes one pass over the header text.
import * as H from './headers/names.ts';
import { digitsValue } from './headers/digits.ts';
import { parseNameAddr, parseNameAddrList, type NameAddr } from './headers/name-addr.ts';
import { parseViaList, type Via } from './headers/via.ts';
import { parseCSeq, type CSeq } from './headers/cseq.ts';
import { parseReasonList, type SipReason } from './headers/reason.ts';
import { parseContentType } from './headers/content-type.ts';
import { parseUri, type SipUri } from './headers/uri.ts';
import { parseSdp, type SdpSummary } from './sdp.ts';
import { findMultipartPart } from './multipart.ts';

export type { NameAddr } from './headers/name-addr.ts';
export type { Via } from './headers/via.ts';
export type { CSeq } from './headers/cseq.ts';
export type { SipReason } from './headers/reason.ts';
export type { SipUri } from './headers/uri.ts';
export type { SdpSummary, SdpMedia, SdpDirection } from './sdp.ts';

export interface SipHeader {
  /** Canonical name: lowercase, compact forms expanded (`i` -> `call-id`). */
  name: string;
  /** Value with surrounding whitespace removed and folded lines joined by one space. */
  value: string;
}

export interface SipMessage {
  kind: 'request' | 'response' | 'unknown';
  /** Request method as sent (methods are case-sensitive). */
  method?: string;
  requestUri?: string;
  /** The request URI, parsed. */
  uri?: SipUri;
  statusCode?: number;
  /** Response reason phrase; '' when the response had none. */
  reasonPhrase?: string;
  /** Every header in order, repeated ones included. */
  headers: SipHeader[];
  callId?: string;
  cseq?: CSeq;
  from?: NameAddr;
  to?: NameAddr;
  /** Every Via in order, topmost first, across headers and comma-separated values. */
  via: readonly Via[];
  contact: readonly NameAddr[];
  /** P-Asserted-Identity entries. */
  pai: readonly NameAddr[];
  userAgent?: string;
  server?: string;
  /** Reason header entries (RFC 3326). */
  reasons: readonly SipReason[];
  /** Lowercase media type of Content-Type, without parameters. */
  contentType?: string;
  contentLength?: number;
  maxForwards?: number;
  /** The body: Content-Length bytes after the headers (a view into `raw`). */
  body: Buffer;
  /** Present when the body is SDP (directly or as one part of a multipart body). */
  sdp?: SdpSummary;
  /** The message exactly as received. */
  raw: Buffer;
  /** Why the message is broken, when it is; everything that could be parsed is still filled in. */
  malformed?: string;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');
const EMPTY = Buffer.alloc(0);
const NONE: readonly never[] = Object.freeze([]);
const METHOD_RE = /^[A-Za-z!%*_+`'~.-]+$/;
/** Digits accepted in Content-Length / Max-Forwards: 10 covers any 32-bit value. */
const MAX_NUMBER_DIGITS = 10;

function isLws(c: number): boolean {
  return c === 32 || c === 9;
}

function parseStartLine(line: string, msg: SipMessage, lean: boolean): string | undefined {
  if (line.startsWith('SIP/')) {
    const sp = line.indexOf(' ');
    const code = sp === -1 ? '' : line.slice(sp + 1, sp + 4);
    const after = line[sp + 4];
    if (sp === -1 || !/^[1-6]\d\d$/.test(code) || (after !== undefined && after !== ' ' && after !== '\t')) {
      msg.kind = 'response';
      return `bad status line: ${line.slice(0, 80)}`;
    }
    msg.kind = 'response';
    msg.statusCode = Number(code);
    msg.reasonPhrase = line.slice(sp + 5).trim();
    return undefined;
  }
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 <= sp1 + 1) return `not a SIP start line: ${line.slice(0, 80)}`;
  const method = line.slice(0, sp1);
  const version = line.slice(sp2 + 1);
  if (!METHOD_RE.test(method) || !version.startsWith('SIP/')) return `not a SIP start line: ${line.slice(0, 80)}`;
  msg.kind = 'request';
  msg.method = method;
  const requestUri = line.slice(sp1 + 1, sp2).trim();
  msg.requestUri = requestUri;
  if (lean) return undefined;
  const uri = parseUri(requestUri);
  if (uri) msg.uri = uri;
  return undefined;
}

export interface ParseOptions {
  /**
   * Skip what the capture hot path never reads: the request-URI, Contact and P-Asserted-Identity
   * lists and the SDP body. Views that show a message parse it again in full.
   */
  lean?: boolean;
}

/** Parses one SIP message (one UDP payload, one HEP payload, or one message cut by splitSipStream). */
export function parseSip(payload: Buffer | string, opts: ParseOptions = {}): SipMessage {
  const lean = opts.lean === true;
  const raw = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  // Every field present from the start, in one order: one object shape for all messages.
  const msg: SipMessage = {
    kind: 'unknown',
    method: undefined,
    requestUri: undefined,
    uri: undefined,
    statusCode: undefined,
    reasonPhrase: undefined,
    headers: [],
    callId: undefined,
    cseq: undefined,
    from: undefined,
    to: undefined,
    via: NONE,
    contact: NONE,
    pai: NONE,
    userAgent: undefined,
    server: undefined,
    reasons: NONE,
    contentType: undefined,
    contentLength: undefined,
    maxForwards: undefined,
    body: EMPTY,
    sdp: undefined,
    raw,
    malformed: undefined,
  };
  let malformed: string | undefined;

  // RFC 3261 §7.5: CRLFs before the start line (keep-alives) are ignored.
  let start = 0;
  while (start < raw.length && (raw[start] === 13 || raw[start] === 10)) start++;
  if (start === raw.length) {
    msg.malformed = 'empty message';
    return msg;
  }

  let headEnd = raw.indexOf(CRLFCRLF, start);
  let sepLen = 4;
  const firstLf = raw.indexOf(10, start);
  if (firstLf > start && raw[firstLf - 1] !== 13) {
    // Bare-LF line ends (tolerated, RFC 3261 §7.5 asks for leniency): the blank line is "\n\n".
    const lf = raw.indexOf(LFLF, start);
    if (lf !== -1 && (headEnd === -1 || lf < headEnd)) {
      headEnd = lf;
      sepLen = 2;
    }
  }
  const headStop = headEnd === -1 ? raw.length : headEnd;
  const head = raw.toString('utf8', start, headStop);

  // Pass 1: lines -> headers (folded lines joined).
  const headers = msg.headers;
  const ids: number[] = [];
  let pos = 0;
  let lineNo = 0;
  while (pos <= head.length) {
    let nl = head.indexOf('\n', pos);
    if (nl === -1) nl = head.length;
    const end = nl > pos && head.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const line = head.slice(pos, end);
    pos = nl + 1;
    if (lineNo++ === 0) {
      malformed = parseStartLine(line, msg, lean);
      continue;
    }
    if (line.length === 0) continue;
    const c0 = line.charCodeAt(0);
    if (c0 === 32 || c0 === 9) {
      const last = headers[headers.length - 1];
      if (last) last.value = last.value ? `${last.value} ${line.trim()}` : line.trim();
      else malformed ??= 'continuation line before any header';
      continue;
    }
    const colon = line.indexOf(':');
    let nameEnd = colon;
    while (nameEnd > 0 && isLws(line.charCodeAt(nameEnd - 1))) nameEnd--;
    if (nameEnd <= 0) {
      malformed ??= `header line without a name and colon: ${line.slice(0, 80)}`;
      continue;
    }
    let vStart = colon + 1;
    let vEnd = line.length;
    while (vStart < vEnd && isLws(line.charCodeAt(vStart))) vStart++;
    while (vEnd > vStart && isLws(line.charCodeAt(vEnd - 1))) vEnd--;
    const hn = H.matchCommonHeaderName(line, nameEnd) ?? H.lookupHeaderName(line.slice(0, nameEnd));
    headers.push({ name: hn.name, value: line.slice(vStart, vEnd) });
    ids.push(hn.id);
  }

  // Pass 2: the structured headers.
  let via: Via[] | undefined;
  let contact: NameAddr[] | undefined;
  let pai: NameAddr[] | undefined;
  let reasons: SipReason[] | undefined;
  let contentTypeParams: Readonly<Record<string, string>> | undefined;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as SipHeader;
    const v = h.value;
    switch (ids[i]) {
      case H.H_VIA:
        if (!parseViaList(v, (via ??= []))) malformed ??= `bad Via: ${v.slice(0, 80)}`;
        break;
      case H.H_CALL_ID:
        if (msg.callId === undefined) msg.callId = v;
        else if (msg.callId !== v) malformed ??= 'two different Call-IDs';
        break;
      case H.H_CSEQ: {
        const cseq = parseCSeq(v);
        if (cseq) msg.cseq ??= cseq;
        else malformed ??= `bad CSeq: ${v.slice(0, 80)}`;
        break;
      }
      case H.H_FROM:
      case H.H_TO: {
        const na = parseNameAddr(v);
        if (!na) malformed ??= `bad ${h.name === 'from' ? 'From' : 'To'}: ${v.slice(0, 80)}`;
        else if (ids[i] === H.H_FROM) msg.from ??= na;
        else msg.to ??= na;
        break;
      }
      case H.H_CONTACT:
        if (lean) break;
        if (!parseNameAddrList(v, (contact ??= []))) malformed ??= `bad Contact: ${v.slice(0, 80)}`;
        break;
      case H.H_PAI:
        if (lean) break;
        if (!parseNameAddrList(v, (pai ??= []))) malformed ??= `bad P-Asserted-Identity: ${v.slice(0, 80)}`;
        break;
      case H.H_USER_AGENT:
        msg.userAgent ??= v;
        break;
      case H.H_SERVER:
        msg.server ??= v;
        break;
      case H.H_REASON:
        parseReasonList(v, (reasons ??= []));
        break;
      case H.H_CONTENT_TYPE:
        if (msg.contentType === undefined) {
          const ct = parseContentType(v);
          msg.contentType = ct.mediaType;
          contentTypeParams = ct.params;
        }
        break;
      case H.H_CONTENT_LENGTH: {
        const n = digitsValue(v, MAX_NUMBER_DIGITS);
        if (n >= 0) msg.contentLength ??= n;
        else malformed ??= `bad Content-Length: ${v.slice(0, 80)}`;
        break;
      }
      case H.H_MAX_FORWARDS: {
        const n = digitsValue(v, MAX_NUMBER_DIGITS);
        if (n >= 0) msg.maxForwards ??= n;
        break;
      }
      default:
        break;
    }
  }
  if (via) msg.via = via;
  if (contact) msg.contact = contact;
  if (pai) msg.pai = pai;
  if (reasons) msg.reasons = reasons;

  // Body: exactly Content-Length bytes; without the header, everything after the blank line (UDP).
  if (headEnd === -1) {
    malformed ??= 'no blank line after the headers';
  } else {
    const bodyStart = headEnd + sepLen;
    const available = raw.length - bodyStart;
    const cl = msg.contentLength;
    if (cl === undefined) {
      msg.body = raw.subarray(bodyStart);
    } else if (cl > available) {
      malformed ??= `Content-Length ${cl} but only ${available} body bytes`;
      msg.body = raw.subarray(bodyStart);
    } else {
      msg.body = raw.subarray(bodyStart, bodyStart + cl);
    }
  }
  if (msg.body.length > 0 && !lean) {
    if (msg.contentType === 'application/sdp') msg.sdp = parseSdp(msg.body);
    else if (msg.contentType?.startsWith('multipart/')) {
      const part = findMultipartPart(msg.body, contentTypeParams?.['boundary'] ?? '', 'application/sdp');
      if (part) msg.sdp = parseSdp(part);
    }
  }

  // Headers every request and response must carry (RFC 3261 §8.1.1, §8.2.6.2).
  if (msg.kind !== 'unknown' && malformed === undefined) {
    if (msg.callId === undefined) malformed = 'missing Call-ID';
    else if (msg.cseq === undefined) malformed = 'missing CSeq';
    else if (msg.from === undefined) malformed = 'missing From';
    else if (msg.to === undefined) malformed = 'missing To';
    else if (msg.via.length === 0) malformed = 'missing Via';
    if (msg.kind === 'request' && msg.cseq && msg.method && msg.cseq.method !== msg.method) {
      malformed ??= `CSeq method ${msg.cseq.method} does not match request method ${msg.method}`;
    }
  }
  msg.malformed = malformed;
  return msg;
}

/** First value of header `name` (any case, compact or long form), or undefined. */
export function header(msg: SipMessage, name: string): string | undefined {
  const canonical = H.canonicalHeaderName(name);
  for (const h of msg.headers) if (h.name === canonical) return h.value;
  return undefined;
}

/** Every value of header `name`, in message order (one entry per header line, commas not split). */
export function headerValues(msg: SipMessage, name: string): string[] {
  const canonical = H.canonicalHeaderName(name);
  const out: string[] = [];
  for (const h of msg.headers) if (h.name === canonical) out.push(h.value);
  return out;
}
