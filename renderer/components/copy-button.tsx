import { useEffect, useState } from 'react';
import { copyText } from './clipboard.ts';
import { CheckIcon, CopyIcon } from './icons.tsx';

/** How long "Copied" stays before the button reads "Copy" again: long enough to notice, short enough to copy twice. */
export const COPIED_FEEDBACK_MS = 1600;

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const onClick = async (): Promise<void> => {
    setState((await copyText(text)) ? 'copied' : 'failed');
  };

  return (
    <button type="button" className={`copy-button copy-button--${state}`} onClick={() => void onClick()}>
      {state === 'copied' ? <CheckIcon size={15} /> : <CopyIcon size={15} />}
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and press Ctrl+C' : label}
      </span>
    </button>
  );
}
