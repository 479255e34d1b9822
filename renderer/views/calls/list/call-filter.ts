// What the user filters the calls list by: the quick filter (one box, like sngrep's `/`) and the
// structured fields of the filter bar. One value turns into `calls.search` params for the core and
// into a predicate for pushed `calls.delta` rows, so both sides apply the same rule.
import type { CallSummary, ParamsOf } from '../../../../shared/contract.ts';

export type CallSearchParams = ParamsOf<'calls.search'>;

export const TIME_RANGES = ['all', '15m', '1h', '24h'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const MINUTE_US = 60 * 1_000_000;
export const TIME_RANGE_US: Record<Exclude<TimeRange, 'all'>, number> = {
  '15m': 15 * MINUTE_US,
  '1h': 60 * MINUTE_US,
  '24h': 24 * 60 * MINUTE_US,
};

export const TIME_RANGE_LABELS: Record<TimeRange, string> = {
  all: 'All time',
  '15m': 'Last 15 min',
  '1h': 'Last hour',
  '24h': 'Last 24 h',
};

export interface CallFilter {
  /** Quick filter: Call-ID, user or number, IP, user agent, method. */
  q: string;
  method: string;
  state: string;
  /** Kept as typed text; only a 3-digit code in 100..699 filters. */
  finalCode: string;
  user: string;
  ip: string;
  range: TimeRange;
}

export const EMPTY_FILTER: CallFilter = { q: '', method: '', state: '', finalCode: '', user: '', ip: '', range: 'all' };

function validCode(text: string): number | undefined {
  const t = text.trim();
  if (!/^[1-6]\d\d$/.test(t)) return undefined;
  return Number(t);
}

export function isFilterActive(f: CallFilter): boolean {
  return (
    f.q.trim() !== '' ||
    f.method !== '' ||
    f.state !== '' ||
    validCode(f.finalCode) !== undefined ||
    f.user.trim() !== '' ||
    f.ip.trim() !== '' ||
    f.range !== 'all'
  );
}

/** The filter as `calls.search` params, with the time range resolved against `nowUs`. */
export function searchParams(f: CallFilter, nowUs: number): CallSearchParams {
  const p: CallSearchParams = {};
  const q = f.q.trim();
  if (q) p.q = q;
  if (f.method) p.method = f.method;
  if (f.state) p.state = f.state;
  const code = validCode(f.finalCode);
  if (code !== undefined) p.finalCode = code;
  if (f.user.trim()) p.user = f.user.trim();
  if (f.ip.trim()) p.ip = f.ip.trim();
  if (f.range !== 'all') p.from = nowUs - TIME_RANGE_US[f.range];
  return p;
}

function contains(haystack: string | undefined, needle: string): boolean {
  return haystack !== undefined && haystack.toLowerCase().includes(needle.toLowerCase());
}

/**
 * Whether a call matches resolved search params, exactly as the core's SQL does: substrings are
 * case-insensitive (SQLite LIKE), IPs and method match whole, the range bounds the start time.
 */
export function matchesSearch(call: CallSummary, p: CallSearchParams): boolean {
  if (p.from !== undefined && call.startedAt < p.from) return false;
  if (p.to !== undefined && call.startedAt >= p.to) return false;
  if (p.callId && !contains(call.callId, p.callId)) return false;
  if (p.user && !contains(call.from, p.user) && !contains(call.to, p.user)) return false;
  if (p.ip && call.srcIp !== p.ip && call.dstIp !== p.ip) return false;
  if (p.method && call.method !== p.method.toUpperCase()) return false;
  if (p.state && call.state !== p.state) return false;
  if (p.finalCode !== undefined && call.finalCode !== p.finalCode) return false;
  if (p.userAgent && !contains(call.userAgent, p.userAgent)) return false;
  if (p.q) {
    const t = p.q.trim();
    const hit =
      contains(call.callId, t) ||
      contains(call.from, t) ||
      contains(call.to, t) ||
      call.srcIp === t ||
      call.dstIp === t ||
      contains(call.userAgent, t) ||
      call.method === t.toUpperCase();
    if (!hit) return false;
  }
  return true;
}
