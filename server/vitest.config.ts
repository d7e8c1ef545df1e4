import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Files share one database but each builds its own tenant, so they can run side by side.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
