// Layering rules (ARCHITECTURE section 3, VS Code style): a file that imports across a line fails lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'net',
  'dgram',
  'http',
  'https',
  'crypto',
  'child_process',
  'worker_threads',
  'stream',
  'zlib',
  'url',
  'events',
  'tls',
];
const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Only electron/main and electron/preload may import electron.',
};
const noReact = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'React belongs to renderer/.' };

export default tseslint.config(
  {
    ignores: ['node_modules', 'out', 'dist', 'dist-host', 'test-results', 'playwright-report', 'release', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Plain JS scripts run under Node; TypeScript files get their globals from types instead.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'URL',
          'Buffer',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'require',
          'module',
          '__dirname',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|\\./).*', message: 'shared/ imports nothing but zod and its own files.' }] },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noReact,
            {
              group: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**'],
              message: 'core/host never reach into renderer or the Electron shell.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins
            .filter((n) => !n.includes('*'))
            .map((name) => ({ name, message: 'renderer never imports Node.' })),
          patterns: [
            { group: ['node:*'], message: 'renderer never imports Node.' },
            noElectron,
            { group: ['**/electron/**'], message: 'renderer talks to the core only through a MonitorClient.' },
          ],
        },
      ],
    },
  },
);
