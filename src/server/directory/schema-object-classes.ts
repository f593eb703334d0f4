/** Object classes resolved from their RFC 4512 descriptions (superclasses, inherited MUST and MAY), and the structural chain of an entry. */
import type { ObjectClassDescription } from '../../core/object-class-description.js';
import { canonicalName, deepFreeze, type ResolvedAttributeType } from './schema-attribute-types.js';

/** An object class with its inheritance resolved. */
export interface ResolvedObjectClass {
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

/** The object classes of a schema, resolved. */
export interface ResolvedObjectClasses {
  /** In definition order (the order the subschema entry publishes them in). */
  readonly inOrder: readonly ResolvedObjectClass[];
  /** Lower-cased names and OIDs. */
  readonly byLowerName: ReadonlyMap<string, ResolvedObjectClass>;
}

/**
 * Resolves object classes once against the resolved attribute types (`attributeByLowerName`).
 * Throws on a name defined twice, an undefined SUP, a SUP cycle or an undefined attribute type in
 * MUST or MAY.
 */
export function resolveObjectClasses(
  descriptions: readonly ObjectClassDescription[],
  attributeByLowerName: ReadonlyMap<string, ResolvedAttributeType>,
): ResolvedObjectClasses {
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
    const type = attributeByLowerName.get(reference.toLowerCase());
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

  const inOrder: ResolvedObjectClass[] = [];
  const byLowerName = new Map<string, ResolvedObjectClass>();
  for (const description of descriptions) {
    const cls = resolve(description);
    inOrder.push(cls);
    for (const key of [description.oid, ...description.names]) byLowerName.set(key.toLowerCase(), cls);
  }
  return { inOrder, byLowerName };
}

/** The result of the structural chain walk over an entry's objectClass values. */
export interface StructuralChain {
  readonly structural?: ResolvedObjectClass;
  /** The first pair that is not on one superclass chain, as slapd names them. */
  readonly conflict?: readonly [ResolvedObjectClass, ResolvedObjectClass];
}

/**
 * The most specific structural class among an entry's objectClass values (unknown names
 * skipped), or the first two structural classes that are on different chains.
 */
export function structuralChain(
  objectClasses: readonly string[],
  classByLowerName: ReadonlyMap<string, ResolvedObjectClass>,
): StructuralChain {
  let structural: ResolvedObjectClass | undefined;
  for (const value of objectClasses) {
    const cls = classByLowerName.get(value.toLowerCase());
    if (cls?.description.kind !== 'STRUCTURAL') continue;
    if (!structural || cls.superclassSet.has(structural)) {
      structural = cls;
    } else if (cls !== structural && !structural.superclassSet.has(cls)) {
      return { structural, conflict: [structural, cls] };
    }
  }
  return structural ? { structural } : {};
}
