import { defineConfig } from 'vitest/config';

/** End-to-end tests: the real server (built Next app) driven by Debian's Chromium. `npm run test:e2e`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
