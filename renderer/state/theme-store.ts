// Theme choice (system/dark/light) and what the OS prefers; the resolved theme is derived.
import { create } from 'zustand';
import type { Theme } from '../../shared/contract.ts';

/** localStorage key: the last choice, so the first paint uses it before settings arrive from the core. */
export const THEME_CACHE_KEY = 'pbxscope.theme';

interface ThemeState {
  choice: Theme;
  prefersDark: boolean;
}

export const DARK_QUERY = '(prefers-color-scheme: dark)';

export const useThemeStore = create<ThemeState>(() => ({ choice: cachedChoice(), prefersDark: systemPrefersDark() }));

export function resolveTheme(choice: Theme, prefersDark: boolean): 'dark' | 'light' {
  if (choice === 'system') return prefersDark ? 'dark' : 'light';
  return choice;
}

export function setThemeChoice(choice: Theme): void {
  useThemeStore.setState({ choice });
  try {
    localStorage.setItem(THEME_CACHE_KEY, choice);
  } catch {
    // Storage blocked: the choice still holds for this session and is saved in the core's settings.
  }
}

/** Read at startup so the first paint already matches the OS; dark when the engine cannot tell. */
function systemPrefersDark(): boolean {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return true;
  return window.matchMedia(DARK_QUERY).matches;
}

function cachedChoice(): Theme {
  try {
    const value = localStorage.getItem(THEME_CACHE_KEY);
    if (value === 'dark' || value === 'light' || value === 'system') return value;
  } catch {
    // Storage blocked: follow the OS.
  }
  return 'system';
}
