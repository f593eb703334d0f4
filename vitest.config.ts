import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import the package by its public name, as users do, and get the sources.
  resolve: {
    alias: [
      { find: /^ldapmock$/, replacement: fileURLToPath(new URL('./src/server/index.ts', import.meta.url)) },
      ...['client', 'conformance', 'conformance/arbitraries', 'conformance/oracle'].map((path) => ({
        find: new RegExp(`^ldapmock/${path.replace('conformance/', '')}$`),
        replacement: fileURLToPath(new URL(`./src/${path}/index.ts`, import.meta.url)),
      })),
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 20_000,
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
