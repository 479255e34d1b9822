import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { appOrigins } from './security.ts';
import { denyAllPermissions, guardWebContents, secureWebPreferences } from './web-contents-guard.ts';

type Guarded = Parameters<typeof guardWebContents>[0];
type GuardedSession = Parameters<typeof denyAllPermissions>[0];

/** The parts of WebContents the guard uses, on a plain EventEmitter. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  /** Emits a navigation-style event and tells whether a listener prevented it. */
  fire(name: string, url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.emit(name, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function guarded(devUrl?: string) {
  const contents = new FakeContents();
  const opened: string[] = [];
  // The fake implements only the members the guard touches; the cast says so instead of `any`.
  guardWebContents(contents as unknown as Guarded, {
    origins: appOrigins(devUrl),
    openExternal: (url) => opened.push(url),
  });
  return { contents, opened };
}

describe('secureWebPreferences', () => {
  it('keeps isolation and the sandbox on and Node out of the page', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(prefs.webSecurity).not.toBe(false);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
  });
});

describe('guardWebContents', () => {
  it('lets the page navigate within the app origin', () => {
    const { contents, opened } = guarded();
    expect(contents.fire('will-navigate', 'app://pbxscope/index.html#/calls')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('stops navigation away from the app and sends safe links to the OS browser', () => {
    const { contents, opened } = guarded();
    expect(contents.fire('will-navigate', 'https://wiki.asterisk.org/')).toBe(true);
    expect(opened).toEqual(['https://wiki.asterisk.org/']);
  });

  it('stops navigation to dangerous or look-alike URLs without opening them', () => {
    const { contents, opened } = guarded();
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://pbxscope.evil/',
      'http://127.0.0.1@evil.com/',
    ]) {
      expect(contents.fire('will-navigate', url), url).toBe(true);
    }
    expect(opened).toEqual([]);
  });

  it('allows the dev server origin only when it is one of the app origins', () => {
    expect(guarded().contents.fire('will-navigate', 'http://localhost:5173/')).toBe(true);
    expect(guarded('http://localhost:5173').contents.fire('will-navigate', 'http://localhost:5173/')).toBe(false);
  });

  it('blocks redirects and subframe navigations off the app origin without opening them', () => {
    const { contents, opened } = guarded();
    expect(contents.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(contents.fire('will-frame-navigate', 'app://pbxscope/frame.html', false)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('refuses webviews', () => {
    const { contents } = guarded();
    expect(contents.fire('will-attach-webview', 'app://pbxscope/')).toBe(true);
  });

  it('denies every new window and opens only safe URLs externally', () => {
    const { contents, opened } = guarded();
    expect(contents.openHandler?.({ url: 'https://example.com/doc' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://pbxscope/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///C:/Windows/System32/calc.exe' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/doc']);
  });
});

describe('denyAllPermissions', () => {
  it('answers every permission request and check with no, except clipboard writes from the app itself', () => {
    let request:
      | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details?: { requestingUrl: string }) => void)
      | null = null;
    let check: ((wc: unknown, permission: string, origin: string) => boolean) | null = null;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    };
    denyAllPermissions(session as unknown as GuardedSession);
    const answers: boolean[] = [];
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      request!(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(check!(null, 'media', 'app://pbxscope')).toBe(false);
    request!(null, 'clipboard-sanitized-write', (granted) => answers.push(granted), {
      requestingUrl: 'app://pbxscope/index.html',
    });
    request!(null, 'clipboard-sanitized-write', (granted) => answers.push(granted), {
      requestingUrl: 'https://evil.example/',
    });
    expect(answers.slice(5)).toEqual([true, false]);
    expect(check!(null, 'clipboard-sanitized-write', 'app://pbxscope')).toBe(true);
    expect(check!(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });
});
