// Moving files between the user and the core, which the request/event contract cannot carry:
// handing a written export to the user, and sending a capture file from the user's machine to the
// core. Each transport offers what it can: web mode downloads and uploads over HTTP, the desktop
// app saves through the native dialog (and opens captures from File > Open Capture in main).
import type { ExportResult, RpcResult } from '../../shared/contract.ts';

export interface SavedExport {
  /** False when the user dismissed the save dialog. */
  saved: boolean;
  /** Where the file went, when the transport knows (desktop save dialog). */
  path?: string;
}

export interface ExportSaver {
  /** 'download': the browser saves it (Downloads folder or its own prompt); 'save-as': a native dialog asks where. */
  readonly kind: 'download' | 'save-as';
  save(result: ExportResult): Promise<RpcResult<SavedExport>>;
}

export interface UploadMeta {
  /** The file's own name: the core reads the format from its content, the name is shown in progress. */
  fileName: string;
  /** Capture name shown in the selector; defaults to the file name. */
  name?: string;
  /** For an encrypted bundle. */
  passphrase?: string;
}

export interface CaptureUploader {
  /**
   * Streams the file to the core. Answers once the core has read the whole body; progress arrives
   * meanwhile as `import.progress` events carrying `meta.fileName`. Aborting `signal` stops the upload.
   */
  upload(file: Blob, meta: UploadMeta, signal?: AbortSignal): Promise<RpcResult<{ importId: string }>>;
}
