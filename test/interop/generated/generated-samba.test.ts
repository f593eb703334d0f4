/**
 * Generated differential tests (issue 9, item 1) for a real Samba 4.17 AD DC ↔ the mock's samba
 * profile, as generated-openldap.test.ts does for slapd: sequences drawn from fixtures/ad names
 * (ad-vocabulary.ts) run against both from the same starting data; normalised observations must
 * match. The DC listens on LDAPMOCK_SAMBA_IP (default 127.0.0.1).
 */
import { sambaMockTarget, startSambaMock } from '../mock-target.js';
import { sambaTarget, startSambaForSuite } from '../samba.js';
import { startPair } from '../server-pair.js';
import { AD_VOCABULARY } from './ad-vocabulary.js';
import { SAMBA_DEVIATIONS } from './deviations.js';
import { describeGenerated } from './generated-suite.js';
import { MockRestorer } from './mock-restore.js';
import { SambaRestorer } from './samba-restore.js';

describeGenerated({
  profile: 'samba',
  title: 'generated differential tests: mock samba profile vs real Samba AD DC',
  start: () => startPair(startSambaForSuite('generated'), startSambaMock()),
  referenceTarget: sambaTarget,
  mockTarget: sambaMockTarget,
  // Both sides are reset the same way, through LDAP: a DC keeps what binds leave behind
  // (lastLogon, logonCount…), so the mock must keep it too rather than go back to a snapshot.
  async resets({ reference, mock }) {
    const samba = await SambaRestorer.capture(sambaTarget(reference));
    const server = MockRestorer.capture(mock);
    return { reference: () => samba.restore(), mock: () => server.restore() };
  },
  vocabulary: AD_VOCABULARY,
  deviations: SAMBA_DEVIATIONS,
  scriptHeader: [
    'Servers: a Samba AD DC from scripts/samba-ad-up.sh, or `ldapmock serve --profile samba`,',
    'both with fixtures/ad/default.ldif (Administrator as in scripts/gen-ad-fixture.ts).',
  ],
  timeoutMs: 1_800_000,
});
