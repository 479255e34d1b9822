import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from './test-data.ts';
import { writerWorkerUrl } from './writer-worker-file.ts';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

describe('writerWorkerUrl', () => {
  it('uses the TypeScript source beside the module when no bundled worker exists', () => {
    const base = pathToFileURL(join(temp.dir, 'index.js'));
    expect(writerWorkerUrl(base).href).toBe(pathToFileURL(join(temp.dir, 'writer-worker.ts')).href);
  });

  it('prefers a bundled writer-worker.js sibling', () => {
    writeFileSync(join(temp.dir, 'writer-worker.js'), '');
    const base = pathToFileURL(join(temp.dir, 'index.js'));
    expect(writerWorkerUrl(base).href).toBe(pathToFileURL(join(temp.dir, 'writer-worker.js')).href);
  });

  it('resolves to this folder from source', () => {
    expect(writerWorkerUrl().pathname.endsWith('/electron/core/store/writer-worker.ts')).toBe(true);
  });
});
