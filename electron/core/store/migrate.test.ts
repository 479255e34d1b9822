import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMigrationList, readUserVersion, runMigrations } from './migrate.ts';
import type { Migration } from './migrations/migration.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { makeTempDir } from './test-data.ts';

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
beforeEach(() => {
  temp = makeTempDir();
  dbPath = join(temp.dir, 'm.db');
});
afterEach(() => temp.remove());

// Each migration records itself, so the log shows which ran and in what order.
const logged = (version: number, extra = ''): Migration => ({
  version,
  name: `step-${version}`,
  sql: `${version === 1 ? 'CREATE TABLE log (version INTEGER NOT NULL);' : ''} ${extra} INSERT INTO log VALUES (${version});`,
});

function log(db: Database.Database): number[] {
  return (db.prepare('SELECT version FROM log ORDER BY rowid').all() as { version: number }[]).map((r) => r.version);
}

describe('migrations', () => {
  it('run in order on a new database and set user_version to the last one', () => {
    const db = new Database(dbPath);
    const result = runMigrations(db, [logged(1), logged(2), logged(3)]);
    expect(result).toEqual({ ok: true, from: 0, to: 3, applied: [1, 2, 3] });
    expect(log(db)).toEqual([1, 2, 3]);
    expect(readUserVersion(db)).toBe(3);
    db.close();
  });

  it('run once: reopening with the same list applies nothing, a longer list applies only the new ones', () => {
    let db = new Database(dbPath);
    runMigrations(db, [logged(1), logged(2)]);
    db.close();

    db = new Database(dbPath);
    expect(runMigrations(db, [logged(1), logged(2)])).toEqual({ ok: true, from: 2, to: 2, applied: [] });
    expect(runMigrations(db, [logged(1), logged(2), logged(3)])).toEqual({ ok: true, from: 2, to: 3, applied: [3] });
    expect(log(db)).toEqual([1, 2, 3]);
    db.close();
  });

  it('roll back a failing migration entirely and stop at the version before it', () => {
    const db = new Database(dbPath);
    const broken: Migration = { version: 2, name: 'broken', sql: 'INSERT INTO log VALUES (2); CREATE TABLE nope (;' };
    const result = runMigrations(db, [logged(1), broken, logged(3)]);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ from: 0, to: 1, applied: [1] });
    expect(!result.ok && result.message).toMatch(/^migration 2 \(broken\) failed: /);
    expect(log(db)).toEqual([1]); // the half-done INSERT of migration 2 is gone
    expect(readUserVersion(db)).toBe(1);
    db.close();
  });

  it('refuse a database whose schema is newer than the list', () => {
    const db = new Database(dbPath);
    db.pragma('user_version = 7');
    const result = runMigrations(db, [logged(1)]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('newer than this build knows (1)');
    db.close();
  });

  it('refuse a list with a gap or out of order', () => {
    expect(checkMigrationList([logged(1), logged(3)])).toContain('position 2 holds version 3');
    expect(checkMigrationList([logged(2), logged(1)])).toContain('position 1 holds version 2');
    expect(checkMigrationList([logged(1), logged(2)])).toBeNull();
  });

  it('the shipped list is numbered 1..n and each migration runs on a fresh database', () => {
    expect(checkMigrationList(MIGRATIONS)).toBeNull();
    const db = new Database(dbPath);
    expect(runMigrations(db, MIGRATIONS)).toMatchObject({ ok: true, to: MIGRATIONS.length });
    db.close();
  });
});
