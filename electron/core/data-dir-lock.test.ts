import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE } from './data-dir-lock.ts';
import { createCore } from './index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-lock-'));
  dirs.push(d);
  return d;
}

describe('data dir lock', () => {
  it('refuses a second core on the same data dir and names the running one', async () => {
    const dataDir = tmp();
    const ports = { hep: 0, sip: 0, statsd: 0, syslog: 0 };
    const first = await createCore({ dataDir, listenHost: '127.0.0.1', ports });
    try {
      writeFileSync(path.join(dataDir, LOCK_FILE), '1\n'); // pid 1 always runs: a live owner
      await expect(createCore({ dataDir, listenHost: '127.0.0.1', ports })).rejects.toThrow(
        /already running with the data dir .* \(pid 1\)/,
      );
    } finally {
      writeFileSync(path.join(dataDir, LOCK_FILE), `${process.pid}\n`);
      await first.stop();
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dataDir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(dataDir, LOCK_FILE), `${dead.stdout}\n`);
    const lock = acquireDataDirLock(dataDir);
    expect(lock.ok).toBe(true);
    if (lock.ok) lock.release();
  });
});

describe('a data dir that does not exist yet', () => {
  it('is created (private) before the lock is taken', async () => {
    const parent = tmp();
    const dataDir = path.join(parent, 'nested', 'data');
    const core = await createCore({
      dataDir,
      listenHost: '127.0.0.1',
      ports: { hep: 0, sip: 0, statsd: 0, syslog: 0 },
    });
    try {
      expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    } finally {
      await core.stop();
    }
  });
});
