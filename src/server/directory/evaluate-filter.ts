/**
 * Filter evaluation with RFC 4511's three-valued logic: each item is TRUE, FALSE or Undefined
 * (unknown attribute type, no suitable matching rule, value invalid for the syntax), and an entry
 * is returned only when the whole filter is TRUE. Values are compared by the attribute's matching
 * rules, never as raw strings, so `(CN=ALICE)` finds `cn: alice` exactly as a real server does.
 */
import { parseDN } from '../../core/dn-parse.js';
import type { ExtensibleFilter, Filter } from '../../core/filter-ast.js';
import type { AttributeValue } from '../operations.js';
import { assertionAllowed } from './assertion-syntax.js';
import type { Directory } from './directory.js';
import type { Entry } from './entry.js';
import { ruleApplies, usableInExtensibleMatch } from './matching-rule-use.js';
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
export type ExtensibleRule = (filter: ExtensibleFilter, env: FilterEnvironment) => CompiledFilter;

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
  /** Items whose value the syntax does not allow are Undefined (assertion-syntax.ts), as in slapd. */
  readonly strictAssertionSyntax?: boolean;
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
      const values = env.values(entry, t, t === type ? description : t.name);
      if (values) found.push(...values);
    }
    return found.length > 0 ? found : undefined;
  };
}

export type CompiledFilter = (entry: Entry) => Truth;

export function compileFilter(filter: Filter, env: FilterEnvironment): CompiledFilter {
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
      if (type.name.toLowerCase() === 'objectclass') return () => true;
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
      if (type.name.toLowerCase() === 'objectclass') return compileObjectClass(filter.value, env);
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

function compileSubstrings(
  filter: Extract<Filter, { type: 'substrings' }>,
  env: FilterEnvironment,
): CompiledFilter {
  const type = env.schema.attributeType(filter.attribute);
  const rule = type.known ? matchingRule(type.substr) : defaultMatchingRule;
  if (!rule) return () => undefined;
  // Pieces are prepared by the rule but keep their edge spaces: "a *" must not become "a*".
  const prepare = (piece: Buffer): string => rule.normalizePiece?.(piece) ?? piece.toString('utf8');
  const initial = filter.initial && prepare(filter.initial);
  const any = filter.any.map(prepare);
  const final = filter.final && prepare(filter.final);
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
  if (named !== undefined && !usableInExtensibleMatch(env.schema, named)) return () => undefined;
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
  const matches = (value: AttributeValue) => rule.normalize(value) === wanted;
  const lookup =
    type && filter.attribute !== undefined ? valueLookup(env, type, filter.attribute) : undefined;
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

/** Every stored value of an entry that the user may read, of the types `rule` applies to. */
function allValues(entry: Entry, env: FilterEnvironment, rule: string | undefined): AttributeValue[] {
  const values: AttributeValue[] = [];
  for (const attribute of entry.attributes.values()) {
    const type = env.schema.attributeType(attribute.type.split(';')[0]!);
    if (env.visible && !env.visible(type)) continue;
    if (rule !== undefined && !ruleApplies(env.schema, rule, type)) continue;
    values.push(...attribute.values);
  }
  return values;
}
