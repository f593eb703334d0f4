/**
 * The directory tools of JumpServer and TrueCommand: Test Connection (how protected, which kind
 * of server) and the user import (every user, paged past the server's limits).
 */
import type { Scenario } from '../scenario.js';
import { adSearch, only, openldapSearch } from './directories.js';

export const directory: Scenario[] = [
  only('directory', 'list-users', 'openldap', {
    why: 'the user import lists every entry the userfilter matches with the name as `*` (JumpServer `%(user)s`)',
    config: openldapSearch,
    action: { kind: 'listUsers' },
    expect: { users: { usernames: ['alice', 'bob', 'escaped', 'locked'] } },
  }),
  only('directory', 'list-users-past-size-limit', 'openldap', {
    why: 'a non-root import of 600 users is paged; slapd still caps the total at 500 for non-root identities, so it runs as the rootdn',
    config: { ...openldapSearch, userdn: 'ou=bulk,dc=example,dc=org' },
    action: { kind: 'listUsers', pageSize: 100 },
    expect: { users: { count: 600 } },
  }),
  only('directory', 'list-users-past-max-page-size', 'ad', {
    why: 'AD returns at most 1000 entries per page; the import follows the cookie through all 1,600 bulk users (glauth#407)',
    config: {
      ...adSearch,
      userdn: 'OU=bulk,DC=corp,DC=example,DC=com',
      userfilter: '(&(objectCategory=person)({{.UserAttr}}={{.Username}}))',
    },
    action: { kind: 'listUsers', pageSize: 1000 },
    expect: { users: { count: 1600 } },
  }),
  only('directory', 'test-connection-ldaps', 'openldap', {
    why: 'Test Connection reports LDAPS and an RFC directory',
    config: { ...openldapSearch, url: '$LDAPS_URL', certificate: '$CA' },
    action: { kind: 'testConnection' },
    expect: { connection: { protection: 'ldaps', provider: 'openldap' } },
  }),
  only('directory', 'test-connection-starttls', 'ad', {
    why: 'Test Connection reports StartTLS and recognises Active Directory from the root DSE',
    config: { ...adSearch, starttls: true, certificate: '$CA' },
    action: { kind: 'testConnection' },
    expect: { connection: { protection: 'startTLS', provider: 'active-directory' } },
  }),
  only('directory', 'test-connection-plain', 'samba', {
    why: 'Test Connection says when nothing protects the connection',
    config: adSearch,
    action: { kind: 'testConnection' },
    expect: { connection: { protection: 'none', provider: 'active-directory' } },
  }),
  only('directory', 'test-connection-bad-service-password', 'openldap', {
    why: 'Test Connection with a wrong bindpass fails, naming the service bind',
    config: { ...openldapSearch, bindpass: 'wrong' },
    action: { kind: 'testConnection' },
    expect: { error: 'failed' },
  }),
];
