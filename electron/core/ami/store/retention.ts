// AMI tables pruned by retention (age and size cap); the lead appends these to RETENTION_TABLES.
// Each has an index on its time column (migration 004). None is scoped: AMI data is always live.
import type { RetentionTable } from '../../store/retention.ts';

export const AMI_RETENTION_TABLES: readonly RetentionTable[] = [
  { table: 'ami_events', timeColumn: 'ts' },
  { table: 'ami_channel_history', timeColumn: 'ended_at' },
  { table: 'ami_queue_events', timeColumn: 'ts' },
  { table: 'ami_security_events', timeColumn: 'ts' },
];
