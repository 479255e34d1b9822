// The application and tray menus as plain templates (Menu.buildFromTemplate turns them into menus
// in main). Pure, so the "developer items only in development" rule is a test, not a review note.
import type { MenuItemConstructorOptions } from 'electron';
import type { Theme } from '../../shared/domain.ts';

export interface MenuActions {
  openCapture(): void;
  setTheme(theme: Theme): void;
  showAbout(): void;
  restartCore(): void;
  showWindow(): void;
  quit(): void;
}

export interface MenuState {
  appName: string;
  platform: NodeJS.Platform;
  /** Not packaged: reload and devtools are offered. */
  isDev: boolean;
  theme: Theme;
}

const THEME_LABELS: ReadonlyArray<[Theme, string]> = [
  ['system', 'Follow System'],
  ['dark', 'Dark'],
  ['light', 'Light'],
];

export function buildAppMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = state.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];

  if (isMac) {
    template.push({
      label: state.appName,
      submenu: [
        { label: `About ${state.appName}`, click: () => actions.showAbout() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { label: `Quit ${state.appName}`, accelerator: 'Cmd+Q', click: () => actions.quit() },
      ],
    });
  }

  template.push({
    label: 'File',
    submenu: [
      { label: 'Open Capture…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCapture() },
      { type: 'separator' },
      { label: 'Restart Capture Engine', click: () => actions.restartCore() },
      ...(isMac
        ? []
        : [{ type: 'separator' } as const, { label: 'Quit', accelerator: 'Ctrl+Q', click: () => actions.quit() }]),
    ],
  });

  // Without an Edit menu, copy and paste shortcuts do nothing in text fields on macOS.
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });

  const devItems: MenuItemConstructorOptions[] = state.isDev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  template.push({
    label: 'View',
    submenu: [
      ...devItems,
      {
        label: 'Theme',
        submenu: THEME_LABELS.map(([theme, label]) => ({
          label,
          type: 'radio' as const,
          checked: state.theme === theme,
          click: () => actions.setTheme(theme),
        })),
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });

  if (isMac) template.push({ role: 'windowMenu' });

  template.push({
    role: 'help',
    submenu: isMac ? [] : [{ label: `About ${state.appName}`, click: () => actions.showAbout() }],
  });

  return template;
}

export function buildTrayMenuTemplate(
  state: Pick<MenuState, 'appName'>,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  return [
    { label: `Show ${state.appName}`, click: () => actions.showWindow() },
    { label: 'Restart Capture Engine', click: () => actions.restartCore() },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
