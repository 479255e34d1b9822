// AMI secrets at rest: AES-256-GCM with a key from an injected provider. The sealed form is bound
// to the connection id (GCM associated data), so a secret copied onto another entry does not open.
// Web mode keeps the key in `<dataDir>/secret.key` (0600); the desktop app supplies a provider whose
// key is protected by Electron safeStorage (the OS keychain) through the same interface.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_KEY_BYTES = 32;
/** 96-bit nonce: the size GCM is specified for; random per seal (a handful of seals per key, no reuse risk). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_PREFIX = 'v1.';
export const SECRET_KEY_FILE = 'secret.key';

export interface SecretKeyProvider {
  /** 32 bytes; the same key every call for the life of the data dir. */
  getKey(): Buffer;
}

export type OpenSecretResult = { ok: true; secret: string } | { ok: false; error: string };

export function sealSecret(key: Buffer, secret: string, boundTo: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', checkKey(key), iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function openSecret(key: Buffer, sealed: string, boundTo: string): OpenSecretResult {
  if (!sealed.startsWith(SEALED_PREFIX)) return { ok: false, error: 'unknown secret format' };
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) return { ok: false, error: 'stored secret is truncated' };
  try {
    const decipher = createDecipheriv('aes-256-gcm', checkKey(key), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const secret = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
    return { ok: true, secret };
  } catch {
    return { ok: false, error: 'stored secret cannot be decrypted (the key changed?); enter it again' };
  }
}

/** Web mode: a random key in `<dataDir>/secret.key`, created once with mode 0600 and read thereafter. */
export function fileKeyProvider(dataDir: string): SecretKeyProvider {
  const path = join(dataDir, SECRET_KEY_FILE);
  let key: Buffer | undefined;
  return {
    getKey(): Buffer {
      key ??= readOrCreateKey(path);
      return key;
    },
  };
}

function readOrCreateKey(path: string): Buffer {
  try {
    // 'wx': two processes racing both end up reading the one file that won.
    const fd = openSync(path, 'wx', 0o600);
    const fresh = randomBytes(SECRET_KEY_BYTES);
    try {
      writeSync(fd, fresh);
    } finally {
      closeSync(fd);
    }
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return checkKey(readFileSync(path));
}

function checkKey(key: Buffer): Buffer {
  if (key.length !== SECRET_KEY_BYTES)
    throw new Error(`secret key must be ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
  return key;
}
