// Public surface of the export capability: the service the core wires into export.snapshot and
// export.preview, and the pure bundle decoder the importer uses.
export {
  createExportService,
  type ExportDeps,
  type ExportService,
  type PreviewResult,
  type SnapshotResult,
} from './service.ts';
export {
  decodeBundle,
  looksLikeBundle,
  BUNDLE_FILE_EXTENSION,
  BUNDLE_FORMAT_VERSION,
  type Bundle,
  type BundleMeta,
  type BundleErrorCode,
  type DecodeBundleResult,
} from './bundle-format.ts';
export { exportsDir, EXPORTS_DIR_NAME } from './export-file.ts';
export { MAX_EXPORT_CALLS, MAX_EXPORT_MESSAGES, MAX_EXPORT_RAW_BYTES } from './select.ts';
export type { ExportMessage } from './model.ts';
