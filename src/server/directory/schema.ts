/**
 * The schema a profile's directory runs with: attribute types and object classes parsed from
 * RFC 4512 descriptions, resolved once (SUP chains, aliases, inherited MUST/MAY) so that every
 * lookup on the hot path is a single map access.
 *
 * Unknown attribute types get a lenient default (case-insensitive directory string), because the
 * mock's default schema checking is lenient (SPEC §4); `checkEntry` is the strict switch and
 * reproduces slapd's order of checks (verified against slapd 2.5 with ldapadd), reporting what
 * it finds as a violation for the profile to word.
 */

import {
  type AttributeTypeDescription,
  type ObjectClassDescription,
  parseAttributeTypeDescription,
  parseObjectClassDescription,
} from '../../core/schema-description.js';
import type { Violation } from './violation.js';

export interface ResolvedAttributeType extends AttributeTypeDescription {
  /** Canonical name: the first NAME, else the OID; for an unknown type, the name as asked (options stripped). */
  readonly name: string;
  /** False for the lenient default given to a name the schema does not define. */
  readonly known: boolean;
  /** usage is not userApplications: returned only with `+` or when asked by name. */
  readonly operational: boolean;
  /** Values are octets, not text (octet string, binary, certificate, JPEG, audio…): never case-folded. */
  readonly binary: boolean;
}

export interface SchemaOptions {
  /** RFC 4512 AttributeTypeDescriptions, in the order the subschema entry publishes them. */
  readonly attributeTypes: readonly string[];
  /** RFC 4512 ObjectClassDescriptions, in publishing order. */
  readonly objectClasses: readonly string[];
  /**
   * Attribute types the server knows but does not list in its subschema entry (slapd hides e.g.
   * configContext, monitorContext, subtreeSpecification).
   */
  readonly hiddenAttributeTypes?: readonly string[];
}

/** A schema-checking failure, as the emulated server reports it. */
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

const DIRECTORY_STRING = '1.3.6.1.4.1.1466.115.121.1.15';
const OBJECT_CLASS_OID = '2.5.4.0';
const EXTENSIBLE_OBJECT_OID = '1.3.6.1.4.1.1466.101.120.111';

/**
 * Syntaxes whose values are octets rather than text. The seven of RFC 4517 (Octet String,
 * Binary, Certificate, Certificate List, Certificate Pair, JPEG, Audio) plus the other syntaxes
 * slapd marks X-NOT-HUMAN-READABLE (Supported Algorithm, X.509 AttributeCertificate, PKCS#8).
 */
const BINARY_SYNTAXES: ReadonlySet<string> = new Set([
  '1.3.6.1.4.1.1466.115.121.1.40',
  '1.3.6.1.4.1.1466.115.121.1.5',
  '1.3.6.1.4.1.1466.115.121.1.8',
  '1.3.6.1.4.1.1466.115.121.1.9',
  '1.3.6.1.4.1.1466.115.121.1.10',
  '1.3.6.1.4.1.1466.115.121.1.28',
  '1.3.6.1.4.1.1466.115.121.1.4',
  '1.3.6.1.4.1.1466.115.121.1.49',
  '1.3.6.1.4.1.4203.666.11.10.2.1',
  '1.2.840.113549.1.8.1.1',
]);

/**
 * Bound on the exact-spelling lookup cache: names from clients are unbounded, so past this many
 * distinct spellings lookups still work but are no longer remembered.
 */
const MAX_CACHED_SPELLINGS = 20_000;

/** An object class with its inheritance resolved. */
interface ResolvedObjectClass {
  readonly description: ObjectClassDescription;
  readonly name: string;
  /** Transitive superclasses, nearest first, no duplicates. */
  readonly superclasses: readonly ResolvedObjectClass[];
  readonly superclassNames: readonly string[];
  readonly superclassSet: ReadonlySet<ResolvedObjectClass>;
  /** MUST including inherited ones, superclasses' first (the order slapd reports them in). */
  readonly required: readonly ResolvedAttributeType[];
  /** MUST and MAY, inherited included. */
  readonly allowed: ReadonlySet<ResolvedAttributeType>;
}

function canonicalName(description: { names: string[]; oid: string }): string {
  return description.names[0] ?? description.oid;
}

/** The attribute description without its options: `cn;lang-en` → `cn`. */
function baseName(attributeDescription: string): string {
  const semicolon = attributeDescription.indexOf(';');
  return semicolon < 0 ? attributeDescription : attributeDescription.slice(0, semicolon);
}

/** The result of the structural chain walk over an entry's objectClass values. */
interface StructuralChain {
  readonly structural?: ResolvedObjectClass;
  /** The first pair that is not on one superclass chain, as slapd names them. */
  readonly conflict?: readonly [ResolvedObjectClass, ResolvedObjectClass];
}

export class Schema {
  readonly #attributeTypes: ResolvedAttributeType[] = [];
  /** Lower-cased names and OIDs of known types. */
  readonly #attributeByLowerName = new Map<string, ResolvedAttributeType>();
  /** Exact spellings already resolved (with options), so that a repeated lookup allocates nothing. */
  readonly #attributeBySpelling = new Map<string, ResolvedAttributeType>();
  readonly #subtypes = new Map<ResolvedAttributeType, ResolvedAttributeType[]>();
  readonly #published: readonly string[];
  readonly #objectClassesInOrder: ResolvedObjectClass[] = [];
  #publishedObjectClasses: readonly string[] = [];
  readonly #classByLowerName = new Map<string, ResolvedObjectClass>();
  readonly #objectClassAttribute: ResolvedAttributeType;

  constructor(options: SchemaOptions) {
    const published = options.attributeTypes.map(parseAttributeTypeDescription);
    const hidden = (options.hiddenAttributeTypes ?? []).map(parseAttributeTypeDescription);
    this.#published = Object.freeze(published.map((description) => description.raw));
    this.#resolveAttributeTypes([...published, ...hidden]);
    const objectClassAttribute = this.#attributeByLowerName.get(OBJECT_CLASS_OID);
    if (!objectClassAttribute)
      throw new Error(`schema: the objectClass attribute type (${OBJECT_CLASS_OID}) is not defined`);
    this.#objectClassAttribute = objectClassAttribute;
    this.#resolveObjectClasses(options.objectClasses.map((text) => parseObjectClassDescription(text)));
    this.#publishedObjectClasses = Object.freeze(
      this.#objectClassesInOrder.map((cls) => cls.description.raw),
    );
  }

  /** Combines definition sets; a later definition with the same OID replaces the earlier one in place. */
  static merge(...definitions: SchemaOptions[]): SchemaOptions {
    const attributeTypes = new Map<string, string>();
    const objectClasses = new Map<string, string>();
    const hiddenAttributeTypes = new Map<string, string>();
    for (const set of definitions) {
      for (const text of set.attributeTypes)
        attributeTypes.set(parseAttributeTypeDescription(text).oid, text);
      for (const text of set.objectClasses) objectClasses.set(parseObjectClassDescription(text).oid, text);
      for (const text of set.hiddenAttributeTypes ?? []) {
        hiddenAttributeTypes.set(parseAttributeTypeDescription(text).oid, text);
      }
    }
    return {
      attributeTypes: [...attributeTypes.values()],
      objectClasses: [...objectClasses.values()],
      hiddenAttributeTypes: [...hiddenAttributeTypes.values()],
    };
  }

  /**
   * The type for an attribute description, by any NAME or the OID, case-insensitively, options
   * ignored (`cn;lang-en`, `userCertificate;binary`). Never undefined: an unknown name gets the
   * lenient default (known: false).
   */
  attributeType(attributeDescription: string): ResolvedAttributeType {
    const cached = this.#attributeBySpelling.get(attributeDescription);
    if (cached) return cached;
    const base = baseName(attributeDescription);
    const resolved =
      this.#attributeByLowerName.get(base.toLowerCase()) ?? unknownAttributeType(base, attributeDescription);
    if (this.#attributeBySpelling.size < MAX_CACHED_SPELLINGS) {
      this.#attributeBySpelling.set(attributeDescription, resolved);
    }
    return resolved;
  }

  /**
   * The type and all known types below it in SUP chains, the type first: `name` → name, cn, sn,
   * c, o, ou… (slapd matches a filter on `name` and returns `name` with its subtypes).
   * An unknown type has itself only.
   */
  subtypes(attributeDescription: string): readonly ResolvedAttributeType[] {
    const type = this.attributeType(attributeDescription);
    return this.#subtypes.get(type) ?? [type];
  }

  /** Known attribute types in publishing order, hidden ones included. */
  attributeTypes(): readonly ResolvedAttributeType[] {
    return this.#attributeTypes;
  }

  objectClass(name: string): ObjectClassDescription | undefined {
    return this.#classByLowerName.get(name.toLowerCase())?.description;
  }

  /** Canonical name of an object class (`newPilotPerson` → `pilotPerson`), or undefined when unknown. */
  objectClassName(name: string): string | undefined {
    return this.#classByLowerName.get(name.toLowerCase())?.name;
  }

  /**
   * Canonical names of all superclasses, nearest first, `top` included (every class derives from
   * it, and slapd matches `(objectClass=top)` on every entry). Empty for an unknown class.
   */
  superclasses(name: string): readonly string[] {
    return this.#classByLowerName.get(name.toLowerCase())?.superclassNames ?? [];
  }

  /** True when `name` is `ancestor` or derives from it (objectClass equality matching). */
  isSubclassOf(name: string, ancestor: string): boolean {
    const cls = this.#classByLowerName.get(name.toLowerCase());
    const other = this.#classByLowerName.get(ancestor.toLowerCase());
    if (!cls || !other) return false;
    return cls === other || cls.superclassSet.has(other);
  }

  /**
   * The entry's structural object class: the most specific structural class on its chain.
   * Unknown names are skipped; when two structural classes are on different chains (which
   * checkEntry rejects) the earlier one wins. Undefined when there is none.
   */
  structuralObjectClass(objectClasses: readonly string[]): string | undefined {
    return this.#structuralChain(objectClasses).structural?.name;
  }

  /**
   * Strict schema check of a whole entry, in slapd's order; the first violation found (here with
   * slapd's code and text for it, see profiles/slapd-violations.ts):
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
  checkEntry(
    objectClasses: readonly string[],
    attributeNames: readonly string[],
  ): SchemaViolation | undefined {
    const present = new Set<ResolvedAttributeType>();
    let objectClassChecked = false;
    for (const name of attributeNames) {
      const type = this.attributeType(name);
      if (!type.known) {
        // Without an objectClass attribute in the list, its values count as coming first.
        const later = attributeNames.some(
          (other) => this.attributeType(other) === this.#objectClassAttribute,
        );
        if (!objectClassChecked && !later) {
          const violation = this.#checkObjectClassValues(objectClasses);
          if (violation) return violation;
        }
        return { kind: 'undefinedAttributeType', attribute: name };
      }
      present.add(type);
      if (type === this.#objectClassAttribute && !objectClassChecked) {
        objectClassChecked = true;
        const violation = this.#checkObjectClassValues(objectClasses);
        if (violation) return violation;
      }
    }
    if (!objectClassChecked) {
      const violation = this.#checkObjectClassValues(objectClasses);
      if (violation) return violation;
    }
    if (objectClasses.length === 0) {
      return { kind: 'noObjectClass' };
    }
    present.add(this.#objectClassAttribute);

    const { structural, conflict } = this.#structuralChain(objectClasses);
    if (conflict) {
      return { kind: 'structuralChain', classes: [conflict[0].name, conflict[1].name] };
    }
    if (!structural) {
      return { kind: 'noStructuralClass' };
    }

    const classes: ResolvedObjectClass[] = [];
    let extensible = false;
    for (const value of objectClasses) {
      const cls = this.#classByLowerName.get(value.toLowerCase()) as ResolvedObjectClass;
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
      const type = this.attributeType(name);
      if (type.operational || type === this.#objectClassAttribute) continue;
      if (!classes.some((cls) => cls.allowed.has(type))) {
        return { kind: 'attributeNotAllowed', attribute: displayName(type, name) };
      }
    }
    return undefined;
  }

  /** The attributeTypes values of the subschema entry (hidden types left out), in definition order. */
  attributeTypeDescriptions(): readonly string[] {
    return this.#published;
  }

  /** The objectClasses values of the subschema entry, in definition order. */
  objectClassDescriptions(): readonly string[] {
    return this.#publishedObjectClasses;
  }

  #checkObjectClassValues(objectClasses: readonly string[]): SchemaViolation | undefined {
    const seen = new Map<ResolvedObjectClass, number>();
    let duplicate: number | undefined;
    for (let i = 0; i < objectClasses.length; i++) {
      const cls = this.#classByLowerName.get((objectClasses[i] as string).toLowerCase());
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

  #structuralChain(objectClasses: readonly string[]): StructuralChain {
    let structural: ResolvedObjectClass | undefined;
    for (const value of objectClasses) {
      const cls = this.#classByLowerName.get(value.toLowerCase());
      if (cls?.description.kind !== 'STRUCTURAL') continue;
      if (!structural || cls.superclassSet.has(structural)) {
        structural = cls;
      } else if (cls !== structural && !structural.superclassSet.has(cls)) {
        return { structural, conflict: [structural, cls] };
      }
    }
    return structural ? { structural } : {};
  }

  #resolveAttributeTypes(descriptions: readonly AttributeTypeDescription[]): void {
    const byLower = new Map<string, AttributeTypeDescription>();
    for (const description of descriptions) {
      for (const key of [description.oid, ...description.names]) {
        const lower = key.toLowerCase();
        const other = byLower.get(lower);
        if (other) {
          throw new Error(`schema: attribute types ${other.oid} and ${description.oid} both define '${key}'`);
        }
        byLower.set(lower, description);
      }
    }
    const resolved = new Map<AttributeTypeDescription, ResolvedAttributeType>();
    const resolving = new Set<AttributeTypeDescription>();
    const resolve = (description: AttributeTypeDescription): ResolvedAttributeType => {
      const done = resolved.get(description);
      if (done) return done;
      const name = canonicalName(description);
      if (resolving.has(description))
        throw new Error(`schema: attribute type '${name}' is its own supertype`);
      resolving.add(description);
      let parent: ResolvedAttributeType | undefined;
      if (description.sup !== undefined) {
        const sup = byLower.get(description.sup.toLowerCase());
        if (!sup) throw new Error(`schema: attribute type '${name}' has undefined SUP '${description.sup}'`);
        parent = resolve(sup);
      }
      const inherited: {
        equality?: string;
        ordering?: string;
        substr?: string;
        syntax?: string;
        syntaxLength?: number;
      } = {};
      const equality = description.equality ?? parent?.equality;
      if (equality !== undefined) inherited.equality = equality;
      const ordering = description.ordering ?? parent?.ordering;
      if (ordering !== undefined) inherited.ordering = ordering;
      const substr = description.substr ?? parent?.substr;
      if (substr !== undefined) inherited.substr = substr;
      // Syntax and its length bound travel together.
      const syntaxSource = description.syntax !== undefined ? description : parent;
      if (syntaxSource?.syntax !== undefined) inherited.syntax = syntaxSource.syntax;
      if (syntaxSource?.syntaxLength !== undefined) inherited.syntaxLength = syntaxSource.syntaxLength;
      const type: ResolvedAttributeType = deepFreeze({
        ...description,
        ...inherited,
        name,
        known: true,
        operational: description.usage !== 'userApplications',
        binary: inherited.syntax !== undefined && BINARY_SYNTAXES.has(inherited.syntax),
      });
      resolving.delete(description);
      resolved.set(description, type);
      return type;
    };
    for (const description of descriptions) {
      const type = resolve(description);
      this.#attributeTypes.push(type);
      for (const key of [description.oid, ...description.names]) {
        this.#attributeByLowerName.set(key.toLowerCase(), type);
        this.#attributeBySpelling.set(key, type);
      }
    }
    for (const type of this.#attributeTypes) {
      let current: ResolvedAttributeType | undefined = type;
      while (current) {
        let list = this.#subtypes.get(current);
        if (!list) {
          list = [current];
          this.#subtypes.set(current, list);
        }
        if (current !== type) list.push(type);
        current =
          current.sup === undefined ? undefined : this.#attributeByLowerName.get(current.sup.toLowerCase());
      }
    }
  }

  #resolveObjectClasses(descriptions: readonly ObjectClassDescription[]): void {
    const byLower = new Map<string, ObjectClassDescription>();
    for (const description of descriptions) {
      for (const key of [description.oid, ...description.names]) {
        const lower = key.toLowerCase();
        const other = byLower.get(lower);
        if (other) {
          throw new Error(`schema: object classes ${other.oid} and ${description.oid} both define '${key}'`);
        }
        byLower.set(lower, description);
      }
    }
    const resolved = new Map<ObjectClassDescription, ResolvedObjectClass>();
    const resolving = new Set<ObjectClassDescription>();
    const attribute = (className: string, reference: string, list: string): ResolvedAttributeType => {
      const type = this.#attributeByLowerName.get(reference.toLowerCase());
      if (!type)
        throw new Error(
          `schema: object class '${className}' has undefined attribute type '${reference}' in ${list}`,
        );
      return type;
    };
    const resolve = (description: ObjectClassDescription): ResolvedObjectClass => {
      const done = resolved.get(description);
      if (done) return done;
      const name = canonicalName(description);
      if (resolving.has(description)) throw new Error(`schema: object class '${name}' is its own superclass`);
      resolving.add(description);
      const superclasses: ResolvedObjectClass[] = [];
      const superclassSet = new Set<ResolvedObjectClass>();
      const required = new Set<ResolvedAttributeType>();
      const allowed = new Set<ResolvedAttributeType>();
      for (const supName of description.sup) {
        const supDescription = byLower.get(supName.toLowerCase());
        if (!supDescription) throw new Error(`schema: object class '${name}' has undefined SUP '${supName}'`);
        const sup = resolve(supDescription);
        for (const ancestor of [sup, ...sup.superclasses]) {
          if (superclassSet.has(ancestor)) continue;
          superclassSet.add(ancestor);
          superclasses.push(ancestor);
        }
        for (const type of sup.required) required.add(type);
        for (const type of sup.allowed) allowed.add(type);
      }
      for (const reference of description.must) {
        const type = attribute(name, reference, 'MUST');
        required.add(type);
        allowed.add(type);
      }
      for (const reference of description.may) allowed.add(attribute(name, reference, 'MAY'));
      const cls: ResolvedObjectClass = {
        description: deepFreeze(description),
        name,
        superclasses,
        superclassNames: Object.freeze(superclasses.map((ancestor) => ancestor.name)),
        superclassSet,
        required: [...required],
        allowed,
      };
      resolving.delete(description);
      resolved.set(description, cls);
      return cls;
    };
    for (const description of descriptions) {
      const cls = resolve(description);
      this.#objectClassesInOrder.push(cls);
      for (const key of [description.oid, ...description.names])
        this.#classByLowerName.set(key.toLowerCase(), cls);
    }
  }
}

/** `mail;lang-en` as slapd prints it: canonical type name, options lower-cased. */
function displayName(type: ResolvedAttributeType, asked: string): string {
  const semicolon = asked.indexOf(';');
  return semicolon < 0 ? type.name : type.name + asked.slice(semicolon).toLowerCase();
}

/** The lenient default for a name the schema does not define (SchemaOptions docs). */
function unknownAttributeType(base: string, asked: string): ResolvedAttributeType {
  const isOid = /^[0-9]+(?:\.[0-9]+)+$/.test(base);
  // `;binary` is the one option that changes how an unknown value must be treated.
  const binary = asked
    .toLowerCase()
    .split(';')
    .slice(1)
    .some((option) => option === 'binary');
  return deepFreeze({
    oid: base,
    names: isOid ? [] : [base],
    obsolete: false,
    equality: 'caseIgnoreMatch',
    ordering: 'caseIgnoreOrderingMatch',
    substr: 'caseIgnoreSubstringsMatch',
    syntax: DIRECTORY_STRING,
    singleValue: false,
    collective: false,
    noUserModification: false,
    usage: 'userApplications',
    extensions: {},
    raw: '',
    name: base,
    known: false,
    operational: false,
    binary,
  });
}

/** Resolved types are shared by every caller, so they must not be mutable. */
function deepFreeze<T extends object>(value: T): T {
  for (const field of Object.values(value)) {
    if (field !== null && typeof field === 'object' && !Object.isFrozen(field)) deepFreeze(field);
  }
  return Object.freeze(value);
}
