/**
 * JumpServer's user import: every user under userdn, each mapped through an attribute map
 * (JumpServer's "Mapped Attributes": its user field → the LDAP attribute that fills it).
 *
 * - The users are the entries the login's userfilter matches with the user name as a wildcard,
 *   as JumpServer lists them (its search filter with `%(user)s` → `*`): the filter that says
 *   which entries are users for login says it for import too.
 * - `is_active` from AD's userAccountControl is "ACCOUNTDISABLE (0x2) not set"; from OpenLDAP's
 *   pwdAccountLockedTime it is "not locked"; from any other attribute a boolean word. A user
 *   without the attribute is active, as JumpServer imports it.
 * - `groups` values that are DNs (memberOf) become their CN, as JumpServer shows them.
 */
import { UserAccountControl } from '../core/active-directory.js';
import { LdapConfigError, LdapConfigErrors } from './errors/config.js';
import { getCN } from './group-names.js';

/** JumpServer's user fields. */
export const USER_FIELDS = ['name', 'username', 'email', 'is_active', 'groups', 'phone', 'comment'] as const;
export type UserField = (typeof USER_FIELDS)[number];

/** JumpServer field → LDAP attribute name (case-insensitive, as LDAP). */
export type AttributeMap = Partial<Record<UserField, string>>;

export interface ImportedUser {
  readonly dn: string;
  readonly username: string;
  readonly name?: string;
  readonly email?: string;
  readonly is_active: boolean;
  readonly groups: readonly string[];
  readonly phone?: string;
  readonly comment?: string;
}

export interface SkippedEntry {
  readonly dn: string;
  readonly reason: string;
}

export interface UserImport {
  readonly users: readonly ImportedUser[];
  /** Entries the filter matched that could not become a user (no value for `username`). */
  readonly skipped: readonly SkippedEntry[];
}

/** JumpServer's default map, with username from the login's userattr. */
export function defaultAttributeMap(userattr: string): AttributeMap {
  return { username: userattr, name: 'cn', email: 'mail' };
}

/** Every problem of a map (a field JumpServer does not know, an empty attribute, no username). */
export function checkAttributeMap(map: AttributeMap): void {
  const errors: LdapConfigError[] = [];
  for (const [field, attribute] of Object.entries(map)) {
    const key = `attributeMap.${field}`;
    if (!(USER_FIELDS as readonly string[]).includes(field)) {
      errors.push(new LdapConfigError(key, `unknown field (fields: ${USER_FIELDS.join(', ')})`));
    } else if (typeof attribute !== 'string' || attribute.trim() === '') {
      errors.push(new LdapConfigError(key, 'needs an LDAP attribute name'));
    }
  }
  if (map.username === undefined) errors.push(new LdapConfigError('attributeMap.username', 'is required'));
  if (errors.length > 0) throw new LdapConfigErrors(errors);
}

/**
 * A user name that no escaping changes and no directory holds, rendered into the userfilter and
 * then replaced by `*`: the template stays the one place that knows where the name goes.
 */
export const ANY_USER_PLACEHOLDER = 'ldapmockAnyUser7f3c9a';

export function wildcardUserFilter(rendered: string): string {
  return rendered.split(ANY_USER_PLACEHOLDER).join('*');
}

type Values = readonly string[];

/** One entry's attributes (names as returned, values as text) → a user, or why it cannot be one. */
export function mapUser(
  dn: string,
  attributes: Readonly<Record<string, Values>>,
  map: AttributeMap,
): ImportedUser | SkippedEntry {
  const byName = new Map(Object.entries(attributes).map(([name, values]) => [name.toLowerCase(), values]));
  const valuesOf = (field: UserField): Values | undefined => {
    const attribute = map[field];
    return attribute === undefined ? undefined : byName.get(attribute.toLowerCase());
  };
  const first = (field: UserField): string | undefined => valuesOf(field)?.[0];

  const username = first('username');
  if (username === undefined || username === '') {
    return { dn, reason: `no value for username (attribute ${map.username})` };
  }
  const optional = (field: 'name' | 'email' | 'phone' | 'comment') => {
    const value = first(field);
    return value === undefined ? {} : { [field]: value };
  };
  return {
    dn,
    username,
    ...optional('name'),
    ...optional('email'),
    is_active: isActive(map.is_active, valuesOf('is_active')),
    groups: [...new Set((valuesOf('groups') ?? []).map((value) => getCN(value)))],
    ...optional('phone'),
    ...optional('comment'),
  };
}

export function isSkipped(result: ImportedUser | SkippedEntry): result is SkippedEntry {
  return 'reason' in result;
}

function isActive(attribute: string | undefined, values: Values | undefined): boolean {
  const value = values?.[0];
  if (attribute === undefined || value === undefined) return true;
  switch (attribute.toLowerCase()) {
    case 'useraccountcontrol': {
      const flags = Number.parseInt(value, 10);
      return Number.isNaN(flags) || (flags & UserAccountControl.accountDisable) === 0;
    }
    case 'pwdaccountlockedtime':
      return false;
    default:
      return !/^(false|no|0|disabled?|inactive)$/i.test(value.trim());
  }
}
