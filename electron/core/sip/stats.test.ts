import { describe, expect, it } from 'vitest';
import { inviteRatios, percentile } from './stats.ts';

describe('inviteRatios (RFC 6076)', () => {
  it('computes ASR, SER, SEER, ISA and SCR from outcome counts', () => {
    // 50 calls of the Kamailio fixture mix: 30 answered (all ended by BYE), 8 busy, 5 not found, 7 cancelled.
    const r = inviteRatios({
      invites: 50,
      answered: 30,
      redirected: 0,
      userDeclined: 8,
      ineffective: 0,
      completed: 30,
    });
    expect(r).toEqual({ asr: 60, ser: 60, seer: 76, isa: 0, scr: 60 });
  });

  it('takes 3xx out of the SER and SEER denominators only', () => {
    const r = inviteRatios({ invites: 10, answered: 4, redirected: 2, userDeclined: 2, ineffective: 1, completed: 3 });
    expect(r.ser).toBe(50);
    expect(r.seer).toBe(75);
    expect(r.asr).toBe(40);
    expect(r.isa).toBe(10);
  });

  it('answers null, not NaN or 0, when there is nothing to divide by', () => {
    expect(
      inviteRatios({ invites: 0, answered: 0, redirected: 0, userDeclined: 0, ineffective: 0, completed: 0 }),
    ).toEqual({ asr: null, ser: null, seer: null, isa: null, scr: null });
  });
});

describe('percentile', () => {
  it('uses nearest rank', () => {
    const v = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});
