// The `captures` table's row and its one write kind. Kept here until the lead merges the kind into
// store/write-kinds.ts (WriteRows + WRITE_KINDS); the worker takes kinds as plain data, so a store
// opened with `{ ...WRITE_KINDS, ...CAPTURE_WRITE_KINDS }` can already write it.
import type { CaptureInfo } from '../../../shared/domain.ts';
import { defineKind, type KindRegistry, type WriteRows } from '../store/write-kinds.ts';

export type CaptureState = 'importing' | 'ready' | 'deleting';

export type CaptureSaveRow = {
  id: number;
  name: string;
  format: CaptureInfo['format'];
  /** Microseconds UTC. */
  imported_at: number;
  file_bytes: number;
  messages: number;
  calls: number;
  first_ts: number | null;
  last_ts: number | null;
  state: CaptureState;
};

export type CaptureWriteRows = {
  /** Creates a capture or replaces every field of it (state changes, final counts). */
  'capture.save': CaptureSaveRow;
};

export const CAPTURE_WRITE_KINDS: KindRegistry<CaptureWriteRows> = {
  'capture.save': defineKind<CaptureSaveRow>()(
    `INSERT INTO captures (id, name, format, imported_at, file_bytes, messages, calls, first_ts, last_ts, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, format = excluded.format, imported_at = excluded.imported_at,
       file_bytes = excluded.file_bytes, messages = excluded.messages, calls = excluded.calls,
       first_ts = excluded.first_ts, last_ts = excluded.last_ts, state = excluded.state`,
    ['id', 'name', 'format', 'imported_at', 'file_bytes', 'messages', 'calls', 'first_ts', 'last_ts', 'state'],
  ),
};

/** What the import service writes: the shipped kinds plus `capture.save`. */
export type ImportWriteRows = WriteRows & CaptureWriteRows;
