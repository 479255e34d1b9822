// Digit keys 1..7 open the views, as in sngrep-style keyboard-first tools; typing in a field is left alone.
import { useEffect } from 'react';
import { navigate } from '../state/nav-store.ts';
import { VIEWS } from './view-registry.tsx';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useViewShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || isTyping(e.target)) return;
      const view = VIEWS.find((v) => v.shortcut === e.key);
      if (!view) return;
      e.preventDefault();
      navigate(view.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
