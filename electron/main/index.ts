// Electron main: the thin shell (ARCHITECTURE section 8). It wires windows, menus, tray and
// notifications to the core's utility process and applies the security rules; every decision
// lives in a tested module beside this one. No parsing and no SQLite here: a stalled main
// process freezes every window.
import {
  BrowserWindow,
  Menu,
  MessageChannelMain,
  Notification,
  Tray,
  app,
  dialog,
  ipcMain,
  nativeImage,
  nativeTheme,
  protocol,
  safeStorage,
  session,
  type MessagePortMain,
} from 'electron';
import { copyFile, lstat } from 'node:fs/promises';
import { loadOrCreateSecretKey } from './secret-key.ts';
// Unpacked from app.asar: the OS (GTK about dialog, notification daemons) reads icons as real files.
import appIconPath from '../../assets/icon.png?asset&asarUnpack';
import trayIconPath from '../../assets/tray.png?asset&asarUnpack';
import type { IngestHealth, Theme } from '../../shared/domain.ts';
import { SAVE_EXPORT_CHANNEL } from '../preload/channels.ts';
import { APP_SCHEME_PRIVILEGED, createAppRequestHandler } from './app-protocol.ts';
import { createAppWindow } from './app-window.ts';
import { builtPaths } from './built-paths.ts';
import { openCapture as openCaptureFile } from './capture-open.ts';
import { coreArgs, coreDataDir } from './core-args.ts';
import { createCoreClient } from './core-client.ts';
import { coreForker } from './core-process.ts';
import { createCoreSupervisor, type CoreStatus } from './core-supervisor.ts';
import { exportsDirOf, saveExport } from './export-save.ts';
import { createSaveExportHandler } from './ipc-handlers.ts';
import { buildAppMenuTemplate, buildTrayMenuTemplate, type MenuActions } from './menu.ts';
import { notificationOptions } from './notifications.ts';
import { APP_ENTRY_URL, APP_SCHEME, appOrigins } from './security.ts';
import { trayTooltip } from './tray-status.ts';
import type { UtilityMessage } from './utility-messages.ts';
import { denyAllPermissions } from './web-contents-guard.ts';

const APP_NAME = 'PBXScope';
/** Same as electron-builder's appId: Windows groups notifications and taskbar entries by it. */
const APP_USER_MODEL_ID = 'io.pbxscope.app';
/** macOS menu-bar icons are 16 pt; the 32 px tray image is drawn for Windows and Linux trays. */
const MAC_TRAY_ICON_SIZE = 16;

function log(line: string): void {
  process.stdout.write(`[pbxscope main] ${line}\n`);
}

// Both must happen before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGED]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another PBXScope owns the capture ports and the database: hand over to it and leave.
  app.quit();
} else {
  startShell();
}

function startShell(): void {
  const paths = builtPaths(import.meta.dirname);
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const origins = appOrigins(devServerUrl);
  const entryUrl = devServerUrl ?? APP_ENTRY_URL;

  let mainWindow: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let theme: Theme = 'system';
  let lastHealth: IngestHealth | null = null;
  let coreVersion: string | null = null;
  // Notifications are kept referenced until closed, or a click on one can arrive after it was collected.
  const shownNotifications = new Set<Notification>();

  const secretKey = loadOrCreateSecretKey(app.getPath('userData'), safeStorage);
  if (!secretKey.ok) log(`AMI secrets fall back to a key file: ${secretKey.reason}`);
  const supervisor = createCoreSupervisor<MessagePortMain>({
    fork: coreForker(
      paths.utility,
      coreArgs(process.argv, app.getPath('userData')),
      secretKey.ok ? secretKey.key : undefined,
    ),
    onNotify: showNotification,
    onLog: log,
  });

  const client = createCoreClient<MessagePortMain>({
    createChannel: () => new MessageChannelMain(),
    connectCore: (port) => supervisor.connect('main', port),
    closePort: (port) => port.close(),
    listen: (port, onMessage) => {
      port.on('message', (event) => onMessage(event.data));
      port.start();
      return { postMessage: (frame) => port.postMessage(frame), close: () => port.close() };
    },
  });
  client.subscribe('ingest.health', (health) => {
    lastHealth = health;
    updateTray();
  });

  const actions: MenuActions = {
    openCapture: () => void openCapture(),
    setTheme,
    showAbout,
    restartCore: () => supervisor.restart(),
    showWindow,
    quit: () => app.quit(),
  };

  let previousState: CoreStatus['state'] = supervisor.status().state;
  supervisor.onChange((status) => {
    client.coreChanged(status.state === 'ready');
    if (status.state !== 'ready') lastHealth = null;
    if (status.state === 'ready') {
      coreVersion = status.version ?? null;
      void loadTheme();
    }
    if (status.state === 'failed' && previousState !== 'failed') void reportFailure(status);
    previousState = status.state;
    updateTray();
  });

  function showWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createAppWindow({
        appName: APP_NAME,
        preload: paths.preload,
        url: entryUrl,
        icon: appIconPath,
        origins,
        supervisor,
        log,
      });
      mainWindow.on('closed', () => (mainWindow = null));
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  function rebuildMenu(): void {
    const state = { appName: APP_NAME, platform: process.platform, isDev: !app.isPackaged, theme };
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenuTemplate(state, actions)));
  }

  function applyTheme(next: Theme): void {
    theme = next;
    // Also drives `prefers-color-scheme` in every window, which a 'system' renderer follows.
    nativeTheme.themeSource = next;
    rebuildMenu();
  }

  async function loadTheme(): Promise<void> {
    const answer = await client.invoke('settings.get', {});
    if (answer.ok) applyTheme(answer.result.theme);
  }

  function setTheme(next: Theme): void {
    applyTheme(next);
    void client.invoke('settings.save', { theme: next }).then((answer) => {
      if (!answer.ok) log(`could not save the theme: ${answer.message}`);
    });
  }

  function showAbout(): void {
    app.setAboutPanelOptions({
      applicationName: APP_NAME,
      applicationVersion: app.getVersion(),
      ...(coreVersion ? { version: `core ${coreVersion}` } : {}),
      iconPath: appIconPath,
    });
    app.showAboutPanel();
  }

  async function openCapture(): Promise<void> {
    const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
    await openCaptureFile({
      showOpenDialog: (options) => (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options)),
      importFile: (params) => client.invoke('import.file', params),
      showError: async (message, detail) => {
        const box = { type: 'error' as const, message, detail };
        if (parent) await dialog.showMessageBox(parent, box);
        else await dialog.showMessageBox(box);
      },
    });
  }

  function showNotification(message: Extract<UtilityMessage, { type: 'notify' }>): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification(notificationOptions(message, appIconPath));
    shownNotifications.add(notification);
    notification.on('click', showWindow);
    notification.on('close', () => shownNotifications.delete(notification));
    notification.show();
  }

  async function reportFailure(status: CoreStatus): Promise<void> {
    const box = {
      type: 'error' as const,
      message: 'The capture engine keeps stopping, so PBXScope stopped restarting it.',
      detail: status.lastError ?? 'No reason was given.',
      buttons: ['Restart Engine', 'Close'],
      defaultId: 0,
      cancelId: 1,
    };
    const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, box) : await dialog.showMessageBox(box);
    if (response === 0) supervisor.restart();
  }

  let shownTip = '';
  function updateTray(): void {
    const tip = trayTooltip(APP_NAME, supervisor.status(), lastHealth);
    // Health arrives every second; most seconds the text is unchanged.
    if (!tray || tip === shownTip) return;
    shownTip = tip;
    tray.setToolTip(tip);
  }

  function createTray(): void {
    let image = nativeImage.createFromPath(trayIconPath);
    if (process.platform === 'darwin') image = image.resize({ width: MAC_TRAY_ICON_SIZE, height: MAC_TRAY_ICON_SIZE });
    tray = new Tray(image);
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenuTemplate({ appName: APP_NAME }, actions)));
    tray.on('click', showWindow);
    updateTray();
  }

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quit waits (briefly) for the core to flush its last batch and close the database.
  let coreStopping = false;
  let coreStopped = false;
  app.on('will-quit', (event) => {
    if (coreStopped) return;
    event.preventDefault();
    if (coreStopping) return;
    coreStopping = true;
    tray?.destroy();
    tray = null;
    void supervisor.stop().then(() => {
      coreStopped = true;
      app.quit();
    });
  });

  // Save as… for exports: the file is in the core's data dir, the dialog and the copy are main's.
  const exportsDir = exportsDirOf(coreDataDir(process.argv, app.getPath('userData')));
  ipcMain.handle(
    SAVE_EXPORT_CHANNEL,
    createSaveExportHandler({
      origins,
      save: (fileName, event) => {
        const parent = BrowserWindow.fromWebContents(event.sender);
        return saveExport(
          {
            exportsDir,
            defaultDir: app.getPath('downloads'),
            lstat,
            copyFile,
            showSaveDialog: (options) =>
              parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options),
          },
          fileName,
        );
      },
    }),
  );

  void app.whenReady().then(() => {
    if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
    protocol.handle(APP_SCHEME, createAppRequestHandler(paths.renderer));
    denyAllPermissions(session.defaultSession);
    rebuildMenu();
    createTray();
    supervisor.start();
    showWindow();
  });
}
