/**
 * A name that matches more than one entry must never log in as either of them (OpenBao: exactly
 * one user entry; GHSA-6mwx-4547-5vc9 was made worse by last-entry-wins).
 */
import type { Scenario } from '../scenario.js';
import { AD, adSearch, OPENLDAP, only, openldapDirect, openldapSearch } from './directories.js';

const SECOND_ALICE = `
dn: ou=contractors,dc=example,dc=org
objectClass: organizationalUnit
ou: contractors

dn: uid=alice,ou=contractors,dc=example,dc=org
objectClass: inetOrgPerson
uid: alice
cn: Alice Contractor
sn: Contractor
userPassword: alice-password
`;

const DUPLICATE_UPN = `
dn: CN=alice2,CN=Users,DC=corp,DC=example,DC=com
objectClass: user
sAMAccountName: alice2
userPrincipalName: alice@corp.example.com
unicodePwd:: IgBBAGwAcABoAGEALQBQAGEAcwBzAHcAMAByAGQAIQAiAA==
userAccountControl: 512
`;

export const ambiguous: Scenario[] = [
  only('ambiguous', 'two-entries-same-uid', 'openldap', {
    why: 'two entries with uid alice under userdn (same password even): the login is refused, not given to either',
    fixture: SECOND_ALICE,
    config: { ...openldapSearch, userdn: OPENLDAP.base },
    action: { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword },
    expect: { error: 'denied' },
  }),
  only('ambiguous', 'userfilter-matches-everyone', 'openldap', {
    why: 'a userfilter without the name (`(objectClass=inetOrgPerson)`) matches many entries: refused (OpenBao backend_test)',
    config: { ...openldapSearch, userfilter: '(objectClass=inetOrgPerson)' },
    action: { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword },
    expect: { error: 'denied' },
  }),
  only('ambiguous', 'direct-bind-unaffected', 'openldap', {
    why: 'direct bind names one DN: a namesake elsewhere in the tree changes nothing',
    fixture: SECOND_ALICE,
    config: openldapDirect,
    action: { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword },
    expect: { login: { userDN: OPENLDAP.alice } },
    requires: ['userDN'],
  }),
  only('ambiguous', 'userfilter-two-accounts', 'ad', {
    why: 'a userfilter that also matches another account (`|` on sAMAccountName) finds two entries: refused',
    config: { ...adSearch, userfilter: '(|(sAMAccountName={{.Username}})(sAMAccountName=bob))' },
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { error: 'denied' },
  }),
  only('ambiguous', 'duplicate-upn', 'ad', {
    why: 'two accounts with the same userPrincipalName: AD refuses the UPN bind, and so must the login',
    fixture: DUPLICATE_UPN,
    config: { url: '$URL', upndomain: AD.domain, userdn: AD.users },
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { error: 'denied' },
  }),
];
