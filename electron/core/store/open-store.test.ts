import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/index.ts';
import { DB_FILE_NAME, openStore } from './open-store.ts';
import { JOURNAL_SIZE_LIMIT_BYTES, PAGE_SIZE_BYTES } from './sqlite-pragmas.ts';
import { healthRow, makeTempDir } from './test-data.ts';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

describe('openStore', () => {
  it('creates pbxscope.db in a new data dir with WAL, incremental auto-vacuum and the latest schema', async () => {
    const dataDir = join(temp.dir, 'nested', 'data');
    const store = await openStore({ dataDir });
    try {
      expect(store.dbPath).toBe(join(dataDir, DB_FILE_NAME));
      const r = store.reader;
      expect(r.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(r.pragma('auto_vacuum', { simple: true })).toBe(2); // INCREMENTAL
      expect(r.pragma('page_size', { simple: true })).toBe(PAGE_SIZE_BYTES);
      expect(r.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const tables = (
        r.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
      ).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['health_samples', 'settings']));
      const indexes = (
        r.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'health_samples'").all() as {
          name: string;
        }[]
      ).map((t) => t.name);
      expect(indexes).toContain('health_samples_at');
    } finally {
      await store.close();
    }
  });

  it('sets the journal size limit and NORMAL sync on the write connection', async () => {
    const store = await openStore({ dataDir: temp.dir });
    await store.close();
    // These are per-connection; read them back from a connection configured the same way.
    const { openWriterConnection } = await import('./sqlite-pragmas.ts');
    const db = openWriterConnection(store.dbPath, { maxDbBytes: null });
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(JOURNAL_SIZE_LIMIT_BYTES);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    db.close();
  });

  it('gives a read-only reader that sees committed rows and cannot write', async () => {
    const store = await openStore({ dataDir: temp.dir });
    try {
      expect(store.reader.readonly).toBe(true);
      expect(() => store.reader.prepare("INSERT INTO settings VALUES ('a', '1')").run()).toThrow(/readonly/);
      store.writer.append('health.sample', healthRow(1));
      await store.writer.flush();
      expect(store.reader.prepare('SELECT count(*) AS n FROM health_samples').get()).toEqual({ n: 1 });
    } finally {
      await store.close();
    }
  });

  it('reopens an existing store with its rows and without running migrations again', async () => {
    let store = await openStore({ dataDir: temp.dir });
    await store.writer.run('settings.put', { key: 'theme', value: '"dark"' });
    await store.close();
    store = await openStore({ dataDir: temp.dir });
    try {
      expect(store.reader.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
      expect(store.reader.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      await store.close();
    }
  });

  it('rejects with a readable error for a database from a newer version of the app', async () => {
    const db = new Database(join(temp.dir, DB_FILE_NAME));
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    await expect(openStore({ dataDir: temp.dir })).rejects.toThrow(/schema version \d+ is newer than this build knows/);
  });

  it('rejects with a readable error when the file is not a database', async () => {
    writeFileSync(join(temp.dir, DB_FILE_NAME), 'this is not sqlite '.repeat(300));
    await expect(openStore({ dataDir: temp.dir })).rejects.toThrow(/cannot open the store in .*: .*not a database/);
  });

  it('close is idempotent', async () => {
    const store = await openStore({ dataDir: temp.dir });
    await Promise.all([store.close(), store.close()]);
    await store.close();
  });
});
