/**
 * Self-check of the Samba differential harness: the whole AD probe catalogue against two
 * independent real Samba AD DCs loaded with the same fixture must match 100%. A mismatch here
 * means a probe observes something that differs between two deployments of the same directory
 * (generated GUIDs, stamps, USNs…) that normalise.ts does not yet account for, or a probe leaks
 * state into a later one; either would make the Samba-vs-mock figure meaningless.
 *
 * Samba's LDAP ports are fixed (389/636) and it serves only addresses configured on an interface,
 * so the two DCs run one after the other on 127.0.0.1, each freshly provisioned.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns, formatReport, type ProbeRun, runProbe } from './probe-runner.js';
import { sambaProbes } from './probes-ad/index.js';
import { sambaTarget, startSambaForSuite } from './samba.js';

async function runCatalogue(suite: string, name: string): Promise<ProbeRun[]> {
  const instance = await startSambaForSuite(suite);
  try {
    const runs: ProbeRun[] = [];
    for (const probe of sambaProbes) runs.push(await runProbe(probe, sambaTarget(instance, name)));
    return runs;
  } finally {
    await instance.stop();
  }
}

describe('Samba differential harness self-check (Samba vs Samba)', () => {
  it('observes identical results on two Samba DCs for every probe', async () => {
    const first = await runCatalogue('harness-a', 'samba-a');
    const second = await runCatalogue('harness-b', 'samba-b');
    const comparisons = sambaProbes.map((probe, i) =>
      compareRuns(probe.name, first[i] as ProbeRun, second[i] as ProbeRun, {
        left: 'samba-a',
        right: 'samba-b',
      }),
    );
    const text = formatReport({ left: 'samba-a', right: 'samba-b', comparisons });
    console.log(text);
    const mismatched = comparisons.filter((c) => !c.matches).map((c) => c.name);
    expect(mismatched, text).toEqual([]);
    expect(comparisons.length).toBe(sambaProbes.length);
  }, 600_000);
});
