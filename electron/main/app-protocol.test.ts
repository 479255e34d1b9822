import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, createAppRequestHandler } from './app-protocol.ts';
import { CSP } from './security.ts';

let base: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'pbxscope-protocol-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>PBXScope</title>');
  writeFileSync(path.join(root, 'assets', 'index.js'), 'console.log(1)');
  // A secret next to the renderer folder that traversal must not reach.
  writeFileSync(path.join(base, 'secret.txt'), 'token');
  handle = createAppRequestHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// handler', () => {
  it('serves index.html for the app root with the CSP and a content type', async () => {
    const response = await handle(new Request('app://pbxscope/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>PBXScope</title>');
  });

  it('serves built assets with their JavaScript type', async () => {
    const response = await handle(new Request('app://pbxscope/assets/index.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of [
      'app://pbxscope/../secret.txt',
      'app://pbxscope/%2e%2e/secret.txt',
      'app://pbxscope/..%2fsecret.txt',
      'app://pbxscope/assets%2f..%2f..%2fsecret.txt',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status, url).not.toBe(200);
      expect(await response.text(), url).not.toContain('token');
    }
  });

  it('answers 404 for missing files and folders, with the CSP still set', async () => {
    const missing = await handle(new Request('app://pbxscope/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
    expect((await handle(new Request('app://pbxscope/assets'))).status).toBe(404);
  });

  it('refuses other hosts and methods that change things', async () => {
    expect((await handle(new Request('app://evil/index.html'))).status).toBe(403);
    expect((await handle(new Request('app://pbxscope/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('answers 500 without details when the file cannot be read', async () => {
    const broken = createAppRequestHandler(root, () =>
      Promise.reject(Object.assign(new Error('EACCES: /secret/path'), { code: 'EACCES' })),
    );
    const response = await broken(new Request('app://pbxscope/index.html'));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('/secret/path');
  });
});

describe('contentTypeFor', () => {
  it('falls back to a download type for unknown extensions', () => {
    expect(contentTypeFor('x.WOFF2')).toBe('font/woff2');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});
