// Reconnect delay: exponential from a base, capped, with jitter so many monitors (or many PBXs in
// one monitor) that lost the same PBX at once do not all knock on it in the same second.

/** First retry after a drop: Asterisk restarts take a few seconds, so one second is never wasted. */
export const RECONNECT_BASE_MS = 1_000;
/** Longest wait between attempts: a PBX back from maintenance is seen within half a minute. */
export const RECONNECT_MAX_MS = 30_000;
/** +-20 % around the nominal delay (ami-anchors 1.10). */
export const RECONNECT_JITTER = 0.2;

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: RECONNECT_BASE_MS,
  maxMs: RECONNECT_MAX_MS,
  jitter: RECONNECT_JITTER,
};

/** Delay before retry number `attempt` (0 = first retry); `random` in [0, 1). */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(nominal * factor));
}
