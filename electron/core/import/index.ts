// Public surface of the import capability: the service the core wires into import.file,
// import.cancel, captures.list and captures.delete (and the web host's upload route), and the write
// kind it needs registered in the store.
export { createImportService, MAX_CONCURRENT_IMPORTS, type ImportDeps, type ImportService } from './import-service.ts';
export { CAPTURE_COLUMNS, CAPTURE_SAVE_SQL, type CaptureSaveRow, type CaptureState } from './capture-rows.ts';
export { CAPTURE_WRITE_KINDS, type CaptureWriteRows, type ImportWriteRows } from './capture-kinds.ts';
export type { BundleImporter } from './import-job.ts';
