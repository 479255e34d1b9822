// Primary navigation: links to #/<view>, arrow keys move between them, digits open them (see use-shortcuts).
import type { KeyboardEvent } from 'react';
import { useNavStore } from '../state/nav-store.ts';
import { useSettingsStore } from '../state/settings-store.ts';
import { hashForView } from '../state/route.ts';
import { VIEWS } from './view-registry.tsx';

export function Sidebar() {
  const current = useNavStore((s) => s.view);
  const version = useSettingsStore((s) => s.status?.version);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = Array.from(e.currentTarget.querySelectorAll<HTMLAnchorElement>('a.nav__item'));
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at === -1) return;
    e.preventDefault();
    const next = links[(at + (e.key === 'ArrowDown' ? 1 : links.length - 1)) % links.length];
    next?.focus();
  };

  return (
    <nav className="sidebar" aria-label="Views" onKeyDown={onKeyDown}>
      <div className="brand">
        <svg className="brand__mark" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
          <path
            d="M5 12h3l2-4 3 8 2-4h4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span className="brand__name">PBXScope</span>
      </div>
      <ul className="nav">
        {VIEWS.map((v) => {
          const active = v.id === current;
          return (
            <li key={v.id}>
              <a
                className={`nav__item${active ? ' nav__item--active' : ''}`}
                href={hashForView(v.id)}
                data-testid={`nav-${v.id}`}
                aria-current={active ? 'page' : undefined}
                aria-keyshortcuts={v.shortcut}
                title={`${v.title} (${v.shortcut})`}
              >
                <span className="nav__icon">{v.icon(18)}</span>
                <span className="nav__label">{v.title}</span>
                <kbd className="nav__key">{v.shortcut}</kbd>
              </a>
            </li>
          );
        })}
      </ul>
      <p className="sidebar__foot">
        <span>
          Keys <kbd>1</kbd>–<kbd>{VIEWS.length}</kbd> switch views
        </span>
        {version && <span className="sidebar__version">PBXScope {version}</span>}
      </p>
    </nav>
  );
}
