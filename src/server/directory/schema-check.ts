/** The strict schema check of a whole entry, in slapd's order of checks, reporting the first violation. */
import type { Entry } from './entry.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';
import { type ResolvedObjectClass, structuralChain } from './schema-object-classes.js';
import { DirectoryViolation, type Violation } from './violation.js';

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

/** Every kind of SchemaViolation (a Record, so that a new kind cannot be forgotten here). */
const SCHEMA_KINDS: Readonly<Record<SchemaViolation['kind'], true>> = {
  undefinedAttributeType: true,
  unknownObjectClass: true,
  repeatedObjectClass: true,
  noObjectClass: true,
  structuralChain: true,
  noStructuralClass: true,
  requiredAttribute: true,
  attributeNotAllowed: true,
};

/** Whether the schema refused it: what a fixture is told it may relax or extend. */
export function isSchemaViolation(violation: Violation): violation is SchemaViolation {
  return Object.hasOwn(SCHEMA_KINDS, violation.kind);
}

/**
 * The check every written entry gets, over LDAP and from a fixture alike: the whole schema
 * (`strict`, as the emulated server always checks), or only an objectClass (lenient, opted into
 * for data that uses attributes no loaded schema defines). Throws the first violation.
 */
export function checkEntrySchema(schema: CheckedEntrySchema, entry: Entry, strict: boolean): void {
  const objectClasses = entry.strings('objectclass');
  if (!strict) {
    if (objectClasses.length === 0) throw new DirectoryViolation({ kind: 'noObjectClass' });
    return;
  }
  const problem = schema.checkEntry(
    objectClasses,
    [...entry.attributes.values()].map((a) => a.type),
  );
  if (problem) throw new DirectoryViolation(problem);
}

/** What checkEntrySchema needs of the schema (schema.ts's Schema). */
export interface CheckedEntrySchema {
  checkEntry(
    objectClasses: readonly string[],
    attributeNames: readonly string[],
  ): SchemaViolation | undefined;
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
    const [a, b] = conflict;
    const byDepth = a.superclassSet.size <= b.superclassSet.size ? [a, b] : [b, a];
    return {
      kind: 'structuralChain',
      classes: [a.name, b.name],
      byDepth: [byDepth[0]!.name, byDepth[1]!.name],
    };
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
        return {
          kind: 'requiredAttribute',
          objectClass: cls.name,
          attribute: required.name,
          missing: missingRequired(objectClasses, classByLowerName, structural, present),
          ...notAllowedToo(schema, objectClasses, attributeNames),
        };
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
      return { kind: 'unknownObjectClass', position: i, name: objectClasses[i] as string };
    }
    const first = seen.get(cls);
    if (first === undefined) seen.set(cls, i);
    else duplicate ??= first;
  }
  // slapd validates every value before looking for duplicates, and names the first occurrence.
  if (duplicate !== undefined) {
    return { kind: 'repeatedObjectClass', position: duplicate, name: objectClasses[duplicate] as string };
  }
  return undefined;
}

/** The first attribute no class allows, for servers that check that before MUST (Samba). */
function notAllowedToo(
  schema: CheckedSchema,
  objectClasses: readonly string[],
  attributeNames: readonly string[],
): { notAllowed?: string } {
  const classes = objectClasses.flatMap((v) => schema.classByLowerName.get(v.toLowerCase()) ?? []);
  if (classes.some((cls) => cls.description.oid === EXTENSIBLE_OBJECT_OID)) return {};
  for (const name of attributeNames) {
    const type = schema.attributeType(name);
    if (type.operational || type === schema.objectClassAttribute) continue;
    if (!classes.some((cls) => cls.allowed.has(type))) return { notAllowed: displayName(type, name) };
  }
  return {};
}

/** Every MUST attribute the entry lacks, of its structural class and its other non-abstract classes. */
function missingRequired(
  objectClasses: readonly string[],
  classByLowerName: ReadonlyMap<string, ResolvedObjectClass>,
  structural: ResolvedObjectClass,
  present: ReadonlySet<ResolvedAttributeType>,
): string[] {
  const missing = new Set<string>();
  for (const value of objectClasses) {
    const cls = classByLowerName.get(value.toLowerCase());
    if (
      !cls ||
      cls.description.kind === 'ABSTRACT' ||
      (cls.description.kind === 'STRUCTURAL' && cls !== structural)
    )
      continue;
    for (const required of cls.required) if (!present.has(required)) missing.add(required.name);
  }
  return [...missing];
}

/** `mail;lang-en` as slapd prints it: canonical type name, options lower-cased. */
function displayName(type: ResolvedAttributeType, asked: string): string {
  const semicolon = asked.indexOf(';');
  return semicolon < 0 ? type.name : type.name + asked.slice(semicolon).toLowerCase();
}
