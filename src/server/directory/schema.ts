/**
 * The schema a profile's directory runs with: attribute types and object classes parsed from
 * RFC 4512 descriptions, resolved once (SUP chains, aliases, inherited MUST/MAY) so that every
 * lookup on the hot path is a single map access; and what its subschema entry publishes, in
 * publishing order (the definitions as written, or the server's own forms of them).
 *
 * Unknown attribute types get a lenient default (case-insensitive directory string), for data
 * loaded with `strictSchema: false` and for filters and attribute lists, which may name anything;
 * `checkEntry` is the strict check (on by default, SPEC §4) and
 * reproduces slapd's order of checks (schema-check.ts), reporting what it finds as a violation
 * for the profile to word.
 */

import { BoundedMemo } from '../../core/bounded-memo.js';
import type { ObjectClassDescription } from '../../core/object-class-description.js';
import {
  type ResolvedAttributeType,
  resolveAttributeTypes,
  unknownAttributeType,
} from './schema-attribute-types.js';
import { type CheckedSchema, findSchemaViolation, type SchemaViolation } from './schema-check.js';
import { attributeTypeDescription, objectClassDescription } from './schema-descriptions.js';
import type { SchemaExtensionRules } from './schema-extension-rules.js';
import { type ResolvedObjectClass, resolveObjectClasses, structuralChain } from './schema-object-classes.js';

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
  /**
   * The subschema entry's values where they are not the definitions above as written, by the
   * attribute that publishes them, each in publishing order: Samba publishes its own forms of
   * the attribute types and object classes (no matching rules, SYNTAX quoted, a class's own MUST
   * and MAY only) and more kinds (dITContentRules, extendedAttributeInfo…), slapd its
   * matchingRuleUse. attributeTypes and objectClasses not given here are published as defined.
   */
  readonly published?: Readonly<Record<string, readonly string[]>>;
  /** What the server takes in an application's schema file, and how it publishes it (schema-extension.ts). */
  readonly extension?: SchemaExtensionRules;
}

/** The kinds whose published values default to the definitions themselves. */
const DEFINED_KINDS = ['attributeTypes', 'objectClasses'] as const;

/** The OID a published description starts with: `( 1.2.3 NAME …` → 1.2.3. */
function leadingOid(text: string): string {
  return /^\(\s*(\S+)/.exec(text)?.[1] ?? text;
}

const OBJECT_CLASS_OID = '2.5.4.0';

/**
 * Bound on the exact-spelling lookup cache: names from clients are unbounded, so past this many
 * distinct spellings lookups still work but are no longer remembered.
 */
const MAX_CACHED_SPELLINGS = 20_000;

/** The attribute description without its options: `cn;lang-en` → `cn`. */
function baseName(attributeDescription: string): string {
  const semicolon = attributeDescription.indexOf(';');
  return semicolon < 0 ? attributeDescription : attributeDescription.slice(0, semicolon);
}

export class Schema {
  readonly #attributeTypes: readonly ResolvedAttributeType[];
  /** Lower-cased names and OIDs of known types. */
  readonly #attributeByLowerName: ReadonlyMap<string, ResolvedAttributeType>;
  /** Exact spellings already resolved (with options), so that a repeated lookup allocates nothing. */
  readonly #attributeBySpelling: Map<string, ResolvedAttributeType>;
  readonly #subtypes: ReadonlyMap<ResolvedAttributeType, readonly ResolvedAttributeType[]>;
  readonly #classByLowerName: ReadonlyMap<string, ResolvedObjectClass>;
  /** What the strict entry check reads (schema-check.ts). */
  readonly #checked: CheckedSchema;
  readonly #checkedShapes = new BoundedMemo<SchemaViolation | undefined>(1024);
  readonly #published: readonly string[];
  readonly #publishedObjectClasses: readonly string[];
  readonly #publishedOther: readonly (readonly [string, readonly string[]])[];

  constructor(options: SchemaOptions) {
    const published = options.attributeTypes.map(attributeTypeDescription);
    const hidden = (options.hiddenAttributeTypes ?? []).map(attributeTypeDescription);
    const attributes = resolveAttributeTypes([...published, ...hidden]);
    this.#attributeTypes = attributes.types;
    this.#attributeByLowerName = attributes.byLowerName;
    this.#attributeBySpelling = new Map(attributes.bySpelling);
    this.#subtypes = attributes.subtypes;
    const objectClassAttribute = this.#attributeByLowerName.get(OBJECT_CLASS_OID);
    if (!objectClassAttribute)
      throw new Error(`schema: the objectClass attribute type (${OBJECT_CLASS_OID}) is not defined`);
    const classes = resolveObjectClasses(
      options.objectClasses.map((text) => objectClassDescription(text)),
      this.#attributeByLowerName,
    );
    this.#classByLowerName = classes.byLowerName;
    this.#checked = {
      attributeType: (name) => this.attributeType(name),
      objectClassAttribute,
      classByLowerName: classes.byLowerName,
    };
    const given = options.published ?? {};
    this.#published = Object.freeze(
      given['attributeTypes'] ?? published.map((description) => description.raw),
    );
    this.#publishedObjectClasses = Object.freeze(
      given['objectClasses'] ?? classes.inOrder.map((cls) => cls.description.raw),
    );
    this.#publishedOther = Object.freeze(
      Object.entries(given).filter(([kind]) => !(DEFINED_KINDS as readonly string[]).includes(kind)),
    );
  }

  /** Combines definition sets; a later definition with the same OID replaces the earlier one in place. */
  static merge(...definitions: SchemaOptions[]): SchemaOptions {
    const attributeTypes = new Map<string, string>();
    const objectClasses = new Map<string, string>();
    const hiddenAttributeTypes = new Map<string, string>();
    for (const set of definitions) {
      for (const text of set.attributeTypes) attributeTypes.set(attributeTypeDescription(text).oid, text);
      for (const text of set.objectClasses) objectClasses.set(objectClassDescription(text).oid, text);
      for (const text of set.hiddenAttributeTypes ?? []) {
        hiddenAttributeTypes.set(attributeTypeDescription(text).oid, text);
      }
    }
    return {
      attributeTypes: [...attributeTypes.values()],
      objectClasses: [...objectClasses.values()],
      hiddenAttributeTypes: [...hiddenAttributeTypes.values()],
      ...Schema.#mergePublished(definitions),
    };
  }

  /**
   * The published values of combined sets, by OID like the definitions: a set without its own
   * published form of attributeTypes or objectClasses contributes its definitions as written.
   */
  static #mergePublished(definitions: SchemaOptions[]): Pick<SchemaOptions, 'published'> {
    if (definitions.every((set) => set.published === undefined)) return {};
    const kinds = new Map<string, Map<string, string>>();
    for (const set of definitions) {
      const values = (kind: string): readonly string[] =>
        set.published?.[kind] ??
        (kind === 'attributeTypes' ? set.attributeTypes : kind === 'objectClasses' ? set.objectClasses : []);
      for (const kind of new Set([...DEFINED_KINDS, ...Object.keys(set.published ?? {})])) {
        const byOid = kinds.get(kind) ?? new Map<string, string>();
        for (const text of values(kind)) byOid.set(leadingOid(text), text);
        kinds.set(kind, byOid);
      }
    }
    return { published: Object.fromEntries([...kinds].map(([kind, byOid]) => [kind, [...byOid.values()]])) };
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
    return structuralChain(objectClasses, this.#classByLowerName).structural?.name;
  }

  /**
   * Strict schema check of a whole entry, in slapd's order (findSchemaViolation says which
   * checks, in what order, with slapd's code and text for each); the first violation found.
   */
  checkEntry(
    objectClasses: readonly string[],
    attributeNames: readonly string[],
  ): SchemaViolation | undefined {
    // Entries come in a few shapes (a load checks 100,000 of one): the answer is a function of
    // the classes and names, remembered unless a class value holds the key's separator.
    if (objectClasses.some((value) => value.includes('\u0000')))
      return findSchemaViolation(this.#checked, objectClasses, attributeNames);
    const shape = `${objectClasses.length}\u0000${objectClasses.join('\u0000')}\u0000${attributeNames.join('\u0000')}`;
    return this.#checkedShapes.get(shape, () =>
      findSchemaViolation(this.#checked, objectClasses, attributeNames),
    );
  }

  /** The attributeTypes values of the subschema entry (hidden types left out), in publishing order. */
  attributeTypeDescriptions(): readonly string[] {
    return this.#published;
  }

  /** The objectClasses values of the subschema entry, in publishing order. */
  objectClassDescriptions(): readonly string[] {
    return this.#publishedObjectClasses;
  }

  /** The subschema entry's other values (matchingRuleUse, dITContentRules…), by attribute, in publishing order. */
  otherDescriptions(): readonly (readonly [string, readonly string[]])[] {
    return this.#publishedOther;
  }
}
