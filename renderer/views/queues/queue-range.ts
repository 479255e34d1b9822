// The period the wallboard's KPIs cover: today (live, from the queue snapshots), the last hour, or
// a custom range; plus the service-level threshold T. Anything but today at the default T is asked
// of the core with `queues.stats`, which counts from the stored queue facts.

export type RangeKind = 'today' | 'hour' | 'custom';

export interface QueueRange {
  kind: RangeKind;
  /** µs UTC, custom only. */
  from?: number;
  to?: number;
  /** Answered within this many seconds counts as in service level. */
  serviceLevelSec: number;
}

/** The core's default T (and the common call-centre one): the live snapshots use it. */
export const DEFAULT_SERVICE_LEVEL_SEC = 20;
/** Choices offered for T, in seconds. */
export const SERVICE_LEVEL_CHOICES = [10, 15, 20, 30, 45, 60, 90, 120] as const;

const US_PER_MS = 1000;
const HOUR_US = 3600 * 1_000_000;

export const TODAY: QueueRange = { kind: 'today', serviceLevelSec: DEFAULT_SERVICE_LEVEL_SEC };

/** Local midnight of the day `nowMs` falls on, in µs UTC. */
export function localMidnightUs(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(0, 0, 0, 0);
  return d.getTime() * US_PER_MS;
}

/** Whether the live snapshot's `today` figures answer this range as they are. */
export function servedBySnapshot(range: QueueRange): boolean {
  return range.kind === 'today' && range.serviceLevelSec === DEFAULT_SERVICE_LEVEL_SEC;
}

/** `queues.stats` / `agents.list` params for the range, at `nowMs`. */
export function statsParams(range: QueueRange, nowMs: number): { from?: number; to?: number; serviceLevelSec: number } {
  const sl = { serviceLevelSec: range.serviceLevelSec };
  if (range.kind === 'today') return { from: localMidnightUs(nowMs), ...sl };
  if (range.kind === 'hour') return { from: nowMs * US_PER_MS - HOUR_US, ...sl };
  return {
    ...(range.from !== undefined ? { from: range.from } : {}),
    ...(range.to !== undefined ? { to: range.to } : {}),
    ...sl,
  };
}

/** "2026-07-24T09:30" (local) for a datetime-local input, from µs UTC. */
export function toLocalInput(us: number): string {
  const d = new Date(us / US_PER_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The inverse of toLocalInput; null for an empty or unreadable value. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms * US_PER_MS : null;
}
