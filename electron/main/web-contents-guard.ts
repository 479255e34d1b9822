// Applies the security rules of security.ts to a window's web contents and session (checklist
// items 2-6, 11-15). Only types come from `electron`, so tests drive it with plain fakes.
import type { Session, WebContents, WebPreferences } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './security.ts';

/**
 * The renderer's preferences. Each line restates a safe default on purpose, so a reviewer (or a
 * grep) sees it and a later edit that flips one stands out. webSecurity is left at its default.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export interface GuardDeps {
  /** Origins of the app's own pages (security.appOrigins). */
  origins: readonly URL[];
  /** `shell.openExternal`, only ever called with URLs that passed isSafeExternalUrl. */
  openExternal(url: string): void;
  log?(line: string): void;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Navigation stays on the app origin; links elsewhere go to the OS browser if they are safe. */
export function guardWebContents(contents: GuardedContents, deps: GuardDeps): void {
  const log = (line: string): void => deps.log?.(line);

  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, deps.origins)) return;
    event.preventDefault();
    if (isSafeExternalUrl(event.url)) deps.openExternal(event.url);
    else log(`blocked navigation to ${event.url.slice(0, 200)}`);
  });
  // Subframes and server redirects get no external fallback: nothing the user clicked.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isAppUrl(event.url, deps.origins)) return;
    event.preventDefault();
    log(`blocked frame navigation to ${event.url.slice(0, 200)}`);
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url, deps.origins)) return;
    event.preventDefault();
    log(`blocked redirect to ${event.url.slice(0, 200)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) deps.openExternal(url);
    else log(`blocked window.open of ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}

type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/**
 * Writing to the clipboard (the "copy" buttons on snippets, Call-IDs, raw SIP) is the one browser
 * permission the UI uses, and only for the app's own pages. Notifications come from main, files
 * through menus; everything else is refused.
 */
export const ALLOWED_APP_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function denyAllPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(ALLOWED_APP_PERMISSIONS.has(permission) && isAppUrl(details?.requestingUrl)),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => ALLOWED_APP_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin),
  );
}
