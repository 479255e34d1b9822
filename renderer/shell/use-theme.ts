// Applies the resolved theme to <html data-theme> and follows the OS preference while on "system".
import { useEffect } from 'react';
import { resolveTheme, useThemeStore } from '../state/theme-store.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

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

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = resolved;
    root.style.colorScheme = resolved;
  }, [resolved]);

  return resolved;
}
