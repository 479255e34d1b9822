import { describe, expect, it } from 'vitest';
import { callSummary } from '../../../testing/fake-calls.ts';
import { EMPTY_FILTER, TIME_RANGE_US, isFilterActive, matchesSearch, searchParams } from './call-filter.ts';

describe('call filter', () => {
  it('is inactive when empty, and an incomplete final code does not count', () => {
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
    expect(isFilterActive({ ...EMPTY_FILTER, q: '  ' })).toBe(false);
    expect(isFilterActive({ ...EMPTY_FILTER, finalCode: '48' })).toBe(false);
    expect(isFilterActive({ ...EMPTY_FILTER, finalCode: '486' })).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, range: '1h' })).toBe(true);
  });

  it('turns the fields into calls.search params, resolving the range against now', () => {
    const now = 10_000_000_000;
    expect(
      searchParams(
        { q: ' 1001 ', method: 'INVITE', state: 'failed', finalCode: '486', user: 'bob', ip: '10.0.0.1', range: '15m' },
        now,
      ),
    ).toEqual({
      q: '1001',
      method: 'INVITE',
      state: 'failed',
      finalCode: 486,
      user: 'bob',
      ip: '10.0.0.1',
      from: now - TIME_RANGE_US['15m'],
    });
    expect(searchParams(EMPTY_FILTER, now)).toEqual({});
  });

  it('matches the quick filter like the core: substrings case-insensitive, IP and method whole', () => {
    const call = callSummary({ callId: 'a84b4c76e66710' });
    expect(matchesSearch(call, { q: 'A84B4C' })).toBe(true);
    expect(matchesSearch(call, { q: '4930' })).toBe(true);
    expect(matchesSearch(call, { q: 'yealink' })).toBe(true);
    expect(matchesSearch(call, { q: '10.0.0.10' })).toBe(true);
    expect(matchesSearch(call, { q: '10.0.0' })).toBe(false);
    expect(matchesSearch(call, { q: 'invite' })).toBe(true);
    expect(matchesSearch(call, { q: 'INV' })).toBe(false);
    expect(matchesSearch(call, { q: 'nobody' })).toBe(false);
  });

  it('matches structured fields and the time range', () => {
    const call = callSummary({ finalCode: 486, state: 'failed' });
    expect(
      matchesSearch(call, { finalCode: 486, state: 'failed', method: 'invite', user: '1001', ip: '10.0.0.1' }),
    ).toBe(true);
    expect(matchesSearch(call, { finalCode: 404 })).toBe(false);
    expect(matchesSearch(call, { ip: '10.0.0.99' })).toBe(false);
    expect(matchesSearch(call, { from: call.startedAt + 1 })).toBe(false);
    expect(matchesSearch(call, { to: call.startedAt })).toBe(false);
  });
});
