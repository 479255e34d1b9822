// "Open capture" in the Calls toolbar. Web mode: a file picker, the file is uploaded to the core.
// Desktop: the core reads files from disk itself, so the native File > Open Capture dialog is the
// way (a file picked in the page has no path the core could open).
import { useRef, useState } from 'react';
import { UploadIcon } from '../../../components/icons.tsx';
import { CAPTURE_FILE_ACCEPT } from './capture-files.ts';

export interface OpenCaptureButtonProps {
  canUpload: boolean;
  onFile: (file: File) => void;
}

export function OpenCaptureButton({ canUpload, onFile }: OpenCaptureButtonProps) {
  const input = useRef<HTMLInputElement | null>(null);
  const [hint, setHint] = useState(false);

  if (!canUpload) {
    return (
      <span className="open-capture">
        <button
          type="button"
          className="button"
          onClick={() => setHint((h) => !h)}
          aria-expanded={hint}
          data-testid="open-capture"
        >
          <UploadIcon size={15} />
          Open capture
        </button>
        {hint && (
          <span className="open-capture__hint" role="status">
            Use <strong>File › Open Capture…</strong> (<kbd>Ctrl</kbd>+<kbd>O</kbd>) to pick a pcap, pcapng or .pbxscope
            file.
          </span>
        )}
      </span>
    );
  }

  return (
    <span className="open-capture">
      <button
        type="button"
        className="button"
        onClick={() => input.current?.click()}
        title="Import a pcap, pcapng or .pbxscope file (or drop it on this view)"
        data-testid="open-capture"
      >
        <UploadIcon size={15} />
        Open capture
      </button>
      <input
        ref={input}
        type="file"
        accept={CAPTURE_FILE_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="open-capture-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so picking the same file again (after fixing it, or to retry) fires again.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </span>
  );
}
