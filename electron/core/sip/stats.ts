// SIP KPIs over a set of calls (RFC 6076 section 4, plus ASR from ITU-T E.411). Pure: the query
// service feeds it counts and delay samples read from the store.

/** Outcome counts of the INVITE dialogs in a range. */
export interface InviteOutcomeCounts {
  invites: number;
  /** Final 2xx. */
  answered: number;
  /** Final 3xx (excluded from SER/SEER denominators). */
  redirected: number;
  /** Final 480, 486, 600, 603: the user was reached and declined or was busy (effective for SEER). */
  userDeclined: number;
  /** Final 408, 500, 503, 504, or no final answer at all (ISA). */
  ineffective: number;
  /** Answered and ended by BYE (SCR). */
  completed: number;
}

export interface InviteRatios {
  asr: number | null;
  ser: number | null;
  seer: number | null;
  isa: number | null;
  scr: number | null;
}

/** Final codes RFC 6076 4.7 counts as an effective session attempt besides 200. */
export const SEER_USER_CODES = [480, 486, 600, 603] as const;
/** Final codes RFC 6076 4.8 counts as ineffective (plus timeouts). */
export const ISA_CODES = [408, 500, 503, 504] as const;

function pct(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10_000) / 100 : null;
}

export function inviteRatios(c: InviteOutcomeCounts): InviteRatios {
  const effectiveDenominator = c.invites - c.redirected;
  return {
    asr: pct(c.answered, c.invites),
    ser: pct(c.answered, effectiveDenominator),
    seer: pct(c.answered + c.userDeclined, effectiveDenominator),
    isa: pct(c.ineffective, c.invites),
    scr: pct(c.completed, c.invites),
  };
}

/** Nearest-rank percentile of sorted values (what Wireshark and Homer report), null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}
