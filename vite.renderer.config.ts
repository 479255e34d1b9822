// The renderer bundle: used standalone for web mode (`npm run build:web`, served by electron/host)
// and imported by electron.vite.config.ts for the desktop build.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const rendererRoot = fileURLToPath(new URL('./renderer/', import.meta.url));

/**
 * The dev server injects an inline React Refresh preamble, which the production CSP
 * (`script-src 'self'`) blocks. Relax the meta tag for `vite serve` only; built files keep it strict.
 */
function devOnlyInlineScripts(): Plugin {
  return {
    name: 'pbxscope-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same files load from app:// (desktop) and http://host:port/ (web mode).
  base: './',
  plugins: [react(), devOnlyInlineScripts()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45 is Chromium 142; web mode targets current evergreen browsers only.
    target: 'es2022',
    sourcemap: true,
  },
});
