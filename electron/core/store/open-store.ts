// Opening a data directory: start the writer worker (which creates and migrates the file),
// then the read-only connection.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { openReaderConnection } from './sqlite-pragmas.ts';
import type { Store, StoreOptions } from './store-api.ts';
import type Database from 'better-sqlite3';
import { WRITE_KINDS, type KindRegistry, type RowMap, type WriteRows } from './write-kinds.ts';
import type { KindSpec } from './writer-protocol.ts';
import { DEFAULT_BATCH_MAX_DELAY_MS, DEFAULT_BATCH_MAX_ROWS, startWriter } from './writer.ts';

export const DB_FILE_NAME = 'pbxscope.db';

/** What a store persists: its write kinds and the migrations that create their tables. */
export interface StoreSchema<R extends RowMap> {
  kinds: KindRegistry<R>;
  migrations: readonly Migration[];
}

/** Rejects with a readable Error when the directory or file cannot be opened or migrated. */
export function openStore(opts: StoreOptions): Promise<Store> {
  return openStoreWith<WriteRows>(opts, { kinds: WRITE_KINDS, migrations: MIGRATIONS });
}

/** openStore with another schema: the bench adds a table of its own this way. */
export async function openStoreWith<R extends RowMap>(opts: StoreOptions, schema: StoreSchema<R>): Promise<Store<R>> {
  mkdirSync(opts.dataDir, { recursive: true });
  const dbPath = join(opts.dataDir, DB_FILE_NAME);
  const started = await startWriter<R>({
    config: {
      dbPath,
      kinds: kindSpecs(schema.kinds),
      migrations: schema.migrations,
      maxDbBytes: opts.maxDbBytes ?? null,
    },
    batchMaxRows: opts.batchMaxRows ?? DEFAULT_BATCH_MAX_ROWS,
    batchMaxDelayMs: opts.batchMaxDelayMs ?? DEFAULT_BATCH_MAX_DELAY_MS,
  });
  if (!started.ok) throw new Error(`cannot open the store in ${opts.dataDir}: ${started.message}`);
  const writer = started.writer;
  let reader: Database.Database;
  try {
    reader = openReaderConnection(dbPath);
  } catch (err) {
    await writer.close();
    throw new Error(`cannot open a reader on ${dbPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let closing: Promise<void> | null = null;
  return {
    dbPath,
    writer,
    reader,
    dbBytes: () => dbFileBytes(dbPath),
    close: () => {
      closing ??= (async () => {
        await writer.flush();
        // Reader first: the writer, as the last connection, checkpoints and removes the -wal file.
        reader.close();
        await writer.close();
      })();
      return closing;
    },
  };
}

/** The registry as plain data for the worker (structured clone). */
function kindSpecs<R extends RowMap>(kinds: KindRegistry<R>): Record<string, KindSpec> {
  const specs: Record<string, KindSpec> = {};
  for (const name of Object.keys(kinds) as (keyof R & string)[]) {
    const def = kinds[name];
    specs[name] = { sql: def.sql, columns: [...def.columns] };
  }
  return specs;
}

/** Size of the database as it sits on disk: main file plus its WAL and shared-memory index. */
export function dbFileBytes(dbPath: string): number {
  let total = 0;
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    try {
      total += statSync(file).size;
    } catch {
      // Missing -wal/-shm (after a clean close) counts as zero.
    }
  }
  return total;
}
