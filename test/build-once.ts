/**
 * Vitest global setup: builds dist/ once at the start of every test run (scripts/build.mjs, as
 * `npm run build`), so that tests running the built CLI (`node bin/ldapmock.js`) always run the
 * sources under test. It takes about a second here; a stale or missing dist/ can never pass a run.
 * The built package keeps images of the data it loads (src/server/image-cache.ts): during a run,
 * in a folder of the run's own, not the user's cache.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): () => void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const cache = mkdtempSync(join(tmpdir(), 'ldapmock-test-cache-'));
  process.env['LDAPMOCK_CACHE_DIR'] = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
