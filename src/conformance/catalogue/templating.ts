/**
 * Go-template filters (`{{.UserAttr}}`, `{{.Username}}`, `{{.UserDN}}`): every substituted value
 * escaped, the template itself never re-evaluated, broken templates refused up front.
 */
import type { Scenario } from '../scenario.js';
import { AD, adSearch, OPENLDAP, only, openldapSearch } from './directories.js';

const alice = { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword } as const;

export const templating: Scenario[] = [
  only('templating', 'custom-userfilter', 'openldap', {
    why: 'a userfilter that adds an object class keeps working with both fields substituted (OpenBao basic_authbind_userfilter)',
    config: { ...openldapSearch, userfilter: '(&(objectClass=inetOrgPerson)({{.UserAttr}}={{.Username}}))' },
    action: alice,
    expect: { login: { userDN: OPENLDAP.alice, groups: ['developers'] } },
  }),
  only('templating', 'userfilter-uid-or-mail', 'openldap', {
    why: 'a cn-or-mail style filter lets users log in with their mail address (OpenBao backend_test cn-or-mail)',
    config: { ...openldapSearch, userfilter: '(|(uid={{.Username}})(mail={{.Username}}))' },
    action: { kind: 'login', username: 'alice@example.org', password: OPENLDAP.alicePassword },
    expect: { login: { userDN: OPENLDAP.alice } },
    requires: ['userDN'],
  }),
  only('templating', 'userfilter-excludes-user', 'openldap', {
    why: 'a negation in the userfilter must keep the excluded user out (OpenBao: `!(employeeType=Bureaucrat)` rejects)',
    config: { ...openldapSearch, userfilter: '(&(uid={{.Username}})(!(uid=bob)))' },
    action: { kind: 'login', username: 'bob', password: OPENLDAP.bobPassword },
    expect: { error: 'denied' },
  }),
  only('templating', 'username-is-a-template', 'openldap', {
    why: 'a name that looks like a template (`{{.UserDN}}`) is data: substituted once, escaped, never rendered again',
    config: openldapSearch,
    action: { kind: 'login', username: '{{.UserDN}}', password: OPENLDAP.alicePassword },
    expect: { error: 'denied' },
  }),
  only('templating', 'username-closes-template', 'openldap', {
    why: 'template delimiters in the name (`}}`) must not end the template early',
    config: { ...openldapSearch, userfilter: '(&(objectClass=inetOrgPerson)(uid={{.Username}}))' },
    action: { kind: 'login', username: 'alice}}(uid=*', password: OPENLDAP.alicePassword },
    expect: { error: 'denied' },
  }),
  only('templating', 'broken-userfilter-refused', 'openldap', {
    why: 'an unterminated action (`hello{{range`) is a configuration error, found when the config is written (OpenBao TestClient_renderUserSearchFilter)',
    config: { ...openldapSearch, userfilter: '(uid={{.Username}' },
    action: alice,
    expect: { error: 'config' },
    requires: ['configValidation'],
  }),
  only('templating', 'unknown-field-refused', 'openldap', {
    why: 'a field the login does not provide (`{{.Login}}`) must be refused, not rendered empty into a filter that matches nobody or everybody',
    config: { ...openldapSearch, userfilter: '(uid={{.Login}})' },
    action: alice,
    expect: { error: 'config' },
    requires: ['configValidation'],
  }),
  only('templating', 'broken-groupfilter-refused', 'openldap', {
    why: 'a group filter template that does not parse is refused when written, not at the first login',
    config: { ...openldapSearch, groupfilter: '(member={{.UserDN}}' },
    action: alice,
    expect: { error: 'config' },
    requires: ['configValidation'],
  }),
  only('templating', 'groupfilter-username', 'openldap', {
    why: 'a posixGroup filter on `{{.Username}}` finds the memberUid groups (OpenBao default filter, first branch)',
    config: { ...openldapSearch, groupfilter: '(&(objectClass=posixGroup)(memberUid={{.Username}}))' },
    action: { kind: 'login', username: 'bob', password: OPENLDAP.bobPassword },
    expect: { login: { groups: ['ops'] } },
  }),
  only('templating', 'groupfilter-username-typed-case', 'openldap', {
    why: 'with case-insensitive names the group filter gets the lower-cased name, so `BOB` still finds memberUid bob',
    config: { ...openldapSearch, groupfilter: '(&(objectClass=posixGroup)(memberUid={{.Username}}))' },
    action: { kind: 'login', username: 'BOB', password: OPENLDAP.bobPassword },
    expect: { login: { groups: ['ops'] } },
  }),
  only('templating', 'userattr-upper-case', 'openldap', {
    why: 'userattr is lower-cased by OpenBao; an upper-case `UID` must behave as `uid`',
    config: { ...openldapSearch, userattr: 'UID' },
    action: alice,
    expect: { login: { userDN: OPENLDAP.alice, groups: ['developers'] } },
  }),
  only('templating', 'upn-userfilter', 'ad', {
    why: 'with upndomain the template fields become userPrincipalName and `name@domain` (OpenBao: UPN overrides userfilter)',
    config: {
      ...adSearch,
      upndomain: AD.domain,
      userfilter: '(&(objectClass=user)({{.UserAttr}}={{.Username}}))',
    },
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { login: { userDN: AD.alice } },
    requires: ['userDN'],
  }),
];
