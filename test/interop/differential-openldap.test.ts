/**
 * Differential fidelity (SPEC §7): every probe of the catalogue runs against a real slapd and
 * against the mock's openldap profile, both loaded with fixtures/openldap/default.ldif; the
 * normalised observations (normalise.ts) must be identical. Prints `fidelity: N/M probes match`
 * and a readable diff of every mismatch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/server/index.js';
import { mockTarget, startOpenldapMock } from './mock-target.js';
import { formatReport, runDifferential } from './probe-runner.js';
import { openldapProbes } from './probes/index.js';
import { type SlapdInstance, slapdTarget, startSlapdForSuite } from './slapd.js';

describe('differential fidelity: mock openldap profile vs real slapd', () => {
  let slapd: SlapdInstance | undefined;
  let mock: MockServer | undefined;

  beforeAll(async () => {
    const [slapdResult, mockResult] = await Promise.allSettled([
      startSlapdForSuite('differential'),
      startOpenldapMock(),
    ]);
    if (slapdResult.status === 'fulfilled') slapd = slapdResult.value;
    if (mockResult.status === 'fulfilled') mock = mockResult.value;
    if (slapdResult.status === 'rejected') throw slapdResult.reason;
    if (mockResult.status === 'rejected') throw mockResult.reason;
  });

  afterAll(async () => {
    await Promise.all([slapd?.stop(), mock?.stop()]);
  });

  it('matches real slapd on every probe', async () => {
    if (slapd === undefined || mock === undefined) throw new Error('servers not started');
    const report = await runDifferential(openldapProbes, slapdTarget(slapd), mockTarget(mock));
    const text = formatReport(report);
    console.log(text);
    const mismatched = report.comparisons.filter((c) => !c.matches).map((c) => c.name);
    expect(mismatched, text).toEqual([]);
  });
});
