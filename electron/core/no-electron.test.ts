// ARCHITECTURE 2: the engine must run where no Electron binary exists. Loading the whole core
// (and both hosts' shared modules) in a fresh Node process must never load the electron module,
// whose index.js would try to download the binary.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('the core under plain Node', () => {
  it('loads the engine and the web host without ever resolving electron', () => {
    const probe = `
      import { createRequire } from 'node:module';
      const seen = [];
      const { registerHooks } = await import('node:module');
      registerHooks({ resolve(spec, ctx, next) { if (spec === 'electron' || spec.startsWith('electron/')) seen.push(spec); return next(spec, ctx); } });
      await import('./electron/core/index.ts');
      await import('./electron/host/web-server.ts');
      await import('./electron/host/client-session.ts');
      const require = createRequire(import.meta.url);
      const cjs = Object.keys(require.cache).filter((k) => /node_modules[\\\\/]electron[\\\\/]/.test(k));
      console.log(JSON.stringify({ seen, cjs }));
    `;
    const r = spawnSync(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', probe],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
        timeout: 20_000,
      },
    );
    expect(r.stderr).not.toMatch(/Error/);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { seen: string[]; cjs: string[] };
    expect(out).toEqual({ seen: [], cjs: [] });
  });
});
