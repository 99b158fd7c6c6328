import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One config for the lab build and the test projects. Pure layers and the CLI are tested in Node;
// React components in jsdom; the browser flows (test/e2e) drive Debian's Chromium via playwright-core.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/{engine,model,metrics,scenario,runtime,cli,theory}/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'ui', environment: 'jsdom', include: ['test/ui/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
