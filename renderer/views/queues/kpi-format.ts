// Wallboard numbers: read across a room, so whole percentages and m:ss times, a dash for "nothing
// to divide by" (null), and a tone per value from the thresholds reference wallboards use (Vodia,
// sip.io: longest wait over 120 s and service level under 60 % turn red).
import { formatDuration } from '../../format/durations.ts';

const MS_PER_SECOND = 1000;

/** Longest wait that deserves attention / that is an emergency, seconds. */
export const LONGEST_WAIT_WARN_SEC = 60;
export const LONGEST_WAIT_BAD_SEC = 120;
/** Service level under these is a warning / a failure, %. */
export const SLA_WARN_PCT = 80;
export const SLA_BAD_PCT = 60;
/** Abandon rate over these is a warning / a failure, %. */
export const ABANDON_WARN_PCT = 5;
export const ABANDON_BAD_PCT = 10;

export type Tone = 'ok' | 'warn' | 'bad' | 'none';

export const NO_VALUE = '—';

/** "92 %", "7.5 %", "8 %", "100 %"; a tenth only where it matters (below 10), never 99.6 -> 100. */
export function formatBoardPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  if (value >= 100) return '100 %';
  const tenths = Math.round(value * 10) / 10;
  if (value > 0 && value < 10 && !Number.isInteger(tenths)) return `${tenths.toFixed(1)} %`;
  return `${Math.min(99, Math.round(value))} %`;
}

/** "0:12", "3:05", "1:02:03"; seconds may be fractional (averages). */
export function formatSeconds(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return NO_VALUE;
  return formatDuration(sec * MS_PER_SECOND);
}

export function slaTone(pct: number | null): Tone {
  if (pct === null) return 'none';
  return pct < SLA_BAD_PCT ? 'bad' : pct < SLA_WARN_PCT ? 'warn' : 'ok';
}

export function abandonTone(pct: number | null): Tone {
  if (pct === null) return 'none';
  return pct > ABANDON_BAD_PCT ? 'bad' : pct > ABANDON_WARN_PCT ? 'warn' : 'ok';
}

export function waitTone(sec: number | null): Tone {
  if (sec === null) return 'none';
  return sec > LONGEST_WAIT_BAD_SEC ? 'bad' : sec > LONGEST_WAIT_WARN_SEC ? 'warn' : 'ok';
}
