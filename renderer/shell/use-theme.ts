// Applies the resolved theme to <html data-theme> and follows the OS preference while on "system".
import { useEffect, useLayoutEffect } from 'react';
import { DARK_QUERY, resolveTheme, useThemeStore } from '../state/theme-store.ts';

export function useAppliedTheme(): 'dark' | 'light' {
  const choice = useThemeStore((s) => s.choice);
  const prefersDark = useThemeStore((s) => s.prefersDark);
  const resolved = resolveTheme(choice, prefersDark);

  useEffect(() => {
    // jsdom and very old engines have no matchMedia: stay on the default.
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const sync = (): void => useThemeStore.setState({ prefersDark: query.matches });
    sync();
    query.addEventListener('change', sync);
    return () => query.removeEventListener('change', sync);
  }, []);

  // Before paint: a theme change never shows one frame of the old palette.
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = resolved;
    root.style.colorScheme = resolved;
  }, [resolved]);

  return resolved;
}
