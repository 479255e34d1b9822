// File > Open Capture: the native open dialog, then the core's import.file with the chosen path.
// The import runs in the core; every window follows it through `import.progress` (the Calls view
// shows bytes, messages and calls, and the capture once it is done). Main only reports a refusal.
import type { FileFilter, OpenDialogOptions } from 'electron';
import type { RpcResult } from '../../shared/contract.ts';

export const CAPTURE_FILE_FILTERS: FileFilter[] = [
  { name: 'Captures (pcap, pcapng, PBXScope bundle)', extensions: ['pcap', 'pcapng', 'pbxscope'] },
  { name: 'All files', extensions: ['*'] },
];

export const OPEN_CAPTURE_DIALOG: OpenDialogOptions = {
  title: 'Open Capture',
  properties: ['openFile'],
  filters: CAPTURE_FILE_FILTERS,
};

export interface OpenCaptureDeps {
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  importFile(params: { path: string }): Promise<RpcResult<{ importId: string }>>;
  showError(message: string, detail: string): Promise<void>;
}

/** Returns the import id, or null when the user cancelled or the core refused (the user was told). */
export async function openCapture(deps: OpenCaptureDeps): Promise<string | null> {
  const choice = await deps.showOpenDialog(OPEN_CAPTURE_DIALOG);
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return null;
  const answer = await deps.importFile({ path: file });
  if (answer.ok) return answer.result.importId;
  await deps.showError('The capture could not be opened.', answer.message);
  return null;
}
