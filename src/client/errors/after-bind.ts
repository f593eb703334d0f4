/** Failures after the user's bind succeeded: re-bind, user-DN search, group search, alias, CIDR. */
import { LdapAuthError } from './base.js';
import { causeText, describeLdapFailure, type LdapFailureDetails } from './failure-details.js';
import { type RedactOptions, redactSecrets } from './redaction.js';

/**
 * The re-bind as the service account (before the group search) failed. Counts for lockout, as
 * OpenBao returns it as ErrInvalidCredentials.
 */
export class RebindError extends LdapAuthError {
  override readonly name: string = 'RebindError';
  constructor(details: LdapFailureDetails = {}) {
    super('rebindFailed', 'ldap operation failed: failed to re-bind with the BindDN user', {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
      countsForLockout: true,
    });
  }
}

/** The UPN user-DN search (upndomain set) failed: `LDAP search failed for detecting user: …`. */
export class UserDNSearchError extends LdapAuthError {
  override readonly name: string = 'UserDNSearchError';
  constructor(details: LdapFailureDetails) {
    super('userDNSearch', `LDAP search failed for detecting user: ${causeText(details)}`, {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
  }
}

export interface GroupSearchDetails extends LdapFailureDetails {
  /**
   * `search` (default): the search failed; `template`: the group filter could not be compiled;
   * `render`: it could not be rendered (an unknown field).
   */
  readonly phase?: 'search' | 'template' | 'render' | undefined;
}

/**
 * The group search (or tokenGroups read) failed: `LDAP search failed: <go-ldap text>`, or
 * `LDAP search failed due to template compilation error: …` / `…template parsing error: …`.
 */
export class GroupSearchError extends LdapAuthError {
  override readonly name: string = 'GroupSearchError';
  readonly phase: 'search' | 'template' | 'render';
  constructor(details: GroupSearchDetails) {
    const phase = details.phase ?? 'search';
    const prefix =
      phase === 'search'
        ? 'LDAP search failed'
        : phase === 'template'
          ? 'LDAP search failed due to template compilation error'
          : 'LDAP search failed due to template parsing error';
    super('groupSearch', `${prefix}: ${causeText(details)}`, {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
    this.phase = phase;
  }
}

/** anonymous_group_search is set and the fresh, never-bound connection could not be made. */
export class GroupSearchConnectError extends LdapAuthError {
  override readonly name: string = 'GroupSearchConnectError';
  constructor(details: LdapFailureDetails = {}) {
    super('groupSearchConnect', 'ldap operation failed: failed to connect to LDAP server', {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
  }
}

export type EntityAliasProblem =
  /** The alias search returned zero or several entries. */
  | 'notUnique'
  /** The entry came back without the userattr attribute (or with several attributes). */
  | 'attributeMissing'
  /** The attribute has zero or several values. */
  | 'valueNotUnique'
  /** The alias came out empty. */
  | 'empty';

/** The entity alias could not be determined (OpenBao step 12); not counted for lockout. */
export class EntityAliasError extends LdapAuthError {
  override readonly name: string = 'EntityAliasError';
  readonly problem: EntityAliasProblem;
  constructor(
    details: LdapFailureDetails & { readonly problem: EntityAliasProblem; readonly userattr?: string },
  ) {
    const messages: Record<EntityAliasProblem, string> = {
      notUnique: 'LDAP search for entity alias attribute 0 or not unique',
      attributeMissing: 'LDAP attribute missing for entity alias mapping',
      valueNotUnique: `LDAP entity alias attribute ${redactSecrets(details.userattr ?? '', details.redact)} empty or not unique for entity alias mapping`,
      empty: 'missing entity alias attribute value',
    };
    super('entityAlias', messages[details.problem], {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
    this.problem = details.problem;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { problem: this.problem };
  }
}

/** The client's address is outside token_bound_cidrs (OpenBao answers 403 `permission denied`). */
export class PermissionDeniedError extends LdapAuthError {
  override readonly name: string = 'PermissionDeniedError';
  constructor(details: RedactOptions & { readonly remoteAddress?: string | undefined } = {}) {
    super('permissionDenied', 'permission denied', {
      detail:
        details.remoteAddress === undefined
          ? 'no client address to check against token_bound_cidrs'
          : `client address ${details.remoteAddress} is not in token_bound_cidrs`,
      redact: details.redact,
    });
  }
}
