/**
 * What a server takes in an application's schema file and how its subschema entry words what it
 * took: the part of a profile's schema that `schema: [files]` / `--schema FILE` consults.
 */
import type { AttributeTypeDescription } from '../../core/attribute-type-description.js';
import type { ObjectClassDescription } from '../../core/object-class-description.js';

/** Where an attribute type names a matching rule. */
export type RuleKeyword = 'EQUALITY' | 'ORDERING' | 'SUBSTR';

export interface SchemaExtensionRules {
  /**
   * The subschema entry's value for a loaded attribute type, in the server's own form; `syntax`
   * is the type's own or its supertype's.
   */
  readonly wordAttributeType: (description: AttributeTypeDescription, syntax: string | undefined) => string;
  readonly wordObjectClass: (description: ObjectClassDescription) => string;
  /** Whether a loaded attribute type may name this syntax OID. */
  readonly knowsSyntax: (syntax: string) => boolean;
  /**
   * Why a loaded attribute type may not name `rule` as its `keyword` rule (slapd's words), given
   * its syntax and equality rule (both inherited where not its own); undefined when it may.
   */
  readonly refuseMatchingRule: (
    keyword: RuleKeyword,
    rule: string,
    type: { readonly syntax: string | undefined; readonly equality: string | undefined },
  ) => string | undefined;
  /** Whether a loaded attribute type may be operational (slapd refuses: "… is operational"). */
  readonly operationalTypes: boolean;
  /**
   * AD schema objects (attributeSchema/classSchema) are published in Samba's forms, with their
   * extendedAttributeInfo, extendedClassInfo and content rules; else worded like the rest.
   */
  readonly adForms: boolean;
}
