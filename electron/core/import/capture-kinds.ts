// The import service's rows are part of the shipped registry (store/write-kinds.ts): these names
// stay for the tests and bench that open a store with them spelled out.
import { WRITE_KINDS, type KindRegistry, type WriteRows } from '../store/write-kinds.ts';
import type { CaptureSaveRow } from './capture-rows.ts';

export type CaptureWriteRows = {
  'capture.save': CaptureSaveRow;
};

export const CAPTURE_WRITE_KINDS: KindRegistry<CaptureWriteRows> = {
  'capture.save': WRITE_KINDS['capture.save'],
};

/** What the import service writes: the shipped kinds (which include `capture.save`). */
export type ImportWriteRows = WriteRows & CaptureWriteRows;
