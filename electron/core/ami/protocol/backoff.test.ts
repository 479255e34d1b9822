import { describe, expect, it } from 'vitest';
import { backoffDelayMs, RECONNECT_BASE_MS, RECONNECT_MAX_MS } from './backoff.ts';

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    const mid = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((a) => backoffDelayMs(a, undefined, mid))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters by at most 20 % either way', () => {
    expect(backoffDelayMs(0, undefined, () => 0)).toBe(RECONNECT_BASE_MS * 0.8);
    expect(backoffDelayMs(10, undefined, () => 0.999999)).toBeLessThanOrEqual(RECONNECT_MAX_MS * 1.2);
    expect(backoffDelayMs(10, undefined, () => 0.999999)).toBeGreaterThan(RECONNECT_MAX_MS * 1.19);
  });
});
