// Turns (name, raw params) into an RpcResult: the one entry point every transport (WebSocket,
// HTTP, MessagePort) calls. Validation happens here so no transport can forget it.
import { fail, isRequestName, parseParams } from '../../../shared/contract.ts';
import type { ParamsOf, RequestName, ResultOf, RpcResult } from '../../../shared/contract.ts';

export type Handler<K extends RequestName> = (
  params: ParamsOf<K>,
) => ResultOf<K> | Promise<ResultOf<K> | RpcResult<ResultOf<K>>> | RpcResult<ResultOf<K>>;
export type Handlers = { [K in RequestName]?: Handler<K> };

export type Dispatch = (name: string, rawParams: unknown) => Promise<RpcResult<unknown>>;

function isRpcResult(value: unknown): value is RpcResult<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ok' in value &&
    typeof (value as { ok: unknown }).ok === 'boolean' &&
    ('result' in value || 'code' in value)
  );
}

export function createDispatcher(
  handlers: Handlers,
  onInternalError: (name: string, err: unknown) => void = () => {},
): Dispatch {
  return async (name, rawParams) => {
    if (!isRequestName(name)) return fail('not_found', `unknown request: ${name}`);
    const handler = handlers[name] as Handler<typeof name> | undefined;
    if (!handler) return fail('unavailable', `${name} is not available in this build`);
    const params = parseParams(name, rawParams);
    if (!params.ok) return params;
    try {
      const out = await handler(params.result as never);
      return isRpcResult(out) ? out : { ok: true, result: out };
    } catch (err) {
      onInternalError(name, err);
      return fail('internal', `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}
