/**
 * Configuration fragments that make the authenticator behave as another product does. Spread
 * one into an OpenBao configuration: `{ ...TRUECOMMAND_GROUPS, url, userdn, groupdn }`.
 */
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
