// The registry of everything the writer can persist: kind name -> one INSERT/UPSERT and the
// row fields bound to its `?` placeholders, in order. A capability adds a row type to
// `WriteRows`, an entry to `WRITE_KINDS` and a migration creating its table.
import type { SourceName, TransportProto } from '../../../shared/domain.ts';
import {
  CALL_COLUMNS,
  CALL_UPSERT_SQL,
  SIP_MESSAGE_COLUMNS,
  SIP_MESSAGE_INSERT_SQL,
  type CallUpsert,
  type SipMessageWrite,
} from '../sip/rows.ts';
import {
  AMI_CHANNEL_HISTORY_COLUMNS,
  AMI_CHANNEL_HISTORY_INSERT_SQL,
  AMI_EVENT_COLUMNS,
  AMI_EVENT_INSERT_SQL,
  AMI_QUEUE_EVENT_COLUMNS,
  AMI_QUEUE_EVENT_INSERT_SQL,
  AMI_SECURITY_EVENT_COLUMNS,
  AMI_SECURITY_EVENT_INSERT_SQL,
  type AmiChannelHistoryWrite,
  type AmiEventWrite,
  type AmiQueueEventWrite,
  type AmiSecurityEventWrite,
} from '../ami/store/rows.ts';
import { CAPTURE_COLUMNS, CAPTURE_SAVE_SQL, type CaptureSaveRow } from '../import/capture-rows.ts';

/** What better-sqlite3 can bind. No booleans: store 0/1. */
export type SqlValue = number | string | bigint | Uint8Array | null;

export interface WriteKindDef<Row> {
  /** One statement with exactly one `?` per column, in `columns` order. */
  readonly sql: string;
  readonly columns: readonly (keyof Row & string)[];
}

/** Kind name -> row shape. A plain object type (not an interface) so it has an index signature. */
export type RowMap = { [kind: string]: object };

export type KindRegistry<R extends RowMap> = { readonly [K in keyof R & string]: WriteKindDef<R[K]> };

/** Empty when the columns name every field of the row; otherwise one extra argument that names the missing ones. */
type MissingColumns<Row, C extends readonly string[]> = [Exclude<keyof Row, C[number]>] extends [never]
  ? []
  : [missing_columns: Exclude<keyof Row, C[number]>];

/**
 * `defineKind<MyRow>()(sql, ['a', 'b'])`: a column that is not a field of the row, or a field
 * left out of the columns, is a compile error.
 */
export function defineKind<Row>() {
  return <const C extends readonly (keyof Row & string)[]>(
    sql: string,
    columns: C,
    ..._complete: MissingColumns<Row, C>
  ): WriteKindDef<Row> => ({
    sql,
    columns,
  });
}

export type SettingsPutRow = {
  key: string;
  /** JSON text; see settings-repo.ts `settingRow`. */
  value: string;
};

/** One listener's cumulative counters at one health tick. */
export type HealthSampleRow = {
  /** Microseconds UTC. */
  at: number;
  source: SourceName;
  proto: TransportProto;
  received: number;
  decoded: number;
  malformed: number;
  dropped: number;
  stored: number;
};

export type WriteRows = {
  'settings.put': SettingsPutRow;
  'health.sample': HealthSampleRow;
  'sip.message': SipMessageWrite;
  'sip.call': CallUpsert;
  'ami.event': AmiEventWrite;
  'ami.channel': AmiChannelHistoryWrite;
  'ami.queue': AmiQueueEventWrite;
  'ami.security': AmiSecurityEventWrite;
  'capture.save': CaptureSaveRow;
};

export type WriteKind = keyof WriteRows & string;
export type WriteRow<K extends WriteKind> = WriteRows[K];

export const WRITE_KINDS: KindRegistry<WriteRows> = {
  'settings.put': defineKind<SettingsPutRow>()(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ['key', 'value'],
  ),
  'health.sample': defineKind<HealthSampleRow>()(
    'INSERT INTO health_samples (at, source, proto, received, decoded, malformed, dropped, stored) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ['at', 'source', 'proto', 'received', 'decoded', 'malformed', 'dropped', 'stored'],
  ),
  'sip.message': defineKind<SipMessageWrite>()(SIP_MESSAGE_INSERT_SQL, SIP_MESSAGE_COLUMNS),
  'sip.call': defineKind<CallUpsert>()(CALL_UPSERT_SQL, CALL_COLUMNS),
  'ami.event': defineKind<AmiEventWrite>()(AMI_EVENT_INSERT_SQL, AMI_EVENT_COLUMNS),
  'ami.channel': defineKind<AmiChannelHistoryWrite>()(AMI_CHANNEL_HISTORY_INSERT_SQL, AMI_CHANNEL_HISTORY_COLUMNS),
  'ami.queue': defineKind<AmiQueueEventWrite>()(AMI_QUEUE_EVENT_INSERT_SQL, AMI_QUEUE_EVENT_COLUMNS),
  'ami.security': defineKind<AmiSecurityEventWrite>()(AMI_SECURITY_EVENT_INSERT_SQL, AMI_SECURITY_EVENT_COLUMNS),
  'capture.save': defineKind<CaptureSaveRow>()(CAPTURE_SAVE_SQL, CAPTURE_COLUMNS),
};
