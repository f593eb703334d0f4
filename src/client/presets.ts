/**
 * Configuration fragments that make the authenticator behave as another product does. Spread
 * one into an OpenBao configuration: `{ ...TRUECOMMAND_GROUPS, url, userdn, groupdn }`.
 */
import type { LdapAuthConfig } from './config/index.js';
import type { AttributeMap } from './user-import.js';

/**
 * TrueCommand's group discovery: groups of the classes groupOfUniqueNames, groupOfNames,
 * posixGroup and group, where the user is a uniqueMember, member, owner (by DN) or a memberUid
 * (by name). Group names are the groups' CNs.
 */
export const TRUECOMMAND_GROUPS = {
  groupfilter:
    '(&(|(objectClass=groupOfUniqueNames)(objectClass=groupOfNames)(objectClass=posixGroup)(objectClass=group))' +
    '(|(uniqueMember={{.UserDN}})(member={{.UserDN}})(owner={{.UserDN}})(memberUid={{.Username}})))',
  groupattr: 'cn',
} as const;

/** JumpServer's example attribute map for Active Directory (its LDAP HA documentation). */
export const JUMPSERVER_AD_ATTRIBUTE_MAP: AttributeMap = {
  name: 'sAMAccountName',
  username: 'cn',
  email: 'mail',
  is_active: 'userAccountControl',
  phone: 'telephoneNumber',
  groups: 'memberOf',
};

/** Infisical's LDAP connection credentials (its simple-bind method), as its API takes them. */
export interface InfisicalLdapCredentials {
  readonly provider: 'active-directory' | 'openldap';
  readonly url: string;
  /** A DN, or a UPN where the directory takes one. */
  readonly dn: string;
  readonly password: string;
  readonly sslRejectUnauthorized?: boolean;
  /** PEM of the CA for a self-signed ldaps:// server. */
  readonly sslCertificate?: string;
}

/** The authenticator configuration of an Infisical connection; pass `provider` to rotatePassword. */
export function infisicalConnectionConfig(credentials: InfisicalLdapCredentials): LdapAuthConfig {
  return {
    url: credentials.url,
    binddn: credentials.dn,
    bindpass: credentials.password,
    insecure_tls: credentials.sslRejectUnauthorized === false,
    ...(credentials.sslCertificate !== undefined && { certificate: credentials.sslCertificate }),
  };
}
