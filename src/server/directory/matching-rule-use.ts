/**
 * Which attribute types a matching rule may be applied to in an extensible match (RFC 4512
 * §4.1.4 matchingRuleUse). slapd publishes its own uses in cn=Subschema and applies a rule only to
 * the types listed there: `(uid:caseIgnoreIA5Match:=alice)` is Undefined because uid is a
 * Directory String, and `(:octetStringMatch:=bob)` looks at userPassword only. A schema that
 * publishes no matchingRuleUse (AD's) puts no limit on any rule.
 */
import type { Schema } from './schema.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';

/** Rule (lower-cased name and OID) → the types it applies to. */
type RuleUses = ReadonlyMap<string, ReadonlySet<ResolvedAttributeType>>;

const cache = new WeakMap<Schema, RuleUses | null>();

/** `( 2.5.13.2 NAME 'caseIgnoreMatch' APPLIES ( cn $ sn ) )` → [keys of the rule, applied names]. */
function parseUse(description: string): [string[], string[]] {
  const oid = /^\(\s*([\d.]+)/.exec(description)?.[1];
  const names = [...(/NAME\s+(\([^)]*\)|'[^']*')/.exec(description)?.[1] ?? '').matchAll(/'([^']*)'/g)].map(
    (m) => m[1]!,
  );
  const applies = /APPLIES\s+(\(([^)]*)\)|(\S+))/.exec(description);
  const list = (applies?.[2] ?? applies?.[3] ?? '')
    .split('$')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return [[...(oid ? [oid] : []), ...names].map((k) => k.toLowerCase()), list];
}

function usesOf(schema: Schema): RuleUses | null {
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  const published = schema.otherDescriptions().find(([kind]) => kind.toLowerCase() === 'matchingruleuse');
  let uses: Map<string, Set<ResolvedAttributeType>> | null = null;
  if (published) {
    uses = new Map();
    for (const description of published[1]) {
      const [keys, applied] = parseUse(description);
      const types = new Set(applied.map((name) => schema.attributeType(name)));
      for (const key of keys) uses.set(key, types);
    }
  }
  cache.set(schema, uses);
  return uses;
}

/** Ordering rules (RFC 4517 §4.2) by name and OID. */
const ORDERING_RULES: ReadonlySet<string> = new Set(
  [
    ...['caseIgnore', 'caseExact', 'numericString', 'octetString', 'generalizedTime', 'integer', 'UUID'].map(
      (r) => `${r}OrderingMatch`,
    ),
    ...['3', '6', '9', '15', '18', '28'].map((n) => `2.5.13.${n}`),
    '1.3.6.1.1.16.3',
  ].map((name) => name.toLowerCase()),
);

/** Substrings rules by name and OID: their assertion is no single value. */
const SUBSTRINGS_RULES: ReadonlySet<string> = new Set(
  [
    ...['caseIgnore', 'caseExact', 'numericString', 'octetString', 'caseIgnoreIA5', 'caseExactIA5'].map(
      (r) => `${r}SubstringsMatch`,
    ),
    'caseIgnoreListSubstringsMatch',
    'telephoneNumberSubstringsMatch',
    ...['4', '7', '10', '12', '19', '21'].map((n) => `2.5.13.${n}`),
    '1.3.6.1.4.1.1466.109.114.3',
    '1.3.6.1.4.1.4203.1.2.1',
  ].map((name) => name.toLowerCase()),
);

/**
 * How an extensible match uses `rule` where the schema limits rules (slapd, measured): an
 * equality rule matches equal values; an ordering rule matches a value below the assertion
 * (`(uidNumber:integerOrderingMatch:=10003)` holds for 10001); a substrings rule never decides.
 * A schema without matchingRuleUse (AD's) compares every rule for equality.
 */
export function extensibleRuleUse(schema: Schema, rule: string): 'equality' | 'ordering' | 'substrings' {
  if (usesOf(schema) === null) return 'equality';
  const key = rule.toLowerCase();
  return ORDERING_RULES.has(key) ? 'ordering' : SUBSTRINGS_RULES.has(key) ? 'substrings' : 'equality';
}

/**
 * Whether `rule` (name or OID) may be applied to `type` in an extensible match: always when the
 * schema publishes no matchingRuleUse; else only when the rule's use lists the type.
 */
export function ruleApplies(schema: Schema, rule: string, type: ResolvedAttributeType): boolean {
  const uses = usesOf(schema);
  if (uses === null) return true;
  return uses.get(rule.toLowerCase())?.has(type) ?? false;
}
