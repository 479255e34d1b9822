// The shell's own connection to the core (client kind 'main'), used for the few things main asks
// for itself: the theme setting behind the View menu, ingest health for the tray tooltip. It is the
// preload's bridge over a MessagePortMain, relinked on every core restart like a window that
// never reloads.
import type { RpcResult } from '../../shared/contract.ts';
import { createBridge, typedApi, type BridgeOptions, type FrameSink, type PbxscopeApi } from '../preload/bridge.ts';
import { createWindowLink, type PortPair } from './window-link.ts';

export interface CoreClientDeps<Port> {
  createChannel(): PortPair<Port>;
  connectCore(port: Port): boolean;
  closePort(port: Port): void;
  /** Starts listening on main's end of the channel and returns the way to post on it. */
  listen(port: Port, onMessage: (data: unknown) => void): FrameSink;
  bridge?: BridgeOptions;
}

export interface CoreClient extends Omit<PbxscopeApi, 'platform'> {
  /**
   * For a request main names at run time (e.g. one a newer core may offer): still refused with
   * `bad_request` unless the contract lists it.
   */
  invokeByName(name: string, params: unknown): Promise<RpcResult<unknown>>;
  /** Feed every supervisor change; relinks when a new core becomes ready. */
  coreChanged(ready: boolean): void;
}

export function createCoreClient<Port>(deps: CoreClientDeps<Port>): CoreClient {
  const bridge = createBridge(deps.bridge);
  const link = createWindowLink<Port>({
    createChannel: deps.createChannel,
    connectCore: deps.connectCore,
    closePort: deps.closePort,
    sendToPage: (port) => bridge.attach(deps.listen(port, (data) => bridge.receive(data))),
  });
  link.pageLoaded();
  return {
    ...typedApi(bridge),
    invokeByName: (name, params) => bridge.invoke(name, params),
    coreChanged: (ready) => link.coreChanged(ready),
  };
}
