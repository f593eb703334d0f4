/**
 * Generated differential tests (issue 9, item 1) for real slapd ↔ the mock's openldap profile:
 * fast-check sequences of binds, searches, compares, writes and extended operations drawn from
 * the fixture's names (openldap-vocabulary.ts) run against both, each sequence from the same
 * starting data (generated-suite.ts); normalised observations must match.
 */
import { mockTarget, startOpenldapMock } from '../mock-target.js';
import { startPair } from '../server-pair.js';
import { slapdTarget, startSlapdForSuite } from '../slapd.js';
import { OPENLDAP_DEVIATIONS } from './deviations.js';
import { describeGenerated } from './generated-suite.js';
import { OPENLDAP_VOCABULARY } from './openldap-vocabulary.js';
import { SlapdRestorer } from './slapd-restore.js';

describeGenerated({
  profile: 'openldap',
  title: 'generated differential tests: mock openldap profile vs real slapd',
  start: () => startPair(startSlapdForSuite('generated'), startOpenldapMock()),
  referenceTarget: slapdTarget,
  mockTarget,
  async resets({ reference, mock }) {
    const slapd = await SlapdRestorer.capture(slapdTarget(reference));
    const start = mock.snapshot();
    return { reference: () => slapd.restore(), mock: async () => mock.restore(start) };
  },
  vocabulary: OPENLDAP_VOCABULARY,
  deviations: OPENLDAP_DEVIATIONS,
  scriptHeader: [
    'Servers: slapd from scripts/slapd-up.sh, or `ldapmock serve --profile openldap`,',
    'both with fixtures/openldap/default.ldif (rootdn cn=admin,dc=example,dc=org / admin).',
  ],
  timeoutMs: 900_000,
});
