/** Where a model's entries live on each profile's default fixture, and their DNs. */
import { escapeDNValue } from '../../core/dn-escape.js';
import type { ProfileName } from '../scenario.js';
import type { DirectoryModel } from './model.js';

/** The container of a model's users and groups, on top of the profile's default fixture. */
export const CONTAINER: Readonly<Record<ProfileName, string>> = {
  openldap: 'ou=gen,dc=example,dc=org',
  ad: 'OU=gen,DC=corp,DC=example,DC=com',
  samba: 'OU=gen,DC=corp,DC=example,DC=com',
};

/** The naming attribute of users and groups, as each directory writes it. */
const RDN_TYPE: Readonly<Record<ProfileName, { readonly user: string; readonly group: string }>> = {
  openldap: { user: 'uid', group: 'cn' },
  ad: { user: 'CN', group: 'CN' },
  samba: { user: 'CN', group: 'CN' },
};

export function userDN(model: DirectoryModel, name: string): string {
  return `${RDN_TYPE[model.profile].user}=${escapeDNValue(name)},${CONTAINER[model.profile]}`;
}

export function groupDN(model: DirectoryModel, name: string): string {
  return `${RDN_TYPE[model.profile].group}=${escapeDNValue(name)},${CONTAINER[model.profile]}`;
}
