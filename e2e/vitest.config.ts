import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Browser tests: one real server (embedded PostgreSQL + the built desk) for the whole run, and
 * Debian's chromium driven by playwright-core. Files run one after another: two cores cannot
 * host several browsers and the server without timing noise.
 */
export default defineConfig({
  root: here,
  test: {
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    // A save plus the list's reload can take over a second on a busy two-core runner.
    expect: { poll: { timeout: 10_000 } },
    fileParallelism: false,
    maxWorkers: 1,
  },
});
