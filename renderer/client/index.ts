// Picks the transport for this page: the preload bridge in the desktop app, the WebSocket otherwise.
import { ElectronClient } from './electron-client.ts';
import type { MonitorClient } from './monitor-client.ts';
import { createWebTransfers } from './web-transfers.ts';
import { TOKEN_STORAGE_KEY, forgetToken, takeToken } from './web-token.ts';
import { WsClient, wsUrlFor } from './ws-client.ts';

export type { MonitorClient, ConnectionState, AuthRejection } from './monitor-client.ts';

/** Call once at startup, before the router reads the hash (the token is taken out of it first). */
export function createMonitorClient(win: Window = window): MonitorClient {
  if (win.pbxscope) return new ElectronClient(win.pbxscope);
  const env = { location: win.location, storage: sessionStorageOf(win), history: win.history };
  const token = takeToken(env);
  const transfers = createWebTransfers({
    fetch: (input, init) => win.fetch(input, init),
    // The stored token is the one the socket uses; the one read at start covers blocked storage.
    token: () => env.storage.getItem(TOKEN_STORAGE_KEY) ?? token,
    document: win.document,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
    setTimeout: (fn, ms) => win.setTimeout(fn, ms),
  });
  const client = new WsClient({ url: token ? wsUrlFor(win.location, token) : null, transfers });
  client.onAuthRejected(() => forgetToken(env));
  return client;
}

/** Reading `sessionStorage` throws where storage is blocked; fall back to a store that keeps nothing. */
function sessionStorageOf(win: Window): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    return win.sessionStorage;
  } catch {
    return { getItem: () => null, setItem: () => undefined, removeItem: () => undefined };
  }
}
