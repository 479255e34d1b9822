// Serves the built renderer on app://pbxscope/ (checklist item 18) with the CSP on every response.
// The handler is a plain fetch-style function (Request in, Response out) with the file reader
// injected, so main registers it with `protocol.handle` and tests call it directly.
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_SCHEME, CSP, resolveAppPath } from './security.ts';

/**
 * `standard` gives the scheme real origins and relative URL resolution, `secure` makes it a secure
 * context (like https), `supportFetchAPI` lets the page fetch its own assets. No CORS, no service
 * workers, no bypassing CSP.
 */
export const APP_SCHEME_PRIVILEGED = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

function errorResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/** Returns the app:// handler serving files below `root` (the built renderer folder). */
export function createAppRequestHandler(
  root: string,
  readFile: ReadFile = fsReadFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405, 'method not allowed');
    const resolved = resolveAppPath(root, request.url);
    if (!resolved.ok) return errorResponse(resolved.status, resolved.reason);
    let body: Uint8Array;
    try {
      body = await readFile(resolved.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return errorResponse(404, 'not found');
      return errorResponse(500, 'could not read the file');
    }
    const headers = { ...securityHeaders(), 'Content-Type': contentTypeFor(resolved.path) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
