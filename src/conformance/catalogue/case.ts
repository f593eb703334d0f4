/**
 * Case: directories match names case-insensitively, OpenBao lower-cases names for its mappings
 * unless case_sensitive_names, and the identity must not split by how a name was typed.
 */
import type { Scenario } from '../scenario.js';
import { AD, adSearch, OPENLDAP, only, openldapSearch } from './directories.js';

const STORED_UPPER_CASE = `
dn: uid=Carol,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: Carol
cn: Carol
sn: Carol
userPassword: carol-password
`;

export const caseSensitivity: Scenario[] = [
  only('case', 'typed-upper-case', 'openldap', {
    why: 'a user typing `ALICE` is alice: same DN, same alias, not a second identity (vault#4820)',
    config: openldapSearch,
    action: { kind: 'login', username: 'ALICE', password: OPENLDAP.alicePassword },
    expect: { login: { userDN: OPENLDAP.alice, alias: 'alice' } },
  }),
  only('case', 'typed-mixed-case', 'ad', {
    why: 'AD names are case-insensitive: `AlIcE` is alice, and the groups are the same (vault#12142)',
    config: adSearch,
    action: { kind: 'login', username: 'AlIcE', password: AD.alicePassword },
    expect: {
      login: { userDN: AD.alice, groups: ['Developers', 'Engineering', 'Announcements'], alias: 'alice' },
    },
  }),
  only('case', 'group-mapping-any-case', 'openldap', {
    why: 'a group mapped as `Developers` applies to the LDAP group `developers` when names are case-insensitive',
    config: openldapSearch,
    policies: { groups: { Developers: { policies: 'dev' } } },
    action: { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword },
    expect: { login: { policies: ['default', 'dev'] } },
    requires: ['policies'],
  }),
  only('case', 'group-mapping-case-sensitive', 'openldap', {
    why: 'with case_sensitive_names a mapping `Developers` does not apply to `developers` (vault#12714)',
    config: { ...openldapSearch, case_sensitive_names: true },
    policies: { groups: { Developers: { policies: 'dev' } } },
    action: { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword },
    expect: { login: { policies: ['default'] } },
    requires: ['policies'],
  }),
  only('case', 'ad-group-mapping-lower-case', 'ad', {
    why: 'AD returns `Engineering`; a mapping written `engineering` must apply (the directory’s case is not the operator’s)',
    config: adSearch,
    policies: { groups: { engineering: { policies: 'deploy' } } },
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { login: { policies: ['default', 'deploy'] } },
    requires: ['policies'],
  }),
  only('case', 'user-mapping-typed-upper-case', 'openldap', {
    why: 'a user mapping for `alice` applies when the user types `Alice` (normalised before the lookup)',
    config: openldapSearch,
    policies: { users: { alice: { policies: 'oncall' } } },
    action: { kind: 'login', username: 'Alice', password: OPENLDAP.alicePassword },
    expect: { login: { policies: ['default', 'oncall'] } },
    requires: ['policies'],
  }),
  only('case', 'stored-case-is-the-alias', 'openldap', {
    why: 'the alias is the directory’s value (`Carol`), not what was typed (vault#14823, #26557)',
    fixture: STORED_UPPER_CASE,
    config: openldapSearch,
    action: { kind: 'login', username: 'carol', password: 'carol-password' },
    expect: { login: { userDN: 'uid=Carol,ou=people,dc=example,dc=org', alias: 'Carol' } },
    requires: ['alias'],
  }),
  only('case', 'case-sensitive-names-keep-typed-case', 'openldap', {
    why: 'with case_sensitive_names the typed case is kept for the alias of username_as_alias',
    config: { ...openldapSearch, case_sensitive_names: true, username_as_alias: true },
    action: { kind: 'login', username: 'ALICE', password: OPENLDAP.alicePassword },
    expect: { login: { userDN: OPENLDAP.alice, alias: 'ALICE' } },
    requires: ['alias'],
  }),
];
