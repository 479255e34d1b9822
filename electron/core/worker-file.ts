import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's entry file is. In a bundle, `base` (the caller's `import.meta.url`) is
 * the bundle and the bundler emits `<name>.js` beside it; from source (vitest, Node 24 type
 * stripping) the `.ts` file sits beside the calling module.
 */
export function workerFileUrl(name: string, base: string | URL): URL {
  const bundled = new URL(`./${name}.js`, base);
  if (bundled.protocol === 'file:' && existsSync(fileURLToPath(bundled))) return bundled;
  return new URL(`./${name}.ts`, base);
}
