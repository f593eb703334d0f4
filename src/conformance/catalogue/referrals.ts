/**
 * AD answers a subtree search at the domain root with continuation references (DomainDnsZones,
 * ForestDnsZones, Configuration; Samba: Configuration). An authenticator must not chase them by
 * default, and must neither fail on them nor count them as entries (ldapjs#263, galaxy_ng#1636).
 */
import type { Scenario } from '../scenario.js';
import { AD, AD_PROFILES, adSearch, each } from './directories.js';

const aliceAD = { kind: 'login', username: 'alice', password: AD.alicePassword } as const;

export const referrals: Scenario[] = [
  ...each('referrals', 'user-search-at-domain-root', AD_PROFILES, () => ({
    why: 'references next to the one user entry are not a second match and must not be chased anonymously (000004DC)',
    config: { ...adSearch, userdn: AD.base },
    action: aliceAD,
    expect: { login: { userDN: AD.alice, groups: ['Developers', 'Engineering', 'Announcements'] } },
  })),
  ...each('referrals', 'group-search-at-domain-root', AD_PROFILES, () => ({
    why: 'a group search at the domain root gets references too; the groups are the entries, nothing else (StackStorm st2-auth-backend-ldap#14)',
    config: { ...adSearch, groupdn: AD.base },
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Engineering', 'Announcements'] } },
  })),
  ...each('referrals', 'only-references-no-user', AD_PROFILES, () => ({
    why: 'a search that finds no user but returns references is "user not found", never a login (fail closed)',
    config: { ...adSearch, userdn: AD.base },
    action: { kind: 'login', username: 'nobody', password: AD.alicePassword },
    expect: { error: 'denied' },
  })),
];
