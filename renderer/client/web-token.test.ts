import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, forgetToken, splitHash, takeToken, type TokenEnvironment } from './web-token.ts';

function env(
  hash: string,
  stored: string | null = null,
): TokenEnvironment & { replaced: string[]; store: Map<string, string> } {
  const store = new Map<string, string>();
  if (stored !== null) store.set(TOKEN_STORAGE_KEY, stored);
  const replaced: string[] = [];
  return {
    location: { hash, pathname: '/', search: '' },
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    history: { state: null, replaceState: (_s, _t, url) => void replaced.push(String(url)) },
    replaced,
    store,
  };
}

describe('web token', () => {
  it('splits the route and the token in any order the host or a user may write them', () => {
    expect(splitHash('#token=abc')).toEqual({ route: '', token: 'abc' });
    expect(splitHash('#/calls?token=abc')).toEqual({ route: '/calls', token: 'abc' });
    expect(splitHash('#/calls?id=7&token=abc')).toEqual({ route: '/calls?id=7', token: 'abc' });
    expect(splitHash('#/sources')).toEqual({ route: '/sources', token: null });
    expect(splitHash('')).toEqual({ route: '', token: null });
  });

  it('moves the token from the address bar into session storage, keeping the route', () => {
    const e = env('#/channels?token=s3cret');
    expect(takeToken(e)).toBe('s3cret');
    expect(e.store.get(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(e.replaced).toEqual(['/#/channels']);
  });

  it('clears the fragment entirely when it held only the token', () => {
    const e = env('#token=s3cret');
    takeToken(e);
    expect(e.replaced).toEqual(['/']);
  });

  it('falls back to the stored token on reload and leaves the URL alone', () => {
    const e = env('#/logs', 'kept');
    expect(takeToken(e)).toBe('kept');
    expect(e.replaced).toEqual([]);
  });

  it('prefers a fresh token in the URL over a stale stored one', () => {
    const e = env('#token=new', 'old');
    expect(takeToken(e)).toBe('new');
    expect(e.store.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('forgets a refused token', () => {
    const e = env('', 'bad');
    forgetToken(e);
    expect(takeToken(e)).toBeNull();
  });
});
