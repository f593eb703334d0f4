/**
 * An OpenBao configuration as ldapauth-fork options, the way a careful user writes them: the
 * service account as bindDN, userfilter and groupfilter as its `{{username}}` / `{{dn}}`
 * templates, the CA in tlsOptions, the timeouts, every URL (its ldapjs client fails over).
 * Shared by the ldapauth-fork and passport-ldapauth adapters.
 */
import type { ResolvedLdapAuthConfig } from '../../client/config/index.js';
import {
  bindMode,
  groupStrategy,
  LIBRARY_CONFIG_KEYS,
  notApplicable,
  tlsOptionsOf,
} from './library-support.js';

/** The OpenBao keys these options can carry. */
export const LDAPAUTH_CONFIG_KEYS: readonly string[] = [
  ...LIBRARY_CONFIG_KEYS,
  'starttls',
  'discoverdn',
  'userfilter',
];

const field = (name: string) => new RegExp(`\\{\\{\\s*\\.${name}\\s*\\}\\}`, 'g');

export function ldapauthOptions(settings: ResolvedLdapAuthConfig, library: string): Record<string, unknown> {
  const mode = bindMode(settings);
  if (mode === 'direct' || mode === 'upn')
    notApplicable(`${library} always searches for the user before binding`);
  const groups = groupStrategy(settings);
  // With upndomain OpenBao searches userPrincipalName for `name@domain`.
  const [userAttr, username] =
    settings.upndomain === ''
      ? [settings.userattr, '{{username}}']
      : ['userPrincipalName', `{{username}}@${settings.upndomain}`];
  const searchFilter = settings.userfilter
    .replace(field('UserAttr'), userAttr)
    .replace(field('Username'), username);
  // tokenGroups it cannot read: the login runs without a group search, groups not reported.
  const groupSearch =
    groups.kind === 'none' || groups.kind === 'tokenGroups'
      ? {}
      : {
          groupSearchBase: settings.groupdn,
          groupSearchFilter: settings.groupfilter
            .replace(field('UserDN'), '{{dn}}')
            .replace(field('Username'), '{{username}}'),
          groupSearchAttributes: [settings.groupattr],
        };
  return {
    url: settings.url.length === 1 ? settings.url[0] : [...settings.url],
    ...(mode === 'search' && { bindDN: settings.binddn, bindCredentials: settings.bindpass }),
    searchBase: settings.userdn,
    searchFilter,
    ...groupSearch,
    tlsOptions: tlsOptionsOf(settings),
    starttls: settings.starttls,
    reconnect: false,
    ...(settings.connection_timeout > 0 && { connectTimeout: settings.connection_timeout }),
    ...(settings.request_timeout > 0 && { timeout: settings.request_timeout }),
  };
}

/** Whether the options search groups at all (not for tokenGroups, which ldapauth-fork cannot read). */
export function groupsReported(settings: ResolvedLdapAuthConfig): boolean {
  return groupStrategy(settings).kind !== 'tokenGroups';
}
