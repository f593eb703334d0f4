import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import the package by its public name, as users do, and get the sources.
  resolve: {
    alias: [
      { find: /^ldapmock$/, replacement: fileURLToPath(new URL('./src/server/index.ts', import.meta.url)) },
      {
        find: /^ldapmock\/matchers$/,
        replacement: fileURLToPath(new URL('./src/matchers/index.ts', import.meta.url)),
      },
      {
        find: /^ldapmock\/matchers\/vitest$/,
        replacement: fileURLToPath(new URL('./src/matchers/vitest.ts', import.meta.url)),
      },
      ...['client', 'capture', 'conformance', 'conformance/arbitraries', 'conformance/oracle'].map(
        (path) => ({
          find: new RegExp(`^ldapmock/${path.replace('conformance/', '')}$`),
          replacement: fileURLToPath(new URL(`./src/${path}/index.ts`, import.meta.url)),
        }),
      ),
    ],
  },
  test: {
    // The CLI tests run the built CLI; this keeps dist/ in step with the sources.
    globalSetup: ['test/build-once.ts'],
    // Most files wait on sockets and child processes, so three run side by side on two cores.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 20_000,
          // Files share a worker's module graph instead of importing every module again each
          // (import time: 49 s → 14 s); no test relies on fresh module state.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
