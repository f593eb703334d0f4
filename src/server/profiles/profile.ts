/**
 * A profile is the set of behaviours that make the mock look like one real server. Every quirk is
 * a named knob here with the reason it exists; the engine that implements LDAP on top of the
 * directory reads the knobs and never asks which server it is emulating.
 */

import type { DNValueStyle } from '../../core/dn-escape.js';
import type { Filter } from '../../core/filter-ast.js';
import type { AccountRules } from '../accounts/account-rules.js';
import type { AdNamingRules } from '../directory/ad-naming-rules.js';
import type { Directory } from '../directory/directory.js';
import type { NewAttribute } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { ExtensibleRule, FilterItemFailure, LeafEvaluation } from '../directory/evaluate-filter.js';
import type { Schema, SchemaOptions } from '../directory/schema.js';
import type { Violation, ViolationContext } from '../directory/violation.js';
import type { Refusal } from '../operations.js';
import type { IdentityLimit, LimitPair } from './limit-sets.js';
import type { MemberOfRules } from './member-of-rules.js';
import type { SortedViewRules, UniqueDomain } from './overlay-rules.js';

/** How a server pages (RFC 2696) where servers differ. */
export interface PagingRules {
  /** Samba puts the total number of matches in `size` on every page but the last (RFC 2696 allows an estimate). */
  readonly sizeEstimate: boolean;
  /** A cookie the server never issued. */
  readonly invalidCookie: Refusal;
  /** The result of a page request of size 0 (the client abandons the paged search). */
  readonly abandoned: { readonly message: string };
  /** Samba ends a search whose last page came out full with one more, empty page; slapd ends at once. */
  readonly emptyLastPage: boolean;
  /** slapd's frontend answers the root DSE and cn=Subschema itself: no paging, no paged control. */
  readonly frontendEntriesUnpaged?: boolean;
  /** Samba answers a paged search of the root DSE without the paged control (its schema entry is paged). */
  readonly rootDSEUnpaged?: boolean;
  /**
   * slapd ignores the paged-results control (no paging, no control in the result) when the page
   * size reaches the client's size limit or exceeds the server's: one plain, size-limited search.
   */
  readonly pageSizeOverLimitUnpaged?: boolean;
}

/** What an AD domain controller refuses in writes that slapd takes (measured against Samba 4.17). */
export interface WriteRules {
  /** Only modifyDN renames: a modify of the RDN attribute, `name` or `distinguishedName` is refused. */
  readonly namingAttributesReadOnly: boolean;
  /** modifyDN always deletes the old RDN value: deleteoldrdn false is refused. */
  readonly deleteOldRdnRequired: boolean;
  /** An RDN is one attribute value assertion. */
  readonly singleValuedRdn: boolean;
  /** Modify-increment (RFC 4525) is not implemented. */
  readonly increment: boolean;
  /** Attributes only the server writes (AD's systemOnly, lower-cased): a modify of one is refused. */
  readonly systemOnly: ReadonlySet<string>;
  /** System-only attributes an add may not give either (Samba: objectGUID, the linked memberOf), lower-cased. */
  readonly systemOnlyOnAdd: ReadonlySet<string>;
  /**
   * Samba's order of checks: an add's parent, then its classes and attributes, whether it exists
   * last; a modifyDN's new parent before the entry; a modify's attribute types before the entry's
   * values; access after the objectclass module's checks (engine/ad-write-checks.ts).
   */
  readonly parentFirst: boolean;
  /**
   * Linked attributes (AD's member): each value must name an entry; adding one held already or
   * deleting one not held is refused with the target's objectGUID.
   */
  readonly linkedAttributes: readonly string[];
  /**
   * System-only attributes (lower-case) a module refuses before any change's values are checked
   * (Samba: instanceType, its instancetype module); the others are refused change by change,
   * where the values' syntax is checked (Samba's objectclass_attrs).
   */
  readonly earlySystemOnly?: readonly string[];
  /**
   * Syntaxes whose duplicate values Samba's database finds octet by octet (`a` and `A` are two
   * values of a Unicode String), where matching (filters, deletes) still folds case.
   */
  readonly exactDuplicateSyntaxes: readonly string[];
  /** A second value of a single-valued attribute is refused before a value already there (Samba). */
  readonly singleValueFirst: boolean;
  /** A new entry's objectClass holds every superclass too, by canonical name, `top` first (AD). */
  readonly objectClassChain: boolean;
  /**
   * Samba's request layer before its modules see a write (engine/ad-request-checks.ts): a value of
   * no octets, the DN, an unbound session, the root DSE, DN-syntax values and what they name.
   */
  readonly requestLayer?: boolean;
  /** Attributes single-valued on a security principal though multi-valued in the schema (MS-SAMR: description), lower-cased. */
  readonly principalSingleValued?: readonly string[];
  /** Samba's samldb reads a user's new userAccountControl as a number and drops one that changes nothing. */
  readonly accountControlAsNumber?: boolean;
  /** AD's naming rules: the RDN attribute of each class, where each class may be created. */
  readonly naming?: AdNamingRules;
}

/** Size limits and paging as a server applies them. */
export interface SearchLimitRules {
  /** Entries returned per search to anyone the server does not exempt (slapd's rootdn); 0 = unlimited. Result 4 past it. */
  readonly sizeLimit: number;
  /** slapd's hard size limit: a client asking for more gets this many (0: what it asks); absent, the soft one caps it. */
  readonly sizeHardLimit?: number | 'soft';
  /** slapd's time limit in seconds (olcTimeLimit); absent: the client's alone. */
  readonly timeLimit?: LimitPair;
  /** slapd's olcLimits: the limits of the identities each rule names, first match wins. */
  readonly identityLimits?: readonly IdentityLimit[];
  /** OpenLDAP caps the total of a paged search by the size limit (size.prtotal = hard). */
  readonly pagedTotalCappedBySizeLimit: boolean;
  /** Largest page a client may ask for; 0 = no cap. */
  readonly maxPageSize: number;
  /** Whether the client's sizeLimit is applied (Samba ignores it). */
  readonly honourClientSizeLimit: boolean;
  readonly paging: PagingRules;
}

/** What account rules get to work with. */
export interface AccountEnvironment {
  readonly directory: Directory;
  readonly now: () => Date;
  /** The first naming context (the domain root in AD). */
  readonly baseDN: string;
  /** slapo-ppolicy's olcPPolicyDefault, when configured (a bootstrap folder); else the profile's own. */
  readonly passwordPolicyDN?: string;
  /** slapo-ppolicy's olcPPolicyUseLockout: a locked account's bind says so in the response control. */
  readonly passwordPolicyLockout?: boolean;
}

/** What slapd's frontend refuses before any database sees a write (engine/frontend-checks.ts). */
export type FrontendRefusal =
  /** An add attribute, or a modify/add change, without values. */
  | { readonly kind: 'valuesMissing' }
  | { readonly kind: 'noAttributes' }
  | { readonly kind: 'rootDSE' }
  | { readonly kind: 'subschema' }
  /** A DN below no naming context (and no default referral to send instead). */
  | { readonly kind: 'noNamingContext' }
  | { readonly kind: 'invalidNewSuperior' }
  /** A modify DN whose new name is below (or above) the entry's own. */
  | { readonly kind: 'placedUnderItself'; readonly direction: 'below' | 'above' }
  | { readonly kind: 'acrossDatabases' }
  /** An add naming one attribute description twice (`attribute`: its canonical form). */
  | { readonly kind: 'repeatedAttribute'; readonly attribute: string };
/** What a filter rewrite may consult. */
export interface FilterContext {
  readonly namingContext: string;
  readonly schema: Schema;
  /** The search's attribute list (Samba resolves OIDs in a filter only when it names one by OID). */
  readonly attributes?: readonly string[];
}

export interface Profile {
  readonly name: string;
  readonly schema: SchemaOptions;
  /** Published in the subschema entry next to the schema's own descriptions. */
  readonly matchingRules: readonly string[];
  readonly ldapSyntaxes: readonly string[];

  /** DNs (entry names and DN-syntax values) are stored and returned in this escaping style. */
  readonly dnStyle: DNValueStyle;
  /** Cleartext userPassword values are stored hashed ({SSHA}), as slapd's olcPPolicyHashCleartext does. */
  readonly hashCleartextPasswords: boolean;

  /** How bind passwords are checked and password writes judged. */
  readonly accounts: (environment: AccountEnvironment) => AccountRules;

  readonly bind: {
    /** A DN with an empty password (RFC 4513 §5.1.2 unauthenticated bind): refused, or anonymous (AD). */
    readonly unauthenticated: Refusal | 'anonymous';
    /** Empty DN with a password. */
    readonly anonymousWithPassword: Refusal;
    /** A SASL bind with a mechanism the server does not offer (or EXTERNAL without a client certificate). */
    readonly saslUnsupported: Refusal;
    /** SASL EXTERNAL binds as the verified TLS client certificate's subject (slapd). */
    readonly saslExternal?: boolean;
    /** A bind name that names no entry in any accepted form and is not a DN. */
    readonly invalidName: Refusal;
    /** Samba keeps the previous identity when a bind fails (RFC 4513 §4 says: anonymous). */
    readonly failedBindKeepsIdentity: boolean;
    /** AD also takes `user@upn-suffix` and `NETBIOS\sAMAccountName` as bind names (MS-ADTS 5.1.1.1.1). */
    readonly upnNames: boolean;
    readonly netbiosDomain?: string;
    /** Samba also takes an account's SID (`S-1-5-…`, `<SID=…>`) and `<GUID=…>` as a bind name. */
    readonly sidNames?: boolean;
    /** Samba also takes `sAMAccountName@NETBIOS` as an implicit UPN. */
    readonly netbiosUpn?: boolean;
  };

  /** slapd's rootdn: an administrator that is not an entry. AD has none (its administrators are accounts). */
  readonly rootDN?: (baseDN: string) => string;
  /** What an unbound session may do beyond reading the rootDSE: everything (slapd ACLs), or nothing (AD). */
  readonly anonymousOperations: 'allowed' | Refusal;
  /** Samba lets an unbound session compare, though it may not search. */
  readonly anonymousCompare: boolean;
  /**
   * Samba answers a compare with a base search for the filter `(attribute=value)` written from the
   * request's text without escaping, read by ldb's lenient parser (engine/compare-by-filter.ts):
   * what it says when it cannot read the filter, and when the entry does not exist.
   */
  readonly compareAsFilter?: { readonly unparsable: Refusal; noSuchEntry(dn: string): Refusal };
  /** Text of every successful write (Samba: `00000000: Success`). */
  readonly writeSuccessMessage: string;
  /** Who may write: the configured rootdn, or also the members of these groups (DNs relative to the base). */
  readonly administratorGroups: readonly string[];
  /**
   * The server's answer to what the directory refuses: a rule broken, an entry missing or in the
   * way; `context` says which write on which entry, for the servers that name it (Samba).
   */
  readonly violation: (
    violation: Violation,
    context?: ViolationContext,
  ) => Refusal & { readonly matchedDN?: string };
  /** Write rules of AD that slapd does not have; absent, slapd's. */
  readonly writes?: WriteRules;
  /**
   * slapd's frontend and its order of write checks (servers/slapd add.c, modify.c, modrdn.c,
   * delete.c, then back-mdb): the request itself first — values missing, the DN, under strict
   * schema checking names and values the schema does not accept (engine/request-checks.ts), the
   * root DSE, the subschema entry, a DN no database holds (engine/frontend-checks.ts) — then
   * authentication and NO-USER-MODIFICATION, then an added entry's schema, its place in the tree,
   * and access to the parent last; `frontend` words what only the frontend refuses. Absent: access
   * first, then the tree, then the entry and its values.
   */
  readonly frontend?: (refusal: FrontendRefusal, operation: ViolationContext['operation']) => Refusal;
  /** Texts of the errors every operation can hit. */
  readonly errors: {
    readonly insufficientAccess: Refusal;
    /** An unauthenticated write (slapd: 8 "modifications require authentication"). */
    readonly anonymousWrite: Refusal;
  };

  /** Size limits and paging, taken whole by the search-limits layer. */
  readonly limits: SearchLimitRules;
  /** Seconds an idle connection is kept (slapd's idletimeout, AD's MaxConnIdleTime); 0 = forever. */
  readonly idleTimeout: number;
  /**
   * slapo-sssvlv (a bootstrap folder that loads it): sorting and the virtual list view as slapd's
   * overlay serves them (engine/sorted-views.ts) instead of the profile's own sorting.
   */
  readonly sortedViews?: SortedViewRules;
  /** slapo-unique's domains (olcUniqueURI), checked on add, modify and modifyDN (engine/unique-values.ts). */
  readonly unique?: readonly UniqueDomain[];
  /** The order of search results and of linked values (member): as stored, or by objectGUID (Samba). */
  readonly order: 'stored' | 'objectGUID';
  /** Whether typesOnly is honoured (Samba sends values anyway). */
  readonly honourTypesOnly: boolean;
  /** Whether `+` asks for the operational attributes (RFC 3673); AD returns nothing more for it. */
  readonly plusMeansOperational: boolean;
  /** A search or write whose base/target does not exist. */
  noSuchObject(dn: string, matchedDN: string): { readonly message: string; readonly matchedDN: string };
  /** Values of one attribute returned at once (AD's MaxValRange); more come by range retrieval. 0 = no limit. */
  readonly maxValueRange: number;
  /** Windows fails a range that starts past the last value (unless RANGE_RETRIEVAL_NOERR); Samba returns it empty. */
  readonly rangePastEnd?: Refusal | undefined;
  /**
   * Continuation references a subtree search based at a naming context returns after its
   * entries (AD's other partitions), unless the Domain Scope control is sent.
   */
  readonly rootReferences: (
    namingContext: string,
    secure: boolean,
    scope: 'one' | 'sub',
  ) => readonly string[];
  /**
   * `<SID=…>` and `<GUID=…>` are accepted wherever a DN is (AD extended DN syntax): what an
   * unknown one answers, and a malformed one (Samba: 34 `invalid basedn '(null)'`).
   */
  readonly extendedDNs?: { notFound(dn: string): Refusal; readonly invalid: Refusal };

  /** memberOf is operational (only with `+` or by name) in OpenLDAP, a user attribute in AD. */
  readonly memberOfIsOperational: boolean;
  /** Group object classes and the member attribute the memberOf back-link follows. */
  readonly memberOfGroups: MemberOfRules;
  /** Attributes whose DN values follow deletes and renames (slapo-refint). */
  readonly referentialIntegrity: readonly string[];
  /** AD's constructed tokenGroups; a search for it at other than base scope fails with this. */
  readonly tokenGroups?: {
    readonly nonBaseScope: Refusal;
    /** Samba fails only once an entry is found (a search that finds none succeeds). */
    readonly whenFound?: boolean;
    /** Samba computes it for users only (a group has none). */
    readonly usersOnly?: boolean;
    /** Samba's paged search reads each entry it found by a base search: no refusal when paged. */
    readonly pagedAsBase?: boolean;
    /**
     * A subtree search whose filter no index serves fails as the whole full scan does (Samba's
     * "Indexed and full searches both failed!").
     */
    readonly unindexedSubtree?: {
      readonly refusal: Refusal;
      indexed(filter: Filter, schema: Schema): boolean;
    };
  };
  /**
   * The server's own reading of filter items (Samba's ldb: matching/ldb-filter-leaves.ts), and its
   * answer to a search in which an item cannot be evaluated, by the search's scope.
   */
  readonly filterLeaves?: {
    readonly evaluation: LeafEvaluation;
    failed(kind: FilterItemFailure['kind'], scope: 'base' | 'one' | 'sub'): Refusal;
    /**
     * The entries in scope the database evaluates the filter on (Samba: those ldb's index names),
     * where a failing item fails the search; the directory's own choice when absent.
     * `computed`: the attribute keys the directory computes rather than stores.
     */
    candidates?(
      directory: Directory,
      base: Entry,
      scope: 'base' | 'one' | 'sub',
      filter: Filter,
      computed: ReadonlySet<string>,
    ): Iterable<Entry>;
  };
  /**
   * A search or compare base that is no DN, refused before who asks is looked at (Samba: ldb
   * checks the DN first).
   */
  readonly invalidBaseDN?: Refusal;
  /** Attributes never returned by a search (AD's unicodePwd). */
  readonly unreadableAttributes: readonly string[];
  /**
   * Attributes only the entry itself and the rootdn may read or filter on: slapd's ACL
   * `to attrs=userPassword by self write by anonymous auth by * none`.
   */
  readonly ownerReadableAttributes: readonly string[];

  /** Extensible-match rules beyond the standard equality rules, by OID. */
  readonly extensibleRules: ReadonlyMap<string, ExtensibleRule>;
  /**
   * Assertion values are checked against the attribute's syntax, as slapd does: an object
   * identifier naming nothing in the schema, or an empty Directory String, makes a filter item
   * Undefined (so `(!(objectClass=noSuchClass))` matches nothing) and a compare fail with 21.
   * Absent, such an item is false.
   */
  readonly strictAssertionSyntax?: boolean;
  /**
   * How `~=` matches: 'phonetic' as slapd (word by word on metaphone codes, for text types whose
   * equality rule has an approximate rule: `(sn~=User0001)` finds every `User000N`). Absent: by
   * the attribute's equality rule.
   */
  readonly approximateMatch?: 'phonetic';
  /**
   * Computed attributes an extensible match does not see (lower-case names): slapd adds
   * hasSubordinates and subschemaSubentry to results on the way out, so `(hasSubordinates:=TRUE)`
   * is false for every entry.
   */
  readonly outboundAttributes?: readonly string[];
  /** RFC 4529: `@objectClass` in a search's attribute list asks for the class's attributes (slapd). */
  readonly objectClassAttributeLists?: boolean;
  /**
   * slapd's compare: the assertion is checked before the entry is looked up (DN syntax 34,
   * attribute type 17, value syntax 21, `entryDN compare not supported` 53), and the root DSE and
   * the subschema entry can be compared. Absent: the entry is looked up first.
   */
  readonly compareAssertionFirst?: boolean;

  /** WhoAmI: `dn:<DN>` (RFC 4532), `u:DOMAIN\user` (AD), or not implemented (Samba). */
  readonly whoAmI: 'dn' | 'netbios' | 'unsupported';
  readonly rootDSE: {
    /** Samba's root DSE matches a base search whatever its filter. */
    readonly anyFilter?: boolean;
    /** Samba's root DSE shows the session's security token as tokenGroups (engine/session-token.ts). */
    readonly sessionTokenGroups?: boolean;
    readonly vendorName?: string;
    readonly vendorVersion?: string;
    readonly structuralObjectClass?: string;
    readonly supportedFeatures: readonly string[];
    readonly supportedControl: readonly string[];
    readonly supportedExtension: readonly string[];
    readonly supportedSASLMechanisms: readonly string[];
    /** Samba's rootDSE has no objectClass attribute. */
    readonly noObjectClass?: boolean;
    /** slapd treats rootDSE attributes as operational (only `+` or by name); AD returns them for `*`. */
    readonly operationalAttributes: boolean;
    /** More rootDSE attributes, computed from the naming context (AD's defaultNamingContext…). */
    readonly extra?: (namingContext: string, now: Date) => Readonly<Record<string, readonly string[]>>;
  };
  /** The entry that publishes the schema (RFC 4512 §4.2). */
  readonly subschema: {
    /** Its DN: slapd's `cn=Subschema`, AD's `CN=Aggregate,CN=Schema,CN=Configuration,<domain>`. */
    dn(namingContext: string): string;
    readonly objectClasses: readonly string[];
    /** More (operational) attributes of it, by name. */
    /** `started`: when the server started (slapd dates its subschema entry so). */
    readonly extra?: (dn: string, started: Date) => Readonly<Record<string, readonly string[]>>;
    /** It has no children: one-level and subtree searches of it find no such object (slapd). */
    readonly baseScopeOnly?: boolean;
    /** It is an ordinary leaf object (Samba's CN=Aggregate): a subtree search finds it too. */
    readonly leaf?: boolean;
    /** Its attributes as the directory object it is (Samba), returned for `*`. */
    readonly entry?: (dn: string, started: Date) => Readonly<Record<string, readonly (string | Buffer)[]>>;
  };
  /** The answer to an extended operation the server does not implement. */
  unsupportedExtendedOperation(oid: string): Refusal & { readonly responseName?: string };
  readonly startTls: {
    /** StartTLS on a connection that already has TLS. */
    readonly alreadyStarted: Refusal;
    /** slapd answers without a responseName; Samba names the operation. */
    readonly responseName: boolean;
    /** slapd forgets the bind on StartTLS; Samba keeps it. */
    readonly resetsIdentity: boolean;
  };
  /** AD expands `(objectCategory=person)` to the class's DN, and takes SIDs as strings in filters. */
  readonly rewriteFilter?: (filter: Filter, context: FilterContext) => Filter;
  /** AD keeps distinguishedName and name (the RDN value) on every entry. */
  readonly namingAttributes: boolean;
  /**
   * The operational attributes a server writes: on add (slapd: entryUUID, createTimestamp…; AD:
   * objectGUID, whenCreated, uSNCreated…) and on modify (modifyTimestamp / whenChanged…).
   */
  readonly stamps: {
    /** Given the entry's own attributes, so per-class defaults can be added. */
    creation(creator: string, now: Date, attributes: readonly NewAttribute[]): NewAttribute[];
    modification(modifier: string, now: Date): NewAttribute[];
  };
}
