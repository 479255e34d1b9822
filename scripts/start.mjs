// `npm start`: the desktop app where an Electron binary exists (fetched on first start where a
// network exists); otherwise one line saying so, then web mode. `npm run web` always web mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const wantWeb = argv.includes('--web');
/** An Electron download that has not finished by then will not: fall back to web mode. */
const ELECTRON_FETCH_TIMEOUT_MS = 180_000;

function electronBinary() {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(p) ? p : null;
  }
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = path.join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function ensureElectron() {
  let bin = electronBinary();
  if (bin || !existsSync(path.join(root, 'node_modules', 'electron', 'install.js'))) return bin;
  // Electron >= 42 has no postinstall: the binary is fetched on first start. Fails fast offline.
  spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    stdio: 'ignore',
    timeout: ELECTRON_FETCH_TIMEOUT_MS,
  });
  bin = electronBinary();
  return bin;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureRendererBuilt() {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  const sources = Math.max(
    newestMtime(path.join(root, 'renderer')),
    newestMtime(path.join(root, 'shared')),
    statSync(path.join(root, 'vite.renderer.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.error('PBXScope: building the UI failed (see above).');
    process.exit(r.status ?? 1);
  }
}

function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = wantWeb ? null : ensureElectron();
if (electron) {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
  run(electron, ['.', ...argv]);
} else {
  if (!wantWeb)
    console.log(
      'PBXScope: no Electron binary on this machine (it could not be downloaded), so starting web mode instead.',
    );
  ensureRendererBuilt();
  const hostArgs = argv.includes('--web') ? argv : ['--web', ...argv];
  run(process.execPath, [
    '--disable-warning=ExperimentalWarning',
    path.join(root, 'electron', 'host', 'main.ts'),
    ...hostArgs,
  ]);
}
