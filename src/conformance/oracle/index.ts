/**
 * ldapmock/oracle: a plain reference model of what an LDAP login must yield — the groups under
 * each group strategy of each directory, and the policies OpenBao derives — to hold any
 * authenticator to in a property test (with the directories of ldapmock/arbitraries).
 */

export { groupDN, LAYOUT, type ProfileLayout, userDN } from './layout.js';
export type {
  DirectoryModel,
  GroupKind,
  GroupStrategy,
  ModelGroup,
  ModelUser,
  PolicySettings,
} from './model.js';
export { STRATEGIES } from './model.js';
export {
  DEFAULT_PRIMARY_GROUP_CLOSURE,
  type ExpectedLogin,
  expectedGroups,
  expectedLogin,
  expectedPolicies,
} from './oracle.js';
