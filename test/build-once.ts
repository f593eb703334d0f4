/**
 * Vitest global setup: builds dist/ once at the start of every test run (scripts/build.mjs, as
 * `npm run build`), so that tests running the built CLI (`node bin/ldapmock.js`) always run the
 * sources under test. It takes about a second here; a stale or missing dist/ can never pass a run.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
