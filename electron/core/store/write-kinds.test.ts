import { describe, expect, it } from 'vitest';
import { WRITE_KINDS, defineKind } from './write-kinds.ts';

describe('write kinds', () => {
  it('every registered statement has exactly one placeholder per column', () => {
    for (const [name, def] of Object.entries(WRITE_KINDS)) {
      const placeholders = def.sql.split('?').length - 1;
      expect({ name, placeholders }).toEqual({ name, placeholders: def.columns.length });
    }
  });

  it('defineKind keeps the statement and the column order', () => {
    const def = defineKind<{ a: number; b: string }>()('INSERT INTO t (b, a) VALUES (?, ?)', ['b', 'a']);
    expect(def).toEqual({ sql: 'INSERT INTO t (b, a) VALUES (?, ?)', columns: ['b', 'a'] });
    // @ts-expect-error a field of the row left out of the columns does not compile
    defineKind<{ a: number; b: string }>()('INSERT INTO t (a) VALUES (?)', ['a']);
    // @ts-expect-error a column that is not a field of the row does not compile
    defineKind<{ a: number }>()('INSERT INTO t (a, c) VALUES (?, ?)', ['a', 'c']);
  });
});
