/**
 * slapd's search limits as configured (olcSizeLimit, olcTimeLimit, olcLimits): a soft and a hard
 * limit for entries and for seconds, and the identities that get other limits than the
 * database's. layers/identity-limits.ts applies them.
 */
import type { DNScopeStyle } from '../../core/dn-scope.js';

/** A soft and a hard limit: 0 is unlimited; a hard limit of `soft` is the soft one (slapd's default). */
export interface LimitPair {
  readonly soft: number;
  readonly hard: number | 'soft';
}

export interface LimitSet {
  readonly size: LimitPair;
  readonly time: LimitPair;
}

/** Who an olcLimits rule is for: slapd's `*`, `anonymous`, `users`, `dn.<style>=` and `group/oc/attr=`. */
export type LimitSubject =
  | { readonly kind: 'anyone' }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'users' }
  | { readonly kind: 'dn'; readonly style: DNScopeStyle; readonly dn: string }
  | { readonly kind: 'regex'; readonly pattern: string }
  | { readonly kind: 'group'; readonly dn: string; readonly objectClass: string; readonly attribute: string };

/** One olcLimits value: the limits its identities get (the database's where it names none). */
export interface IdentityLimit {
  readonly who: LimitSubject;
  readonly limits: LimitSet;
}
