/**
 * DN and filter escaping: hostile names must match nobody, and real names full of specials must
 * still log in, with their groups. RFC 4515 for filter values, RFC 4514 for DN values.
 */
import type { Scenario } from '../scenario.js';
import {
  AD,
  AD_PROFILES,
  ALL_PROFILES,
  adSearch,
  adUpn,
  DIRECTORY_OF,
  each,
  OPENLDAP,
  only,
  openldapDirect,
  openldapSearch,
} from './directories.js';

/** Users of the openldap fixture whose names need escaping, and the groups that name them. */
const SPECIAL_USERS = `
dn: uid=star*,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: star*
cn: Star
sn: Star
userPassword: star-password

dn: uid=paren(x),ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: paren(x)
cn: Paren
sn: Paren
userPassword: paren-password

dn: uid=back\\5Cslash,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: back\\slash
cn: Backslash
sn: Backslash
userPassword: backslash-password

dn:: dWlkPW3DvGxsZXIsb3U9cGVvcGxlLGRjPWV4YW1wbGUsZGM9b3Jn
objectClass: inetOrgPerson
uid:: bcO8bGxlcg==
cn:: TcO8bGxlcg==
sn:: TcO8bGxlcg==
userPassword: mueller-password

dn: cn=\\#Hash\\, \\"Q\\+R\\",ou=people,dc=example,dc=org
objectClass: inetOrgPerson
cn: #Hash, "Q+R"
sn: Hash
uid: hash
userPassword: hash-password

dn: cn=starry,ou=groups,dc=example,dc=org
objectClass: posixGroup
cn: starry
gidNumber: 7001
memberUid: star*

dn: cn=stark,ou=groups,dc=example,dc=org
objectClass: posixGroup
cn: stark
gidNumber: 7002
memberUid: stark

dn: cn=parens,ou=groups,dc=example,dc=org
objectClass: groupOfNames
cn: parens
member: uid=paren(x),ou=people,dc=example,dc=org
member: uid=back\\5Cslash,ou=people,dc=example,dc=org

dn:: Y249bcO8bGxlcnMsb3U9Z3JvdXBzLGRjPWV4YW1wbGUsZGM9b3Jn
objectClass: groupOfNames
cn:: bcO8bGxlcnM=
member:: dWlkPW3DvGxsZXIsb3U9cGVvcGxlLGRjPWV4YW1wbGUsZGM9b3Jn
`;

/**
 * AD users whose UPN holds a `*`, and one whose UPN the unescaped wildcard also matches: the
 * setting of GHSA-6mwx-4547-5vc9. Their GUIDs are fixed so the answers' order is too: the `ad`
 * profile returns wild first (a last-entry-wins lookup takes the impostor), Samba orders by
 * objectGUID and returns wildcard-admin first (a first-entry-wins lookup takes it).
 */
const WILDCARD_UPN_USERS = `
dn: CN=wild,CN=Users,DC=corp,DC=example,DC=com
objectClass: user
sAMAccountName: wild
userPrincipalName: wild*@corp.example.com
objectGUID:: /////////////////////w==
unicodePwd:: IgBXAGgAaQBzAGsAZQB5AC0AUABhAHMAcwB3ADAAcgBkACEAIgA=
userAccountControl: 512

dn: CN=wildcard-admin,CN=Users,DC=corp,DC=example,DC=com
objectClass: user
sAMAccountName: wildcard-admin
userPrincipalName: wildcard-admin@corp.example.com
objectGUID:: AAAAAAAAAAAAAAAAAAAAAQ==
userAccountControl: 512

dn: CN=Developers,CN=Users,DC=corp,DC=example,DC=com
changetype: modify
add: member
member: CN=wildcard-admin,CN=Users,DC=corp,DC=example,DC=com
-
`;
/** The password encoded in WILDCARD_UPN_USERS (quoted UTF-16LE, as AD stores unicodePwd). */
const WILD_PASSWORD = 'Whiskey-Passw0rd!';

const hostile = (name: string, username: string, why: string): Scenario[] =>
  each('escaping', name, ALL_PROFILES, (profile) => {
    const { config, password } = DIRECTORY_OF[profile];
    return {
      why,
      config,
      action: { kind: 'login', username, password },
      expect: { error: 'denied' },
      // Refusing the name is as good as escaping it; sending it as wildcards is not.
      ...(/[^*]\*|\*[^*]/.test(username) && { journal: [{ kind: 'username-escaped', value: username }] }),
    };
  });

export const escaping: Scenario[] = [
  ...hostile(
    'filter-star-prefix',
    'ali*',
    "an unescaped `*` makes `(uid=ali*)` match alice, so `ali*` logs in with alice's password (ldapauth-fork's `*` escaping)",
  ),
  ...hostile(
    'filter-star-alone',
    '*',
    'a lone `*` is a presence filter that matches every user when not escaped',
  ),
  ...hostile(
    'filter-injection-close-paren',
    'alice)(objectClass=*',
    'a `)` closes the assertion and appends a second filter; parsers that stop at the first one log in as alice',
  ),
  ...hostile(
    'filter-injection-or',
    '*)(|(objectClass=*',
    'an injected `(|…)` widens the user search to every entry (t3ext-ig_ldap_sso_auth#117)',
  ),
  ...hostile(
    'filter-trailing-backslash',
    'alice\\',
    'a trailing backslash escapes the closing parenthesis of a naively built filter (vault#13452)',
  ),
  ...hostile(
    'filter-nul-suffix',
    'alice\u0000',
    'Samba compares filter values as C strings: `alice\\0` would match alice unless NUL is escaped or refused',
  ),
  ...hostile(
    'filter-nul-middle',
    'alice\u0000zzz',
    'a NUL inside the name truncates it on Samba, so another name reaches alice (CVE-style truncation)',
  ),
  ...hostile(
    'filter-hex-escape-typed',
    'ali\\63e',
    'a user typing `\\63` (an escaped `c`) must not reach alice: input is escaped, never interpreted',
  ),
  only('escaping', 'user-with-star', 'openldap', {
    why: 'a real uid with `*` must still log in, and its memberUid group filter must not match `stark` (ldapauth-fork double-escapes)',
    fixture: SPECIAL_USERS,
    config: openldapSearch,
    action: { kind: 'login', username: 'star*', password: 'star-password' },
    expect: { login: { userDN: 'uid=star\\2A,ou=people,dc=example,dc=org', groups: ['starry'] } },
    journal: [{ kind: 'username-escaped', value: 'star*' }],
  }),
  only('escaping', 'user-with-parentheses', 'openldap', {
    why: 'uids with parentheses break filters built by concatenation (jupyterhub/ldapauthenticator#237)',
    fixture: SPECIAL_USERS,
    config: openldapSearch,
    action: { kind: 'login', username: 'paren(x)', password: 'paren-password' },
    expect: { login: { userDN: 'uid=paren(x),ou=people,dc=example,dc=org', groups: ['parens'] } },
  }),
  only('escaping', 'user-with-backslash', 'openldap', {
    why: 'a backslash in the name and in the DN must be escaped as \\5c in both filters (harbor#9157)',
    fixture: SPECIAL_USERS,
    config: openldapSearch,
    action: { kind: 'login', username: 'back\\slash', password: 'backslash-password' },
    expect: { login: { userDN: 'uid=back\\5Cslash,ou=people,dc=example,dc=org', groups: ['parens'] } },
  }),
  only('escaping', 'user-non-ascii', 'openldap', {
    why: 'non-ASCII names must go out as UTF-8, byte-exact, in the user and the group filter (by DN: memberUid is IA5)',
    fixture: SPECIAL_USERS,
    config: openldapSearch,
    action: { kind: 'login', username: 'müller', password: 'mueller-password' },
    expect: { login: { userDN: 'uid=müller,ou=people,dc=example,dc=org', groups: ['müllers'] } },
  }),
  only('escaping', 'user-non-ascii-upper', 'openldap', {
    why: 'a non-ASCII name typed in upper case is the same user (OpenBao lower-cases names; caseIgnoreMatch folds Ü)',
    fixture: SPECIAL_USERS,
    config: openldapSearch,
    action: { kind: 'login', username: 'MÜLLER', password: 'mueller-password' },
    expect: { login: { userDN: 'uid=müller,ou=people,dc=example,dc=org' } },
  }),
  only('escaping', 'dn-specials-direct-bind', 'openldap', {
    why: 'direct bind builds the DN from the name: `#`, `,`, `"` and `+` must be DN-escaped or the bind names another entry',
    fixture: SPECIAL_USERS,
    config: { ...openldapDirect, userattr: 'cn' },
    action: { kind: 'login', username: '#Hash, "Q+R"', password: 'hash-password' },
    expect: { login: { userDN: 'cn=\\#Hash\\, \\"Q\\+R\\",ou=people,dc=example,dc=org' } },
    requires: ['userDN'],
  }),
  only('escaping', 'dn-plus-direct-bind', 'openldap', {
    why: 'an unescaped `+` turns the name into a multi-valued RDN (`uid=alice+cn=x`): refused, never alice',
    config: openldapDirect,
    action: { kind: 'login', username: 'alice+cn=x', password: OPENLDAP.alicePassword },
    expect: { error: 'denied' },
  }),
  only('escaping', 'dn-comma-direct-bind', 'openldap', {
    why: 'an unescaped `,` in a direct-bind name rewrites the DN (`uid=alice,ou=people,…`) and reaches alice',
    config: { ...openldapDirect, userdn: 'ou=people,dc=example,dc=org' },
    action: { kind: 'login', username: 'alice,ou=people', password: OPENLDAP.alicePassword },
    expect: { error: 'denied' },
  }),
  only('escaping', 'escaped-dn-in-group-filter', 'openldap', {
    why: 'a user DN holding `\\2C`-style escapes goes into the group filter: its backslashes must become \\5c (node-ldapauth-fork#89)',
    config: openldapSearch,
    action: { kind: 'login', username: 'escaped', password: OPENLDAP.escapedPassword },
    expect: { login: { userDN: OPENLDAP.escaped, groups: ['developers'] } },
    requires: ['groups'],
  }),
  ...each('escaping', 'surrounding-spaces', ALL_PROFILES, (profile) => {
    const { config, user, userDN, password } = DIRECTORY_OF[profile];
    return {
      why: 'OpenBao trims the name; lookahead and login must normalise alike or lockout and MFA are bypassed (CVE-2025-6004, CVE-2025-6013)',
      config,
      action: { kind: 'login', username: `  ${user} `, password },
      expect: { login: { userDN, alias: user } },
    };
  }),
  ...each('escaping', 'parentheses-in-sam-and-dn', AD_PROFILES, () => ({
    why: "sAMAccountName `o'brien(x)` and its DN in the in-chain group filter must both be filter-escaped",
    config: adSearch,
    action: { kind: 'login', username: "o'brien(x)", password: AD.obrienPassword },
    expect: { login: { userDN: AD.obrien, groups: ['Engineering'] } },
  })),
  ...each('escaping', 'comma-in-dn', AD_PROFILES, () => ({
    why: 'a CN with an escaped comma (`CN=Smith\\, John`) must be escaped again as a filter value in the group search',
    config: adSearch,
    action: { kind: 'login', username: 'jsmith', password: AD.jsmithPassword },
    expect: { login: { userDN: AD.jsmith, groups: ['Developers', 'Engineering'] } },
    requires: ['groups'],
  })),
  ...each('escaping', 'upn-lookup-wildcard', AD_PROFILES, () => ({
    why: 'GHSA-6mwx-4547-5vc9: the UPN lookup put DN-escaped text into a filter; `wild*` then also matched wildcard-admin and last-entry-wins took its groups',
    fixture: WILDCARD_UPN_USERS,
    config: adUpn,
    action: { kind: 'login', username: 'wild*', password: WILD_PASSWORD },
    expect: { login: { userDN: 'CN=wild,CN=Users,DC=corp,DC=example,DC=com', groups: [] } },
  })),
];
