/**
 * The limits a search runs under, as slapd's limits_get and limits_check work them out: the
 * first olcLimits rule whose identity is the session's gives the soft and hard limits, else the
 * database's do; then a client that asks for no limit gets the soft one, one that asks for more
 * than the hard limit gets the hard one, and with the hard limit left as `soft`, more than the
 * soft one gets the soft one.
 */
import { inScope } from '../../core/dn-scope.js';
import type { IdentityLimit, LimitPair, LimitSet, LimitSubject } from '../profiles/limit-sets.js';

/** What identity matching needs of the directory: normal DNs, and a group's class and members. */
export interface IdentityDirectory {
  /** The DN's normal form, or undefined when it is not a DN. */
  normalize(dn: string): string | undefined;
  /** Whether the entry at `groupDN` has `objectClass` and `memberNDN` among its `attribute` values. */
  isMember(groupDN: string, objectClass: string, attribute: string, memberNDN: string): boolean;
}

/** The limit a search runs under (0: none) for the client's own (0: none asked). */
export function effectiveLimit(client: number, { soft, hard }: LimitPair): number {
  if (client === 0) return soft;
  if (hard === 'soft') return soft > 0 && client > soft ? soft : client;
  return hard > 0 && client > hard ? hard : client;
}

/**
 * The entries a paged search may return in all (0: no cap): the hard limit, or the soft one where
 * the hard one is `soft` (slapd's size.prtotal default), lowered to the client's own.
 */
export function pagedTotal(client: number, { soft, hard }: LimitPair): number {
  const total = hard === 'soft' ? soft : hard;
  if (total === 0) return client;
  return client === 0 || client > total ? total : client;
}

export class IdentityLimits {
  private readonly regexes = new Map<string, RegExp>();

  constructor(
    private readonly defaults: LimitSet,
    private readonly rules: readonly IdentityLimit[],
    private readonly directory: IdentityDirectory,
  ) {}

  /** The limits of a session bound as `bindDN` ('' anonymous). */
  of(bindDN: string): LimitSet {
    if (this.rules.length === 0) return this.defaults;
    const ndn = bindDN === '' ? '' : (this.directory.normalize(bindDN) ?? bindDN.toLowerCase());
    return this.rules.find((rule) => this.matches(rule.who, ndn))?.limits ?? this.defaults;
  }

  private matches(who: LimitSubject, ndn: string): boolean {
    switch (who.kind) {
      case 'anyone':
        return true;
      case 'anonymous':
        return ndn === '';
      case 'users':
        return ndn !== '';
      case 'regex':
        return ndn !== '' && this.regex(who.pattern).test(ndn);
      case 'dn': {
        const base = this.directory.normalize(who.dn);
        return ndn !== '' && base !== undefined && inScope(ndn, base, who.style);
      }
      case 'group':
        return ndn !== '' && this.directory.isMember(who.dn, who.objectClass, who.attribute, ndn);
    }
  }

  /** slapd compiles the pattern as a POSIX extended expression, ignoring case. */
  private regex(pattern: string): RegExp {
    let regex = this.regexes.get(pattern);
    if (!regex) this.regexes.set(pattern, (regex = new RegExp(pattern, 'i')));
    return regex;
  }
}
