// The masks a redacted export writes in place of real values: addresses from the ranges reserved
// for documentation, users as `user-0001`, phone numbers as digits of the same length. Each value
// gets the next free mask in the order values first appear, and a mask is never a value that
// occurs in the export itself (a trace captured in 192.0.2.0/24 must not collide). Pure.
import { formatIpv4, formatIpv6, writeIpv4, writeIpv6 } from '../capture/ip-text.ts';

/**
 * IPv4 masks: the three TEST-NETs of RFC 5737 (762 hosts), then the benchmarking block
 * 198.18.0.0/15 of RFC 2544 (130,048 more), every one reserved so a mask never names a real host.
 * Past those (an export holds at most 200,000 messages, so in practice never) the shared address
 * space 100.64.0.0/10 of RFC 6598, which no public host uses either.
 */
const IPV4_POOLS: readonly { base: number; hosts: number }[] = [
  { base: ip4('192.0.2.0'), hosts: 254 },
  { base: ip4('198.51.100.0'), hosts: 254 },
  { base: ip4('203.0.113.0'), hosts: 254 },
  { base: ip4('198.18.0.0'), hosts: 254 * 512 },
  { base: ip4('100.64.0.0'), hosts: 254 * 16_384 },
];
/** A mask that collides with an original is skipped; this many skips in a row means the pool is spent. */
const MAX_MASK_SKIPS = 1_000_000;
/** IPv6 masks: 2001:db8::/32, the documentation prefix of RFC 3849; the counter fills the last 32 bits. */
const IPV6_MASK_PREFIX = '2001:db8::';
/** Digits in a numeric mask at least: `0001` reads as a mask, `1` reads as a typo. */
const MIN_MASK_DIGITS = 4;

function ip4(text: string): number {
  const b = Buffer.alloc(4);
  writeIpv4(text, b, 0);
  return b.readUInt32BE(0);
}

/** The n-th IPv4 mask (0-based), skipping .0 and .255 so no mask looks like a network or broadcast address. */
export function ipv4Mask(n: number): string {
  let i = n;
  for (const pool of IPV4_POOLS) {
    if (i < pool.hosts) {
      const b = Buffer.alloc(4);
      // 254 hosts per /24: .1 to .254.
      b.writeUInt32BE(pool.base + Math.floor(i / 254) * 256 + (i % 254) + 1, 0);
      return formatIpv4(b, 0);
    }
    i -= pool.hosts;
  }
  return ipv4Mask(i); // wraps; unreachable within the export limits
}

export function ipv6Mask(n: number): string {
  const b = Buffer.alloc(16);
  writeIpv6(IPV6_MASK_PREFIX, b, 0);
  b.writeUInt32BE((n + 1) >>> 0, 12);
  return formatIpv6(b, 0);
}

/**
 * Address text -> canonical text (what masks are keyed by), null when it is not an address. A trace
 * repeats a handful of addresses thousands of times, so each spelling is parsed once; the bound
 * keeps a trace full of address-like tokens from growing the cache without end.
 */
const CANONICAL_CACHE_MAX = 4096;
const canonicalCache = new Map<string, string | null>();
const scratch = Buffer.alloc(16);

export function canonicalIp(text: string): { family: 4 | 6; canonical: string } | null {
  let canonical = canonicalCache.get(text);
  if (canonical === undefined) {
    if (writeIpv4(text, scratch, 0)) canonical = formatIpv4(scratch, 0);
    else canonical = writeIpv6(text, scratch, 0) ? formatIpv6(scratch, 0) : null;
    if (canonicalCache.size >= CANONICAL_CACHE_MAX) canonicalCache.clear();
    canonicalCache.set(text, canonical);
  }
  return canonical === null ? null : { family: canonical.includes(':') ? 6 : 4, canonical };
}

/** A user part that is a phone number: digits with an optional leading + and visual separators. */
const PHONE_NUMBER_RE = /^\+?[0-9][0-9().\- ]*$/;

export function isPhoneNumber(user: string): boolean {
  return PHONE_NUMBER_RE.test(user);
}

/** `+00000000001` for the first number of 11 digits: the + and the length survive, the digits do not. */
export function numberMask(original: string, n: number): string {
  const digits = original.replace(/\D/g, '').length;
  return `${original.startsWith('+') ? '+' : ''}${String(n + 1).padStart(Math.max(digits, MIN_MASK_DIGITS), '0')}`;
}

export function nameMask(n: number): string {
  return `user-${String(n + 1).padStart(MIN_MASK_DIGITS, '0')}`;
}

/**
 * original -> mask for one kind of value. `taken` holds every original of the export, so a mask
 * that happens to equal one is skipped.
 */
export class MaskTable {
  private readonly masks = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly next: (original: string, n: number) => string;
  private readonly counterOf: (original: string) => string;

  /** `next` makes the n-th mask for an original; originals with the same `counterOf` share one sequence. */
  constructor(next: (original: string, n: number) => string, counterOf: (original: string) => string) {
    this.next = next;
    this.counterOf = counterOf;
  }

  maskOf(original: string, taken: ReadonlySet<string>): string {
    const known = this.masks.get(original);
    if (known !== undefined) return known;
    const counter = this.counterOf(original);
    let n = this.counters.get(counter) ?? 0;
    let mask = this.next(original, n++);
    for (let skips = 0; (taken.has(mask) || this.used.has(mask)) && skips < MAX_MASK_SKIPS; skips++)
      mask = this.next(original, n++);
    this.counters.set(counter, n);
    this.masks.set(original, mask);
    this.used.add(mask);
    return mask;
  }
}
