// The web host prints a URL like http://127.0.0.1:43123/#token=abc. The token lives in the fragment
// (never sent to the server in request lines or Referer), is kept in sessionStorage so a reload of
// the tab still works, and is removed from the address bar so it does not end up in screenshots.
// The hash also carries the route (#/calls): both forms coexist, e.g. #/calls?token=abc.

/** sessionStorage key: per tab, cleared when the tab closes. */
export const TOKEN_STORAGE_KEY = 'pbxscope.token';

export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/** Separates the route part of a hash from a `token` parameter: "#/calls?token=x" -> "/calls", "x". */
export function splitHash(hash: string): { route: string; token: string | null } {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  let path = '';
  let query = raw;
  if (raw.startsWith('/')) {
    const q = raw.indexOf('?');
    path = q === -1 ? raw : raw.slice(0, q);
    query = q === -1 ? '' : raw.slice(q + 1);
  }
  const params = new URLSearchParams(query);
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  return { route: path + (rest && path ? `?${rest}` : ''), token: token || null };
}

/** Reads the token from the hash (moving it to storage and out of the address bar) or from storage. */
export function takeToken(env: TokenEnvironment): string | null {
  const { route, token } = splitHash(env.location.hash);
  if (token) {
    try {
      env.storage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Storage disabled: the token still works for this page load, only a reload will lose it.
    }
    const { pathname, search } = env.location;
    env.history.replaceState(env.history.state, '', `${pathname}${search}${route ? `#${route}` : ''}`);
    return token;
  }
  try {
    return env.storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Drops a token the host refused, so a reload does not retry it. */
export function forgetToken(env: Pick<TokenEnvironment, 'storage'>): void {
  try {
    env.storage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
