// The one IPC channel between main and the preload: main posts the renderer's end of a
// MessageChannelMain on it. Everything else travels on that port, straight to the core.
export const PORT_CHANNEL = 'pbxscope:port';

/**
 * The renderer asks main to save an export (by its bare file name) where the user picks in the
 * native save dialog. Main checks the sender and the name; the answer is an RpcResult.
 */
export const SAVE_EXPORT_CHANNEL = 'pbxscope:save-export';

/** What a save answers: `saved` is false when the user dismissed the dialog. */
export interface SavedExport {
  saved: boolean;
  path?: string;
}
