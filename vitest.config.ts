import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const electronStub = fileURLToPath(new URL('./test/mocks/electron.ts', import.meta.url));

export default defineConfig({
  test: {
    // Any stray require('electron') returns at once instead of trying to download the binary.
    env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' },
    projects: [
      {
        resolve: { alias: { electron: electronStub } },
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'scripts/**/*.test.ts',
            'build/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
        },
      },
    ],
  },
});
