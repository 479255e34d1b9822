import { workerFileUrl } from '../worker-file.ts';

/** The writer worker's entry file: `writer-worker.js` beside a bundle, else the `.ts` source. */
export function writerWorkerUrl(base: string | URL = import.meta.url): URL {
  return workerFileUrl('writer-worker', base);
}
