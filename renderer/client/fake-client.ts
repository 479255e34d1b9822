// In-memory MonitorClient for component tests: canned handlers per request, `emit` to push events.
import type { EventName, Events, ParamsOf, RequestName, ResultOf, RpcResult } from '../../shared/contract.ts';
import type { CaptureUploader, ExportSaver } from './file-transfer.ts';
import { EventListeners, StateListeners } from './listeners.ts';
import type { AuthRejection, ConnectionState, MonitorClient } from './monitor-client.ts';

/** A canned answer: a plain result, or a function of the params returning a result or an RpcResult. */
export type FakeHandler<K extends RequestName> =
  ResultOf<K> | ((params: ParamsOf<K>) => ResultOf<K> | RpcResult<ResultOf<K>> | Promise<RpcResult<ResultOf<K>>>);

export type FakeHandlers = { [K in RequestName]?: FakeHandler<K> };

export interface FakeCall {
  name: RequestName;
  params: unknown;
}

export class FakeClient implements MonitorClient {
  readonly calls: FakeCall[] = [];
  /** Set by a test that exercises downloads / save dialogs or uploads. */
  exports?: ExportSaver;
  uploads?: CaptureUploader;
  readonly #handlers: FakeHandlers;
  readonly #events = new EventListeners();
  readonly #connection = new StateListeners<ConnectionState>('open');
  readonly #auth = new StateListeners<AuthRejection | null>(null);

  constructor(handlers: FakeHandlers = {}) {
    this.#handlers = { ...handlers };
  }

  /** Replaces (or adds) the handler for one request. */
  handle<K extends RequestName>(name: K, handler: FakeHandler<K>): void {
    (this.#handlers as Record<string, unknown>)[name] = handler;
  }

  async invoke<K extends RequestName>(name: K, params: ParamsOf<K>): Promise<RpcResult<ResultOf<K>>> {
    this.calls.push({ name, params });
    // Indexing the mapped handler type by a generic name makes a union too large for tsc.
    const handler = (this.#handlers as Record<string, unknown>)[name] as FakeHandler<K> | undefined;
    if (handler === undefined) {
      return { ok: false, code: 'not_found', message: `fake client has no handler for ${name}` };
    }
    if (typeof handler !== 'function') return { ok: true, result: structuredClone(handler) };
    const out = await (handler as (p: ParamsOf<K>) => unknown)(params);
    if (isRpcResult(out)) return out as RpcResult<ResultOf<K>>;
    return { ok: true, result: out as ResultOf<K> };
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

  /** Pushes an event to every subscriber, as the core would. */
  emit<K extends EventName>(name: K, payload: Events[K]): void {
    this.#events.emit(name, payload);
  }

  setConnection(state: ConnectionState): void {
    this.#connection.set(state);
  }

  rejectAuth(reason: AuthRejection): void {
    this.#auth.set(reason);
  }
}

function isRpcResult(value: unknown): value is RpcResult<unknown> {
  return (
    typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean'
  );
}
