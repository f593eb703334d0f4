/** Attribute types resolved from their RFC 4512 descriptions, and the lenient default for a name the schema lacks. */

import type { AttributeTypeDescription } from '../../core/attribute-type-description.js';
import { SyntaxOid } from '../../core/syntaxes.js';

export interface ResolvedAttributeType extends AttributeTypeDescription {
  /** Canonical name: the first NAME, else the OID; for an unknown type, the name as asked (options stripped). */
  readonly name: string;
  /** The name in lower case: an attribute's key in an entry (entry-keys.ts), made once. */
  readonly key: string;
  /** False for the lenient default given to a name the schema does not define. */
  readonly known: boolean;
  /** usage is not userApplications: returned only with `+` or when asked by name. */
  readonly operational: boolean;
  /** Values are octets, not text (octet string, binary, certificate, JPEG, audio…): never case-folded. */
  readonly binary: boolean;
}

/** The attribute types of a schema, resolved, and the maps its lookups use. */
export interface ResolvedAttributeTypes {
  /** In definition order. */
  readonly types: readonly ResolvedAttributeType[];
  /** Lower-cased names and OIDs. */
  readonly byLowerName: ReadonlyMap<string, ResolvedAttributeType>;
  /** Names and OIDs exactly as defined (the seed of the schema's exact-spelling cache). */
  readonly bySpelling: ReadonlyMap<string, ResolvedAttributeType>;
  /** Each type and all types below it in SUP chains, the type first. */
  readonly subtypes: ReadonlyMap<ResolvedAttributeType, readonly ResolvedAttributeType[]>;
}

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

/** The canonical name of a definition: its first NAME, else its OID. */
export function canonicalName(description: { names: string[]; oid: string }): string {
  return description.names[0] ?? description.oid;
}

/**
 * Resolves attribute types once: SUP chains followed (matching rules inherited one by one, syntax
 * and its length bound together), binary syntaxes marked, subtypes listed. Throws on a name
 * defined twice, an undefined SUP or a SUP cycle.
 */
export function resolveAttributeTypes(
  descriptions: readonly AttributeTypeDescription[],
): ResolvedAttributeTypes {
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
    if (resolving.has(description)) throw new Error(`schema: attribute type '${name}' is its own supertype`);
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
      key: name.toLowerCase(),
      known: true,
      operational: description.usage !== 'userApplications',
      binary: inherited.syntax !== undefined && BINARY_SYNTAXES.has(inherited.syntax),
    });
    resolving.delete(description);
    resolved.set(description, type);
    return type;
  };

  const types: ResolvedAttributeType[] = [];
  const byLowerName = new Map<string, ResolvedAttributeType>();
  const bySpelling = new Map<string, ResolvedAttributeType>();
  for (const description of descriptions) {
    const type = resolve(description);
    types.push(type);
    for (const key of [description.oid, ...description.names]) {
      byLowerName.set(key.toLowerCase(), type);
      bySpelling.set(key, type);
    }
  }
  const subtypes = new Map<ResolvedAttributeType, ResolvedAttributeType[]>();
  for (const type of types) {
    let current: ResolvedAttributeType | undefined = type;
    while (current) {
      let list = subtypes.get(current);
      if (!list) {
        list = [current];
        subtypes.set(current, list);
      }
      if (current !== type) list.push(type);
      current = current.sup === undefined ? undefined : byLowerName.get(current.sup.toLowerCase());
    }
  }
  return { types, byLowerName, bySpelling, subtypes };
}

/**
 * The lenient default for a name the schema does not define: a case-insensitive directory
 * string, for data loaded with `strictSchema: false` and names in filters and attribute lists.
 */
export function unknownAttributeType(base: string, asked: string): ResolvedAttributeType {
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
    syntax: SyntaxOid.directoryString,
    singleValue: false,
    collective: false,
    noUserModification: false,
    usage: 'userApplications',
    extensions: {},
    raw: '',
    name: base,
    key: base.toLowerCase(),
    known: false,
    operational: false,
    binary,
  });
}

/** Resolved definitions are shared by every caller, so they must not be mutable. */
export function deepFreeze<T extends object>(value: T): T {
  for (const field of Object.values(value)) {
    if (field !== null && typeof field === 'object' && !Object.isFrozen(field)) deepFreeze(field);
  }
  return Object.freeze(value);
}
