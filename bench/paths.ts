/**
 * Where the benchmark finds the project, and how it loads the mock: always the built package
 * (dist/), the code users get from `import 'ldapmock'`, never the TypeScript sources through a
 * loader — so child processes can run it with plain `node` and no transpiler sits in a timed path.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DIR = join(REPO_ROOT, 'bench');
export const DEFAULT_FIXTURE = join(REPO_ROOT, 'fixtures/openldap/default.ldif');
export const CLI_BIN = join(REPO_ROOT, 'bin/ldapmock.js');
export const DIST_SERVER_URL = pathToFileURL(join(REPO_ROOT, 'dist/server/index.js')).href;

export type MockServerModule = typeof import('../src/server/index.js');

export function importBuiltMockServer(): Promise<MockServerModule> {
  return import(DIST_SERVER_URL) as Promise<MockServerModule>;
}
