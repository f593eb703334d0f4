/**
 * The entity alias: the directory's userattr value in search mode, the bind DN in direct mode,
 * the normalised typed name with username_as_alias — one identity however the name was typed.
 */
import type { Scenario } from '../scenario.js';
import { AD, adUpn, OPENLDAP, only, openldapDirect, openldapSearch } from './directories.js';

const TWO_UIDS = `
dn: uid=dana,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: dana
uid: dana.smith
cn: Dana
sn: Smith
userPassword: dana-password
`;

const aliceOL = { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword } as const;

export const aliases: Scenario[] = [
  only('aliases', 'search-mode-directory-value', 'openldap', {
    why: 'in search mode the alias is the userattr value read back from the entry (vault#11000 changed aliases by accident)',
    config: openldapSearch,
    action: aliceOL,
    expect: { login: { alias: 'alice' } },
    requires: ['alias'],
  }),
  only('aliases', 'direct-mode-bind-dn', 'openldap', {
    why: 'without a search the alias is the bind DN, as OpenBao names the entity',
    config: openldapDirect,
    action: aliceOL,
    expect: { login: { alias: OPENLDAP.alice } },
    requires: ['alias'],
  }),
  only('aliases', 'upndomain-bind-name', 'ad', {
    why: 'with upndomain and no service account the alias is the UPN the user bound with',
    config: adUpn,
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { login: { alias: 'alice@corp.example.com' } },
    requires: ['alias'],
  }),
  only('aliases', 'username-as-alias', 'openldap', {
    why: 'username_as_alias makes `Alice`, `alice` and ` alice` one entity (vault#14324, UsernameAliasCaseSensitivity)',
    config: { ...openldapSearch, username_as_alias: true },
    action: { kind: 'login', username: ' Alice', password: OPENLDAP.alicePassword },
    expect: { login: { alias: 'alice' } },
    requires: ['alias'],
  }),
  only('aliases', 'multi-valued-userattr', 'openldap', {
    why: 'two values of userattr make the alias ambiguous: OpenBao refuses rather than pick one (backend_test multi-valued userattr)',
    fixture: TWO_UIDS,
    config: openldapSearch,
    action: { kind: 'login', username: 'dana', password: 'dana-password' },
    expect: { error: 'alias-failed' },
    requires: ['alias'],
  }),
  only('aliases', 'multi-valued-userattr-username-as-alias', 'openldap', {
    why: 'with username_as_alias the multi-valued userattr no longer matters (OpenBao #15525 skips the lookup)',
    fixture: TWO_UIDS,
    config: { ...openldapSearch, username_as_alias: true },
    action: { kind: 'login', username: 'dana', password: 'dana-password' },
    expect: { login: { alias: 'dana' } },
    requires: ['alias'],
  }),
  only('aliases', 'trailing-space-same-alias', 'openldap', {
    why: 'CVE-2025-6013: names differing only by spaces must be one alias, or MFA enrolment is bypassed',
    config: openldapSearch,
    action: { kind: 'login', username: 'alice ', password: OPENLDAP.alicePassword },
    expect: { login: { alias: 'alice' } },
    requires: ['alias'],
  }),
];
