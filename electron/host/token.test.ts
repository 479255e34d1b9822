import { describe, expect, it } from 'vitest';
import { newToken, tokenFromRequest, tokenMatches } from './token.ts';

describe('web token', () => {
  it('is random and long enough not to be guessed', () => {
    const a = newToken();
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(newToken()).not.toBe(a);
  });

  it('matches only the exact token', () => {
    const t = newToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t, t.slice(1))).toBe(false);
    expect(tokenMatches(t, '')).toBe(false);
    expect(tokenMatches(t, null)).toBe(false);
  });

  it('is read from a Bearer header first, else from ?token=', () => {
    expect(tokenFromRequest('Bearer abc', new URL('http://x/?token=zzz'))).toBe('abc');
    expect(tokenFromRequest(undefined, new URL('http://x/api/ws?token=zzz'))).toBe('zzz');
    expect(tokenFromRequest('Basic abc', new URL('http://x/'))).toBeNull();
  });
});
