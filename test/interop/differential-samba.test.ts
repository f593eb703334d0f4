/**
 * Differential fidelity (SPEC §7): every AD probe runs against a real Samba 4.17 AD DC and against
 * the mock's samba profile, both loaded with fixtures/ad/default.ldif; the normalised observations
 * (normalise.ts) must be identical. Prints the CI summary line `differential samba: hand probes N/M
 * matched` and a readable diff of every mismatch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sambaMockTarget, startSambaMock } from './mock-target.js';
import { formatReport, handProbeSummary, runDifferential } from './probe-runner.js';
import { sambaProbes } from './probes-ad/index.js';
import { type SambaInstance, sambaTarget, startSambaForSuite } from './samba.js';
import { type ServerPair, startPair } from './server-pair.js';

describe('differential fidelity: mock samba profile vs real Samba AD DC', () => {
  let pair: ServerPair<SambaInstance> | undefined;

  beforeAll(async () => {
    pair = await startPair(startSambaForSuite('differential'), startSambaMock());
  });

  afterAll(() => pair?.stop());

  it('matches real Samba on every probe', async () => {
    if (pair === undefined) throw new Error('servers not started');
    const report = await runDifferential(
      sambaProbes,
      sambaTarget(pair.reference),
      sambaMockTarget(pair.mock),
    );
    const text = formatReport(report);
    console.log(`${handProbeSummary('samba', report)}\n${text}`);
    const mismatched = report.comparisons.filter((c) => !c.matches).map((c) => c.name);
    expect(mismatched, text).toEqual([]);
  });
});
