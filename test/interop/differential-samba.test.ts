/**
 * Differential fidelity (SPEC §7): every AD probe runs against a real Samba 4.17 AD DC and against
 * the mock's samba profile, both loaded with fixtures/ad/default.ldif; the normalised observations
 * (normalise.ts) must be identical. Prints `fidelity: N/M probes match` and a readable diff of every
 * mismatch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINISTRATOR, userDN } from '../../scripts/gen-ad-fixture.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import type { ProbeTarget } from './probe.js';
import { formatReport, runDifferential } from './probe-runner.js';
import { sambaProbes } from './probes-ad/index.js';
import { DEFAULT_AD_LDIF, type SambaInstance, sambaTarget, startSambaForSuite } from './samba.js';

function startSambaMock(): Promise<MockServer> {
  return startMockServer({ profile: 'samba', ldif: [DEFAULT_AD_LDIF] });
}

/** The mock as a probe target; like Samba, its administrator is the fixture's Administrator entry. */
function sambaMockTarget(server: MockServer): ProbeTarget {
  return {
    name: 'mock',
    url: server.url,
    ldapsUrl: server.ldapsUrl ?? '',
    caCertificate: server.caCertificate,
    baseDN: server.baseDN,
    rootDN: userDN(ADMINISTRATOR),
    rootPassword: ADMINISTRATOR.password,
  };
}

describe('differential fidelity: mock samba profile vs real Samba AD DC', () => {
  let samba: SambaInstance | undefined;
  let mock: MockServer | undefined;

  beforeAll(async () => {
    const [sambaResult, mockResult] = await Promise.allSettled([
      startSambaForSuite('differential'),
      startSambaMock(),
    ]);
    if (sambaResult.status === 'fulfilled') samba = sambaResult.value;
    if (mockResult.status === 'fulfilled') mock = mockResult.value;
    if (sambaResult.status === 'rejected') throw sambaResult.reason;
    if (mockResult.status === 'rejected') throw mockResult.reason;
  });

  afterAll(async () => {
    await Promise.all([samba?.stop(), mock?.stop()]);
  });

  it('matches real Samba on every probe', async () => {
    if (samba === undefined || mock === undefined) throw new Error('servers not started');
    const report = await runDifferential(sambaProbes, sambaTarget(samba), sambaMockTarget(mock));
    const text = formatReport(report);
    console.log(text);
    const mismatched = report.comparisons.filter((c) => !c.matches).map((c) => c.name);
    expect(mismatched, text).toEqual([]);
  });
});
