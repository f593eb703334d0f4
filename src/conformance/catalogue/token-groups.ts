/**
 * AD's tokenGroups: every security group transitively, the primary group included, as binary
 * SIDs read with a base-scope search and resolved with `<SID=…>` (vault#4936).
 */
import type { Scenario } from '../scenario.js';
import { AD, AD_PROFILES, adTokenGroups, each, OPENLDAP, only, openldapSearch } from './directories.js';
import { adGroupChain, adGroupCycle } from './nesting.js';

export const tokenGroups: Scenario[] = [
  ...each('token-groups', 'primary-group', AD_PROFILES, () => ({
    why: 'tokenGroups include the primary group (Domain Users) and what it nests into (Builtin Users), which memberOf never shows',
    config: adTokenGroups,
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { login: { userDN: AD.alice, groups: ['Developers', 'Engineering', 'Domain Users', 'Users'] } },
    requires: ['groups'],
  })),
  ...each('token-groups', 'security-groups-only', AD_PROFILES, () => ({
    why: 'distribution groups (Announcements) are not in the security token; bob’s token is Engineering and the primary group',
    config: adTokenGroups,
    action: { kind: 'login', username: 'bob', password: AD.bobPassword },
    expect: { login: { groups: ['Engineering', 'Domain Users', 'Users'] } },
    requires: ['groups'],
  })),
  ...each('token-groups', 'cycle', AD_PROFILES, () => ({
    why: 'a cycle in the nesting still yields each group once (the server computes the closure)',
    fixture: adGroupCycle('Loop One', 'Loop Two', AD.bob),
    config: adTokenGroups,
    action: { kind: 'login', username: 'bob', password: AD.bobPassword },
    expect: { login: { groups: ['Engineering', 'Domain Users', 'Users', 'Loop One', 'Loop Two'] } },
    requires: ['groups'],
  })),
  ...each('token-groups', 'deep-chain', AD_PROFILES, () => ({
    why: 'twenty levels of nesting resolve in one read of tokenGroups',
    fixture: adGroupChain('Tier', 20, AD.bob),
    config: adTokenGroups,
    action: { kind: 'login', username: 'bob', password: AD.bobPassword },
    expect: {
      login: {
        groups: [
          'Engineering',
          'Domain Users',
          'Users',
          ...Array.from({ length: 20 }, (_, i) => `Tier${i + 1}`),
        ],
      },
    },
    requires: ['groups'],
  })),
  ...each('token-groups', 'groupattr-ignored', AD_PROFILES, () => ({
    why: 'with tokenGroups the group names are the CNs of the resolved DNs, whatever groupattr says',
    config: { ...adTokenGroups, groupattr: 'sAMAccountName' },
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { login: { groups: ['Developers', 'Engineering', 'Domain Users', 'Users'] } },
    requires: ['groups'],
  })),
  ...each('token-groups', 'escaped-user-dn', AD_PROFILES, () => ({
    why: 'the base search for tokenGroups uses the user DN as found, escaped comma included',
    config: adTokenGroups,
    action: { kind: 'login', username: 'jsmith', password: AD.jsmithPassword },
    expect: { login: { userDN: AD.jsmith, groups: ['Developers', 'Engineering', 'Domain Users', 'Users'] } },
    requires: ['groups'],
  })),
  only('token-groups', 'not-on-openldap', 'openldap', {
    why: 'OpenLDAP has no tokenGroups: use_token_groups yields no groups rather than an error (`<SID=…>` works only on AD)',
    config: { ...openldapSearch, use_token_groups: true },
    action: { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword },
    expect: { login: { userDN: OPENLDAP.alice, groups: [] } },
    requires: ['groups'],
  }),
];
