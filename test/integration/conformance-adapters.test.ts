/**
 * Adapters in processes of their own: the JSON-lines protocol (any language), the host that
 * serves a Node adapter over it, restart after a crash; and a module adapter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandAdapter } from '../../src/conformance/adapters/command.js';
import { isolatedAdapter, moduleAdapter } from '../../src/conformance/adapters/index.js';
import { CATALOGUE } from '../../src/conformance/catalogue/index.js';
import { runConformance } from '../../src/conformance/runner.js';
import type { Scenario } from '../../src/conformance/scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'ldapmock-adapters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A program that knows only `login`: it crashes for the user `crash`, else claims alice. */
const PROGRAM = `
import { createInterface } from 'node:readline';
createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line);
  if (request.action !== 'login') {
    console.log(JSON.stringify({ id: request.id, error: { kind: 'failed', message: 'unknown action' } }));
    return;
  }
  if (request.username === 'crash') { process.stderr.write('dying on purpose\\n'); process.exit(3); }
  if (request.password === '') {
    console.log(JSON.stringify({ id: request.id, error: { kind: 'denied', message: 'empty password' } }));
    return;
  }
  console.log('a library printing to stdout');
  console.log(JSON.stringify({ id: request.id, result: { userDN: 'uid=alice,ou=people,dc=example,dc=org' } }));
});
`;

const login = (id: string, username: string, password: string, expect: Scenario['expect']): Scenario => ({
  id: `case/${id}`,
  topic: 'case',
  profile: 'openldap',
  why: `a scenario of the adapter test (${id})`,
  config: { url: '$URL', userdn: 'ou=people,dc=example,dc=org' },
  action: { kind: 'login', username, password },
  expect,
});

describe('a command adapter', () => {
  it('runs logins over JSON lines, survives a crash by starting the program again, and ignores stray output', async () => {
    const program = join(dir, 'program.mjs');
    writeFileSync(program, PROGRAM);
    const adapter = await commandAdapter(`${JSON.stringify(process.execPath)} ${JSON.stringify(program)}`);
    expect(adapter.capabilities).toEqual({ actions: ['login'] });
    const report = await runConformance({
      adapter,
      scenarios: [
        login('before', 'alice', 'pw', { login: { userDN: 'uid=alice,ou=people,dc=example,dc=org' } }),
        login('crash', 'crash', 'pw', { login: {} }),
        login('after', 'alice', 'pw', { login: { userDN: 'uid=alice,ou=people,dc=example,dc=org' } }),
        login('refused', 'alice', '', { error: 'denied' }),
        { ...login('action', 'alice', 'pw', { users: { count: 1 } }), action: { kind: 'listUsers' } },
      ],
    });
    const verdicts = report.results.map((result) => [result.id, result.verdict]);
    expect(verdicts).toEqual([
      ['case/before', 'pass'],
      ['case/crash', 'fail'],
      ['case/after', 'pass'],
      ['case/refused', 'pass'],
      ['case/action', 'not-applicable'],
    ]);
    expect(report.results[1]!.differences[0]).toMatch(
      /crashed: the adapter program exited \(code 3\): dying on purpose/,
    );
  });

  it('refuses to start a program that does not answer, naming why', async () => {
    await expect(commandAdapter('sleep 5', { startTimeoutMs: 200 })).rejects.toThrow(
      /did not answer its first request/,
    );
    await expect(commandAdapter('exit 7')).rejects.toThrow(
      /did not start: the adapter program exited \(code 7\)/,
    );
  });
});

describe('a Node adapter in its own process', () => {
  it('our authenticator served over the protocol passes the escaping, rotation and directory scenarios', {
    timeout: 60_000,
  }, async () => {
    const adapter = await isolatedAdapter('builtin');
    expect(adapter.name).toBe('ldapmock');
    const report = await runConformance({ adapter, ids: ['escaping/*', 'rotation/*', 'directory/*'] });
    const failed = report.results.filter((result) => result.verdict !== 'pass');
    expect(failed.map((result) => `${result.id}: ${result.differences.join('; ')}`)).toEqual([]);
    expect(report.counts.pass).toBe(
      CATALOGUE.filter((s) => ['escaping', 'rotation', 'directory'].includes(s.topic)).length,
    );
  });
});

describe('a module adapter', () => {
  it('loads login and capabilities from a module and refuses one without login', async () => {
    const good = join(dir, 'good.mjs');
    writeFileSync(
      good,
      "export const capabilities = { profiles: ['ad'] };\nexport async function login() { return {}; }\n",
    );
    const adapter = await moduleAdapter(good);
    expect([adapter.name, adapter.capabilities]).toEqual(['good.mjs', { profiles: ['ad'] }]);
    const bad = join(dir, 'bad.mjs');
    writeFileSync(bad, 'export const name = "x";\n');
    await expect(moduleAdapter(bad)).rejects.toThrow(
      /exports no login\(config, username, password\) function/,
    );
  });
});
