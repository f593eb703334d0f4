/** ldapmock/client: the LDAP authenticator with OpenBao's login semantics and the directory tools. */
export { type AdBindReason, type AdDiagnostic, parseAdDiagnostic } from './ad-diagnostics.js';
export {
  type BaseCheck,
  type ConnectionTest,
  LdapAuthenticator,
  type LdapAuthenticatorOptions,
  type ListUsersOptions,
  type LoginResult,
  type LoginTest,
  type PasswordRotation,
  type RotatePasswordOptions,
} from './authenticator.js';
export {
  DEFAULT_GROUP_FILTER,
  DEFAULT_USER_FILTER,
  defaultLdapAuthConfig,
  type LdapAuthConfig,
  parseLdapAuthConfig,
  type ResolvedLdapAuthConfig,
} from './config/index.js';
export { LdapConfigError, LdapConfigErrors } from './config-errors.js';
export {
  DirectoryOperationError,
  type DirectoryStep,
  InsecureConnectionError,
  UserNotFoundError,
} from './directory-errors.js';
export * from './errors.js';
export { extractGroupNames, getCN } from './group-names.js';
export { type ListInput, PolicyStore, type PolicyStoreOptions } from './policies.js';
export {
  type InfisicalLdapCredentials,
  infisicalConnectionConfig,
  JUMPSERVER_AD_ATTRIBUTE_MAP,
  TRUECOMMAND_GROUPS,
} from './presets.js';
export type { DirectoryProvider, ServerInfo } from './server-info.js';
export { type AttributeMap, type ImportedUser, USER_FIELDS, type UserImport } from './user-import.js';
