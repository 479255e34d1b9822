import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from './static-files.ts';

const root = '/srv/ui';

describe('resolveStaticPath', () => {
  it('maps / and client-side routes to index.html and assets to their files', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/calls')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1234.js')).toBe(path.join(root, 'assets/app-1234.js'));
  });

  it('never resolves outside the root, however the path is encoded', () => {
    for (const p of [
      '/../etc/passwd',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2fpasswd.txt',
      '/a\0.js',
      '/%E0%A4%A',
    ]) {
      const r = resolveStaticPath(root, p);
      if (r !== null) expect(r.startsWith(root + path.sep)).toBe(true);
    }
    expect(resolveStaticPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
  });

  it('serves scripts and styles with their content types', () => {
    expect(contentTypeOf('a.js')).toMatch(/javascript/);
    expect(contentTypeOf('a.css')).toMatch(/css/);
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});
