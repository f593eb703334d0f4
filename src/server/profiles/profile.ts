/**
 * A profile is the set of behaviours that make the mock look like one real server. Every quirk is
 * a named knob here with the reason it exists; the engine that implements LDAP on top of the
 * directory reads the knobs and never asks which server it is emulating.
 */

import type { DNValueStyle } from '../../core/dn-escape.js';
import type { Filter } from '../../core/filter-ast.js';
import type { AccountRules } from '../accounts/account-rules.js';
import type { Directory } from '../directory/directory.js';
import type { NewAttribute } from '../directory/directory-changes.js';
import type { ExtensibleRule } from '../directory/evaluate-filter.js';
import type { Schema, SchemaOptions } from '../directory/schema.js';
import type { Violation, ViolationContext } from '../directory/violation.js';
import type { Refusal } from '../operations.js';

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
   * last; a modifyDN's new parent before the entry; a modify's attribute types before the entry's values.
   */
  readonly parentFirst: boolean;
  /**
   * Linked attributes (AD's member): each value must name an entry; adding one held already or
   * deleting one not held is refused with the target's objectGUID.
   */
  readonly linkedAttributes: readonly string[];
  /**
   * Syntaxes whose duplicate values Samba's database finds octet by octet (`a` and `A` are two
   * values of a Unicode String), where matching (filters, deletes) still folds case.
   */
  readonly exactDuplicateSyntaxes: readonly string[];
  /** A second value of a single-valued attribute is refused before a value already there (Samba). */
  readonly singleValueFirst: boolean;
  /** A new entry's objectClass holds every superclass too, by canonical name, `top` first (AD). */
  readonly objectClassChain: boolean;
}

/** Size limits and paging as a server applies them. */
export interface SearchLimitRules {
  /** Entries returned per search to anyone the server does not exempt (slapd's rootdn); 0 = unlimited. Result 4 past it. */
  readonly sizeLimit: number;
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
}

/** What a filter rewrite may consult. */
export interface FilterContext {
  readonly namingContext: string;
  readonly schema: Schema;
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
    /** A SASL bind: we implement no mechanism. */
    readonly saslUnsupported: Refusal;
    /** A bind name that names no entry in any accepted form and is not a DN. */
    readonly invalidName: Refusal;
    /** Samba keeps the previous identity when a bind fails (RFC 4513 §4 says: anonymous). */
    readonly failedBindKeepsIdentity: boolean;
    /** AD also takes `user@upn-suffix` and `NETBIOS\sAMAccountName` as bind names (MS-ADTS 5.1.1.1.1). */
    readonly upnNames: boolean;
    readonly netbiosDomain?: string;
  };

  /** slapd's rootdn: an administrator that is not an entry. AD has none (its administrators are accounts). */
  readonly rootDN?: (baseDN: string) => string;
  /** What an unbound session may do beyond reading the rootDSE: everything (slapd ACLs), or nothing (AD). */
  readonly anonymousOperations: 'allowed' | Refusal;
  /** Samba lets an unbound session compare, though it may not search. */
  readonly anonymousCompare: boolean;
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
   * slapd's order of write checks (servers/slapd add.c, modify.c, modrdn.c, delete.c, then
   * back-mdb): the request itself first — under strict schema checking, DNs and attribute types
   * the schema does not define; values invalid per syntax, several values of a single-valued
   * type, a value given twice (engine/request-checks.ts) — then authentication and
   * NO-USER-MODIFICATION, then an added entry's schema, its place in the tree, and access to the
   * parent last. Absent: access first, then the tree, then the entry and its values.
   */
  readonly requestChecksFirst?: boolean;
  /** Texts of the errors every operation can hit. */
  readonly errors: {
    readonly insufficientAccess: Refusal;
    /** An unauthenticated write (slapd: 8 "modifications require authentication"). */
    readonly anonymousWrite: Refusal;
  };

  /** Size limits and paging, taken whole by the search-limits layer. */
  readonly limits: SearchLimitRules;
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
  readonly memberOfGroups: { readonly objectClasses: readonly string[]; readonly memberAttribute: string };
  /** Attributes whose DN values follow deletes and renames (slapo-refint). */
  readonly referentialIntegrity: readonly string[];
  /** AD's constructed tokenGroups; a search for it at other than base scope fails with this. */
  readonly tokenGroups?: { readonly nonBaseScope: Refusal };
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
    readonly extra?: (dn: string) => Readonly<Record<string, readonly string[]>>;
    /** It has no children: one-level and subtree searches of it find no such object (slapd). */
    readonly baseScopeOnly?: boolean;
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
