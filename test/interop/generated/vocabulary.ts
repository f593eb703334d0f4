/**
 * What the generator draws its operations from: the fixture's real names, values and passwords,
 * and the entries a sequence may create, change and remove (its own, so sequences never depend on
 * each other). One vocabulary per server pair.
 */

/** Someone who can bind: every spelling of the DN that names the same entry, and its password. */
export interface Principal {
  readonly forms: readonly string[];
  readonly password: string;
  /**
   * Only its right password: a wrong one would leave state the reference server cannot be reset
   * from (AD's badPwdCount and lockoutTime on fixture accounts).
   */
  readonly rightPasswordOnly?: boolean;
}

/** An entry a sequence may add (and then change, rename, delete). */
export interface OwnEntry {
  readonly dn: string;
  /** A valid entry: attribute type → values, in the order they are sent. */
  readonly attributes: readonly (readonly [string, readonly string[]])[];
  /** Its password, when `attributes` holds one. */
  readonly password?: string;
}

/** Turns a valid entry into an invalid one (or leaves it valid): used for generated adds. */
export type AddMutation = (
  attributes: readonly (readonly [string, readonly string[]])[],
) => (readonly [string, readonly string[]])[];

export interface Vocabulary {
  /** Principals whose right password is known; the first is the administrator. */
  readonly principals: readonly Principal[];
  /** DNs that cannot bind with a password (missing, outside every context, invalid, no password). */
  readonly otherBindNames: readonly string[];
  /** Passwords that are nobody's (wrong), or that a sequence may set. */
  readonly otherPasswords: readonly string[];
  readonly searchBases: readonly string[];
  /** Bases under which truncated results depend on the server's entry order only as the mock's. */
  readonly largeBases: readonly string[];
  /** Attribute descriptions used in filters and compares, in every form (names, OIDs, options). */
  readonly filterAttributes: readonly string[];
  /** Real values per lower-cased attribute description (without options). */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** Values that fit any attribute: empty, escapes, non-ASCII, bytes that are not UTF-8. */
  readonly oddValues: readonly string[];
  /** Matching rules for extensible filters (names, OIDs, unknown ones). */
  readonly matchingRules: readonly string[];
  /** Attribute names for search attribute lists. */
  readonly requestAttributes: readonly string[];
  /** Fixture entries to compare against. */
  readonly fixtureEntries: readonly string[];
  /** Fixture entries a sequence may modify (the reference server's reset undoes it). */
  readonly writableFixtureEntries: readonly string[];
  /** Fixture entries with children: deleting them must fail on any server. */
  readonly nonLeafEntries: readonly string[];
  /** DNs that do not exist, lie outside the naming contexts, or are not DNs at all. */
  readonly missingEntries: readonly string[];
  readonly ownEntries: readonly OwnEntry[];
  readonly addMutations: readonly AddMutation[];
  /** Attribute types a modify may touch, with candidate values beyond `values`. */
  readonly modifyTypes: readonly string[];
  /** RDNs for renames of own entries. */
  readonly newRdns: readonly string[];
  /** Parents for renames and adds of own entries (existing, own, missing). */
  readonly parents: readonly string[];
  /** Targets of a Password Modify request (userIdentity). */
  readonly passwordTargets: readonly string[];
}
