// System / Dark / Light: applied at once, then saved to the core's settings.
import type { ReactNode } from 'react';
import type { Theme } from '../../shared/contract.ts';
import { useClient } from '../client/client-context.tsx';
import { MonitorIcon, MoonIcon, SunIcon } from '../components/icons.tsx';
import { useSettingsStore } from '../state/settings-store.ts';
import { setThemeChoice, useThemeStore } from '../state/theme-store.ts';

const OPTIONS: ReadonlyArray<{ value: Theme; label: string; icon: ReactNode }> = [
  { value: 'system', label: 'System', icon: <MonitorIcon size={15} /> },
  { value: 'dark', label: 'Dark', icon: <MoonIcon size={15} /> },
  { value: 'light', label: 'Light', icon: <SunIcon size={15} /> },
];

export function ThemeSwitch() {
  const client = useClient();
  const choice = useThemeStore((s) => s.choice);

  async function choose(theme: Theme): Promise<void> {
    if (theme === choice) return;
    setThemeChoice(theme);
    const result = await client.invoke('settings.save', { theme });
    // Unsaved, the choice still holds in this window (and in localStorage); the next load retries nothing.
    if (result.ok) useSettingsStore.setState({ settings: result.result });
  }

  return (
    <div className="segmented" role="radiogroup" aria-label="Theme">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={choice === o.value}
          className={`segmented__item${choice === o.value ? ' segmented__item--on' : ''}`}
          title={`${o.label} theme`}
          data-testid={`theme-${o.value}`}
          onClick={() => void choose(o.value)}
        >
          {o.icon}
          <span>{o.label}</span>
        </button>
      ))}
    </div>
  );
}
