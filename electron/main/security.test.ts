import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CSP,
  MAX_EXTERNAL_URL_LENGTH,
  appOrigins,
  assertTrustedSender,
  isAppUrl,
  isSafeExternalUrl,
  resolveAppPath,
} from './security.ts';

const ROOT = path.resolve('/srv/pbxscope/out/renderer');

describe('isAppUrl', () => {
  it('accepts pages of the app origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://pbxscope/views/calls?id=1#x')).toBe(true);
  });

  it('refuses look-alike hosts, userinfo tricks and other schemes', () => {
    for (const url of [
      'app://pbxscope.evil.com/index.html',
      'app://evil.com/pbxscope/index.html',
      'app://pbxscope@evil/index.html',
      'app://user:pw@pbxscope/index.html',
      'app://pbxscope:8080/index.html',
      'https://pbxscope/index.html',
      'file:///srv/pbxscope/out/renderer/index.html',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('refuses non-strings and URLs hiding control characters', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(42)).toBe(false);
    expect(isAppUrl('app://pbx\tscope/index.html')).toBe(false);
  });

  it('trusts the dev server origin only when it is passed in', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppUrl('http://localhost:5173/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/index.html', appOrigins(dev))).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', appOrigins(dev))).toBe(false);
    expect(isAppUrl('http://localhost.evil.com:5173/', appOrigins(dev))).toBe(false);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect(appOrigins('javascript:alert(1)')).toHaveLength(1);
    expect(appOrigins('file:///tmp')).toHaveLength(1);
  });
});

describe('isSafeExternalUrl', () => {
  it('allows plain web and mail links', () => {
    expect(isSafeExternalUrl('https://www.asterisk.org/docs')).toBe(true);
    expect(isSafeExternalUrl('http://192.0.2.10:8088/')).toBe(true);
    expect(isSafeExternalUrl('mailto:noc@example.com?subject=trace')).toBe(true);
  });

  it('refuses schemes that run or open local things', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'file:///etc/passwd',
      'file://server/share/x.exe',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'app://pbxscope/index.html',
      'sip:alice@example.com',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses links whose userinfo disguises the real host', () => {
    expect(isSafeExternalUrl('http://127.0.0.1@evil.com/')).toBe(false);
    expect(isSafeExternalUrl('https://pbxscope.io:pw@evil.com/')).toBe(false);
  });

  it('refuses control characters, empty addresses and oversized links', () => {
    expect(isSafeExternalUrl('https://exa\nmple.com/')).toBe(false);
    expect(isSafeExternalUrl('https://example.com/\u0000.exe')).toBe(false);
    expect(isSafeExternalUrl('https://example.com/\u007f')).toBe(false);
    expect(isSafeExternalUrl('mailto:')).toBe(false);
    expect(isSafeExternalUrl(`https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`)).toBe(false);
    expect(isSafeExternalUrl(null)).toBe(false);
    expect(isSafeExternalUrl('https://')).toBe(false);
  });
});

describe('resolveAppPath', () => {
  it('maps the app root to index.html and files to their place under the root', () => {
    expect(resolveAppPath(ROOT, 'app://pbxscope/')).toEqual({ ok: true, path: path.join(ROOT, 'index.html') });
    expect(resolveAppPath(ROOT, 'app://pbxscope')).toEqual({ ok: true, path: path.join(ROOT, 'index.html') });
    expect(resolveAppPath(ROOT, 'app://pbxscope/assets/index-abc.js?v=1#h')).toEqual({
      ok: true,
      path: path.join(ROOT, 'assets', 'index-abc.js'),
    });
    expect(resolveAppPath(ROOT, 'app://pbxscope/fonts/Inter%20Var.woff2')).toEqual({
      ok: true,
      path: path.join(ROOT, 'fonts', 'Inter Var.woff2'),
    });
  });

  it('keeps dot-dot segments inside the root', () => {
    for (const url of [
      'app://pbxscope/../../etc/passwd',
      'app://pbxscope/%2e%2e/%2e%2e/etc/passwd',
      'app://pbxscope/a/%2E%2E/../../etc/passwd',
    ]) {
      const result = resolveAppPath(ROOT, url);
      expect(result.ok, url).toBe(true);
      if (result.ok) expect(result.path.startsWith(ROOT + path.sep), url).toBe(true);
    }
  });

  it('refuses encoded separators that would climb out of the root', () => {
    const result = resolveAppPath(ROOT, 'app://pbxscope/assets%2f..%2f..%2f..%2fetc%2fpasswd');
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(ROOT, 'app://pbxscope/..%2f..%2fsecret')).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses backslashes, NUL bytes and broken percent-encoding', () => {
    expect(resolveAppPath(ROOT, 'app://pbxscope/..%5c..%5cwindows%5cwin.ini')).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(resolveAppPath(ROOT, 'app://pbxscope/index.html%00.png')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(ROOT, 'app://pbxscope/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses the root folder itself and other hosts or schemes', () => {
    expect(resolveAppPath(ROOT, 'app://pbxscope/assets/..%2f')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(ROOT, 'app://evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(ROOT, 'app://pbxscope@evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(ROOT, 'file:///etc/passwd')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(ROOT, 'nonsense')).toMatchObject({ ok: false, status: 400 });
  });
});

describe('assertTrustedSender', () => {
  it('trusts frames showing an app page', () => {
    expect(assertTrustedSender({ url: APP_ENTRY_URL })).toEqual({ ok: true });
  });

  it('refuses destroyed frames and frames from elsewhere with an unauthorized value', () => {
    expect(assertTrustedSender(null)).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(assertTrustedSender({ url: 'https://evil.example/' })).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(assertTrustedSender({ url: 'app://pbxscope.evil/' })).toMatchObject({ ok: false, code: 'unauthorized' });
  });
});

describe('CSP', () => {
  it('allows only the app itself to run script and never eval or plugins', () => {
    const directives = new Map(
      CSP.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CSP).not.toContain('unsafe-eval');
  });
});
