// One application window: secure preferences, the navigation guard, and the MessagePort link to
// the core that is renewed on every page load and every core restart.
import { BrowserWindow, MessageChannelMain, shell, type MessagePortMain } from 'electron';
import { PORT_CHANNEL } from '../preload/channels.ts';
import type { CoreSupervisor } from './core-supervisor.ts';
import { guardWebContents, secureWebPreferences } from './web-contents-guard.ts';
import { createWindowLink } from './window-link.ts';

/** Room for the calls table plus the ladder pane side by side on a 1440 px laptop screen. */
const DEFAULT_SIZE = { width: 1400, height: 900 };
/** Below this the channel board and the calls table stop being readable. */
const MIN_SIZE = { width: 960, height: 600 };
/** Dark slate, the app's dark background: no white flash before the first paint. */
const BACKGROUND = '#0f172a';

export interface AppWindowOptions {
  appName: string;
  preload: string;
  url: string;
  icon: string;
  origins: readonly URL[];
  supervisor: CoreSupervisor<MessagePortMain>;
  log(line: string): void;
}

export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: options.appName,
    ...DEFAULT_SIZE,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: BACKGROUND,
    icon: options.icon,
    webPreferences: secureWebPreferences(options.preload),
  });
  const contents = win.webContents;

  guardWebContents(contents, {
    origins: options.origins,
    openExternal: (url) => void shell.openExternal(url),
    log: options.log,
  });

  const link = createWindowLink<MessagePortMain>({
    createChannel: () => new MessageChannelMain(),
    connectCore: (port) => options.supervisor.connect('renderer', port),
    sendToPage: (port) => contents.postMessage(PORT_CHANNEL, null, [port]),
    closePort: (port) => port.close(),
  });
  contents.on('did-finish-load', () => link.pageLoaded());
  contents.on('did-start-navigation', (event) => {
    if (event.isMainFrame && !event.isSameDocument) link.pageGone();
  });
  contents.on('render-process-gone', (_event, details) => {
    options.log(`renderer gone (${details.reason}); reload the window to reconnect`);
    link.pageGone();
  });
  const unsubscribe = options.supervisor.onChange((status) => link.coreChanged(status.state === 'ready'));
  link.coreChanged(options.supervisor.status().state === 'ready');
  win.on('closed', unsubscribe);

  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.url);
  return win;
}
