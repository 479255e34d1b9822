// Imports for the Calls view: uploads a file (web mode), follows every `import.progress` event,
// cancels (import.cancel once the core named the import, else by stopping the upload), and tries
// an encrypted bundle again with a passphrase (uploaded again, or read again by path).
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { MonitorClient } from '../../../client/monitor-client.ts';
import { useLiveVersion } from '../../../state/live-buffer.ts';
import { ImportTracker } from './import-tracker.ts';

export interface Imports {
  tracker: ImportTracker;
  /** This transport can send a file from this machine (web mode). */
  canUpload: boolean;
  upload(file: File, passphrase?: string): void;
  retryWithPassphrase(key: string, passphrase: string): void;
  /** The file of this entry can be read again: uploaded from this tab, or a path on the core's machine. */
  canRetry(key: string): boolean;
  cancel(key: string): void;
  dismiss(key: string): void;
}

export function useImports(client: MonitorClient): Imports {
  const tracker = useMemo(() => new ImportTracker(), []);
  const files = useRef(new Map<string, File>());
  const uploads = useRef(new Map<string, AbortController>());
  useLiveVersion(tracker);

  useEffect(() => client.subscribe('import.progress', (p) => tracker.progress(p)), [client, tracker]);
  useEffect(() => {
    const running = uploads.current;
    // Leaving the view does not stop an import the core already reads; it stops sending this tab's file.
    return () => {
      for (const c of running.values()) c.abort();
    };
  }, []);

  const uploader = client.uploads;
  const upload = useCallback(
    (file: File, passphrase?: string) => {
      if (!uploader) return;
      const key = tracker.beginUpload(file.name, file.size);
      files.current.set(key, file);
      const controller = new AbortController();
      uploads.current.set(key, controller);
      void uploader
        .upload(file, { fileName: file.name, ...(passphrase !== undefined ? { passphrase } : {}) }, controller.signal)
        .then((answer) => {
          uploads.current.delete(key);
          tracker.uploadAnswered(key, answer);
        });
    },
    [uploader, tracker],
  );

  const cancel = useCallback(
    (key: string) => {
      const entry = tracker.get(key);
      if (!entry) return;
      tracker.cancelled(key);
      const controller = uploads.current.get(key);
      if (entry.importId === null) {
        controller?.abort();
        return;
      }
      // The core stops reading and removes what it wrote; the rest of the upload is then pointless.
      void client.invoke('import.cancel', { importId: entry.importId }).then(() => controller?.abort());
    },
    [client, tracker],
  );

  const dismiss = useCallback(
    (key: string) => {
      tracker.dismiss(key);
      if (!tracker.get(key)) files.current.delete(key);
    },
    [tracker],
  );

  const retryWithPassphrase = useCallback(
    (key: string, passphrase: string) => {
      const entry = tracker.get(key);
      if (!entry) return;
      const file = files.current.get(key);
      if (file) {
        dismiss(key);
        upload(file, passphrase);
        return;
      }
      // Opened on the core's machine (File > Open Capture, a script): the core reads it again.
      const path = entry.path;
      if (path === null) return;
      dismiss(key);
      const again = tracker.beginPathImport(entry.fileName, path, entry.totalBytes);
      void client.invoke('import.file', { path, passphrase }).then((answer) => tracker.uploadAnswered(again, answer));
    },
    [client, dismiss, tracker, upload],
  );

  const canRetry = useCallback(
    (key: string) => files.current.has(key) || (tracker.get(key)?.path ?? null) !== null,
    [tracker],
  );

  return { tracker, canUpload: uploader !== undefined, upload, retryWithPassphrase, canRetry, cancel, dismiss };
}
