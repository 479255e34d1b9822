// Header names: SIP names are case-insensitive and many have a one-letter compact form (RFC 3261
// §7.3.3 and the IANA registry). Every name is stored in one canonical form: lowercase, long.

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

/**
 * Names seen as written -> canonical. Real traffic uses a few dozen spellings, so a cache saves the
 * lowercase + lookup per header; the bound keeps a stream of random names from growing it forever.
 */
const NAME_CACHE_MAX = 1024;
const cache = new Map<string, string>();

/** Canonical (lowercase, long-form) name of a header name as written. */
export function canonicalHeaderName(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const lower = name.toLowerCase();
  const canonical = lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
  if (cache.size < NAME_CACHE_MAX) cache.set(name, canonical);
  return canonical;
}
