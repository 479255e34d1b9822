// `npm test`: every suite (typecheck, lint, unit + component tests, build, Playwright e2e) and one
// closing line `N passed, N failed` summing them. A check that produced no report counts as failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, 'test-results');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
mkdirSync(reports, { recursive: true });

const tally = [];
function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${name}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}
function check(name, okFlag) {
  tally.push({ name, passed: okFlag ? 1 : 0, failed: okFlag ? 0 : 1 });
}
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const node = process.execPath;
check('typecheck', step('typecheck (tsc -b)', node, [bin('typescript', 'bin/tsc'), '-b']));
check('lint', step('lint (eslint)', node, [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings=0']));
check(
  'format',
  step('format (prettier --check)', node, [bin('prettier', 'bin/prettier.cjs'), '--check', '.', '--log-level', 'warn']),
);

const vitestJson = path.join(reports, 'vitest.json');
rmSync(vitestJson, { force: true });
step('unit + component tests (vitest)', node, [
  bin('vitest', 'vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const v = readJson(vitestJson);
if (!v) tally.push({ name: 'vitest (no report)', passed: 0, failed: 1 });
else {
  const loadFailures = (v.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  tally.push({ name: 'vitest', passed: v.numPassedTests ?? 0, failed: (v.numFailedTests ?? 0) + loadFailures });
}

const built = step('build web UI (vite)', node, [
  bin('vite', 'bin/vite.js'),
  'build',
  '--config',
  'vite.renderer.config.ts',
  '--logLevel',
  'warn',
]);
check('build', built);

const pwJson = path.join(reports, 'playwright.json');
rmSync(pwJson, { force: true });
if (built) {
  step('e2e (playwright, chromium)', node, [bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
}
const p = readJson(pwJson);
if (!p) tally.push({ name: 'playwright (no report)', passed: 0, failed: 1 });
else {
  const s = p.stats ?? {};
  tally.push({
    name: 'playwright',
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: (s.unexpected ?? 0) + (p.errors?.length ?? 0),
  });
}

console.log('\n=== summary ===');
for (const t of tally)
  console.log(`${t.name.padEnd(28)} ${String(t.passed).padStart(5)} passed ${String(t.failed).padStart(4)} failed`);
const passed = tally.reduce((a, t) => a + t.passed, 0);
const failed = tally.reduce((a, t) => a + t.failed, 0);
if (!existsSync(path.join(reports, 'screenshots'))) console.log('(no screenshots were written)');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
