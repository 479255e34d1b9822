import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey, SEALED_KEY_FILE, type SafeStorageLike } from './secret-key.ts';

/** Stands in for the OS keychain: reversible, but never the plain text on disk. */
const fakeSafe: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`sealed:${Buffer.from(s).reverse().toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().slice('sealed:'.length), 'hex').reverse().toString(),
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadOrCreateSecretKey', () => {
  it('creates a 32-byte key once, stores it only sealed (0600), and returns the same key later', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-key-'));
    dirs.push(dir);
    const first = loadOrCreateSecretKey(dir, fakeSafe);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.key).toHaveLength(32);
    const onDisk = readFileSync(path.join(dir, SEALED_KEY_FILE));
    expect(onDisk.includes(first.key)).toBe(false);
    expect(onDisk.toString()).not.toContain(first.key.toString('base64'));
    expect(statSync(path.join(dir, SEALED_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSecretKey(dir, fakeSafe);
    expect(again).toEqual({ ok: true, key: first.key });
  });

  it('says why when the OS has no secret storage, so the core can fall back and log it', () => {
    const r = loadOrCreateSecretKey('/nonexistent', { ...fakeSafe, isEncryptionAvailable: () => false });
    expect(r).toEqual({ ok: false, reason: 'the OS offers no secret storage (no keyring)' });
  });
});
