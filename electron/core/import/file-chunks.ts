// The I/O edge of a file import: open a path with a clear error, then read it in fixed-size chunks.
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Bytes per read: large enough that per-read overhead vanishes next to parsing, small enough that
 * one chunk's worth of work (~1500 SIP messages, a few ms) never holds the core's event loop long.
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

export type OpenResult =
  { ok: true; handle: FileHandle; size: number } | { ok: false; code: 'not_found' | 'bad_request'; message: string };

/** Opens a regular file for reading; a missing file is not_found, anything else unreadable is bad_request. */
export async function openCaptureFile(file: string): Promise<OpenResult> {
  if (!path.isAbsolute(file)) return { ok: false, code: 'bad_request', message: `${file}: give an absolute path` };
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { ok: false, code: 'not_found', message: `${file}: no such file` };
    if (code === 'EACCES' || code === 'EPERM')
      return { ok: false, code: 'bad_request', message: `${file}: permission denied` };
    return { ok: false, code: 'bad_request', message: `${file}: cannot be opened (${code ?? String(err)})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      return { ok: false, code: 'bad_request', message: `${file}: not a regular file` };
    }
    return { ok: true, handle, size: st.size };
  } catch (err) {
    await handle.close();
    return {
      ok: false,
      code: 'bad_request',
      message: `${file}: cannot be read (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/** The file's bytes in chunks of `chunkBytes` (a fresh buffer each: records point into them). Closes the file when done or abandoned. */
export async function* readChunks(handle: FileHandle, chunkBytes = READ_CHUNK_BYTES): AsyncGenerator<Buffer> {
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(buf, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield bytesRead === chunkBytes ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
