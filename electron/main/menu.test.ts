import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Theme } from '../../shared/domain.ts';
import { buildAppMenuTemplate, buildTrayMenuTemplate, type MenuActions, type MenuState } from './menu.ts';

function actions() {
  return {
    openCapture: vi.fn<() => void>(),
    setTheme: vi.fn<(theme: Theme) => void>(),
    showAbout: vi.fn<() => void>(),
    restartCore: vi.fn<() => void>(),
    showWindow: vi.fn<() => void>(),
    quit: vi.fn<() => void>(),
  } satisfies MenuActions;
}

const linux: MenuState = { appName: 'PBXScope', platform: 'linux', isDev: false, theme: 'system' };

/** Every item in the tree, depth first. */
function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  return flatten(items).find((item) => item.label === label);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  // Electron passes (menuItem, window, event); the handlers here use none of them.
  (item?.click as (() => void) | undefined)?.();
}

describe('application menu', () => {
  it('offers reload and devtools only in development', () => {
    const roles = (state: MenuState) => flatten(buildAppMenuTemplate(state, actions())).map((item) => item.role);
    expect(roles(linux)).not.toContain('toggleDevTools');
    expect(roles(linux)).not.toContain('reload');
    expect(roles({ ...linux, isDev: true })).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    );
  });

  it('wires Open Capture, Quit and About to their actions', () => {
    const a = actions();
    const template = buildAppMenuTemplate(linux, a);
    expect(template.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const open = find(template, 'Open Capture…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    click(find(template, 'Quit'));
    click(find(template, 'About PBXScope'));
    expect(a.openCapture).toHaveBeenCalledOnce();
    expect(a.quit).toHaveBeenCalledOnce();
    expect(a.showAbout).toHaveBeenCalledOnce();
  });

  it('shows the current theme checked and reports the chosen one', () => {
    const a = actions();
    const template = buildAppMenuTemplate({ ...linux, theme: 'dark' }, a);
    const themeItems = (find(template, 'Theme')?.submenu as MenuItemConstructorOptions[]).map((i) => [
      i.label,
      i.checked,
    ]);
    expect(themeItems).toEqual([
      ['Follow System', false],
      ['Dark', true],
      ['Light', false],
    ]);
    click(find(template, 'Light'));
    expect(a.setTheme).toHaveBeenCalledWith('light');
  });

  it('puts About and Quit in the app menu on macOS and keeps them out of File', () => {
    const template = buildAppMenuTemplate({ ...linux, platform: 'darwin' }, actions());
    expect(template[0]?.label).toBe('PBXScope');
    const file = template.find((item) => item.label === 'File');
    expect((file?.submenu as MenuItemConstructorOptions[]).map((i) => i.label)).not.toContain('Quit');
    expect(template.some((item) => item.role === 'windowMenu')).toBe(true);
  });
});

describe('tray menu', () => {
  it('can show the window, restart the engine and quit', () => {
    const a = actions();
    const template = buildTrayMenuTemplate(linux, a);
    click(find(template, 'Show PBXScope'));
    click(find(template, 'Restart Capture Engine'));
    click(find(template, 'Quit'));
    expect(a.showWindow).toHaveBeenCalledOnce();
    expect(a.restartCore).toHaveBeenCalledOnce();
    expect(a.quit).toHaveBeenCalledOnce();
  });
});
