// The only way the UI reaches the core. Views never know which transport sits behind it
// (Electron IPC, WebSocket, or the in-memory fake in component tests).
import type { EventName, Events, ParamsOf, RequestName, ResultOf, RpcResult } from '../../shared/contract.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface MonitorClient {
  /** Never rejects: transport trouble comes back as `{ok:false, code:'unavailable'}`. */
  invoke<K extends RequestName>(name: K, params: ParamsOf<K>): Promise<RpcResult<ResultOf<K>>>;
  /** Returns the unsubscribe function. */
  subscribe<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void;
  /** Calls `cb` at once with the current state, then on every change. */
  onConnection(cb: (state: ConnectionState) => void): () => void;
  /**
   * Web mode only: the host refused this page's token (WebSocket close code 4401) or the page has none.
   * Retrying cannot help, so the UI shows how to get a valid link instead of a spinner.
   */
  onAuthRejected?(cb: (reason: AuthRejection) => void): () => void;
}

export type AuthRejection = 'missing-token' | 'invalid-token';
