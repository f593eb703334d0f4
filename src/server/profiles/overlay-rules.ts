/**
 * What slapd's sssvlv and unique overlays are configured with, as the profile carries it; the
 * engine serves them (engine/sorted-views.ts, engine/unique-values.ts).
 */
import type { Filter } from '../../core/filter-ast.js';

/** slapo-sssvlv's settings the emulation follows (olcSssVlvMaxKeys). */
export interface SortedViewRules {
  readonly maxKeys: number;
}

/** One olcUniqueURI value: its URIs share the `ignore` and `strict` prefixes. */
export interface UniqueDomain {
  /** The listed attributes are the ones exempt, not the ones checked. */
  readonly ignore: boolean;
  /** An attribute without values counts too, as `(attr=*)`. */
  readonly strict: boolean;
  readonly uris: readonly UniqueScope[];
}

/** `ldap:///BASE?ATTRS?SCOPE?FILTER`: where values must be unique, among which attributes. */
export interface UniqueScope {
  /** Undefined: the database's suffix. */
  readonly base?: string;
  readonly scope: 'one' | 'sub' | 'children';
  /** Empty: every attribute. */
  readonly attributes: readonly string[];
  /** Only entries matching it are checked, and only against entries matching it. */
  readonly filter?: Filter;
}
