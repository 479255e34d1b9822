import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PORT_CHANNEL } from '../preload/channels.ts';
import type { CoreStatus, CoreSupervisor } from './core-supervisor.ts';
import { appOrigins } from './security.ts';

// Stand-ins for the Electron classes app-window.ts uses.
class FakeContents extends EventEmitter {
  posted: Array<{ channel: string; message: unknown; ports: unknown[] }> = [];
  loaded: string[] = [];
  postMessage(channel: string, message: unknown, ports: unknown[]): void {
    this.posted.push({ channel, message, ports });
  }
  setWindowOpenHandler(): void {}
}
class FakeWindow extends EventEmitter {
  static last: FakeWindow | null = null;
  webContents = new FakeContents();
  shown = false;
  options: Record<string, unknown>;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeWindow.last = this;
  }
  loadURL(url: string): Promise<void> {
    this.webContents.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
}
let channels = 0;
class FakeChannel {
  port1 = { name: `core-${++channels}`, close: vi.fn() };
  port2 = { name: `page-${channels}`, close: vi.fn() };
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  MessageChannelMain: FakeChannel,
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
}));

const { createAppWindow } = await import('./app-window.ts');

function fakeSupervisor(state: CoreStatus['state']) {
  const listeners = new Set<(s: CoreStatus) => void>();
  const connected: Array<{ client: string; port: unknown }> = [];
  let status: CoreStatus = { state, failures: 0 };
  const supervisor = {
    status: () => status,
    connect: (client: string, port: unknown) => {
      if (status.state !== 'ready') return false;
      connected.push({ client, port });
      return true;
    },
    onChange: (l: (s: CoreStatus) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(next: CoreStatus['state']) {
      status = { state: next, failures: 0 };
      for (const l of listeners) l(status);
    },
    listenerCount: () => listeners.size,
  };
  return { supervisor, connected };
}

function open(state: CoreStatus['state']) {
  const { supervisor, connected } = fakeSupervisor(state);
  createAppWindow({
    appName: 'PBXScope',
    preload: '/out/preload/index.cjs',
    url: 'app://pbxscope/index.html',
    icon: '/icon.png',
    origins: appOrigins(),
    // Only the members the window uses are faked; the cast states that instead of using `any`.
    supervisor: supervisor as unknown as CoreSupervisor<never>,
    log: () => undefined,
  });
  return { win: FakeWindow.last!, supervisor, connected };
}

describe('createAppWindow', () => {
  beforeEach(() => {
    channels = 0;
  });

  it('opens the app URL with a sandboxed, isolated preload', () => {
    const { win } = open('starting');
    expect(win.webContents.loaded).toEqual(['app://pbxscope/index.html']);
    expect(win.options.webPreferences).toMatchObject({
      preload: '/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
  });

  it('hands the page its port after load once the core is ready, and the other end to the core as a renderer', () => {
    const { win, supervisor, connected } = open('starting');
    win.webContents.emit('did-finish-load');
    expect(win.webContents.posted).toEqual([]);
    supervisor.set('ready');
    expect(connected).toEqual([{ client: 'renderer', port: expect.objectContaining({ name: 'core-1' }) }]);
    expect(win.webContents.posted).toEqual([
      { channel: PORT_CHANNEL, message: null, ports: [expect.objectContaining({ name: 'page-1' })] },
    ]);
  });

  it('hands a new port after a reload and after a core restart', () => {
    const { win, supervisor } = open('ready');
    win.webContents.emit('did-finish-load');
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    win.webContents.emit('did-finish-load');
    supervisor.set('restarting');
    supervisor.set('starting');
    supervisor.set('ready');
    expect(win.webContents.posted.map((p) => (p.ports[0] as { name: string }).name)).toEqual([
      'page-1',
      'page-2',
      'page-3',
    ]);
  });

  it('keeps the port across in-page navigation', () => {
    const { win } = open('ready');
    win.webContents.emit('did-finish-load');
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    win.webContents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(win.webContents.posted).toHaveLength(1);
  });

  it('stops listening to the supervisor when the window closes', () => {
    const { win, supervisor } = open('ready');
    expect(supervisor.listenerCount()).toBe(1);
    win.emit('closed');
    expect(supervisor.listenerCount()).toBe(0);
  });
});
