/** The strict schema check of a whole entry, in slapd's order of checks, reporting the first violation. */
import type { ResolvedAttributeType } from './schema-attribute-types.js';
import { type ResolvedObjectClass, structuralChain } from './schema-object-classes.js';
import type { Violation } from './violation.js';

/** The schema's part of the directory's violations. */
export type SchemaViolation = Extract<
  Violation,
  {
    kind:
      | 'undefinedAttributeType'
      | 'unknownObjectClass'
      | 'repeatedObjectClass'
      | 'noObjectClass'
      | 'structuralChain'
      | 'noStructuralClass'
      | 'requiredAttribute'
      | 'attributeNotAllowed';
  }
>;

/** What the check needs of the schema. */
export interface CheckedSchema {
  /** The type of an attribute description; the lenient default (known: false) when undefined. */
  attributeType(attributeDescription: string): ResolvedAttributeType;
  readonly objectClassAttribute: ResolvedAttributeType;
  readonly classByLowerName: ReadonlyMap<string, ResolvedObjectClass>;
}

const EXTENSIBLE_OBJECT_OID = '1.3.6.1.4.1.1466.101.120.111';

/**
 * Strict schema check of a whole entry, in slapd's order (verified against slapd 2.5 with
 * ldapadd); the first violation found (here with slapd's code and text for it, see
 * profiles/slapd-violations.ts):
 * 1. in entry order: an undefined attribute type → 17 `<name>: attribute type undefined`; the
 *    objectClass values: unknown → 21 `objectClass: value #<i> invalid per syntax`, repeated →
 *    20 `objectClass: value #<i> provided more than once`;
 * 2. no objectClass → 65 `no objectClass attribute`;
 * 3. structural classes on two chains → 65 `invalid structural object class chain (<a>/<b>)`;
 *    none → 65 `no structural object class provided`;
 * 4. MUST of the structural class and of each auxiliary class, in objectClass order →
 *    65 `object class '<class>' requires attribute '<attr>'`;
 * 5. each attribute, in entry order, must be allowed by some class (operational ones always
 *    are, and extensibleObject allows all) → 65 `attribute '<attr>' not allowed`.
 * `attributeNames` are the entry's attribute descriptions in entry order, options allowed;
 * when objectClass is not among them its values are checked first.
 * Not covered here (other layers): the RDN attributes (slapd adds missing ones), value
 * syntax, NO-USER-MODIFICATION (19 `<attr>: no user modification allowed`).
 */
export function findSchemaViolation(
  schema: CheckedSchema,
  objectClasses: readonly string[],
  attributeNames: readonly string[],
): SchemaViolation | undefined {
  const { objectClassAttribute, classByLowerName } = schema;
  const present = new Set<ResolvedAttributeType>();
  let objectClassChecked = false;
  for (const name of attributeNames) {
    const type = schema.attributeType(name);
    if (!type.known) {
      // Without an objectClass attribute in the list, its values count as coming first.
      const later = attributeNames.some((other) => schema.attributeType(other) === objectClassAttribute);
      if (!objectClassChecked && !later) {
        const violation = checkObjectClassValues(objectClasses, classByLowerName);
        if (violation) return violation;
      }
      return { kind: 'undefinedAttributeType', attribute: name };
    }
    present.add(type);
    if (type === objectClassAttribute && !objectClassChecked) {
      objectClassChecked = true;
      const violation = checkObjectClassValues(objectClasses, classByLowerName);
      if (violation) return violation;
    }
  }
  if (!objectClassChecked) {
    const violation = checkObjectClassValues(objectClasses, classByLowerName);
    if (violation) return violation;
  }
  if (objectClasses.length === 0) {
    return { kind: 'noObjectClass' };
  }
  present.add(objectClassAttribute);

  const { structural, conflict } = structuralChain(objectClasses, classByLowerName);
  if (conflict) {
    return { kind: 'structuralChain', classes: [conflict[0].name, conflict[1].name] };
  }
  if (!structural) {
    return { kind: 'noStructuralClass' };
  }

  const classes: ResolvedObjectClass[] = [];
  let extensible = false;
  for (const value of objectClasses) {
    const cls = classByLowerName.get(value.toLowerCase()) as ResolvedObjectClass;
    classes.push(cls);
    if (cls.description.oid === EXTENSIBLE_OBJECT_OID) extensible = true;
    // Superclasses of the structural class are covered by its own (inherited) MUST list.
    const kind = cls.description.kind;
    if (kind === 'ABSTRACT' || (kind === 'STRUCTURAL' && cls !== structural)) continue;
    for (const required of cls.required) {
      if (!present.has(required)) {
        return { kind: 'requiredAttribute', objectClass: cls.name, attribute: required.name };
      }
    }
  }

  if (extensible) return undefined;
  for (const name of attributeNames) {
    const type = schema.attributeType(name);
    if (type.operational || type === objectClassAttribute) continue;
    if (!classes.some((cls) => cls.allowed.has(type))) {
      return { kind: 'attributeNotAllowed', attribute: displayName(type, name) };
    }
  }
  return undefined;
}

function checkObjectClassValues(
  objectClasses: readonly string[],
  classByLowerName: ReadonlyMap<string, ResolvedObjectClass>,
): SchemaViolation | undefined {
  const seen = new Map<ResolvedObjectClass, number>();
  let duplicate: number | undefined;
  for (let i = 0; i < objectClasses.length; i++) {
    const cls = classByLowerName.get((objectClasses[i] as string).toLowerCase());
    if (!cls) {
      return { kind: 'unknownObjectClass', position: i };
    }
    const first = seen.get(cls);
    if (first === undefined) seen.set(cls, i);
    else duplicate ??= first;
  }
  // slapd validates every value before looking for duplicates, and names the first occurrence.
  if (duplicate !== undefined) {
    return { kind: 'repeatedObjectClass', position: duplicate };
  }
  return undefined;
}

/** `mail;lang-en` as slapd prints it: canonical type name, options lower-cased. */
function displayName(type: ResolvedAttributeType, asked: string): string {
  const semicolon = asked.indexOf(';');
  return semicolon < 0 ? type.name : type.name + asked.slice(semicolon).toLowerCase();
}
