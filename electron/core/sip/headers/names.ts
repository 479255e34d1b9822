// Header names: SIP names are case-insensitive and many have a one-letter compact form (RFC 3261
// §7.3.3 and the IANA registry). Every name is stored in one canonical form: lowercase, long.
// The headers the parser structures also get a small numeric id, so it dispatches on an integer.

/** Compact form -> long name (IANA "Session Initiation Protocol (SIP) Parameters", Header Fields). */
const COMPACT: Record<string, string> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

export const H_OTHER = 0;
export const H_VIA = 1;
export const H_CALL_ID = 2;
export const H_CSEQ = 3;
export const H_FROM = 4;
export const H_TO = 5;
export const H_CONTACT = 6;
export const H_PAI = 7;
export const H_USER_AGENT = 8;
export const H_SERVER = 9;
export const H_REASON = 10;
export const H_CONTENT_TYPE = 11;
export const H_CONTENT_LENGTH = 12;
export const H_MAX_FORWARDS = 13;

const IDS: Record<string, number> = {
  via: H_VIA,
  'call-id': H_CALL_ID,
  cseq: H_CSEQ,
  from: H_FROM,
  to: H_TO,
  contact: H_CONTACT,
  'p-asserted-identity': H_PAI,
  'user-agent': H_USER_AGENT,
  server: H_SERVER,
  reason: H_REASON,
  'content-type': H_CONTENT_TYPE,
  'content-length': H_CONTENT_LENGTH,
  'max-forwards': H_MAX_FORWARDS,
};

export interface HeaderName {
  /** Canonical: lowercase, long form. */
  name: string;
  /** H_* id of a structured header, H_OTHER for the rest. */
  id: number;
}

/**
 * Names matched in place, without cutting a string out of the line: the structured headers and the
 * ones every call carries. Anything else goes through the cache below.
 */
const COMMON = [
  ...Object.keys(IDS),
  'record-route',
  'route',
  'allow',
  'supported',
  'require',
  'expires',
  'accept',
  'authorization',
  'www-authenticate',
  'proxy-authenticate',
  'proxy-authorization',
  'session-expires',
  'min-se',
  'subject',
  'event',
  'allow-events',
  'content-disposition',
  'privacy',
  'remote-party-id',
  'diversion',
  'p-preferred-identity',
  'date',
];
/** Longest name in COMMON is below this; the table is indexed by length * 128 + lowercase first char. */
const MAX_COMMON_NAME = 32;
const byShape: (HeaderName[] | undefined)[] = new Array<HeaderName[] | undefined>(MAX_COMMON_NAME * 128);
function addShape(written: string, entry: HeaderName): void {
  const key = written.length * 128 + written.charCodeAt(0);
  (byShape[key] ??= []).push(entry);
}
for (const name of COMMON) addShape(name, { name, id: IDS[name] ?? H_OTHER });
for (const [short, name] of Object.entries(COMPACT)) addShape(short, { name, id: IDS[name] ?? H_OTHER });

/**
 * The name written in `line[0, len)` when it is a common header (any case), else null.
 * `| 0x20` lowercases ASCII letters and leaves '-' and digits alone, which is all header names hold.
 */
export function matchCommonHeaderName(line: string, len: number): HeaderName | null {
  if (len >= MAX_COMMON_NAME) return null;
  const candidates = byShape[len * 128 + (line.charCodeAt(0) | 0x20)];
  if (candidates === undefined) return null;
  // A one-letter name is a compact form: its shape alone identifies it.
  if (len === 1) return candidates[0] ?? null;
  outer: for (const c of candidates) {
    for (let i = 1; i < len; i++) if ((line.charCodeAt(i) | 0x20) !== c.name.charCodeAt(i)) continue outer;
    return c;
  }
  return null;
}

/**
 * Names seen as written -> canonical. Real traffic uses a few dozen spellings, so a cache saves the
 * lowercase + lookup per header; the bound keeps a stream of random names from growing it forever.
 */
const NAME_CACHE_MAX = 1024;
const cache = new Map<string, HeaderName>();

/** Canonical name and id of a header name as written. */
export function lookupHeaderName(written: string): HeaderName {
  const hit = cache.get(written);
  if (hit !== undefined) return hit;
  const lower = written.toLowerCase();
  const name = lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
  const entry: HeaderName = { name, id: IDS[name] ?? H_OTHER };
  if (cache.size < NAME_CACHE_MAX) cache.set(written, entry);
  return entry;
}

/** Canonical (lowercase, long-form) name of a header name as written. */
export function canonicalHeaderName(written: string): string {
  return lookupHeaderName(written).name;
}
