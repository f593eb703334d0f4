/**
 * The package as users get it: `npm pack`, installed into a scratch project, imports
 * ldapmock/conformance, ldapmock/oracle and (with fast-check, its optional peer)
 * ldapmock/arbitraries, and its CLI runs the kit; a third-party adapter whose library is missing
 * says how to install it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ldapmock-package-'));
const npm = (args: string[], cwd = scratch) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
const node = (code: string) =>
  spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: scratch, encoding: 'utf8' });

beforeAll(() => {
  const tarball = npm(['pack', '--pack-destination', scratch], root).trim().split('\n').at(-1)!;
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
  );
  npm(['install', join(scratch, tarball)]);
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed package', () => {
  it('exports the conformance kit and the oracle, and the arbitraries once fast-check is installed', () => {
    const kit = node(
      "const c = await import('ldapmock/conformance'); const o = await import('ldapmock/oracle');" +
        'console.log(c.CATALOGUE.length, typeof c.runConformance, typeof o.expectedLogin)',
    );
    expect(kit.stderr).toBe('');
    expect(kit.stdout.trim()).toMatch(/^\d{3} function function$/);
    const withoutPeer = node("await import('ldapmock/arbitraries')");
    expect(withoutPeer.status).not.toBe(0);
    expect(withoutPeer.stderr).toContain("'fast-check'");
    npm(['install', 'fast-check@4']);
    const arbitraries = node(
      "const a = await import('ldapmock/arbitraries'); const fc = (await import('fast-check')).default;" +
        'console.log(fc.sample(a.directoryModel(), 1).length)',
    );
    expect(arbitraries.stderr).toBe('');
    expect(arbitraries.stdout.trim()).toBe('1');
  });

  it('runs the kit from its command line, and names the library a third-party adapter needs', () => {
    const run = spawnSync('npx', ['ldapmock', 'conformance', '--id', 'null-bind/*', '--reporter', 'json'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).counts).toMatchObject({ fail: 0 });
    const missing = spawnSync('npx', ['ldapmock', 'conformance', '--adapter', 'ldapauth-fork'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      'the ldapauth-fork adapter needs ldapauth-fork: npm install --save-dev ldapauth-fork',
    );
  });
});
