// The IPC calls main answers itself (everything else goes over the port, straight to the core).
// Each handler checks the sending frame first (security checklist item 17) and answers an RpcResult,
// never a thrown error. Only Electron's types are used, so tests drive it with plain fakes.
import type { IpcMainInvokeEvent } from 'electron';
import { fail, type RpcResult } from '../../shared/contract.ts';
import type { SavedExport } from '../preload/channels.ts';
import { assertTrustedSender } from './security.ts';

export interface SaveExportHandlerDeps {
  origins: readonly URL[];
  /** Shows the dialog over the window that asked, and copies the file. */
  save(fileName: unknown, event: Pick<IpcMainInvokeEvent, 'sender'>): Promise<RpcResult<SavedExport>>;
}

export type SaveExportHandler = (
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  fileName: unknown,
) => Promise<RpcResult<SavedExport>>;

export function createSaveExportHandler(deps: SaveExportHandlerDeps): SaveExportHandler {
  return async (event, fileName) => {
    const trusted = assertTrustedSender(event.senderFrame, deps.origins);
    if (!trusted.ok) return fail(trusted.code, trusted.message);
    try {
      return await deps.save(fileName, event);
    } catch (err) {
      return fail('internal', `the export could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}
