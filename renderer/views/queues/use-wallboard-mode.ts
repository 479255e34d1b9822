// Wallboard mode: F toggles it, Escape leaves it. The view then covers the whole window (sidebar,
// header and status bar hidden) and, where the browser allows, the whole screen.
import { useCallback, useEffect, useState } from 'react';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useWallboardMode(): { on: boolean; toggle: () => void } {
  const [on, setOn] = useState(false);

  const toggle = useCallback(() => setOn((v) => !v), []);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === 'f' || e.key === 'F') {
        e.preventDefault();
        toggle();
      } else if (e.key === 'Escape') {
        setOn(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);

  // The real full screen is a bonus: a window that may not go full screen still hides the chrome.
  useEffect(() => {
    const doc = typeof document !== 'undefined' ? document : null;
    if (!doc?.documentElement.requestFullscreen) return;
    if (on && !doc.fullscreenElement) doc.documentElement.requestFullscreen().catch(() => undefined);
    if (!on && doc.fullscreenElement) doc.exitFullscreen().catch(() => undefined);
  }, [on]);

  // Leaving the browser's full screen (its own Escape) leaves wallboard mode too.
  useEffect(() => {
    const onChange = (): void => {
      if (!document.fullscreenElement) setOn(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      // Leaving the view (a digit key) must not leave the window stuck in full screen.
      if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    };
  }, []);

  return { on, toggle };
}
