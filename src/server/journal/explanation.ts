/** Why a search found nothing, or why a bind failed or stayed anonymous: in the journal, the log and the console. */

export type ExplanationReason =
  /** The search base (or bind DN) names no entry. */
  | 'no-such-entry'
  /** Entries below the base match, but the scope leaves them out. */
  | 'scope'
  /** Entries match, but outside the base. */
  | 'base'
  /** Entries in scope match, but the filter names attributes the searcher may not read. */
  | 'access'
  /** No entry in scope satisfies the filter. */
  | 'filter'
  /** The server stopped the search (size or time limit, a refusal). */
  | 'refused'
  /** A bind whose credentials did not match. */
  | 'credentials'
  /** A simple bind with a name and an empty password: an unauthenticated bind, still anonymous. */
  | 'unauthenticated';

/** One entry near the filter, and the filter items it failed. */
export interface ClosestEntry {
  readonly dn: string;
  readonly failed: readonly {
    /** The filter item, in RFC 4515 form. */
    readonly item: string;
    /** false, or undefined when the item was Undefined (unknown attribute, unreadable, bad syntax). */
    readonly truth: false | undefined;
    /** The entry's values of the item's attribute (first few; secrets redacted); [] when it has none. */
    readonly values: readonly string[];
  }[];
}

export interface Explanation {
  readonly reason: ExplanationReason;
  /** One sentence. */
  readonly summary: string;
  /** For `filter`: the entries in scope that satisfied most of the filter's items. */
  readonly closest?: readonly ClosestEntry[];
  /** For `scope` and `base`: some of the entries that match elsewhere. */
  readonly elsewhere?: readonly string[];
}
