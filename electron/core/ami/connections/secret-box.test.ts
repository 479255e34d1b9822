import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileKeyProvider, openSecret, sealSecret, SECRET_KEY_FILE } from './secret-box.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips a secret and never shows it in the sealed text', () => {
    const sealed = sealSecret(key, 'hunter2-ÄÖ', 'pbx-1');
    expect(sealed).not.toContain('hunter2');
    expect(sealSecret(key, 'hunter2-ÄÖ', 'pbx-1')).not.toBe(sealed); // fresh nonce each time
    expect(openSecret(key, sealed, 'pbx-1')).toEqual({ ok: true, secret: 'hunter2-ÄÖ' });
  });

  it('refuses to open with another key, for another connection, or after tampering', () => {
    const sealed = sealSecret(key, 's', 'pbx-1');
    expect(openSecret(randomBytes(32), sealed, 'pbx-1').ok).toBe(false);
    expect(openSecret(key, sealed, 'pbx-2').ok).toBe(false);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(openSecret(key, 'v1.' + raw.toString('base64'), 'pbx-1').ok).toBe(false);
    expect(openSecret(key, 'plain', 'pbx-1').ok).toBe(false);
  });

  it('creates the web-mode key once, 32 random bytes with mode 0600, and reads the same key back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ami-key-'));
    dirs.push(dir);
    const a = fileKeyProvider(dir).getKey();
    const b = fileKeyProvider(dir).getKey();
    expect(a.length).toBe(32);
    expect(b.equals(a)).toBe(true);
    expect(readFileSync(join(dir, SECRET_KEY_FILE)).equals(a)).toBe(true);
    expect(statSync(join(dir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
  });
});
