/** `ldapmock conformance` as a user runs it: selection, reporters, output file, exit status. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killSpawned, runCli } from './cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'ldapmock-cli-conformance-'));
afterAll(async () => {
  await killSpawned();
  rmSync(dir, { recursive: true, force: true });
});

describe('ldapmock conformance', () => {
  it('lists the chosen scenarios with their why, one shard of them', async () => {
    const all = await runCli(['conformance', '--list', '--topic', 'null-bind']);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.every((line) => /^null-bind\/\S+\t.{20,}$/.test(line))).toBe(true);
    const first = await runCli(['conformance', '--list', '--topic', 'null-bind', '--shard', '1/2']);
    const second = await runCli(['conformance', '--list', '--topic', 'null-bind', '--shard', '2/2']);
    const ids = (output: string) =>
      output
        .trim()
        .split('\n')
        .map((line) => line.split('\t')[0]);
    expect([...ids(first.stdout), ...ids(second.stdout)].sort()).toEqual(ids(all.stdout).sort());
  });

  it('exits 0 when every scenario passes and writes JUnit XML to --out', async () => {
    const out = join(dir, 'report.xml');
    const run = await runCli([
      'conformance',
      '--id',
      'account-states/*',
      '--reporter',
      'junit',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${out}`);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="ldapmock conformance" tests="\d+" failures="0">/,
    );
    expect(xml).toContain(
      '<testcase classname="ldapmock.account-states" name="account-states/locked-775@ad"',
    );
  });

  it('exits 1 when a scenario fails, and the pretty report says what and why', async () => {
    // A module adapter that logs everybody in: every refusal scenario fails.
    const adapter = join(dir, 'yes.mjs');
    writeFileSync(adapter, 'export const name = "yes-man";\nexport async function login() { return {}; }\n');
    const run = await runCli(['conformance', '--adapter', adapter, '--id', 'null-bind/empty-password@ad']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('yes-man');
    expect(run.stdout).toContain('✗ null-bind/empty-password@ad');
    expect(run.stdout).toContain('expected the action to fail (denied), but it succeeded');
    expect(run.stdout).toContain('why:      an empty password must be refused before any bind');
    expect(run.stdout).toContain('0 passed, 1 failed, 0 not applicable of 1');
  });

  it('refuses what it cannot run with exit 2 and the reason', async () => {
    const topic = await runCli(['conformance', '--topic', 'nope']);
    expect([topic.code, topic.stderr]).toEqual([
      2,
      expect.stringContaining('unknown topic nope (topics: escaping,'),
    ]);
    const shard = await runCli(['conformance', '--shard', '5/4']);
    expect([shard.code, shard.stderr]).toEqual([2, expect.stringContaining('shard must be i/n')]);
    const id = await runCli(['conformance', '--id', 'no/such']);
    expect([id.code, id.stderr]).toEqual([2, expect.stringContaining('no scenario matches no/such')]);
    const module = await runCli(['conformance', '--adapter', join(dir, 'missing.mjs')]);
    expect([module.code, module.stderr]).toEqual([2, expect.stringContaining('missing.mjs')]);
  });
});
