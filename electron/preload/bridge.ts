// The client half of the MessagePort protocol to the core: request ids and their timeouts, a queue
// for calls made before the port arrives, the request/event allowlists and frame dispatch.
// No `electron` import, so it is tested under plain Node; preload/index.ts wires it to
// ipcRenderer + contextBridge, and electron/main reuses it for the shell's own connection.
import {
  fail,
  isEventName,
  isRequestName,
  type ClientFrame,
  type ErrorCode,
  type EventName,
  type Events,
  type ParamsOf,
  type RequestName,
  type ResultOf,
  type RpcResult,
} from '../../shared/contract.ts';
import type { SavedExport } from './channels.ts';

/**
 * A call unanswered after this long resolves `unavailable`. Long enough for a cold search over a
 * large history database; short enough that a dead or restarting core shows up in the UI as an
 * error rather than a spinner that never stops.
 */
export const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Requests that legitimately run long: the largest export the core accepts (128 MiB of SIP, rendered
 * and, for a bundle, compressed and encrypted) takes well under a minute on a laptop. Five minutes
 * leaves room for a slow disk without leaving a hung core's "Exporting…" up for ever.
 */
export const SLOW_REQUEST_TIMEOUT_MS = 300_000;
const SLOW_REQUESTS: ReadonlySet<string> = new Set<RequestName>(['export.snapshot']);

/**
 * Calls waiting for a port beyond this many resolve `unavailable` at once: the UI issues a handful
 * of requests per view, so a queue this deep means a render loop, not a slow start.
 */
export const MAX_QUEUED_REQUESTS = 500;

/** Where client frames go: a DOM MessagePort in the preload, a MessagePortMain in main. */
export interface FrameSink {
  postMessage(frame: ClientFrame): void;
  close?(): void;
}

export interface BridgeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BridgeOptions {
  timers?: BridgeTimers;
  requestTimeoutMs?: number;
  maxQueued?: number;
  /** A subscriber threw; the bridge keeps delivering to the others. */
  onListenerError?: (name: EventName, error: unknown) => void;
}

/** What the page sees as `window.pbxscope` (the renderer's ElectronClient is typed against the same shape). */
export interface PbxscopeApi {
  invoke<K extends RequestName>(name: K, params: ParamsOf<K>): Promise<RpcResult<ResultOf<K>>>;
  subscribe<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void;
  /** The preload's only call that main answers itself: Save as… for an export (channels.ts). */
  saveExport?(fileName: string): Promise<RpcResult<SavedExport>>;
  platform: 'electron';
}

export interface Bridge {
  /** Never rejects: every failure is an `{ok:false}` value. */
  invoke(name: string, params: unknown): Promise<RpcResult<unknown>>;
  subscribe(name: string, cb: unknown): () => void;
  /** A (new) port to the core: flushes the queue; calls in flight on the previous port fail fast. */
  attach(sink: FrameSink): void;
  /** One message from the port, whatever it holds. */
  receive(data: unknown): void;
  /** Calls waiting for an answer or for a port (for tests and diagnostics). */
  pendingCount(): number;
}

/**
 * The typed face of a bridge. The bridge itself takes any name and checks it at run time (the
 * page is untrusted); the core answers a request named K with ResultOf<K>, which this restates.
 */
export function typedApi(bridge: Bridge): Omit<PbxscopeApi, 'platform'> {
  return {
    invoke: <K extends RequestName>(name: K, params: ParamsOf<K>) =>
      bridge.invoke(name, params) as Promise<RpcResult<ResultOf<K>>>,
    subscribe: <K extends EventName>(name: K, cb: (payload: Events[K]) => void) => bridge.subscribe(name, cb),
  };
}

interface Pending {
  resolve(result: RpcResult<unknown>): void;
  timer: unknown;
  frame: ClientFrame;
  sent: boolean;
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'bad_request',
  'not_found',
  'unauthorized',
  'unavailable',
  'conflict',
  'internal',
]);

const defaultTimers: BridgeTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function noop(): void {}

export function createBridge(options: BridgeOptions = {}): Bridge {
  const timers = options.timers ?? defaultTimers;
  const timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const maxQueued = options.maxQueued ?? MAX_QUEUED_REQUESTS;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let sink: FrameSink | null = null;
  let nextId = 1;

  function settle(id: number, result: RpcResult<unknown>): void {
    const call = pending.get(id);
    if (!call) return; // answered already, or timed out: a late answer is dropped
    pending.delete(id);
    timers.clearTimeout(call.timer);
    call.resolve(result);
  }

  function send(call: Pending): void {
    if (!sink) return;
    try {
      sink.postMessage(call.frame);
      call.sent = true;
    } catch (error) {
      // Structured clone refuses functions, DOM nodes and the like: that is the caller's params.
      settle(call.frame.id, fail('bad_request', `params for ${call.frame.name} cannot be sent: ${String(error)}`));
    }
  }

  function invoke(name: string, params: unknown): Promise<RpcResult<unknown>> {
    if (typeof name !== 'string' || !isRequestName(name)) {
      return Promise.resolve(fail('bad_request', `unknown request ${String(name).slice(0, 100)}`));
    }
    if (!sink) {
      let queued = 0;
      for (const call of pending.values()) if (!call.sent) queued += 1;
      if (queued >= maxQueued)
        return Promise.resolve(fail('unavailable', 'core not connected yet (too many queued calls)'));
    }
    const id = nextId++;
    return new Promise((resolve) => {
      const wait = SLOW_REQUESTS.has(name) ? Math.max(timeoutMs, SLOW_REQUEST_TIMEOUT_MS) : timeoutMs;
      const timer = timers.setTimeout(
        () => settle(id, fail('unavailable', `${name} got no answer within ${wait} ms`)),
        wait,
      );
      const call: Pending = { resolve, timer, frame: { type: 'req', id, name, params: params ?? {} }, sent: false };
      pending.set(id, call);
      send(call);
    });
  }

  function subscribe(name: string, cb: unknown): () => void {
    if (typeof name !== 'string' || !isEventName(name) || typeof cb !== 'function') return noop;
    // Wrapped so only the payload reaches the page, and so the same callback can subscribe twice.
    const listener = (payload: unknown): void => {
      (cb as (payload: unknown) => void)(payload);
    };
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      listeners.get(name)?.delete(listener);
    };
  }

  function attach(next: FrameSink): void {
    const previous = sink;
    sink = next;
    if (previous && previous !== next) previous.close?.();
    for (const [id, call] of [...pending]) {
      // The old port led to a core that is gone or restarting: it will never answer.
      if (call.sent) settle(id, fail('unavailable', `${call.frame.name} was lost when the core reconnected`));
      else send(call);
    }
  }

  function dispatchEvent(name: EventName, payload: unknown): void {
    const set = listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        options.onListenerError?.(name, error);
      }
    }
  }

  function receive(data: unknown): void {
    if (!isRecord(data)) return;
    if (data.type === 'res' && typeof data.id === 'number') {
      if (data.ok === true) {
        settle(data.id, { ok: true, result: data.result });
      } else if (data.ok === false) {
        const code =
          typeof data.code === 'string' && ERROR_CODES.has(data.code) ? (data.code as ErrorCode) : 'internal';
        const message = typeof data.message === 'string' ? data.message : 'the core sent an error without a message';
        settle(data.id, fail(code, message));
      }
      return;
    }
    if (data.type === 'event' && typeof data.name === 'string' && isEventName(data.name)) {
      dispatchEvent(data.name, data.payload);
    }
  }

  return { invoke, subscribe, attach, receive, pendingCount: () => pending.size };
}
