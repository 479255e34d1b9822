// Runs the numbered migrations a database has not seen yet, each in its own transaction
// together with the `user_version` bump, so a crash mid-migration leaves the previous version.
import type Database from 'better-sqlite3';
import type { Migration } from './migrations/migration.ts';
import { errorText } from './error-text.ts';

export type MigrateResult =
  | { ok: true; from: number; to: number; applied: number[] }
  | { ok: false; from: number; to: number; applied: number[]; message: string };

/** A migration list must be 1, 2, 3... with no gap or repeat; returns the problem or null. */
export function checkMigrationList(list: readonly Migration[]): string | null {
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (m === undefined || m.version !== i + 1) {
      return `migration list out of order: position ${i + 1} holds version ${m?.version ?? 'none'}`;
    }
  }
  return null;
}

export function readUserVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function runMigrations(db: Database.Database, list: readonly Migration[]): MigrateResult {
  const from = readUserVersion(db);
  const applied: number[] = [];
  const problem = checkMigrationList(list);
  if (problem !== null) return { ok: false, from, to: from, applied, message: problem };
  const latest = list.length;
  if (from > latest) {
    return {
      ok: false,
      from,
      to: from,
      applied,
      message: `database schema version ${from} is newer than this build knows (${latest}); refusing to write to it`,
    };
  }
  for (const m of list) {
    if (m.version <= from) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        // Interpolated, not bound: PRAGMA takes no parameters; version is an integer we checked above.
        db.pragma(`user_version = ${m.version}`);
      })();
      applied.push(m.version);
    } catch (err) {
      const to = readUserVersion(db);
      return { ok: false, from, to, applied, message: `migration ${m.version} (${m.name}) failed: ${errorText(err)}` };
    }
  }
  return { ok: true, from, to: readUserVersion(db), applied };
}
