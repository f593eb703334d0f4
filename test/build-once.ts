/**
 * Vitest global setup: builds dist/ once at the start of every test run, so that tests running
 * the built CLI (`node bin/ldapmock.js`) always run the sources under test. tsc takes under a
 * second here; a stale or missing dist/ can never pass a run.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
