// Capture timestamps are integer microseconds UTC; the UI shows local wall-clock time with
// milliseconds (the zone is printed once, in the header).

const US_PER_MS = 1000;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function three(n: number): string {
  return String(n).padStart(3, '0');
}

/** "14:03:22.123" in the local zone. */
export function formatClock(us: number): string {
  const d = new Date(Math.floor(us / US_PER_MS));
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${three(d.getMilliseconds())}`;
}

/** "2026-07-24" in the local zone. */
export function formatDay(us: number): string {
  const d = new Date(Math.floor(us / US_PER_MS));
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** "2026-07-24 14:03:22.123": for tooltips and anywhere the day may differ from today. */
export function formatDateTime(us: number): string {
  return `${formatDay(us)} ${formatClock(us)}`;
}

/** Whether `us` falls on the same local calendar day as `nowMs`. */
export function isSameLocalDay(us: number, nowMs: number = Date.now()): boolean {
  return formatDay(us) === formatDay(nowMs * US_PER_MS);
}

/** The current time in the core's unit. */
export function nowMicros(): number {
  return Date.now() * US_PER_MS;
}
