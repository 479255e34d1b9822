// The app version, read once from package.json so there is exactly one place to bump it.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    // In a bundle the file sits elsewhere; the host passes the version explicitly there.
    return '0.0.0';
  }
}

export const APP_VERSION = readVersion();
