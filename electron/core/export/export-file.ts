// Puts an export on disk: `<dataDir>/exports/` (created 0700, traces are sensitive), written under a
// temporary name and given its real name only once complete, so a failed export leaves nothing
// half-written; an existing file is never overwritten (name-2.ext, name-3.ext, ...). The I/O edge
// of the export: errors come back as values.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, link, mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withSuffix } from './file-name.ts';

export const EXPORTS_DIR_NAME = 'exports';
/** Names tried (name, name-2, ... name-N) before giving up: a thousand exports in one second is not a user. */
const MAX_NAME_ATTEMPTS = 1000;
/** Owner-only: a trace holds numbers, addresses and (unredacted) credentials. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export type WrittenFile = { ok: true; path: string; fileName: string; bytes: number } | { ok: false; message: string };

export function exportsDir(dataDir: string): string {
  return path.join(dataDir, EXPORTS_DIR_NAME);
}

/** Streams `chunks` into a new file named `fileName` (or the first free suffixed name) in the exports folder. */
export async function writeExportFile(
  dataDir: string,
  fileName: string,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<WrittenFile> {
  const dir = exportsDir(dataDir);
  const tmp = path.join(dir, `.${fileName}.${randomUUID()}.partial`);
  try {
    const created = await mkdir(dir, { recursive: true, mode: DIR_MODE });
    // The mode given to mkdir passes through the umask; the folder this code creates is owner-only regardless.
    if (created !== undefined && process.platform !== 'win32') await chmod(dir, DIR_MODE);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(
      Readable.from(chunks, { objectMode: false }),
      counter,
      createWriteStream(tmp, { flags: 'wx', mode: FILE_MODE }),
    );
    const finalName = await publish(dir, tmp, fileName);
    return { ok: true, path: path.join(dir, finalName), fileName: finalName, bytes };
  } catch (err) {
    await unlink(tmp).catch(() => {});
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Gives the finished temp file its name. A hard link fails when the name exists, so no check-then-
 * rename race can overwrite a file; where hard links are unsupported (FAT, some network shares)
 * an existence check and a rename is the fallback.
 */
async function publish(dir: string, tmp: string, fileName: string): Promise<string> {
  for (let n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
    const name = n === 1 ? fileName : withSuffix(fileName, n);
    const target = path.join(dir, name);
    try {
      await link(tmp, target);
      await unlink(tmp);
      return name;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (await exists(target)) continue;
      await rename(tmp, target);
      return name;
    }
  }
  throw new Error(`no free file name for ${fileName} after ${MAX_NAME_ATTEMPTS} attempts`);
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
