/**
 * What the directory refuses, and why, as data: which rule, which attribute, which value. The
 * profile turns a violation into the emulated server's result code and text (slapd's
 * `modify/add: mail: value #0 already exists`, Samba's `SINGLE-VALUE attribute mail…`), so the
 * directory never speaks for any server.
 */
export type Violation =
  // --- values of one change
  /** An add or modify/add without values. */
  | { readonly kind: 'noValues'; readonly attribute: string; readonly during: 'add' | 'modify' }
  /** A value given twice, or already there (`position` counts from 0 in the change). */
  | {
      readonly kind: 'duplicateValue';
      readonly attribute: string;
      readonly position: number;
      readonly during: 'add' | 'modifyAdd' | 'modifyReplace';
    }
  /** A second value of a SINGLE-VALUE attribute (`attribute`: its schema name). */
  | { readonly kind: 'singleValue'; readonly attribute: string }
  /** A value its syntax does not allow. */
  | { readonly kind: 'invalidSyntax'; readonly attribute: string; readonly position: number }
  /** Delete or increment of an attribute the entry does not have. */
  | { readonly kind: 'noSuchAttribute'; readonly attribute: string; readonly during: 'delete' | 'increment' }
  /** Delete of a value the attribute does not hold. */
  | { readonly kind: 'noSuchValue'; readonly attribute: string }
  /** Increment needs exactly one value, an integer, and integer values to add it to. */
  | { readonly kind: 'incrementValueCount'; readonly attribute: string }
  | { readonly kind: 'incrementNotInteger'; readonly attribute: string }
  | { readonly kind: 'incrementOriginalNotInteger'; readonly attribute: string }
  /** A change that would remove a value of the entry's RDN (`attribute`: its schema name). */
  | { readonly kind: 'namingAttributeMissing'; readonly attribute: string }
  // --- entries
  | { readonly kind: 'addRootDSE' }
  | { readonly kind: 'entryExists' }
  /** The entry (or the parent of a new one) does not exist; `matchedDN` is its nearest existing ancestor. */
  | { readonly kind: 'noSuchEntry'; readonly matchedDN: string }
  | { readonly kind: 'notLeaf' }
  | { readonly kind: 'invalidDN' }
  | { readonly kind: 'invalidNewRDN' }
  | { readonly kind: 'newSuperiorMissing' }
  | { readonly kind: 'moveBelowItself' }
  // --- the schema (strict checking)
  | { readonly kind: 'undefinedAttributeType'; readonly attribute: string }
  | { readonly kind: 'unknownObjectClass'; readonly position: number }
  | { readonly kind: 'repeatedObjectClass'; readonly position: number }
  | { readonly kind: 'noObjectClass' }
  | { readonly kind: 'structuralChain'; readonly classes: readonly [string, string] }
  | { readonly kind: 'noStructuralClass' }
  | { readonly kind: 'requiredAttribute'; readonly objectClass: string; readonly attribute: string }
  | { readonly kind: 'attributeNotAllowed'; readonly attribute: string };

/** Thrown by the directory; the engine asks the profile how its server words it. */
export class DirectoryViolation extends Error {
  override readonly name = 'DirectoryViolation';
  constructor(readonly violation: Violation) {
    super(`directory refused the change: ${violation.kind}`);
  }
}
