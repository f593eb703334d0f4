/**
 * What the directory refuses, and why, as data: which rule, which attribute, which value. The
 * profile turns a violation into the emulated server's result code and text (slapd's
 * `modify/add: mail: value #0 already exists`, Samba's `SINGLE-VALUE attribute mail…`), so the
 * directory never speaks for any server.
 */
export type Violation =
  // --- values of one change
  /** An add or modify/add without values (`typeName`: the attribute's schema name). */
  | {
      readonly kind: 'noValues';
      readonly attribute: string;
      readonly during: 'add' | 'modify';
      readonly typeName?: string;
    }
  /**
   * A value given twice, or already there (`position` counts from 0 in the change). The details
   * Samba prints: `value` (as text), `existing` (already in the entry, not repeated in the
   * change), and for an existing one the OIDs of the entry's stored attributes and its own.
   */
  | {
      readonly kind: 'duplicateValue';
      readonly attribute: string;
      readonly position: number;
      readonly during: 'add' | 'modifyAdd' | 'modifyReplace';
      readonly typeName?: string;
      readonly value?: string;
      readonly existing?: boolean;
      readonly storedAttributes?: readonly string[];
      readonly oid?: string;
    }
  /**
   * A second value of a SINGLE-VALUE attribute (`attribute`: its schema name); `inRequest` when
   * one attribute of the request itself carries several (`attribute`: as the request names it).
   */
  | {
      readonly kind: 'singleValue';
      readonly attribute: string;
      readonly inRequest?: boolean;
      /** An add request's values, or a modify's (Samba answers them with different codes). */
      readonly during?: 'add' | 'modify';
    }
  /** A value its syntax does not allow; `unvalidatedSyntax`: a syntax the server cannot check at all. */
  | {
      readonly kind: 'invalidSyntax';
      readonly attribute: string;
      readonly position: number;
      readonly unvalidatedSyntax?: string;
    }
  /** Delete or increment of an attribute the entry does not have (`withValues`: the delete named values). */
  | {
      readonly kind: 'noSuchAttribute';
      readonly attribute: string;
      readonly during: 'delete' | 'increment';
      readonly typeName?: string;
      readonly withValues?: boolean;
      /** A linked attribute's values (AD): Samba's replication module refuses it, in its own words. */
      readonly linked?: boolean;
    }
  /** Delete of a value the attribute does not hold. */
  | { readonly kind: 'noSuchValue'; readonly attribute: string; readonly typeName?: string }
  /**
   * Increment needs exactly one value (`inRequest`: seen in the request itself, before the entry
   * is looked at), an integer, and integer values to add it to, of a type with integer syntax.
   */
  | { readonly kind: 'incrementValueCount'; readonly attribute: string; readonly inRequest?: boolean }
  | { readonly kind: 'incrementInappropriate'; readonly attribute: string }
  | { readonly kind: 'incrementNotInteger'; readonly attribute: string }
  | { readonly kind: 'incrementOriginalNotInteger'; readonly attribute: string }
  /** A change that would remove a value of the entry's RDN (`attribute`: its schema name). */
  | {
      readonly kind: 'namingAttributeMissing';
      readonly attribute: string;
      /** The entry keeps other values of the attribute: only the RDN's value is gone. */
      readonly attributePresent?: boolean;
    }
  /**
   * A modify of what names the entry, where only modifyDN may change it (AD): its RDN attribute
   * (`attribute` as the DN spells it), `name` or `distinguishedName`.
   */
  | {
      readonly kind: 'namingAttributeChange';
      readonly attribute: string;
      readonly naming: 'rdn' | 'name' | 'distinguishedName';
    }
  /** An attribute only the server writes: constructed, or system-only (AD), as the request names it. */
  | {
      readonly kind: 'noUserModification';
      readonly attribute: string;
      readonly during: 'add' | 'modify';
      readonly reason: 'constructed' | 'systemOnly';
    }
  /** A modification type the server does not implement (Samba: increment, RFC 4525). */
  | { readonly kind: 'unsupportedModification'; readonly operation: string }
  /**
   * A new entry's own values of its single-valued RDN attribute do not include the RDN's value
   * (`attribute` as the DN spells it, `given` as the request gives them).
   */
  | {
      readonly kind: 'rdnMismatch';
      readonly attribute: string;
      readonly typeName: string;
      readonly value: string;
      readonly given: readonly string[];
    }
  /** An RDN of more than one attribute value assertion, where the server takes one only (AD). */
  | { readonly kind: 'multiValuedRdn'; readonly during: 'add' | 'modifyDN' }
  /** A modifyDN keeping the old RDN value, where the server always deletes it (AD). */
  | { readonly kind: 'oldRdnKept' }
  /** A modify that would change the entry's structural object class (AD), by canonical names. */
  | { readonly kind: 'structuralClassChange'; readonly before: string; readonly after: string }
  /**
   * A linked attribute's value (AD's member) naming no entry; naming one it holds already
   * (add) or does not hold (delete), `guid`: that entry's objectGUID in its string form.
   */
  | { readonly kind: 'linkTargetMissing'; readonly attribute: string }
  | {
      readonly kind: 'linkedValue';
      readonly attribute: string;
      readonly guid: string;
      readonly problem: 'exists' | 'missing';
    }
  // --- entries
  | { readonly kind: 'addRootDSE' }
  | { readonly kind: 'entryExists' }
  /** The entry (or the parent of a new one) does not exist; `matchedDN` is its nearest existing ancestor. */
  | { readonly kind: 'noSuchEntry'; readonly matchedDN: string }
  /** `children`: how many entries are directly below it. */
  | { readonly kind: 'notLeaf'; readonly children?: number }
  /** An RDN with an empty value, where the server refuses one (AD). */
  | { readonly kind: 'emptyRdnValue'; readonly during: 'add' | 'modifyDN' }
  | { readonly kind: 'invalidDN' }
  /** rdns: how many RDNs the new RDN has when that is what is wrong (none, or several). */
  | { readonly kind: 'invalidNewRDN'; readonly rdns?: number }
  | { readonly kind: 'newSuperiorMissing' }
  | { readonly kind: 'moveBelowItself' }
  // --- the schema (strict checking)
  | { readonly kind: 'undefinedAttributeType'; readonly attribute: string }
  /** `name`: the value as given. */
  | { readonly kind: 'unknownObjectClass'; readonly position: number; readonly name?: string }
  | { readonly kind: 'repeatedObjectClass'; readonly position: number; readonly name?: string }
  | { readonly kind: 'noObjectClass' }
  /** `byDepth`: the two classes, the one with fewer superclasses first. */
  | {
      readonly kind: 'structuralChain';
      readonly classes: readonly [string, string];
      readonly byDepth?: readonly [string, string];
    }
  | { readonly kind: 'noStructuralClass' }
  /** The first missing MUST attribute in the server's order of classes; `missing`: all of them. */
  | {
      readonly kind: 'requiredAttribute';
      readonly objectClass: string;
      readonly attribute: string;
      readonly missing?: readonly string[];
      /** An attribute no class of the entry allows, found too (Samba reports it first). */
      readonly notAllowed?: string;
    }
  | { readonly kind: 'attributeNotAllowed'; readonly attribute: string }
  // --- Active Directory (Samba's modules, in their order: engine/ad-request-checks.ts, ad-write-checks.ts)
  /** A value of no octets, refused before the request goes anywhere (`attribute` as the request names it). */
  | { readonly kind: 'emptyValue'; readonly attribute: string }
  /** A modify or delete of the root DSE (an add is addRootDSE). */
  | { readonly kind: 'rootDSEWrite' }
  /** A value of a DN-syntax attribute that is no DN (`syntax`: the attribute's syntax OID). */
  | { readonly kind: 'dnValueInvalid'; readonly value: string; readonly syntax: string }
  /** A DN value (other than a linked attribute's, see linkTargetMissing) naming no entry. */
  | { readonly kind: 'referenceMissing'; readonly attribute: string }
  /** A linked attribute's value to delete that names no entry (`dn` as the request gives it). */
  | { readonly kind: 'linkTargetUnknown'; readonly dn: string; readonly during?: 'add' }
  /** The RDN's attribute is the RDN attribute of none of the object's classes (`objectClass`: its structural class). */
  | {
      readonly kind: 'rdnAttributeNotAllowed';
      readonly attribute: string;
      readonly objectClass: string;
      readonly during: 'add' | 'modifyDN';
    }
  /** The object's structural class may not live below its parent (`parent`: the parent's DN as stored). */
  | {
      readonly kind: 'parentNotAllowed';
      readonly objectClass: string;
      readonly parent: string;
      readonly during: 'add' | 'modifyDN';
    }
  /** An entry the server keeps: systemFlags' disallow-delete bit, the DC's RID Set, a well-known SID (RID below 1000). */
  | { readonly kind: 'deleteProtected'; readonly reason: 'systemFlags' | 'ridSet' | 'wellKnownSid' }
  /** A write the session may not make (`parent`: the parent's DN as stored, which a delete's text names). */
  | { readonly kind: 'accessDenied'; readonly parent?: string }
  /** sAMAccountName: held by another object, given more than once, or removed. */
  | { readonly kind: 'accountNameInUse'; readonly name: string }
  | { readonly kind: 'accountNameCount'; readonly count: number; readonly during: 'add' | 'modify' }
  /** An attribute an account cannot be without (sAMAccountName, userAccountControl), deleted or emptied. */
  | { readonly kind: 'accountAttributeRemoved'; readonly attribute: string }
  /** An account's attribute (userAccountControl, member) written on an object that is no such account. */
  | { readonly kind: 'accountAttributeOnNonAccount'; readonly attribute: string }
  /** A modify's objectClass: a class added that the entry has, deleted that it has not; no structural class left. */
  | { readonly kind: 'objectClassPresent'; readonly name: string }
  | { readonly kind: 'objectClassAbsent'; readonly name: string }
  | { readonly kind: 'structuralClassesRemoved' }
  /** A rename to a new parent of a DN that does not parse (with no new parent, it is invalidDN). */
  | { readonly kind: 'invalidOldDN' };

/**
 * Where a violation happened, for the servers that name it in their text (Samba): the operation,
 * the DN as the request gave it, the entry's DN as stored, and the DN a new or renamed entry
 * would have (its RDN's type upper-cased, its parent as stored: Samba's form).
 */
export interface ViolationContext {
  readonly operation: 'add' | 'modify' | 'delete' | 'modifyDN';
  readonly dn: string;
  readonly storedDN?: string;
  readonly newDN?: string;
}

/** Thrown by the directory; the engine asks the profile how its server words it. */
export class DirectoryViolation extends Error {
  override readonly name = 'DirectoryViolation';
  constructor(readonly violation: Violation) {
    super(`directory refused the change: ${violation.kind}`);
  }
}
