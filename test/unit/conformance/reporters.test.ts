/** The report formats on a hand-made report: escaping, counts, and what each failure shows. */
import { describe, expect, it } from 'vitest';
import { jsonReport } from '../../../src/conformance/reporters/json.js';
import { junitReport, xmlText } from '../../../src/conformance/reporters/junit.js';
import { markdownReport } from '../../../src/conformance/reporters/markdown.js';
import { prettyReport } from '../../../src/conformance/reporters/pretty.js';
import type { ConformanceReport, ScenarioResult } from '../../../src/conformance/runner.js';

const failed: ScenarioResult = {
  id: 'escaping/filter-nul-suffix@samba',
  topic: 'escaping',
  profile: 'samba',
  why: 'Samba compares <filter> values as C strings & more',
  verdict: 'fail',
  differences: ['expected the action to fail (denied), but it succeeded'],
  expected: { error: 'denied' },
  outcome: { ok: true, login: { userDN: 'CN=alice,CN=Users,DC=corp,DC=example,DC=com' } },
  operations: [
    {
      server: 'primary',
      connection: 3,
      tls: false,
      messageId: 2,
      operation: 'search',
      target: 'CN=Users,DC=corp,DC=example,DC=com',
      filter: '(sAMAccountName=alice\\00)',
      code: 0,
      diagnosticMessage: '',
      entries: 1,
      durationMs: 1,
    },
    {
      server: 'peer',
      connection: 4,
      tls: true,
      messageId: 1,
      operation: 'bind',
      target: 'alice\u0000',
      code: 49,
      diagnosticMessage: 'data 52e\u0000',
      durationMs: 1,
    },
  ],
  durationMs: 12,
};
const skipped: ScenarioResult = {
  ...failed,
  id: 'token-groups/cycle@ad',
  topic: 'token-groups',
  verdict: 'not-applicable',
  differences: ['cannot express use_token_groups'],
  operations: [],
};
const passed: ScenarioResult = {
  ...failed,
  id: 'case/typed-upper-case',
  topic: 'case',
  verdict: 'pass',
  differences: [],
};
const report: ConformanceReport = {
  adapter: 'lib & co',
  startedAt: '2026-12-04T00:00:00.000Z',
  durationMs: 1500,
  counts: { total: 3, pass: 1, fail: 1, notApplicable: 1 },
  results: [failed, skipped, passed],
};

describe('reporters', () => {
  it('JUnit: one suite per topic, failures with why and operations, not-applicable as skipped, XML-safe text', () => {
    const xml = junitReport([report]);
    expect(xml).toContain('<testsuites name="ldapmock conformance" tests="3" failures="1">');
    expect(xml).toContain(
      '<testsuite name="lib &amp; co escaping" tests="1" failures="1" skipped="0" errors="0" time="0.012">',
    );
    expect(xml).toContain('<skipped message="not applicable: cannot express use_token_groups"/>');
    expect(xml).toContain('why: Samba compares &lt;filter&gt; values as C strings &amp; more');
    expect(xml).toContain(
      '#3 search &quot;CN=Users,DC=corp,DC=example,DC=com&quot; (sAMAccountName=alice\\00) → 0, 1 entry',
    );
    expect(xml).toContain('peer #4 bind &quot;alice\\u0000&quot; → 49 &quot;data 52e&quot;');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
    expect(xmlText('a\u0000b\ud800')).toBe('a\\u0000b\\ud800');
  });

  it('pretty: each failure with expected, actual, differences and operations; counts; colour only when asked', () => {
    const text = prettyReport([report]);
    expect(text).toContain('  ✗ escaping/filter-nul-suffix@samba');
    expect(text).toContain('      expected: fails: denied');
    expect(text).toContain('      actual:   logged in, as CN=alice,CN=Users,DC=corp,DC=example,DC=com');
    expect(text).toContain('        peer #4 bind "alice\\u0000" → 49 "data 52e"');
    expect(text).toContain('  1 passed, 1 failed, 1 not applicable of 3 (1.5 s)');
    expect(text).not.toContain('\u001b[');
    expect(text).not.toContain('token-groups/cycle@ad');
    expect(prettyReport([report], { verbose: true })).toContain(
      'n/a  token-groups/cycle@ad: cannot express use_token_groups',
    );
    expect(prettyReport([report], { color: true })).toContain('\u001b[31m');
  });

  it('JSON and Markdown: the report itself, and a row with the failing ids', () => {
    expect(JSON.parse(jsonReport([report]))).toEqual(report);
    expect(JSON.parse(jsonReport([report, report]))).toHaveLength(2);
    expect(markdownReport([report], { 'lib & co': '1.2.3' }).split('\n')).toEqual([
      '| authenticator  | pass | fail | n/a |',
      '| -------------- | ---: | ---: | --: |',
      '| lib & co 1.2.3 |    1 |    1 |   1 |',
      '',
      '- lib & co 1.2.3 fails `escaping/filter-nul-suffix@samba`',
    ]);
  });
});
