// Durations and delays for call lists and ladders: talk time as h:mm:ss (as sngrep and PBX CDRs
// print it), setup delays in ms until they reach seconds, ladder gaps with a sign.

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 3600;

/** Talk time: "0:07", "12:03", "1:02:03". Whole seconds, rounded down (a CDR never rounds up). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const total = Math.floor(ms / MS_PER_SECOND);
  const h = Math.floor(total / SECONDS_PER_HOUR);
  const m = Math.floor((total % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  const s = total % SECONDS_PER_MINUTE;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Setup delays (SRD, PDD, RRD): "87 ms", "1.24 s". */
export function formatDelay(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < MS_PER_SECOND) return `${Math.round(ms)} ms`;
  return `${(ms / MS_PER_SECOND).toFixed(2)} s`;
}

/** Gap to the previous message in a ladder: "+0 ms", "+12.3 ms", "+1.204 s". */
export function formatGap(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms >= MS_PER_SECOND) return `+${(ms / MS_PER_SECOND).toFixed(3)} s`;
  if (ms >= 100 || Number.isInteger(ms)) return `+${Math.round(ms)} ms`;
  return `+${ms.toFixed(1)} ms`;
}
