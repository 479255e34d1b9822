// Counters and rates for dense status displays: grouped thousands, short rates.

const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** Above this a counter is shown compact (1.2M) so status chips keep their width. */
const COMPACT_FROM = 1_000_000;

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return n >= COMPACT_FROM ? compactFormat.format(n) : countFormat.format(n);
}

/** Per-second rate: one decimal below 10 so a trickle of OPTIONS pings is still visible. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '0';
  if (perSec < 10) return perSec.toFixed(1);
  return formatCount(Math.round(perSec));
}
