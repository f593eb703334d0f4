/**
 * Groups with more than 1,500 members. AD hands out `member` in ranges (`member;range=0-1499`),
 * and clients that read member lists see an empty `member` (ldapjs#582, NetExec#1405); a login
 * must find the membership anyway.
 */
import type { Scenario } from '../scenario.js';
import { AD, AD_PROFILES, adSearch, adTokenGroups, each } from './directories.js';

/** Adds alice as the 1,601st member of Big Group. */
const ALICE_IN_BIG_GROUP = `
dn: CN=Big Group,CN=Users,DC=corp,DC=example,DC=com
changetype: modify
add: member
member: ${AD.alice}
-
`;

const aliceAD = { kind: 'login', username: 'alice', password: AD.alicePassword } as const;

export const range: Scenario[] = [
  ...each('range', 'big-group-in-chain', AD_PROFILES, () => ({
    why: 'the in-chain filter is evaluated by the server, so a 1,601-member group is found without reading its members',
    fixture: ALICE_IN_BIG_GROUP,
    config: adSearch,
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Engineering', 'Announcements', 'Big Group'] } },
    requires: ['groups'],
  })),
  ...each('range', 'big-group-token-groups', AD_PROFILES, () => ({
    why: 'tokenGroups list the big group like any other; no range retrieval involved',
    fixture: ALICE_IN_BIG_GROUP,
    config: adTokenGroups,
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Engineering', 'Domain Users', 'Users', 'Big Group'] } },
    requires: ['groups'],
  })),
  ...each('range', 'big-group-memberof', AD_PROFILES, () => ({
    why: 'the user’s memberOf names the big group even though the group’s member list is ranged',
    fixture: ALICE_IN_BIG_GROUP,
    config: {
      ...adSearch,
      groupfilter: '(&(objectClass=user)(sAMAccountName={{.Username}}))',
      groupattr: 'memberOf',
    },
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Announcements', 'Big Group'] } },
    requires: ['groups'],
  })),
  ...each('range', 'big-group-direct-member-filter', AD_PROFILES, () => ({
    why: 'an equality filter on member matches the 1,601st value, beyond the first range of 1,500',
    fixture: ALICE_IN_BIG_GROUP,
    config: { ...adSearch, groupfilter: '(&(objectClass=group)(member={{.UserDN}}))' },
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Announcements', 'Big Group'] } },
    requires: ['groups'],
  })),
];
