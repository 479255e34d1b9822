// Web mode transport: one WebSocket to the host's /api/ws carrying the shared ClientFrame/ServerFrame.
// Requests are correlated by id; events fan out to local subscribers (the host pushes every stream).
import type {
  ClientFrame,
  EventName,
  Events,
  ParamsOf,
  RequestName,
  ResultOf,
  RpcResult,
  ServerFrame,
} from '../../shared/contract.ts';
import { isEventName } from '../../shared/contract.ts';
import type { CaptureUploader, ExportSaver } from './file-transfer.ts';
import { EventListeners, StateListeners } from './listeners.ts';
import type { AuthRejection, ConnectionState, MonitorClient } from './monitor-client.ts';

/** Close code the host uses when the token in the URL is wrong (4000-4999 is the application range). */
export const AUTH_REJECTED_CLOSE_CODE = 4401;

/** A request made while disconnected waits this long for the socket to come back, then answers `unavailable`. */
export const CONNECT_WAIT_MS = 10_000;
/** A sent request with no answer by then is given up: the slowest history search is well under this. */
export const ANSWER_TIMEOUT_MS = 60_000;
/**
 * Requests that legitimately run long: the largest export the core accepts (128 MiB of SIP, rendered
 * and, for a bundle, compressed and encrypted) takes well under a minute on a laptop. Five minutes
 * leaves room for a slow disk without leaving a hung core's "Exporting…" up for ever.
 */
export const SLOW_ANSWER_TIMEOUT_MS = 300_000;
const SLOW_REQUESTS: ReadonlySet<string> = new Set<RequestName>(['export.snapshot']);
/** First reconnect delay; doubles per failed attempt. Short so a restarted host is picked up almost at once. */
export const RECONNECT_INITIAL_MS = 250;
/** Reconnect delay cap: a local host that is down costs one attempt per 5 s, and is found within 5 s once up. */
export const RECONNECT_MAX_MS = 5_000;

/** The part of the DOM WebSocket this client uses; tests inject a fake. */
export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => WebSocketLike;

export interface WsClientOptions {
  /** Full ws:// or wss:// URL including `?token=`; null when the page has no token to offer. */
  url: string | null;
  createSocket?: SocketFactory;
  connectWaitMs?: number;
  answerTimeoutMs?: number;
  /** HTTP downloads and uploads beside the socket (web-transfers.ts). */
  transfers?: { exports: ExportSaver; uploads: CaptureUploader };
}

interface Pending {
  frame: ClientFrame;
  resolve: (result: RpcResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

/** ws:// for http pages, wss:// for https pages, same host and port as the page. */
export function wsUrlFor(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/ws?token=${encodeURIComponent(token)}`;
}

export class WsClient implements MonitorClient {
  readonly exports?: ExportSaver;
  readonly uploads?: CaptureUploader;
  readonly #url: string | null;
  readonly #createSocket: SocketFactory;
  readonly #connectWaitMs: number;
  readonly #answerTimeoutMs: number;
  readonly #events = new EventListeners();
  readonly #connection = new StateListeners<ConnectionState>('connecting');
  readonly #auth = new StateListeners<AuthRejection | null>(null);
  readonly #pending = new Map<number, Pending>();
  #socket: WebSocketLike | null = null;
  #open = false;
  #nextId = 1;
  #retryDelay = RECONNECT_INITIAL_MS;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(options: WsClientOptions) {
    this.#url = options.url;
    this.#createSocket = options.createSocket ?? ((url) => new WebSocket(url) as WebSocketLike);
    this.#connectWaitMs = options.connectWaitMs ?? CONNECT_WAIT_MS;
    this.#answerTimeoutMs = options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
    if (options.transfers) {
      this.exports = options.transfers.exports;
      this.uploads = options.transfers.uploads;
    }
    if (this.#url === null) {
      // Without a token the host refuses the socket anyway; say so without a pointless round trip.
      this.#stopped = true;
      this.#connection.set('closed');
      this.#auth.set('missing-token');
      return;
    }
    this.#connect();
  }

  invoke<K extends RequestName>(name: K, params: ParamsOf<K>): Promise<RpcResult<ResultOf<K>>> {
    if (this.#auth.value) {
      return Promise.resolve(unauthorized());
    }
    return new Promise((resolve) => {
      const id = this.#nextId++;
      const frame: ClientFrame = { type: 'req', id, name, params };
      const pending: Pending = {
        frame,
        resolve: resolve as (result: RpcResult<unknown>) => void,
        sent: false,
        timer: setTimeout(() => this.#expire(id), this.#connectWaitMs),
      };
      this.#pending.set(id, pending);
      if (this.#open) this.#send(id, pending);
    });
  }

  subscribe<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void {
    return this.#events.add(name, cb);
  }

  onConnection(cb: (state: ConnectionState) => void): () => void {
    return this.#connection.add(cb);
  }

  onAuthRejected(cb: (reason: AuthRejection) => void): () => void {
    return this.#auth.add((reason) => {
      if (reason) cb(reason);
    });
  }

  /** Closes the socket for good and answers everything still waiting. */
  dispose(): void {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const socket = this.#socket;
    this.#detach();
    socket?.close(1000, 'client closed');
    this.#failAll(() => unavailable('the client was closed'));
    this.#connection.set('closed');
  }

  #connect(): void {
    if (this.#stopped || this.#url === null) return;
    this.#retryTimer = null;
    this.#connection.set('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.#createSocket(this.#url);
    } catch {
      // A malformed URL or a blocked scheme: treat it like a refused connection and keep trying.
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => this.#handleOpen();
    socket.onmessage = (ev) => this.#handleMessage(ev.data);
    socket.onclose = (ev) => this.#handleClose(ev.code);
    // An error is always followed by close; close is where recovery happens.
    socket.onerror = () => undefined;
  }

  #handleOpen(): void {
    this.#open = true;
    this.#retryDelay = RECONNECT_INITIAL_MS;
    this.#connection.set('open');
    for (const [id, pending] of this.#pending) {
      if (!pending.sent) this.#send(id, pending);
    }
  }

  #handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      console.warn('ignored a WebSocket frame that is not JSON');
      return;
    }
    if (frame.type === 'res') {
      const pending = this.#pending.get(frame.id);
      if (!pending) return; // answered after its timeout: the caller already has `unavailable`
      this.#settle(frame.id, pending, toResult(frame));
    } else if (frame.type === 'event' && isEventName(frame.name)) {
      this.#events.emit(frame.name, frame.payload as Events[typeof frame.name]);
    }
  }

  #handleClose(code: number): void {
    this.#detach();
    // Requests already on the wire are lost with the socket; the server may or may not have run them.
    for (const [id, pending] of this.#pending) {
      if (pending.sent)
        this.#settle(id, pending, unavailable('the connection to PBXScope was lost before it answered'));
    }
    if (code === AUTH_REJECTED_CLOSE_CODE) {
      this.#stopped = true;
      this.#failAll(unauthorized);
      this.#connection.set('closed');
      this.#auth.set('invalid-token');
      return;
    }
    this.#connection.set('closed');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#retryTimer) return;
    // No jitter: one browser tab talks to one local host, so there is no herd to spread out.
    this.#retryTimer = setTimeout(() => this.#connect(), this.#retryDelay);
    this.#retryDelay = Math.min(this.#retryDelay * 2, RECONNECT_MAX_MS);
  }

  #detach(): void {
    const socket = this.#socket;
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
    }
    this.#socket = null;
    this.#open = false;
  }

  #send(id: number, pending: Pending): void {
    try {
      this.#socket?.send(JSON.stringify(pending.frame));
    } catch {
      // The socket died between open and send; its close event reconnects, the request waits again.
      return;
    }
    pending.sent = true;
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => this.#expire(id), this.#answerWait(pending.frame.name));
  }

  #answerWait(name: string): number {
    return SLOW_REQUESTS.has(name) ? Math.max(this.#answerTimeoutMs, SLOW_ANSWER_TIMEOUT_MS) : this.#answerTimeoutMs;
  }

  #expire(id: number): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    const message = pending.sent
      ? `PBXScope did not answer ${pending.frame.name} within ${Math.round(this.#answerWait(pending.frame.name) / 1000)} s`
      : `PBXScope is not reachable (waited ${Math.round(this.#connectWaitMs / 1000)} s for the connection)`;
    this.#settle(id, pending, unavailable(message));
  }

  #settle(id: number, pending: Pending, result: RpcResult<unknown>): void {
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    pending.resolve(result);
  }

  #failAll(result: () => RpcResult<never>): void {
    for (const [id, pending] of this.#pending) this.#settle(id, pending, result());
  }
}

function toResult(frame: Extract<ServerFrame, { type: 'res' }>): RpcResult<unknown> {
  if (frame.ok) return { ok: true, result: frame.result };
  return { ok: false, code: frame.code, message: frame.message };
}

function unavailable(message: string): RpcResult<never> {
  return { ok: false, code: 'unavailable', message };
}

function unauthorized(): RpcResult<never> {
  return { ok: false, code: 'unauthorized', message: "this link's token is not valid" };
}
