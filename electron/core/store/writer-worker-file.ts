import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the writer worker's entry file is. In a bundle, `import.meta.url` is the bundle and the
 * bundler emits `writer-worker.js` beside it; from source (vitest, Node 24 type stripping) the
 * `.ts` file sits beside this module.
 */
export function writerWorkerUrl(base: string | URL = import.meta.url): URL {
  const bundled = new URL('./writer-worker.js', base);
  if (bundled.protocol === 'file:' && existsSync(fileURLToPath(bundled))) return bundled;
  return new URL('./writer-worker.ts', base);
}
