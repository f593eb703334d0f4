/**
 * `ldapmock` itself, run from an application's folder (which has a package.json of its own): the
 * version printed is ldapmock's, and no command is a usage error that lists the commands.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, runCli } from './cli-process.js';

let app: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'ldapmock-app-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'some-app', version: '9.9.9' }));
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('ldapmock', () => {
  test("--version prints ldapmock's version, not the application's", async () => {
    const ours = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    const result = await runCli(['--version'], { cwd: app });
    expect([result.code, result.stdout.trim()]).toEqual([0, ours]);
  });

  test('no command exits non-zero and names the commands', async () => {
    const result = await runCli([], { cwd: app });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Name a command: serve, ldif validate, login/);
  });
});
