// Public surface of the import capability: the service the core wires into import.file,
// import.cancel, captures.list and captures.delete (and the web host's upload route), and the row and
// statement of its write kind (`capture.save`, registered in store/write-kinds.ts).
export { createImportService, MAX_CONCURRENT_IMPORTS, type ImportDeps, type ImportService } from './import-service.ts';
export { CAPTURE_COLUMNS, CAPTURE_SAVE_SQL, type CaptureSaveRow, type CaptureState } from './capture-rows.ts';
export type { BundleImporter } from './import-job.ts';
