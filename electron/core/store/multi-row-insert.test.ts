import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { multiRowInsertSql } from './multi-row-insert.ts';
import { WRITE_KINDS } from './write-kinds.ts';

describe('multiRowInsertSql', () => {
  it('repeats the value tuple of a plain insert', () => {
    expect(multiRowInsertSql('INSERT INTO t (a, b) VALUES (?, ?)', 3)).toEqual({
      sql: 'INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)',
      rows: 3,
    });
  });

  it('leaves an upsert alone, since repeating its tuple would change what it means', () => {
    expect(multiRowInsertSql(WRITE_KINDS['settings.put'].sql)).toBeNull();
    expect(multiRowInsertSql('INSERT INTO t (a) VALUES (?) RETURNING a')).toBeNull();
  });

  it('keeps the bound values under SQLite’s variable limit for a very wide row', () => {
    const cols = Array.from({ length: 1000 }, (_, i) => `c${i}`);
    const sql = `INSERT INTO t (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    expect(multiRowInsertSql(sql, 64)?.rows).toBe(32);
  });

  it('produces a statement SQLite runs, storing the rows in order', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
    const multi = multiRowInsertSql('INSERT INTO t (a, b) VALUES (?, ?)', 4);
    expect(multi).not.toBeNull();
    db.prepare(multi?.sql ?? '').run([1, 'x', 2, 'y', 3, 'z', 4, 'w']);
    expect(db.prepare('SELECT a, b FROM t ORDER BY rowid').all()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: 'z' },
      { a: 4, b: 'w' },
    ]);
    db.close();
  });

  it('the health sample kind qualifies', () => {
    expect(multiRowInsertSql(WRITE_KINDS['health.sample'].sql)?.rows).toBe(64);
  });
});
