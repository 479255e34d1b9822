// Storage layer: one SQLite file per data directory, one writer worker, read-only readers.
export type {
  StoreOptions,
  CommitInfo,
  CommitEvent,
  SettledRange,
  Store,
  StoreWriter,
  RunResult,
  WriterStats,
} from './store-api.ts';
export { openStore, openStoreWith, dbFileBytes, DB_FILE_NAME, type StoreSchema } from './open-store.ts';
export {
  WRITE_KINDS,
  defineKind,
  type WriteKind,
  type WriteRow,
  type WriteRows,
  type RowMap,
  type KindRegistry,
  type WriteKindDef,
  type SqlValue,
  type SettingsPutRow,
  type HealthSampleRow,
} from './write-kinds.ts';
export { MIGRATIONS, type Migration } from './migrations/index.ts';
export { loadSettings, readSettings, settingRow } from './settings-repo.ts';
export {
  enforceRetention,
  planRetentionStep,
  retentionPolicyFromSettings,
  RETENTION_TABLES,
  type RetentionPolicy,
  type RetentionTable,
  type RetentionReport,
} from './retention.ts';
export type { MaintenanceOp, MaintenanceResult } from './maintenance.ts';
export { DEFAULT_BATCH_MAX_ROWS, DEFAULT_BATCH_MAX_DELAY_MS, MAX_QUEUED_ROWS } from './writer.ts';
