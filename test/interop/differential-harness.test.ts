/**
 * Self-check of the differential harness: the whole probe catalogue against two independent real
 * slapd instances loaded with the same fixture must match 100%. A mismatch here means a probe
 * observes something non-deterministic that normalise.ts does not yet account for, or a probe
 * leaks state into a later one; either would make the slapd-vs-mock figure meaningless.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, runDifferential } from './probe-runner.js';
import { openldapProbes } from './probes/index.js';
import { type SlapdInstance, slapdTarget, startSlapdForSuite } from './slapd.js';

describe('differential harness self-check (slapd vs slapd)', () => {
  let first: SlapdInstance | undefined;
  let second: SlapdInstance | undefined;

  beforeAll(async () => {
    [first, second] = await Promise.all([startSlapdForSuite('harness-a'), startSlapdForSuite('harness-b')]);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('observes identical results on two slapd instances for every probe', async () => {
    if (first === undefined || second === undefined) throw new Error('slapd instances not started');
    const report = await runDifferential(
      openldapProbes,
      slapdTarget(first, 'slapd-a'),
      slapdTarget(second, 'slapd-b'),
    );
    const text = formatReport(report);
    console.log(text);
    const mismatched = report.comparisons.filter((c) => !c.matches).map((c) => c.name);
    expect(mismatched, text).toEqual([]);
    expect(report.comparisons.length).toBe(openldapProbes.length);
  });
});
