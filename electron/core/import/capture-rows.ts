// How a capture is persisted: the `captures` row and the one statement that writes it (insert or
// replace every field), in the shape sip/rows.ts gives the SIP kinds, so store/write-kinds.ts can
// register it as `'capture.save': defineKind<CaptureSaveRow>()(CAPTURE_SAVE_SQL, CAPTURE_COLUMNS)`.
import type { CaptureInfo } from '../../../shared/domain.ts';

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

export const CAPTURE_COLUMNS = [
  'id',
  'name',
  'format',
  'imported_at',
  'file_bytes',
  'messages',
  'calls',
  'first_ts',
  'last_ts',
  'state',
] as const satisfies readonly (keyof CaptureSaveRow)[];

/** Creates a capture or replaces every field of it (state changes, final counts). */
export const CAPTURE_SAVE_SQL = `INSERT INTO captures (${CAPTURE_COLUMNS.join(', ')}) VALUES (${CAPTURE_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${CAPTURE_COLUMNS.filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;
