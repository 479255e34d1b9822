// One PBXScope per data directory: two processes would both write the database and both bind the
// listeners. A lock file holding the owner's pid; a lock left by a process that no longer runs
// (a crash, kill -9) is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'pbxscope.lock';

export type LockResult = { ok: true; release: () => void } | { ok: false; message: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, which still means the lock is held.
    return (err as { code?: string }).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): LockResult {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        ok: true,
        release: () => {
          try {
            if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST')
        return { ok: false, message: `cannot lock ${dataDir}: ${(err as Error).message}` };
      let owner = NaN;
      try {
        owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      } catch {
        // Unreadable lock: treat as stale below.
      }
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        return {
          ok: false,
          message: `PBXScope is already running with the data dir ${dataDir} (pid ${owner}); stop it or pass another --data-dir`,
        };
      }
      rmSync(file, { force: true });
    }
  }
  return { ok: false, message: `cannot lock ${dataDir}: the lock file keeps reappearing` };
}
