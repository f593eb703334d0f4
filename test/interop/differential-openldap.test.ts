/**
 * Differential fidelity (SPEC §7): every probe of the catalogue runs against a real slapd and
 * against the mock's openldap profile, both loaded with fixtures/openldap/default.ldif; the
 * normalised observations (normalise.ts) must be identical. Prints the CI summary line
 * `differential openldap: hand probes N/M matched` and a readable diff of every mismatch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockTarget, startOpenldapMock } from './mock-target.js';
import { formatReport, handProbeSummary, runDifferential } from './probe-runner.js';
import { openldapProbes } from './probes/index.js';
import { type ServerPair, startPair } from './server-pair.js';
import { type SlapdInstance, slapdTarget, startSlapdForSuite } from './slapd.js';

describe('differential fidelity: mock openldap profile vs real slapd', () => {
  let pair: ServerPair<SlapdInstance> | undefined;

  beforeAll(async () => {
    pair = await startPair(startSlapdForSuite('differential'), startOpenldapMock());
  });

  afterAll(() => pair?.stop());

  it('matches real slapd on every probe', async () => {
    if (pair === undefined) throw new Error('servers not started');
    const report = await runDifferential(openldapProbes, slapdTarget(pair.reference), mockTarget(pair.mock));
    const text = formatReport(report);
    console.log(`${handProbeSummary('openldap', report)}\n${text}`);
    const mismatched = report.comparisons.filter((c) => !c.matches).map((c) => c.name);
    expect(mismatched, text).toEqual([]);
  });
});
