// Times as the reports print them. A ticket is read in another time zone and locale than the one it
// was written in, so reports always say UTC, never use the locale, and keep the microseconds the
// capture has. Pure.

const US_PER_S = 1_000_000;

/** The last second formatted: a trace's messages come many to a second, and reports format each one. */
let lastSecond = NaN;
let lastSecondText = '';

/** `2026-11-21 09:40:00.123456 UTC` for a µs UTC timestamp. */
export function formatUtc(us: number): string {
  const s = Math.floor(us / US_PER_S);
  const frac = us - s * US_PER_S;
  if (s !== lastSecond) {
    const iso = new Date(s * 1000).toISOString(); // 2026-11-21T09:40:00.000Z
    lastSecond = s;
    lastSecondText = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return `${lastSecondText}.${String(frac).padStart(6, '0')} UTC`;
}

/** `09:40:00.123456`: the time of day alone, for dense places (ladder rows) under a UTC date header. */
export function formatUtcTimeOfDay(us: number): string {
  return formatUtc(us).slice(11, 26);
}

/** `20261121T094000Z`: for file names (sortable, no characters a file system refuses). */
export function compactUtc(us: number): string {
  return new Date(Math.floor(us / 1000))
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `+0.012345 s`: the gap to the previous message, µs precision. */
export function formatDelta(us: number): string {
  const sign = us < 0 ? '-' : '+';
  const abs = Math.abs(us);
  const s = Math.floor(abs / US_PER_S);
  return `${sign}${s}.${String(abs - s * US_PER_S).padStart(6, '0')} s`;
}

/** A KPI in milliseconds: `840 ms` below ten seconds, `12.35 s` above, `-` when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
