import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EXPORTS_DIR_NAME } from '../core/export/export-file.ts';
import {
  EXPORTS_FOLDER,
  checkExportName,
  exportsDirOf,
  saveExport,
  saveFiltersFor,
  type SaveExportDeps,
} from './export-save.ts';

const DIR = path.resolve('/data/pbxscope/exports');
const NAME = 'pbxscope-20260724-120000-3-calls.pcap';

function deps(
  patch: Partial<SaveExportDeps> = {},
  files: Record<string, 'file' | 'dir' | 'link'> = { [NAME]: 'file' },
) {
  const copied: Array<[string, string]> = [];
  const dialogs: Array<{ defaultPath: string; filters: { name: string; extensions: string[] }[] }> = [];
  const d: SaveExportDeps = {
    exportsDir: DIR,
    defaultDir: '/home/ops/Downloads',
    lstat: vi.fn(async (file: string) => {
      const kind = path.dirname(file) === DIR ? files[path.basename(file)] : undefined;
      if (!kind) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return { isFile: () => kind === 'file' };
    }),
    showSaveDialog: vi.fn(async (options) => {
      dialogs.push(options);
      return { canceled: false, filePath: '/home/ops/ticket-4711.pcap' };
    }),
    copyFile: vi.fn(async (from: string, to: string) => void copied.push([from, to])),
    ...patch,
  };
  return { d, copied, dialogs };
}

describe('export file names from the renderer', () => {
  it('accepts the names the exporter writes', () => {
    expect(checkExportName(NAME)).toEqual({ ok: true, result: NAME });
    expect(checkExportName('pbxscope-20260724-120000-1-call-2.html').ok).toBe(true);
  });

  it('refuses anything that is not a bare file name', () => {
    for (const bad of [
      '../x',
      'a/b',
      'a\\b',
      '..',
      '.',
      '.hidden',
      'C:evil',
      'x\0.pcap',
      '',
      'x'.repeat(256),
      42,
      null,
    ]) {
      expect(checkExportName(bad).ok, String(bad)).toBe(false);
    }
  });

  it('looks in the same exports folder the core writes to', () => {
    expect(EXPORTS_FOLDER).toBe(EXPORTS_DIR_NAME);
    expect(exportsDirOf('/data/pbxscope')).toBe(path.join('/data/pbxscope', 'exports'));
  });
});

describe('Save as… for an export', () => {
  it('asks where to save, starting in Downloads with the file’s type, and copies it there', async () => {
    const { d, copied, dialogs } = deps();
    expect(await saveExport(d, NAME)).toEqual({
      ok: true,
      result: { saved: true, path: '/home/ops/ticket-4711.pcap' },
    });
    expect(dialogs[0]?.defaultPath).toBe(path.join('/home/ops/Downloads', NAME));
    expect(dialogs[0]?.filters[0]).toEqual({ name: 'Packet capture (pcap)', extensions: ['pcap'] });
    expect(copied).toEqual([[path.join(DIR, NAME), '/home/ops/ticket-4711.pcap']]);
  });

  it('copies nothing when the user dismisses the dialog', async () => {
    const { d, copied } = deps({ showSaveDialog: async () => ({ canceled: true }) });
    expect(await saveExport(d, NAME)).toEqual({ ok: true, result: { saved: false } });
    expect(copied).toEqual([]);
  });

  it('refuses ../x and a/b before touching the disk or opening a dialog', async () => {
    for (const bad of ['../x', 'a/b', '../exports/' + NAME]) {
      const { d, dialogs } = deps();
      const r = await saveExport(d, bad);
      expect(r).toMatchObject({ ok: false, code: 'bad_request' });
      expect(d.lstat).not.toHaveBeenCalled();
      expect(dialogs).toEqual([]);
    }
  });

  it('refuses a name with no export behind it, a folder, or a symlink', async () => {
    const files = { 'folder.pcap': 'dir', 'link.pcap': 'link' } as const;
    for (const name of ['missing.pcap', 'folder.pcap', 'link.pcap']) {
      const { d, dialogs } = deps({}, { ...files });
      expect(await saveExport(d, name)).toEqual({ ok: false, code: 'not_found', message: `no export named ${name}` });
      expect(dialogs).toEqual([]);
    }
  });

  it('says where writing failed', async () => {
    const { d } = deps({ copyFile: async () => Promise.reject(new Error('EACCES: permission denied')) });
    expect(await saveExport(d, NAME)).toMatchObject({ ok: false, message: expect.stringContaining('EACCES') });
  });

  it('offers the right file type for every format', () => {
    expect(saveFiltersFor('a.html')[0]?.extensions).toEqual(['html']);
    expect(saveFiltersFor('a.txt')[0]?.extensions).toEqual(['txt']);
    expect(saveFiltersFor('a.pbxscope')[0]?.extensions).toEqual(['pbxscope']);
    expect(saveFiltersFor('a.bin')).toEqual([{ name: 'All files', extensions: ['*'] }]);
  });
});
