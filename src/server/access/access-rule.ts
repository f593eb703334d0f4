/**
 * One slapd access rule (slapd.access(5)): `to <what> by <who> <access> <control> …`, as read from
 * an olcAccess value or a slapd.conf `access` directive. Privileges are slapd's, one bit each, so
 * a level is the set of privileges it implies and `=`/`+`/`-` forms are set operations.
 */
import type { DNScopeStyle } from '../../core/dn-scope.js';
import type { Filter } from '../../core/filter-ast.js';

/** slapd's privileges: d(isclose) x (auth) c(ompare) s(earch) r(ead) a(dd) z (delete) m(anage). */
export const Privilege = {
  disclose: 1,
  auth: 2,
  compare: 4,
  search: 8,
  read: 16,
  add: 32,
  delete: 64,
  manage: 128,
} as const;

/** A set of privileges (bits of {@link Privilege}). */
export type Privileges = number;

const { disclose, auth, compare, search, read, add, delete: del, manage } = Privilege;

/** write is add and delete together, as slapd's ACL_WRITE is. */
export const WRITE: Privileges = add | del;

/** Each level implies every level before it (none < disclose < auth < … < write < manage). */
export const LEVELS: ReadonlyMap<string, Privileges> = new Map([
  ['none', 0],
  ['disclose', disclose],
  ['auth', disclose | auth],
  ['compare', disclose | auth | compare],
  ['search', disclose | auth | compare | search],
  ['read', disclose | auth | compare | search | read],
  // `add` and `delete` are the halves of write, on top of read.
  ['add', disclose | auth | compare | search | read | add],
  ['delete', disclose | auth | compare | search | read | del],
  ['write', disclose | auth | compare | search | read | WRITE],
  ['manage', disclose | auth | compare | search | read | WRITE | manage],
]);

/** The letters of slapd's `<priv>` form (`=wrscx`); `0` stands for no privilege. */
export const PRIVILEGE_LETTERS: ReadonlyMap<string, Privileges> = new Map([
  ['0', 0],
  ['d', disclose],
  ['x', auth],
  ['c', compare],
  ['s', search],
  ['r', read],
  ['a', add],
  ['z', del],
  ['w', WRITE],
  ['m', manage],
]);

/** How a DN is matched: slapd's dnstyle (`exact` and `baseObject` read as base, and so on). */
export type DNStyle = DNScopeStyle | 'regex';

export interface DNPattern {
  readonly style: DNStyle;
  /** A DN (as written), or for `regex` a POSIX extended regular expression. */
  readonly pattern: string;
}

/**
 * The attributes a rule covers: names (an attribute covers its subtypes), `entry` (the entry
 * itself), `children` (its children), `@class` (what the class allows) and `!class` (the rest).
 */
export type AttributeSelector =
  | { readonly kind: 'attribute'; readonly name: string }
  | { readonly kind: 'entry' }
  | { readonly kind: 'children' }
  | { readonly kind: 'class'; readonly name: string; readonly negated: boolean };

/** `<what>`: every part given must match; none given (`to *`) matches everything. */
export interface AccessTarget {
  readonly dn?: DNPattern;
  readonly filter?: Filter;
  /** Undefined: every attribute, `entry` and `children` included. */
  readonly attributes?: readonly AttributeSelector[];
}

/** One `<who>` form; a `by` clause may combine several, and all must match. */
export type Who =
  | { readonly kind: 'anyone' }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'users' }
  | { readonly kind: 'self' }
  | ({ readonly kind: 'dn' } & DNPattern)
  | { readonly kind: 'dnattr'; readonly attribute: string }
  | {
      readonly kind: 'group';
      readonly dn: string;
      readonly objectClass: string;
      readonly attribute: string;
    };

/** `<access>`: a level or `=` sets the privileges, `+` adds to them, `-` takes away. */
export interface AccessGrant {
  readonly operation: 'set' | 'add' | 'remove';
  readonly privileges: Privileges;
}

/** `<control>`: stop (the default), continue with the next `by`, break to the next rule. */
export type Control = 'stop' | 'continue' | 'break';

export interface ByClause {
  readonly who: readonly Who[];
  readonly access: AccessGrant;
  readonly control: Control;
}

export interface AccessRule {
  readonly to: AccessTarget;
  readonly by: readonly ByClause[];
  /** The rule as written (without cn=config's `{N}`), for messages. */
  readonly text: string;
}

/** The rules slapd applies: the database's, then the frontend's (global) ones. */
export interface AccessConfiguration {
  readonly database: readonly AccessRule[];
  readonly frontend: readonly AccessRule[];
}
