// Desktop transport: the preload exposes `window.pbxscope` (allowlisted names only) over IPC to the core.
import type {
  EventName,
  Events,
  ExportResult,
  ParamsOf,
  RequestName,
  ResultOf,
  RpcResult,
} from '../../shared/contract.ts';
import type { ExportSaver, SavedExport } from './file-transfer.ts';
import type { ConnectionState, MonitorClient } from './monitor-client.ts';

/** What electron/preload puts on `window` with contextBridge. */
export interface PreloadBridge {
  invoke<K extends RequestName>(name: K, params: ParamsOf<K>): Promise<RpcResult<ResultOf<K>>>;
  subscribe<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void;
  /** Main shows the native save dialog and copies the export (by its bare file name) where the user chose. */
  saveExport?(fileName: string): Promise<RpcResult<SavedExport>>;
  platform: 'electron';
}

declare global {
  interface Window {
    pbxscope?: PreloadBridge;
  }
}

export class ElectronClient implements MonitorClient {
  readonly #bridge: PreloadBridge;
  readonly exports?: ExportSaver;

  constructor(bridge: PreloadBridge) {
    this.#bridge = bridge;
    const saveExport = bridge.saveExport;
    if (saveExport) this.exports = { kind: 'save-as', save: (result) => this.#save(saveExport, result) };
  }

  async #save(
    saveExport: NonNullable<PreloadBridge['saveExport']>,
    result: ExportResult,
  ): Promise<RpcResult<SavedExport>> {
    try {
      return await saveExport(result.fileName);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, code: 'unavailable', message: `the save dialog did not open: ${message}` };
    }
  }

  async invoke<K extends RequestName>(name: K, params: ParamsOf<K>): Promise<RpcResult<ResultOf<K>>> {
    try {
      return await this.#bridge.invoke(name, params);
    } catch (err) {
      // IPC only rejects when the core process is gone or the bridge refused the name.
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, code: 'unavailable', message: `PBXScope core did not answer ${name}: ${message}` };
    }
  }

  subscribe<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void {
    return this.#bridge.subscribe(name, cb);
  }

  onConnection(cb: (state: ConnectionState) => void): () => void {
    // The IPC bridge exists for the whole life of the window: it is open from the first moment.
    cb('open');
    return () => undefined;
  }
}
