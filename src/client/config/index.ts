/** The LDAP auth configuration: settings and defaults, parsing with every problem named, warnings. */
export { type ParsedLdapAuthConfig, type ParseLdapAuthConfigOptions, parseLdapAuthConfig } from './parse.js';
export * from './settings.js';
export { closestKnownKey } from './suggestions.js';
export { ldapAuthConfigWarnings } from './warnings.js';
