// The only way the UI reaches the core. Views never know which transport sits behind it
// (Electron IPC, WebSocket, or the in-memory fake in component tests).
import type { EventName, Events, ParamsOf, RequestName, ResultOf, RpcResult } from '../../shared/contract.ts';
import type { CaptureUploader, ExportSaver } from './file-transfer.ts';

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
  /** Hands a written export to the user (web: download; desktop: native save dialog). Absent: show the path only. */
  readonly exports?: ExportSaver;
  /** Web mode: sends a capture file from this machine to the core. Absent in the desktop app (File > Open Capture). */
  readonly uploads?: CaptureUploader;
}

export type AuthRejection = 'missing-token' | 'invalid-token';
