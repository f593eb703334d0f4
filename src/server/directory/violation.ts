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
  /** A value its syntax does not allow. */
  | { readonly kind: 'invalidSyntax'; readonly attribute: string; readonly position: number }
  /** Delete or increment of an attribute the entry does not have (`withValues`: the delete named values). */
  | {
      readonly kind: 'noSuchAttribute';
      readonly attribute: string;
      readonly during: 'delete' | 'increment';
      readonly typeName?: string;
      readonly withValues?: boolean;
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
  | { readonly kind: 'namingAttributeMissing'; readonly attribute: string }
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
  | { readonly kind: 'invalidNewRDN' }
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
  | { readonly kind: 'attributeNotAllowed'; readonly attribute: string };

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
