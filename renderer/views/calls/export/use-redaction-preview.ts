// Asks the core what a redacted export would mask (export.preview) whenever the selection or the
// redaction options change. Answers to an older question are dropped, so fast toggling never
// shows the table of a previous choice.
import { useEffect, useRef, useState } from 'react';
import type { RedactOptions, RedactionPreviewItem } from '../../../../shared/contract.ts';
import type { MonitorClient } from '../../../client/monitor-client.ts';
import type { SelectionParams } from './export-selection.ts';

/** Several ticks in a row make one question: quick enough to feel live, not one query per click. */
export const PREVIEW_DEBOUNCE_MS = 150;

export type RedactionPreview =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; calls: number; messages: number; redactions: readonly RedactionPreviewItem[] };

export function useRedactionPreview(
  client: MonitorClient,
  selection: SelectionParams,
  selectionKey: string,
  redact: RedactOptions,
): RedactionPreview {
  const [preview, setPreview] = useState<RedactionPreview>({ status: 'loading' });
  const redactKey = JSON.stringify(redact);
  // The selection object is rebuilt on every render; its key says when it really changed.
  const selectionRef = useRef(selection);
  selectionRef.current = selection;

  useEffect(() => {
    let current = true;
    setPreview((p) => (p.status === 'ready' ? p : { status: 'loading' }));
    const timer = setTimeout(() => {
      void client
        .invoke('export.preview', { ...selectionRef.current, redact: JSON.parse(redactKey) as RedactOptions })
        .then((r) => {
          if (!current) return;
          setPreview(r.ok ? { status: 'ready', ...r.result } : { status: 'error', message: r.message });
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, selectionKey, redactKey]);

  return preview;
}
