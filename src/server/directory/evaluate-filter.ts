/**
 * Filter evaluation with RFC 4511's three-valued logic: each item is TRUE, FALSE or Undefined
 * (unknown attribute type, no suitable matching rule, value invalid for the syntax), and an entry
 * is returned only when the whole filter is TRUE. Values are compared by the attribute's matching
 * rules, never as raw strings, so `(CN=ALICE)` finds `cn: alice` exactly as a real server does.
 */

import { parseDN } from '../../core/dn-parse.js';
import type { ExtensibleFilter, Filter } from '../../core/filter-ast.js';
import { ruleAssertionSyntax, syntaxCheck, syntaxUnvalidated } from '../../core/syntax-validation.js';
import type { AttributeValue } from '../operations.js';
import { phoneticMatch } from './approximate-rules.js';
import { assertionAllowed } from './assertion-syntax.js';
import type { Directory } from './directory.js';
import type { Entry } from './entry.js';
import { extensibleRuleUse, ruleApplies } from './matching-rule-use.js';
import { defaultMatchingRule, type MatchingRule, matchingRule } from './matching-rules.js';
import type { Schema } from './schema.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';
import { equalityRule } from './value-equality.js';

/** true, false, or undefined for Undefined. */
export type Truth = boolean | undefined;

/**
 * A matching rule the profile adds for extensible filters (AD's bit and in-chain rules), compiled
 * once per filter so a rule can prepare (e.g. walk a group graph once, not once per entry).
 */
export interface ExtensibleRule {
  (filter: ExtensibleFilter, env: FilterEnvironment): CompiledFilter;
  /**
   * Normalised DNs of every entry the item can match, when the rule can name them without testing
   * each entry in scope (search-candidates.ts); undefined when it cannot.
   */
  candidates?(filter: ExtensibleFilter, directory: Directory): ReadonlySet<string> | undefined;
}

export interface FilterEnvironment {
  readonly schema: Schema;
  /** For rules that follow links between entries. */
  readonly directory: Directory;
  /** All values of an attribute on an entry, stored or virtual (memberOf, entryDN…). */
  values(
    entry: Entry,
    type: ResolvedAttributeType,
    description: string,
  ): readonly AttributeValue[] | undefined;
  extensibleRule(oid: string): ExtensibleRule | undefined;
  /** False for attributes the searching user may not read: items on them are Undefined (slapd's ACLs). */
  visible?(type: ResolvedAttributeType): boolean;
  /** False where the user may not search the attribute of this entry: items on it are Undefined there (slapd's olcAccess). */
  searchable?(entry: Entry, type: ResolvedAttributeType): boolean;
  /** Items whose value the syntax does not allow are Undefined (assertion-syntax.ts), as in slapd. */
  readonly strictAssertionSyntax?: boolean;
  /** `~=` on text types by slapd's phonetic codes (approximate-rules.ts); absent: by equality. */
  readonly approximateMatch?: 'phonetic';
  /** Computed attributes (lower-case names) an extensible match does not see. */
  readonly outboundAttributes?: readonly string[];
  /** A server's own reading of items (Samba's ldb), and whether an Undefined item is simply FALSE. */
  readonly leaves?: LeafEvaluation;
}

export interface LeafEvaluation {
  /** The item compiled the server's way, or undefined for the standard reading. */
  compile?(filter: Filter, env: FilterEnvironment): CompiledFilter | undefined;
  /** No Undefined: an item that cannot be true is FALSE, so `(!(fooBarBaz=x))` holds (ldb). */
  readonly twoValued: boolean;
}

/** Thrown while an item is evaluated that the server cannot evaluate (ldb's errors during a search). */
export class FilterItemFailure extends Error {
  override readonly name = 'FilterItemFailure';
  constructor(readonly kind: 'inappropriateMatching' | 'invalidSyntax' | 'noSuchAttribute') {
    super(`filter item cannot be evaluated: ${kind}`);
  }
}

type ValueLookup = (entry: Entry) => readonly AttributeValue[] | undefined | null;

/**
 * How an item reads its attribute: undefined when the entry has no value, null when the item is
 * Undefined — the type is unknown to the schema and absent (as slapd), or not visible to the user.
 */
export function valueLookup(
  env: FilterEnvironment,
  type: ResolvedAttributeType,
  description: string,
): ValueLookup {
  if (env.visible && !env.visible(type)) return () => null;
  const lookup = storedLookup(env, type, description);
  const { searchable } = env;
  return searchable ? (entry) => (searchable(entry, type) ? lookup(entry) : null) : lookup;
}

function storedLookup(env: FilterEnvironment, type: ResolvedAttributeType, description: string): ValueLookup {
  const below = env.schema.subtypes(description);
  if (below.length > 1) return supertypeLookup(env, type, description, below);
  if (type.known) return (entry) => env.values(entry, type, description);
  return (entry) => env.values(entry, type, description) ?? null;
}

/**
 * An item on a supertype (`name`) reads the values of the type and of every subtype the user may
 * read (cn, sn, givenName…), as slapd's attrs_find does.
 */
function supertypeLookup(
  env: FilterEnvironment,
  type: ResolvedAttributeType,
  description: string,
  below: readonly ResolvedAttributeType[],
): ValueLookup {
  const readable = below.filter((t) => t === type || !env.visible || env.visible(t));
  return (entry) => {
    const found: AttributeValue[] = [];
    for (const t of readable) {
      if (t !== type && env.searchable && !env.searchable(entry, t)) continue;
      const values = env.values(entry, t, t === type ? description : t.name);
      if (values) found.push(...values);
    }
    return found.length > 0 ? found : undefined;
  };
}

export type CompiledFilter = (entry: Entry) => Truth;

export function compileFilter(filter: Filter, env: FilterEnvironment): CompiledFilter {
  if (env.leaves && filter.type !== 'and' && filter.type !== 'or' && filter.type !== 'not') {
    const { leaves, ...standard } = env;
    const compiled = leaves.compile?.(filter, standard) ?? compileFilter(filter, standard);
    return leaves.twoValued ? (entry) => compiled(entry) ?? false : compiled;
  }
  switch (filter.type) {
    case 'and': {
      const parts = filter.filters.map((f) => compileFilter(f, env));
      return (entry) => {
        let result: Truth = true;
        for (const part of parts) {
          const value = part(entry);
          if (value === false) return false;
          if (value === undefined) result = undefined;
        }
        return result;
      };
    }
    case 'or': {
      const parts = filter.filters.map((f) => compileFilter(f, env));
      return (entry) => {
        let result: Truth = false;
        for (const part of parts) {
          const value = part(entry);
          if (value === true) return true;
          if (value === undefined) result = undefined;
        }
        return result;
      };
    }
    case 'not': {
      const inner = compileFilter(filter.filter, env);
      return (entry) => {
        const value = inner(entry);
        return value === undefined ? undefined : !value;
      };
    }
    case 'present': {
      const type = env.schema.attributeType(filter.attribute);
      if (type.name.toLowerCase() === 'objectclass') return searchGuarded(env, type, () => true);
      const lookup = valueLookup(env, type, filter.attribute);
      return (entry) => {
        const values = lookup(entry);
        return values === null ? undefined : (values?.length ?? 0) > 0;
      };
    }
    case 'equality':
    case 'approx': {
      const type = env.schema.attributeType(filter.attribute);
      if (env.strictAssertionSyntax && !assertionAllowed(env.schema, type, filter.value))
        return () => undefined;
      if (type.name.toLowerCase() === 'objectclass')
        return searchGuarded(env, type, compileObjectClass(filter.value, env));
      const phonetic =
        filter.type === 'approx' && env.approximateMatch === 'phonetic'
          ? phoneticMatch(type, filter.value)
          : undefined;
      if (phonetic) return compileValueTest(valueLookup(env, type, filter.attribute), phonetic);
      return compileEquality(equalityFor(type), type, filter.attribute, filter.value, env);
    }
    case 'greaterOrEqual':
    case 'lessOrEqual': {
      const type = env.schema.attributeType(filter.attribute);
      const rule = type.known ? matchingRule(type.ordering) : defaultMatchingRule;
      if (!rule?.compare) return () => undefined;
      if (env.strictAssertionSyntax && !assertionAllowed(env.schema, type, filter.value))
        return () => undefined;
      const wanted = rule.normalize(filter.value);
      if (wanted === undefined) return () => undefined;
      const sign = filter.type === 'greaterOrEqual' ? 1 : -1;
      const lookup = valueLookup(env, type, filter.attribute);
      return (entry) => {
        const values = lookup(entry);
        if (values === null) return undefined;
        if (!values) return false;
        for (const value of values) {
          const key = rule.normalize(value);
          if (key !== undefined && sign * rule.compare!(key, wanted) >= 0) return true;
        }
        return false;
      };
    }
    case 'substrings':
      return compileSubstrings(filter, env);
    case 'extensible':
      return compileExtensible(filter, env);
  }
}

/** An item that reads no values through valueLookup, Undefined where the attribute may not be searched. */
function searchGuarded(
  env: FilterEnvironment,
  type: ResolvedAttributeType,
  item: CompiledFilter,
): CompiledFilter {
  const { searchable } = env;
  return searchable ? (entry) => (searchable(entry, type) ? item(entry) : undefined) : item;
}

function equalityFor(type: ResolvedAttributeType): MatchingRule | undefined {
  if (!type.known) return defaultMatchingRule;
  return type.equality === undefined ? undefined : equalityRule(type);
}

function compileEquality(
  rule: MatchingRule | undefined,
  type: ResolvedAttributeType,
  description: string,
  assertion: Buffer,
  env: FilterEnvironment,
): CompiledFilter {
  if (!rule) return () => undefined;
  const wanted = rule.normalize(assertion);
  if (wanted === undefined) return () => undefined;
  const lookup = valueLookup(env, type, description);
  return (entry) => {
    const values = lookup(entry);
    if (values === null) return undefined;
    if (!values) return false;
    for (const value of values) if (rule.normalize(value) === wanted) return true;
    return false;
  };
}

function compileValueTest(lookup: ValueLookup, test: (value: AttributeValue) => boolean): CompiledFilter {
  return (entry) => {
    const values = lookup(entry);
    return values === null ? undefined : (values?.some(test) ?? false);
  };
}

function compileSubstrings(
  filter: Extract<Filter, { type: 'substrings' }>,
  env: FilterEnvironment,
): CompiledFilter {
  const type = env.schema.attributeType(filter.attribute);
  const rule = type.known ? matchingRule(type.substr) : defaultMatchingRule;
  if (!rule) return () => undefined;
  // Each piece must be valid for the type's syntax (`\c3` alone is no UTF-8): else Undefined.
  const pieces = [filter.initial, ...filter.any, filter.final].filter((p) => p !== undefined);
  if (env.strictAssertionSyntax && !pieces.every((piece) => assertionAllowed(env.schema, type, piece))) {
    return () => undefined;
  }
  // Pieces are prepared by the rule but keep their edge spaces: "a *" must not become "a*".
  const prepare = (piece: Buffer, position: 'initial' | 'any' | 'final'): string =>
    rule.normalizePiece?.(piece, position) ?? piece.toString('utf8');
  const initial = filter.initial && prepare(filter.initial, 'initial');
  const any = filter.any.map((piece) => prepare(piece, 'any'));
  const final = filter.final && prepare(filter.final, 'final');
  const lookup = valueLookup(env, type, filter.attribute);
  return (entry) => {
    const values = lookup(entry);
    if (values === null) return undefined;
    if (!values) return false;
    for (const value of values) {
      const key = rule.normalize(value);
      if (key !== undefined && substringsMatch(key, initial, any, final)) return true;
    }
    return false;
  };
}

/** `(objectClass=person)` also matches entries of its subclasses (inetOrgPerson…), as servers do. */
function compileObjectClass(assertion: Buffer, env: FilterEnvironment): CompiledFilter {
  const wanted = assertion.toString('utf8').trim();
  const type = env.schema.attributeType('objectClass');
  return (entry) => {
    const values = env.values(entry, type, 'objectClass');
    if (!values) return false;
    return values.some((v) => {
      const name = typeof v === 'string' ? v : v.toString('utf8');
      return name.toLowerCase() === wanted.toLowerCase() || env.schema.isSubclassOf(name, wanted);
    });
  };
}

/**
 * `(objectClass:=2.16.840.1.113730.3.2.2)`: a class by OID or name; without a rule named its
 * subclasses too, as the equality filter (`(objectClass:=person)` finds an inetOrgPerson), with
 * objectIdentifierMatch named that class only (slapd, measured).
 */
function compileObjectClassOid(
  assertion: Buffer,
  env: FilterEnvironment,
  subclasses: boolean,
): CompiledFilter {
  const { schema } = env;
  const oidOf = (name: string) => schema.objectClass(name.trim())?.oid ?? name.trim().toLowerCase();
  const text = assertion.toString('utf8');
  const wanted = oidOf(text);
  const wantedName = schema.objectClassName(text.trim()) ?? text.trim();
  const type = schema.attributeType('objectClass');
  return (entry) =>
    (env.values(entry, type, 'objectClass') ?? []).some((v) => {
      const name = typeof v === 'string' ? v : v.toString('utf8');
      return oidOf(name) === wanted || (subclasses && schema.isSubclassOf(name, wantedName));
    });
}

function substringsMatch(
  value: string,
  initial: string | undefined,
  any: readonly string[],
  final: string | undefined,
) {
  let position = 0;
  if (initial !== undefined) {
    if (!value.startsWith(initial)) return false;
    position = initial.length;
  }
  let end = value.length;
  if (final !== undefined) {
    if (value.length - position < final.length || !value.endsWith(final)) return false;
    end = value.length - final.length;
  }
  for (const piece of any) {
    const found = value.indexOf(piece, position);
    if (found < 0 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}

function compileExtensible(filter: ExtensibleFilter, env: FilterEnvironment): CompiledFilter {
  const type = filter.attribute === undefined ? undefined : env.schema.attributeType(filter.attribute);
  const named = filter.matchingRule;
  // A rule named for a type its matchingRuleUse does not list makes the item Undefined (slapd).
  if (type && named !== undefined && !ruleApplies(env.schema, named, type)) return () => undefined;
  if (env.strictAssertionSyntax && !extensibleAssertionValid(filter, type, env.schema))
    return () => undefined;
  if (
    type?.name.toLowerCase() === 'objectclass' &&
    (named === undefined || named.toLowerCase() === 'objectidentifiermatch')
  ) {
    return compileObjectClassOid(filter.value, env, named === undefined);
  }
  // A computed attribute the server adds on the way out holds no value here.
  if (type && env.outboundAttributes?.includes(type.name.toLowerCase())) return () => false;
  const lookup =
    type && filter.attribute !== undefined ? valueLookup(env, type, filter.attribute) : undefined;
  const use = named === undefined ? 'equality' : extensibleRuleUse(env.schema, named);
  if (use === 'substrings') {
    // Undefined, but FALSE for an entry without the type named.
    return (entry) => {
      if (!lookup) return undefined;
      const values = lookup(entry);
      return values === null || (values?.length ?? 0) > 0 ? undefined : false;
    };
  }
  if (named !== undefined) {
    const custom = env.extensibleRule(named);
    if (custom) return custom(filter, env);
  }
  const rule =
    filter.matchingRule !== undefined ? matchingRule(filter.matchingRule) : type && equalityFor(type);
  // An unknown rule makes the item Undefined: it matches nothing, and it is not an error.
  if (!rule) return () => undefined;
  const wanted = rule.normalize(filter.value);
  if (wanted === undefined) return () => undefined;
  const matches = (value: AttributeValue) => {
    const key = rule.normalize(value);
    if (use === 'equality') return key === wanted;
    return key !== undefined && rule.compare !== undefined && rule.compare(key, wanted) < 0;
  };
  return (entry) => {
    if (lookup) {
      const values = lookup(entry);
      if (values === null) return undefined;
      if (values?.some(matches)) return true;
    } else if (allValues(entry, env, named).some(matches)) {
      // A rule without a type applies to every attribute of the entry it may apply to (RFC 4511 §4.5.1.7.7).
      return true;
    }
    if (filter.dnAttributes) {
      for (const rdn of parseDN(entry.dn)) {
        for (const ava of rdn) {
          const avaType = env.schema.attributeType(ava.type);
          if (type && avaType.name !== type.name && !env.schema.subtypes(type.name).includes(avaType))
            continue;
          if (named !== undefined && !ruleApplies(env.schema, named, avaType)) continue;
          if (matches(ava.value)) return true;
        }
      }
    }
    return false;
  };
}

/** The assertion is valid for the named rule's syntax, or as the type's equality assertion. */
function extensibleAssertionValid(
  filter: ExtensibleFilter,
  type: ResolvedAttributeType | undefined,
  schema: Schema,
): boolean {
  if (filter.matchingRule === undefined)
    return type === undefined || assertionAllowed(schema, type, filter.value);
  const syntax = ruleAssertionSyntax(filter.matchingRule);
  const check = syntaxCheck(syntax);
  return check === undefined || syntaxUnvalidated(syntax) || check(filter.value);
}

/** Every stored value of an entry that the user may read, of the types `rule` applies to. */
export function allValues(entry: Entry, env: FilterEnvironment, rule: string | undefined): AttributeValue[] {
  const values: AttributeValue[] = [];
  for (const attribute of entry.attributes.values()) {
    const type = env.schema.attributeType(attribute.type.split(';')[0]!);
    if (env.visible && !env.visible(type)) continue;
    if (env.searchable && !env.searchable(entry, type)) continue;
    if (rule !== undefined && !ruleApplies(env.schema, rule, type)) continue;
    values.push(...attribute.values);
  }
  return values;
}
