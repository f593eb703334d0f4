/** ldapmock/client: the LDAP authenticator with OpenBao's login semantics and the directory tools. */
export { type AdBindReason, type AdDiagnostic, parseAdDiagnostic } from './ad-diagnostics.js';
export {
  LdapAuthenticator,
  type LdapAuthenticatorOptions,
  type LoginResult,
  type LoginTest,
} from './authenticator.js';
export {
  DEFAULT_GROUP_FILTER,
  DEFAULT_USER_FILTER,
  defaultLdapAuthConfig,
  type LdapAuthConfig,
  parseLdapAuthConfig,
  type ResolvedLdapAuthConfig,
} from './config/index.js';
export {
  type BaseCheck,
  type ConnectionTest,
  DirectoryTools,
  type ListUsersOptions,
  type PasswordRotation,
  type RotatePasswordOptions,
} from './directory-tools.js';
export * from './errors/index.js';
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
