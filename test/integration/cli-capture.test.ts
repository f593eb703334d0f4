/** `ldapmock capture` as a user runs it: against a mock directory, the password on stdin. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from 'ldapmock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { OL } from './default-fixtures.js';

let source: MockServer;
let dir: string;

beforeAll(async () => {
  source = await startMockServer();
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-cli-capture-'));
});
afterAll(async () => {
  await source?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const capture = (extra: readonly string[], stdin = `${OL.adminPassword}\n`) =>
  runCli(['capture', '--url', source.url, '--binddn', OL.admin, '--bindpass-stdin', ...extra], {
    stdin,
    timeoutMs: 60_000,
  });

describe('ldapmock capture', () => {
  it('writes the fixture and reports the shape it kept; the fixture serves', async () => {
    const out = join(dir, 'captured.ldif');
    const result = await capture(['--out', out, '--set-password', 'Same-For-All-1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('profile: openldap (from the rootDSE)');
    expect(result.stderr).toMatch(/^entries: 614$/m);
    expect(result.stderr).toMatch(
      /^groups with members: \d+, nested in another group: \d+, deepest nesting: \d+, cycles: 0$/m,
    );
    expect(result.stderr).toContain(`wrote ${out}: 614 entries, base dc=example,dc=org`);
    expect(result.stderr).toContain("every account's password: Same-For-All-1");
    const ldif = readFileSync(out, 'utf8');
    expect(ldif).toMatch(/^# ldapmock capture: profile=openldap$/m);
    expect(ldif).not.toContain('alice');
    const copy = await startMockServer({ ldif: [out] });
    expect(copy.directory.size).toBe(614);
    await copy.stop();
  }, 60_000);

  it('a wrong password is a clear failure; nothing is written', async () => {
    const out = join(dir, 'never.ldif');
    const result = await capture(['--out', out], 'Wrong-Secret-42\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^capture: .*(Invalid Credentials|0x31|49)/im);
    expect(result.stderr).not.toContain('Wrong-Secret-42');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('--keep-data alone is refused: it needs its second flag', async () => {
    const out = join(dir, 'kept.ldif');
    const refused = await capture(['--out', out, '--keep-data']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'keeping the data needs a second, explicit confirmation (--keep-data --i-understand-this-copies-personal-data)',
    );
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
