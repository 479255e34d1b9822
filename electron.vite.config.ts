// Desktop build (`npm run build:desktop`): needs no Electron binary, only electron/package.json.
//   out/main/index.js          Electron main (electron/main)
//   out/main/utility.js        the core's utilityProcess entry (electron/host/utility.ts)
//   out/main/writer-worker.js  the store's writer worker_thread (electron/core/store)
//   out/main/udp-receiver.js   a UDP listener's receive worker_thread (electron/core/ingest)
//   out/main/reader-worker.js  the store's reader worker_thread (electron/core/reads)
//   out/preload/index.cjs      the preload: ONE CommonJS file, so `sandbox: true` stays on
//   out/renderer/              the UI, built by the same Vite config as web mode
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'electron-vite';
import rendererConfig from './vite.renderer.config.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      // Dependencies (better-sqlite3, ws, zod) stay in node_modules: native addons cannot be bundled.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: here('./electron/main/index.ts'),
          utility: here('./electron/host/utility.ts'),
          'writer-worker': here('./electron/core/store/writer-worker.ts'),
          'udp-receiver': here('./electron/core/ingest/udp-receiver.ts'),
          'reader-worker': here('./electron/core/reads/reader-worker.ts'),
        },
        output: {
          entryFileNames: '[name].js',
          // Shared chunks sit beside the entries, not in a subfolder: code that finds its sibling
          // files through `import.meta.url` (the worker threads) must land in out/main itself.
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      // A sandboxed preload can require only `electron` and a few builtins: bundle everything else (zod).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: here('./electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: mergeConfig(rendererConfig, {
    build: {
      // The web build writes dist/renderer; the desktop app serves out/renderer on app://.
      outDir: here('./out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: here('./renderer/index.html') },
    },
  }),
});
