// Save as… for an export in the desktop app: the renderer names an export by its bare file name,
// main checks that the name can only mean a regular file directly in the data dir's exports folder,
// asks the user where it goes (native save dialog) and copies it there. File system and dialog are
// injected, so every refusal is unit-tested without Electron.
import path from 'node:path';
import { fail, ok, type RpcResult } from '../../shared/contract.ts';
import type { SavedExport } from '../preload/channels.ts';

/** The core's exports folder inside its data dir (electron/core/export EXPORTS_DIR_NAME). */
export const EXPORTS_FOLDER = 'exports';
/** Longest name a file system takes for one path component; the exporter's names are far shorter. */
export const MAX_EXPORT_NAME_LENGTH = 255;

export interface SaveDialogFilter {
  name: string;
  extensions: string[];
}

/** What the save dialog offers for each kind of export the core writes. */
const FILTERS_BY_EXTENSION: Record<string, SaveDialogFilter> = {
  pcap: { name: 'Packet capture (pcap)', extensions: ['pcap'] },
  txt: { name: 'Text report', extensions: ['txt'] },
  html: { name: 'HTML report', extensions: ['html'] },
  pbxscope: { name: 'PBXScope bundle', extensions: ['pbxscope'] },
};

export function exportsDirOf(dataDir: string): string {
  return path.join(dataDir, EXPORTS_FOLDER);
}

/**
 * A bare file name the exporter could have written: no separator of any platform, no drive or
 * stream colon, no NUL, not a dot name. Anything else is refused before the disk is touched.
 */
export function checkExportName(name: unknown): RpcResult<string> {
  if (typeof name !== 'string' || name.length === 0) return fail('bad_request', 'no export file name given');
  if (name.length > MAX_EXPORT_NAME_LENGTH) return fail('bad_request', 'export file name is too long');
  if (/[/\\:\0]/.test(name)) return fail('bad_request', `not a bare export file name: ${name.slice(0, 100)}`);
  if (name.startsWith('.')) return fail('bad_request', `not an export file name: ${name.slice(0, 100)}`);
  return ok(name);
}

export function saveFiltersFor(fileName: string): SaveDialogFilter[] {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const known = FILTERS_BY_EXTENSION[ext];
  return [...(known ? [known] : []), { name: 'All files', extensions: ['*'] }];
}

export interface SaveExportDeps {
  exportsDir: string;
  /** Where the dialog starts (the user's Downloads folder). */
  defaultDir: string;
  /** lstat: a symlink in the exports folder is not an export and is never followed. */
  lstat(file: string): Promise<{ isFile(): boolean }>;
  showSaveDialog(options: { title: string; defaultPath: string; filters: SaveDialogFilter[] }): Promise<{
    canceled: boolean;
    filePath?: string;
  }>;
  copyFile(from: string, to: string): Promise<void>;
}

export async function saveExport(deps: SaveExportDeps, rawName: unknown): Promise<RpcResult<SavedExport>> {
  const name = checkExportName(rawName);
  if (!name.ok) return name;
  const source = path.resolve(deps.exportsDir, name.result);
  // Belt and braces after the name check: the joined path must sit directly in the exports folder.
  if (path.dirname(source) !== path.resolve(deps.exportsDir)) return fail('bad_request', 'not an export file name');
  try {
    if (!(await deps.lstat(source)).isFile()) return fail('not_found', `no export named ${name.result}`);
  } catch {
    return fail('not_found', `no export named ${name.result}`);
  }
  const choice = await deps.showSaveDialog({
    title: 'Save Export',
    defaultPath: path.join(deps.defaultDir, name.result),
    filters: saveFiltersFor(name.result),
  });
  if (choice.canceled || !choice.filePath) return ok({ saved: false });
  if (path.resolve(choice.filePath) === source) return ok({ saved: true, path: source });
  try {
    await deps.copyFile(source, choice.filePath);
  } catch (err) {
    return fail('internal', `could not write ${choice.filePath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return ok({ saved: true, path: choice.filePath });
}
