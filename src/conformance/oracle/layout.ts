/**
 * How a model is laid out on each profile's default fixture: the container of its users and
 * groups, their naming attributes, the kind of accounts (AD's, with sAMAccountName, unicodePwd,
 * SIDs and primary groups, or RFC 2307 / inetOrgPerson ones) and the fixture's service account.
 */
import { escapeDNValue } from '../../core/dn-escape.js';
import type { ProfileName } from '../scenario.js';
import type { DirectoryModel } from './model.js';

export interface ProfileLayout {
  readonly container: string;
  readonly userRdn: string;
  readonly groupRdn: string;
  readonly accounts: 'activeDirectory' | 'rfc';
  readonly service: { readonly binddn: string; readonly bindpass: string; readonly userattr: string };
}

const activeDirectory: ProfileLayout = {
  container: 'OU=gen,DC=corp,DC=example,DC=com',
  userRdn: 'CN',
  groupRdn: 'CN',
  accounts: 'activeDirectory',
  service: {
    binddn: 'CN=svc-ldap,CN=Users,DC=corp,DC=example,DC=com',
    bindpass: 'Sierra-Passw0rd!',
    userattr: 'sAMAccountName',
  },
};

export const LAYOUT: Readonly<Record<ProfileName, ProfileLayout>> = {
  openldap: {
    container: 'ou=gen,dc=example,dc=org',
    userRdn: 'uid',
    groupRdn: 'cn',
    accounts: 'rfc',
    service: { binddn: 'cn=admin,dc=example,dc=org', bindpass: 'admin', userattr: 'uid' },
  },
  ad: activeDirectory,
  samba: activeDirectory,
};

export function userDN(model: DirectoryModel, name: string): string {
  const { userRdn, container } = LAYOUT[model.profile];
  return `${userRdn}=${escapeDNValue(name)},${container}`;
}

export function groupDN(model: DirectoryModel, name: string): string {
  const { groupRdn, container } = LAYOUT[model.profile];
  return `${groupRdn}=${escapeDNValue(name)},${container}`;
}
