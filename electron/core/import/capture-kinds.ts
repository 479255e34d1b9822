// The `capture.save` write kind, until store/write-kinds.ts registers it with the shipped kinds.
// The worker takes kinds as plain data, so a store opened with `{ ...WRITE_KINDS, ...CAPTURE_WRITE_KINDS }`
// (tests, bench) can already write it; once WriteRows has the kind, ImportWriteRows equals WriteRows.
import { defineKind, type KindRegistry, type WriteRows } from '../store/write-kinds.ts';
import { CAPTURE_COLUMNS, CAPTURE_SAVE_SQL, type CaptureSaveRow } from './capture-rows.ts';

export type CaptureWriteRows = {
  'capture.save': CaptureSaveRow;
};

export const CAPTURE_WRITE_KINDS: KindRegistry<CaptureWriteRows> = {
  'capture.save': defineKind<CaptureSaveRow>()(CAPTURE_SAVE_SQL, CAPTURE_COLUMNS),
};

/** What the import service writes: the shipped kinds plus `capture.save`. */
export type ImportWriteRows = WriteRows & CaptureWriteRows;
