/** OpenBao's configuration warnings: settings it stores that will not do what they seem to. */

import type { Filter } from '../../core/filter-ast.js';
import { parseFilter } from '../../core/filter-parse.js';
import { compileTemplate, type Template } from '../template.js';
import { maskUserInfo, parseLdapUrl } from './ldap-url.js';
import { type ResolvedLdapAuthConfig, USERATTR_WARNING } from './settings.js';
import { attributeNames } from './templates.js';

/**
 * OpenBao's warnings for a configuration (given on write and on read): a URL that cannot be
 * dialled (OpenBao only finds out when it dials), and the userattr warning, which fires
 * when the user filter neither uses `{{.UserAttr}}` nor tests the userattr attribute itself.
 * OpenBao decides this by a case-sensitive substring test of the template text; we look at the
 * rendered filter's attribute names instead (case-insensitive, as attribute names are), so
 * `{{ .UserAttr }}` or `(sAMAccountName=…)` with userattr `samaccountname` does not warn.
 */
export function ldapAuthConfigWarnings(config: ResolvedLdapAuthConfig): string[] {
  return [...urlWarnings(config.url), ...userattrWarnings(config)];
}

/** URLs that will fail when dialled (a bad scheme, no host…), each named with its reason. */
function urlWarnings(urls: readonly string[]): string[] {
  return urls.flatMap((url, i) => {
    try {
      parseLdapUrl(url);
      return [];
    } catch (error) {
      const where = urls.length > 1 ? `URL ${i + 1} of ${urls.length}` : 'URL';
      return [
        `url: ${where} ${JSON.stringify(maskUserInfo(url))}: ${(error as Error).message}; it will fail when dialled`,
      ];
    }
  });
}

function userattrWarnings(config: ResolvedLdapAuthConfig): string[] {
  let template: Template;
  let filter: Filter;
  try {
    template = compileTemplate(config.userfilter);
    if (template.fields.includes('UserAttr')) return [];
    filter = parseFilter(
      template.render({ UserAttr: config.userattr, Username: 'x' }, { escapeNonAscii: false }),
    );
  } catch {
    return []; // an invalid filter is an error, reported by parseLdapAuthConfig
  }
  const names = new Set<string>();
  attributeNames(filter, names);
  return names.has(config.userattr.toLowerCase()) ? [] : [USERATTR_WARNING];
}
