// View title, the time zone every timestamp is shown in, and the theme switch.
import { ClockIcon } from '../components/icons.tsx';
import { timeZoneLabel } from '../format/time-zone.ts';
import { useNavStore } from '../state/nav-store.ts';
import { ThemeSwitch } from './theme-switch.tsx';
import { viewEntry } from './view-registry.tsx';

export function Header() {
  const entry = viewEntry(useNavStore((s) => s.view));
  const zone = timeZoneLabel();
  return (
    <header className="header">
      <div className="header__titles">
        <h1 className="header__title">{entry.title}</h1>
        <p className="header__subtitle">{entry.subtitle}</p>
      </div>
      <div className="header__tools">
        <span className="time-zone" title="Times are shown in this zone" data-testid="time-zone">
          <ClockIcon size={15} />
          {zone}
        </span>
        <ThemeSwitch />
      </div>
    </header>
  );
}
