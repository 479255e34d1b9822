// <data-dir>/web.json tells scripts (and the e2e suite) where a running web mode listens.
// It holds the token, so it is written 0600 and atomically (a reader never sees half a file).
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WebJson {
  url: string;
  token: string;
  port: number;
  pid: number;
}

export const WEB_JSON = 'web.json';

export function writeWebJson(dataDir: string, info: WebJson): string {
  const file = path.join(dataDir, WEB_JSON);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return file;
}

export function removeWebJson(dataDir: string): void {
  rmSync(path.join(dataDir, WEB_JSON), { force: true });
}
