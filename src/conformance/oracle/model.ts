/**
 * A directory as plain data: users, groups of each schema, who is in what, and how the
 * authenticator is told to find groups. The arbitraries generate it, render it as LDIF and an
 * OpenBao configuration; the oracle says what a login must yield from it.
 */
import type { ProfileName } from '../scenario.js';

/** How the login finds the user's groups (each is one OpenBao configuration). */
export type GroupStrategy =
  /** OpenBao's default filter: memberUid, member or uniqueMember, direct only (OpenLDAP). */
  | 'default'
  /** `(member={{.UserDN}})`: groups that list the user's DN, direct only. */
  | 'member'
  /** `(uniqueMember={{.UserDN}})`: groupOfUniqueNames, direct only (OpenLDAP). */
  | 'uniqueMember'
  /** `(memberUid={{.Username}})`: posixGroup, direct only (OpenLDAP). */
  | 'memberUid'
  /** groupattr memberOf, read from the user's own entry: direct groups, never the primary group. */
  | 'memberOf'
  /** The AD in-chain rule on member: every group reached through nesting (AD). */
  | 'inChain'
  /** AD tokenGroups: in-chain groups plus the primary group and what it is nested in (AD). */
  | 'tokenGroups';

export const STRATEGIES: Readonly<Record<ProfileName, readonly GroupStrategy[]>> = {
  openldap: ['default', 'member', 'uniqueMember', 'memberUid', 'memberOf'],
  ad: ['inChain', 'tokenGroups', 'memberOf', 'member'],
  samba: ['inChain', 'tokenGroups', 'memberOf', 'member'],
};

export type GroupKind = 'groupOfNames' | 'groupOfUniqueNames' | 'posixGroup' | 'group';

export interface ModelUser {
  readonly name: string;
  readonly password: string;
  /** AD: the name of the model group that is the user's primary group; absent = Domain Users. */
  readonly primaryGroup?: string;
}

export interface ModelGroup {
  readonly name: string;
  readonly kind: GroupKind;
  /** Names of member users (memberUid values for a posixGroup, DNs otherwise). */
  readonly users: readonly string[];
  /** Names of member groups (nesting; not for posixGroup). Cycles are allowed. */
  readonly groups: readonly string[];
}

/** OpenBao's `users/` and `groups/` mappings and the token policies, for the policy oracle. */
export interface PolicySettings {
  readonly groups: Readonly<Record<string, readonly string[]>>;
  readonly users: Readonly<
    Record<string, { readonly groups: readonly string[]; readonly policies: readonly string[] }>
  >;
  readonly tokenPolicies: readonly string[];
  readonly noDefaultPolicy: boolean;
}

export interface DirectoryModel {
  readonly profile: ProfileName;
  readonly strategy: GroupStrategy;
  readonly users: readonly ModelUser[];
  readonly groups: readonly ModelGroup[];
  readonly policies: PolicySettings;
}
