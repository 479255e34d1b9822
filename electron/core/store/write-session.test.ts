import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/index.ts';
import { ROWS_PER_STATEMENT } from './multi-row-insert.ts';
import { healthRow, makeTempDir } from './test-data.ts';
import { WRITE_KINDS, type HealthSampleRow, type SqlValue } from './write-kinds.ts';
import { WriteSession } from './write-session.ts';
import type { RowGroup } from './writer-protocol.ts';

let temp: ReturnType<typeof makeTempDir>;
let session: WriteSession;
let dbPath: string;
beforeEach(() => {
  temp = makeTempDir();
  dbPath = join(temp.dir, 'w.db');
  const opened = WriteSession.open({
    dbPath,
    kinds: WRITE_KINDS,
    migrations: MIGRATIONS,
    maxDbBytes: null,
  });
  if (!opened.ok) throw new Error(opened.message);
  session = opened.session;
});
afterEach(() => {
  session.close();
  temp.remove();
});

function storedSeqs(): number[] {
  const db = new Database(dbPath, { readonly: true });
  const seqs = (db.prepare('SELECT received FROM health_samples ORDER BY rowid').all() as { received: number }[]).map(
    (r) => r.received,
  );
  db.close();
  return seqs;
}

const COLUMNS = WRITE_KINDS['health.sample'].columns;
function group(rows: HealthSampleRow[]): RowGroup {
  return {
    kind: 'health.sample',
    rows: rows.length,
    values: rows.flatMap((r) => COLUMNS.map((c) => r[c] as SqlValue)),
  };
}

describe('write session', () => {
  it('stores a batch larger than one multi-row statement, in order, with an odd remainder', () => {
    const rows = Array.from({ length: ROWS_PER_STATEMENT * 3 + 5 }, (_, i) => healthRow(i + 1));
    const out = session.commitBatch([group(rows)]);
    expect(out).toMatchObject({
      rows: rows.length,
      stored: rows.length,
      kinds: { 'health.sample': rows.length },
      problems: [],
    });
    expect(storedSeqs()).toEqual(rows.map((r) => r.received));
  });

  it('a refused row inside a multi-row statement loses only that row', () => {
    const rows = Array.from({ length: ROWS_PER_STATEMENT * 2 }, (_, i) => healthRow(i + 1));
    const bad = ROWS_PER_STATEMENT + 6; // inside the second statement's rows
    rows[bad] = { ...healthRow(bad + 1), proto: null as unknown as 'udp' };
    const out = session.commitBatch([group(rows)]);
    expect(out.stored).toBe(rows.length - 1);
    expect(storedSeqs()).toEqual(rows.filter((_, i) => i !== bad).map((r) => r.received));
    expect(out.problems).toEqual(['1 row rejected, health.sample: NOT NULL constraint failed: health_samples.proto']);
  });

  it('puts binary values back from the arena, including empty ones sent without an arena', () => {
    const sipKind = WRITE_KINDS['sip.message'];
    const row = (i: number): SqlValue[] =>
      sipKind.columns.map((c) => {
        const v: Record<string, SqlValue> = {
          capture: 0,
          ts: i,
          call_id: `c${i}`,
          cseq: 1,
          cseq_method: 'INVITE',
          src_ip: 'a',
          src_port: 1,
          dst_ip: 'b',
          dst_port: 2,
          transport: 'udp',
          flags: 0,
        };
        return v[c] ?? null;
      });
    const raw = sipKind.columns.indexOf('raw');
    const arena = new Uint8Array([0x53, 0x49, 0x50, 0xff]);
    const withArena: RowGroup = {
      kind: 'sip.message',
      rows: 2,
      values: [...row(1), ...row(2)],
      blobs: [raw, 0, 3, sipKind.columns.length + raw, 3, 0],
    };
    expect(session.commitBatch([withArena], arena)).toMatchObject({ stored: 2, problems: [] });
    const empty: RowGroup = { kind: 'sip.message', rows: 1, values: row(3), blobs: [raw, 0, 0] };
    expect(session.commitBatch([empty], null)).toMatchObject({ stored: 1, problems: [] });
    const outside: RowGroup = { kind: 'sip.message', rows: 1, values: row(4), blobs: [raw, 2, 10] };
    expect(session.commitBatch([outside], arena)).toMatchObject({
      stored: 0,
      problems: ['1 row rejected, sip.message: binary values missing from the batch'],
    });
    const db = new Database(dbPath, { readonly: true });
    const stored = (db.prepare('SELECT raw FROM sip_messages ORDER BY ts').all() as { raw: Buffer }[]).map((r) => [
      ...r.raw,
    ]);
    db.close();
    expect(stored).toEqual([[0x53, 0x49, 0x50], [], []]);
  });

  it('reports a group of an unknown kind or the wrong width and still stores the other groups', () => {
    const good = group([healthRow(1), healthRow(2)]);
    const short: RowGroup = { kind: 'health.sample', rows: 2, values: [1, 2, 3] };
    const unknown: RowGroup = { kind: 'nope', rows: 1, values: [1] };
    const out = session.commitBatch([unknown, good, short]);
    expect(out).toMatchObject({ rows: 5, stored: 2 });
    expect(out.problems).toEqual([
      '1 row rejected, nope: unknown write kind',
      '2 rows rejected, health.sample: row width does not match the kind',
    ]);
  });
});
