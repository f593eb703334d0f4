/**
 * Empty passwords. A simple bind with a name and no password is an *unauthenticated* bind
 * (RFC 4513 §5.1.2): OpenLDAP refuses it (53), Samba answers 49, and Windows AD accepts it as
 * anonymous — which is how vault#2086 let anyone in without a password.
 */
import type { Scenario } from '../scenario.js';
import {
  ALL_PROFILES,
  DIRECTORY_OF,
  each,
  OPENLDAP,
  only,
  openldapDirect,
  openldapSearch,
} from './directories.js';

export const nullBind: Scenario[] = [
  ...each('null-bind', 'empty-password', ALL_PROFILES, (profile) => ({
    why: 'an empty password must be refused before any bind (deny_null_bind, vault#2086, node-ldapauth-fork#32)',
    config: DIRECTORY_OF[profile].config,
    action: { kind: 'login', username: DIRECTORY_OF[profile].user, password: '' },
    expect: { error: 'denied' },
  })),
  ...each('null-bind', 'empty-password-allowed-by-config', ALL_PROFILES, (profile) => ({
    why: 'with deny_null_bind false the bind is sent; Windows AD then answers success as anonymous, which proves nothing and must not log in (vault#2086)',
    config: { ...DIRECTORY_OF[profile].config, deny_null_bind: false },
    action: { kind: 'login', username: DIRECTORY_OF[profile].user, password: '' },
    expect: { error: 'denied' },
  })),
  only('null-bind', 'empty-password-direct-bind', 'openldap', {
    why: 'direct bind sends the user DN with no password: slapd refuses it with 53, which is a refusal, not an error',
    config: { ...openldapDirect, deny_null_bind: false },
    action: { kind: 'login', username: 'alice', password: '' },
    expect: { error: 'denied' },
  }),
  only('null-bind', 'empty-username', 'openldap', {
    why: 'an empty name must not become an anonymous bind with a password (ldapjs#222-style empty DN)',
    config: openldapDirect,
    action: { kind: 'login', username: '', password: OPENLDAP.alicePassword },
    expect: { error: 'denied' },
  }),
  only('null-bind', 'empty-username-and-password', 'openldap', {
    why: 'no name and no password is an anonymous bind: never a login (netmagis#173, thelounge#1724)',
    config: { ...openldapSearch, deny_null_bind: false },
    action: { kind: 'login', username: '', password: '' },
    expect: { error: 'denied' },
  }),
  only('null-bind', 'whitespace-password', 'openldap', {
    why: 'a password of spaces is a real (wrong) password: sent, refused with 49, never trimmed to empty',
    config: openldapSearch,
    action: { kind: 'login', username: 'alice', password: '   ' },
    expect: { error: 'denied' },
  }),
];
