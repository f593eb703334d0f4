/**
 * ldap-authentication (shaozi, on ldapts) as a conformance adapter: `authenticate()` in its
 * admin mode (service account search) or its user mode (a DN or UPN bound directly), with its
 * one-class, one-attribute group search.
 */
import { DN } from 'ldapts';
import { type ConformanceAdapter, ConformanceError } from '../adapter.js';
import type { ErrorKind } from '../scenario.js';
import {
  asConformanceError,
  bindMode,
  groupNamesOf,
  groupStrategy,
  kindOfLibraryError,
  LIBRARY_CONFIG_KEYS,
  notApplicable,
  openbaoSettings,
  singleUrl,
  tlsOptionsOf,
  userAttribute,
} from './library-support.js';
import { loadLibrary } from './load-library.js';

type Authenticate = (options: Record<string, unknown>) => Promise<{
  readonly dn: string;
  readonly groups?: readonly { readonly dn: string; readonly [attribute: string]: unknown }[];
}>;

const DEFAULT_USER_FILTER = /^\(\{\{\s*\.UserAttr\s*\}\}=\{\{\s*\.Username\s*\}\}\)$/;

/** Its failures are LdapAuthenticationError texts, assertion errors, or ldapts errors. */
function errorKind(error: unknown): ErrorKind {
  const message = error instanceof Error ? error.message : String(error);
  if (/identity not found|identity ambiguous|Invalid credentials|must be provided/i.test(message))
    return 'denied';
  return kindOfLibraryError(error);
}

export async function ldapAuthenticationAdapter(): Promise<ConformanceAdapter> {
  const { authenticate } = await loadLibrary<{ authenticate: Authenticate }>('ldap-authentication');
  return {
    name: 'ldap-authentication',
    capabilities: {
      configKeys: [...LIBRARY_CONFIG_KEYS, 'starttls', 'userfilter'],
      results: ['userDN', 'groups'],
      accountStates: false,
      validatesConfig: false,
    },
    async login(config, username, password) {
      const settings = openbaoSettings(config);
      const userattr = userAttribute(config, settings);
      const groupSearch = groupOptions(settings, userattr);
      if (!DEFAULT_USER_FILTER.test(settings.userfilter)) {
        notApplicable('ldap-authentication searches `(usernameAttribute=username)` only; no userfilter');
      }
      const upn = settings.upndomain === '' ? undefined : `${username}@${settings.upndomain}`;
      const options: Record<string, unknown> = {
        ldapOpts: {
          url: singleUrl(settings, 'ldap-authentication'),
          tlsOptions: tlsOptionsOf(settings),
          ...(settings.connection_timeout > 0 && { connectTimeout: settings.connection_timeout }),
          ...(settings.request_timeout > 0 && { timeout: settings.request_timeout }),
        },
        starttls: settings.starttls,
        userSearchBase: settings.userdn,
        usernameAttribute: upn ? 'userPrincipalName' : userattr,
        username: upn ?? username,
        userPassword: password,
        ...groupSearch,
      };
      switch (bindMode(settings)) {
        case 'search':
          Object.assign(options, { adminDn: settings.binddn, adminPassword: settings.bindpass });
          break;
        case 'upn':
          options['userDn'] = upn;
          break;
        case 'direct':
          // The user's DN built with ldapts's own escaping, as its README suggests.
          options['userDn'] = `${new DN({ [userattr]: username }).toString()},${settings.userdn}`;
          break;
        case 'discover':
          notApplicable('ldap-authentication has no anonymous user search');
      }
      try {
        const user = await authenticate(options);
        // Groups it cannot search for are not reported (scenarios about them are not applicable).
        const groups =
          groupSearch === undefined ? undefined : groupNamesOf(user.groups ?? [], settings.groupattr);
        return { userDN: user.dn, ...(groups && { groups }) };
      } catch (error) {
        if (error instanceof ConformanceError) throw error;
        throw asConformanceError(error, errorKind(error));
      }
    },
  };
}

/** Its group search options; undefined when the group filter is not one it can run. */
function groupOptions(
  settings: ReturnType<typeof openbaoSettings>,
  userattr: string,
): Record<string, unknown> | undefined {
  const groups = groupStrategy(settings);
  if (groups.kind === 'none') return {};
  // One object class, one member attribute; and it reads group entries, not the user's memberOf.
  if (
    groups.kind !== 'member' ||
    groups.objectClass === undefined ||
    settings.groupattr.toLowerCase() === 'memberof'
  ) {
    return undefined;
  }
  return {
    groupsSearchBase: settings.groupdn,
    groupClass: groups.objectClass,
    groupMemberAttribute: groups.attribute,
    groupMemberUserAttribute: groups.holds === 'dn' ? 'dn' : userattr,
  };
}
