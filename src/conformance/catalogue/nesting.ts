/**
 * Group membership in each schema: groupOfNames/member, posixGroup/memberUid,
 * groupOfUniqueNames/uniqueMember, memberOf, and AD's in-chain rule through deep chains and cycles.
 */
import type { Scenario } from '../scenario.js';
import {
  AD,
  AD_PROFILES,
  adSearch,
  each,
  OPENLDAP,
  only,
  openldapDirect,
  openldapSearch,
} from './directories.js';

const aliceOL = { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword } as const;
const bobOL = { kind: 'login', username: 'bob', password: OPENLDAP.bobPassword } as const;
const aliceAD = { kind: 'login', username: 'alice', password: AD.alicePassword } as const;

/** AD groups G1 ⊃ G2 ⊃ … ⊃ G12 ⊃ alice: membership twelve levels deep. */
export function adGroupChain(prefix: string, depth: number, innermost: string): string {
  const dn = (i: number) => `CN=${prefix}${i},CN=Users,DC=corp,DC=example,DC=com`;
  return Array.from({ length: depth }, (_, index) => {
    const i = index + 1;
    const member = i === depth ? innermost : dn(i + 1);
    return `dn: ${dn(i)}\nobjectClass: group\nsAMAccountName: ${prefix}${i}\nmember: ${member}\n`;
  }).join('\n');
}

/** Two AD groups that contain each other, the first also containing `member`: a cycle. */
export function adGroupCycle(first: string, second: string, member: string): string {
  const dn = (name: string) => `CN=${name},CN=Users,DC=corp,DC=example,DC=com`;
  const group = (name: string, members: readonly string[]) =>
    [`dn: ${dn(name)}`, 'objectClass: group', `sAMAccountName: ${name.toLowerCase().replace(' ', '-')}`]
      .concat(members.map((m) => `member: ${m}`))
      .join('\n');
  // Added one after the other, then closed: neither can name the other before it exists.
  return [
    group(first, [member]),
    group(second, [dn(first)]),
    `dn: ${dn(first)}\nchangetype: modify\nadd: member\nmember: ${dn(second)}\n-`,
  ].join('\n\n');
}

const NO_GROUPS_USER = `
dn: uid=carol,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: carol
cn: Carol
sn: Carol
userPassword: carol-password
`;

const UNIQUE_MEMBER_WITH_UID = `
dn: cn=release,ou=groups,dc=example,dc=org
objectClass: groupOfUniqueNames
cn: release
uniqueMember: uid=bob,ou=people,dc=example,dc=org#'0101'B
`;

export const nesting: Scenario[] = [
  only('nesting', 'groupofnames-direct', 'openldap', {
    why: 'OpenLDAP has no in-chain rule: the member filter yields the direct group, not the groups that contain it (grafana#3808)',
    config: openldapSearch,
    action: aliceOL,
    expect: { login: { groups: ['developers'] } },
    requires: ['groups'],
  }),
  only('nesting', 'posixgroup-and-uniquemember', 'openldap', {
    why: "OpenBao's default filter covers memberUid and uniqueMember as well as member (grafana#10721: posixGroup vs DN members)",
    config: openldapSearch,
    action: bobOL,
    expect: { login: { groups: ['ops', 'auditors'] } },
    requires: ['groups'],
  }),
  only('nesting', 'uniquemember-only', 'openldap', {
    why: 'groupOfUniqueNames is matched by uniqueMember, a different attribute from member (TrueCommand discovery)',
    config: {
      ...openldapSearch,
      groupfilter: '(&(objectClass=groupOfUniqueNames)(uniqueMember={{.UserDN}}))',
    },
    action: bobOL,
    expect: { login: { groups: ['auditors'] } },
    requires: ['groups'],
  }),
  only('nesting', 'uniquemember-with-optional-uid', 'openldap', {
    why: "slapd's uniqueMemberMatch does not match a member written with an optional UID (`…#'0101'B`) by the bare DN: bob is not in release",
    fixture: UNIQUE_MEMBER_WITH_UID,
    config: { ...openldapSearch, groupfilter: '(uniqueMember={{.UserDN}})' },
    action: bobOL,
    expect: { login: { groups: ['auditors'] } },
    requires: ['groups'],
  }),
  only('nesting', 'memberof-attribute', 'openldap', {
    why: 'groups read from the user entry’s memberOf (groupattr memberOf): CNs of the DNs, operational attribute asked by name',
    config: {
      ...openldapSearch,
      groupdn: OPENLDAP.people,
      groupfilter: '(&(objectClass=inetOrgPerson)(uid={{.Username}}))',
      groupattr: 'memberOf',
    },
    action: aliceOL,
    expect: { login: { groups: ['developers'] } },
    requires: ['groups'],
  }),
  only('nesting', 'user-in-no-group', 'openldap', {
    why: 'a user in no group logs in with no groups and the default policy (vault#6720: empty policies broke renewal)',
    fixture: NO_GROUPS_USER,
    config: openldapSearch,
    action: { kind: 'login', username: 'carol', password: 'carol-password' },
    expect: { login: { groups: [], policies: ['default'] } },
    requires: ['groups'],
  }),
  only('nesting', 'groupdn-outside-groups', 'openldap', {
    why: 'groups outside groupdn are not the user’s groups for this mount (vault#12243: same CN in two OUs)',
    config: { ...openldapDirect, groupdn: OPENLDAP.people },
    action: aliceOL,
    expect: { login: { groups: [] } },
    requires: ['groups'],
  }),
  ...each('nesting', 'memberof-attribute', AD_PROFILES, () => ({
    why: 'AD memberOf holds direct groups only and never the primary group (opnsense/core#3471)',
    config: {
      ...adSearch,
      groupfilter: '(&(objectClass=user)(sAMAccountName={{.Username}}))',
      groupattr: 'memberOf',
    },
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Announcements'] } },
    requires: ['groups'],
  })),
  ...each('nesting', 'in-chain', AD_PROFILES, () => ({
    why: 'the in-chain rule 1.2.840.113556.1.4.1941 returns every group through nesting (ldap3#577, passport-ldapauth#75)',
    config: adSearch,
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Engineering', 'Announcements'] } },
    requires: ['groups'],
  })),
  ...each('nesting', 'in-chain-twelve-deep', AD_PROFILES, () => ({
    why: 'nesting deeper than a client’s recursion limit is still resolved by the server (Netflix/conductor#1789)',
    fixture: adGroupChain('Level', 12, AD.alice),
    config: adSearch,
    action: aliceAD,
    expect: {
      login: {
        groups: [
          'Developers',
          'Engineering',
          'Announcements',
          ...Array.from({ length: 12 }, (_, i) => `Level${i + 1}`),
        ],
      },
    },
    requires: ['groups'],
  })),
  ...each('nesting', 'in-chain-cycle', AD_PROFILES, () => ({
    why: 'a membership cycle (A ∋ B ∋ A) must end with both groups, not hang or overflow a recursive client',
    fixture: adGroupCycle('Ring A', 'Ring B', AD.alice),
    config: adSearch,
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Engineering', 'Announcements', 'Ring A', 'Ring B'] } },
    requires: ['groups'],
  })),
];
