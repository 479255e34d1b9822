// The key that seals stored AMI secrets, protected at rest by the OS keychain through Electron's
// safeStorage (DPAPI, Keychain, libsecret/kwallet). Main unseals it and hands it to the core
// process in memory; web mode, with no safeStorage, keeps a 0600 key file instead.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SEALED_KEY_FILE = 'secret.key.safe';
/** AES-256 key length. */
export const SECRET_KEY_BYTES = 32;

/** The slice of Electron's safeStorage this needs (injectable for tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export type SecretKeyResult = { ok: true; key: Buffer } | { ok: false; reason: string };

export function loadOrCreateSecretKey(userData: string, safe: SafeStorageLike): SecretKeyResult {
  if (!safe.isEncryptionAvailable()) return { ok: false, reason: 'the OS offers no secret storage (no keyring)' };
  const file = path.join(userData, SEALED_KEY_FILE);
  try {
    if (existsSync(file)) {
      const key = Buffer.from(safe.decryptString(readFileSync(file)), 'base64');
      return key.length === SECRET_KEY_BYTES
        ? { ok: true, key }
        : { ok: false, reason: `${SEALED_KEY_FILE} does not hold a ${SECRET_KEY_BYTES}-byte key` };
    }
    const key = randomBytes(SECRET_KEY_BYTES);
    writeFileSync(file, safe.encryptString(key.toString('base64')), { mode: 0o600, flag: 'wx' });
    return { ok: true, key };
  } catch (err) {
    return { ok: false, reason: `cannot use ${SEALED_KEY_FILE}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
