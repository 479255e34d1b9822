import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportsDir, writeExportFile } from './export-file.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pbxscope-file-'));
  dirs.push(d);
  return d;
}

describe('export files', () => {
  it('writes the chunks under the name asked for and counts the bytes', async () => {
    const dataDir = tempDir();
    const r = await writeExportFile(dataDir, 'a.txt', [Buffer.from('hello '), Buffer.from('world')]);
    expect(r).toEqual({ ok: true, path: path.join(exportsDir(dataDir), 'a.txt'), fileName: 'a.txt', bytes: 11 });
    expect(readFileSync(path.join(exportsDir(dataDir), 'a.txt'), 'utf8')).toBe('hello world');
    if (process.platform !== 'win32') expect(statSync(exportsDir(dataDir)).mode & 0o777).toBe(0o700);
  });

  it('leaves nothing behind when producing the content fails halfway', async () => {
    const dataDir = tempDir();
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(1024 * 1024, 1);
      throw new Error('renderer broke');
    }
    const r = await writeExportFile(dataDir, 'b.pcap', failing());
    expect(r).toEqual({ ok: false, message: 'renderer broke' });
    expect(readdirSync(exportsDir(dataDir))).toEqual([]);
  });

  it('reports a data dir it cannot write into as a value', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'exports'), 'a file where the folder should be');
    const r = await writeExportFile(dataDir, 'c.html', [Buffer.from('x')]);
    expect(r.ok).toBe(false);
  });

  it('never overwrites: the next free suffixed name is taken, also under concurrent exports', async () => {
    const dataDir = tempDir();
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => writeExportFile(dataDir, 'same.txt', [Buffer.from(String(n))])),
    );
    const names = results.map((r) => (r.ok ? r.fileName : r.message)).sort();
    expect(names).toEqual(['same-2.txt', 'same-3.txt', 'same-4.txt', 'same.txt']);
    const contents = names.map((n) => readFileSync(path.join(exportsDir(dataDir), n), 'utf8')).sort();
    expect(contents).toEqual(['1', '2', '3', '4']);
  });
});
