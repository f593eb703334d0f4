/**
 * Names and passwords of the embedded default fixtures (fixtures/README.md) and the authenticator
 * configurations the tests start from: search mode with the rootdn (openldap) or the svc-ldap
 * service account and sAMAccountName (ad).
 */
import type { LdapAuthConfig } from '../../src/client/config/index.js';
import { AD, OPENLDAP as OL } from '../../src/conformance/catalogue/directories.js';

/** The fixtures' principals, as the conformance catalogue names them. */
export { AD, OPENLDAP as OL } from '../../src/conformance/catalogue/directories.js';

/** OpenLDAP in search mode with the rootdn as service account. */
export function openldapSearchConfig(url: string, extra: LdapAuthConfig = {}): LdapAuthConfig {
  return {
    url,
    binddn: OL.admin,
    bindpass: OL.adminPassword,
    userdn: OL.people,
    userattr: 'uid',
    groupdn: OL.groups,
    ...extra,
  };
}

/** AD in search mode with the svc-ldap service account and sAMAccountName. */
export function adSearchConfig(url: string, extra: LdapAuthConfig = {}): LdapAuthConfig {
  return {
    url,
    binddn: AD.service,
    bindpass: AD.servicePassword,
    userdn: AD.users,
    userattr: 'sAMAccountName',
    groupdn: AD.base,
    groupfilter: '(member={{.UserDN}})',
    ...extra,
  };
}
