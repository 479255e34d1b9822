// The shell's security rules (Electron security checklist, items 13-18), each a pure function so
// the nasty cases are unit-tested rather than hoped for. No `electron` import: the wiring in
// window.ts and app-protocol.ts applies them.
import path from 'node:path';

/** The privileged custom scheme the renderer is served from (checklist item 18: no file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pbxscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent with every app:// response. Vite's production build needs no inline script or eval;
 * inline styles stay allowed because React style props and chart.js set element styles.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Longer URLs are refused for openExternal: no real link is this long, and OS URL handlers choke on huge arguments. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** Schemes a link may hand to the OS (checklist item 15). Never file:, javascript:, smb: or custom handlers. */
const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** C0 controls and DEL. The URL parser silently strips tab, CR and LF, so a link holding one is a trick. */
function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || hasControlChar(raw)) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Origins compared part by part: Node gives non-special schemes an opaque origin ("null"), so
 * `url.origin` cannot tell app://pbxscope from app://evil. Userinfo is refused outright
 * (`app://pbxscope@evil/` has host "evil").
 */
function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host && a.username === '' && a.password === '';
}

/**
 * The origins the app's own pages may live on: app://pbxscope always, plus the Vite dev server
 * URL in development only (the caller passes it only when the app is not packaged).
 */
export function appOrigins(devServerUrl?: string): URL[] {
  const origins = [new URL(`${APP_ORIGIN}/`)];
  const dev = devServerUrl ? parseUrl(devServerUrl) : null;
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) origins.push(dev);
  return origins;
}

/** True when `raw` is a page of the app itself (navigation and IPC sender checks, items 13 and 17). */
export function isAppUrl(raw: unknown, origins: readonly URL[] = appOrigins()): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  return origins.some((origin) => sameOrigin(url, origin));
}

/** True when a link may be handed to `shell.openExternal` (item 15). */
export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > MAX_EXTERNAL_URL_LENGTH) return false;
  const url = parseUrl(raw);
  if (!url || !EXTERNAL_PROTOCOLS.has(url.protocol)) return false;
  if (url.protocol === 'mailto:') return url.pathname.length > 0 && !url.pathname.startsWith('/');
  // `http://127.0.0.1@evil.com` reads as a local address but goes to evil.com: refuse any userinfo.
  if (url.username !== '' || url.password !== '') return false;
  return url.hostname.length > 0;
}

export type AppPathResult = { ok: true; path: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** The page served for `app://pbxscope/`. */
export const APP_INDEX_FILE = 'index.html';

/**
 * Maps an app:// request URL onto a file under `root`, refusing anything that would leave it:
 * the URL parser already folds `..` and `%2e%2e` segments, but encoded separators (`%2f`, `%5c`)
 * only turn into separators after decoding, so the decoded path is resolved and checked again.
 */
export function resolveAppPath(root: string, rawUrl: string): AppPathResult {
  const url = parseUrl(rawUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'not an app:// URL' };
  if (url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 403, reason: `unknown app host ${url.host}` };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return { ok: false, status: 400, reason: 'forbidden character in path' };
  }
  const relative = decoded === '/' || decoded === '' ? APP_INDEX_FILE : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  const fromBase = path.relative(base, full);
  if (fromBase === '' || fromBase.startsWith('..') || path.isAbsolute(fromBase)) {
    return { ok: false, status: 403, reason: 'path escapes the app folder' };
  }
  return { ok: true, path: full };
}

/** Enough of Electron's WebFrameMain to check where an IPC message came from. */
export interface SenderFrame {
  url: string;
}

export type SenderCheck = { ok: true } | { ok: false; code: 'unauthorized'; message: string };

/**
 * Checklist item 17: every ipcMain handler calls this with `event.senderFrame` before doing
 * anything. A destroyed frame (null) or any page outside the app origin is refused.
 */
export function assertTrustedSender(
  frame: SenderFrame | null | undefined,
  origins: readonly URL[] = appOrigins(),
): SenderCheck {
  if (!frame) return { ok: false, code: 'unauthorized', message: 'IPC from a frame that no longer exists' };
  if (!isAppUrl(frame.url, origins)) {
    return { ok: false, code: 'unauthorized', message: `IPC from an untrusted page: ${frame.url.slice(0, 200)}` };
  }
  return { ok: true };
}
