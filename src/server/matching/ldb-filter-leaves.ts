/**
 * Filter items as Samba 4.17's ldb evaluates them where that differs from RFC 4511 (measured
 * against a Samba DC, base searches of one entry; the generated differential run):
 * - approximate match is not implemented: evaluating one fails the search (inappropriate matching);
 * - extensible match knows only the bit rules and LDAP_MATCHING_RULE_IN_CHAIN: any other rule is
 *   FALSE; a bit rule without a type is FALSE, and on a value or assertion that is no integer
 *   fails (invalid syntax); the in-chain rule fails (no such attribute) without a type or with one
 *   that is no schema name (an OID the request left unresolved, a type with options);
 * - ordering (>=, <=): an assertion an integer or time attribute cannot read, any assertion on a
 *   SID, a non-ASCII one on a string, and any on a DN attribute compare as if the value were
 *   greater — except on the back-link memberOf, as if it were smaller; member and strings compare
 *   their text folded to upper case, objectClass its stored names.
 * Everything else takes the standard reading.
 */
import type { Filter } from '../../core/filter-ast.js';
import { generalizedTimeNanos } from '../../core/generalized-time.js';
import { SyntaxOid } from '../../core/syntaxes.js';
import {
  type CompiledFilter,
  compileFilter,
  type FilterEnvironment,
  FilterItemFailure,
  type LeafEvaluation,
  valueLookup,
} from '../directory/evaluate-filter.js';
import type { ResolvedAttributeType } from '../directory/schema-attribute-types.js';

const BIT_RULES = new Set(['1.2.840.113556.1.4.803', '1.2.840.113556.1.4.804']);
const IN_CHAIN = '1.2.840.113556.1.4.1941';
const INTEGER = /^-?\d+$/;
const INTEGER_SYNTAXES = new Set(['1.3.6.1.4.1.1466.115.121.1.27', '1.2.840.113556.1.4.906']);
const TIME_SYNTAXES = new Set(['1.3.6.1.4.1.1466.115.121.1.24', '1.3.6.1.4.1.1466.115.121.1.53']);

const text = (value: Buffer | string) => (typeof value === 'string' ? value : value.toString('utf8'));

/** Values of the item's attribute on an entry: an array (maybe empty) or null when not readable. */
function lookupFor(env: FilterEnvironment, attribute: string) {
  const lookup = valueLookup(env, env.schema.attributeType(attribute), attribute);
  return (entry: Parameters<CompiledFilter>[0]) => {
    const values = lookup(entry);
    return values === null ? null : (values ?? []);
  };
}

function extensible(filter: Extract<Filter, { type: 'extensible' }>, env: FilterEnvironment) {
  const rule = filter.matchingRule;
  if (rule === undefined) return undefined;
  if (rule === IN_CHAIN) {
    // Without a type, or with one the schema has no such name for (an OID, a type with options:
    // `2.5.4.3`, `cn;x`), ldb finds no attribute to follow.
    const name = filter.attribute;
    if (name !== undefined && /^[a-z][\w-]*$/i.test(name) && env.schema.attributeType(name).known)
      return undefined;
    return () => {
      throw new FilterItemFailure('noSuchAttribute');
    };
  }
  // distinguishedName is the entry's name, no attribute a rule can read.
  if (!BIT_RULES.has(rule) || filter.attribute === undefined) return () => false;
  if (env.schema.attributeType(filter.attribute).name.toLowerCase() === 'distinguishedname')
    return () => false;
  const lookup = lookupFor(env, filter.attribute);
  const assertion = INTEGER.test(text(filter.value).trim());
  const standard = compileFilter(filter, env);
  return (entry: Parameters<CompiledFilter>[0]) => {
    const values = lookup(entry);
    if (!values || values.length === 0) return false;
    if (!assertion || values.some((v) => !INTEGER.test(text(v).trim())))
      throw new FilterItemFailure('invalidSyntax');
    return standard(entry);
  };
}

/** The fixed answer an ordering item gets, when ldb does not compare the values at all. */
function fixedOrder(type: ResolvedAttributeType, assertion: string): 'greater' | 'smaller' | undefined {
  const syntax = type.syntax ?? '';
  if (INTEGER_SYNTAXES.has(syntax)) return INTEGER.test(assertion.trim()) ? undefined : 'greater';
  if (TIME_SYNTAXES.has(syntax)) return generalizedTimeNanos(assertion) === undefined ? 'greater' : undefined;
  if (type.name.toLowerCase() === 'objectsid') return 'greater';
  // The back-link memberOf compares as smaller, every other DN as greater.
  if (syntax === SyntaxOid.distinguishedName)
    return type.name.toLowerCase() === 'memberof' ? 'smaller' : 'greater';
  if (/[^\x00-\x7f]/.test(assertion)) return 'greater';
  return undefined;
}

function ordering(
  filter: Extract<Filter, { type: 'greaterOrEqual' | 'lessOrEqual' }>,
  env: FilterEnvironment,
) {
  const type = env.schema.attributeType(filter.attribute);
  if (!type.known) return undefined;
  const assertion = text(filter.value);
  const greater = filter.type === 'greaterOrEqual';
  const lookup = lookupFor(env, filter.attribute);
  if (type.name.toLowerCase() === 'distinguishedname') return () => false;
  // objectClass and member (the forward link) compare their stored text.
  if (type.name.toLowerCase() === 'member') {
    const wanted = assertion.toUpperCase();
    return (entry: Parameters<CompiledFilter>[0]) =>
      (lookup(entry) ?? []).some((v) => {
        const value = text(v).toUpperCase();
        return greater ? value >= wanted : value <= wanted;
      });
  }
  if (type.name.toLowerCase() === 'objectclass') {
    const wanted = assertion.toUpperCase();
    return (entry: Parameters<CompiledFilter>[0]) =>
      (lookup(entry) ?? []).some((v) => {
        const value = text(v).toUpperCase();
        return greater ? value >= wanted : value <= wanted;
      });
  }
  const fixed = fixedOrder(type, assertion);
  if (
    fixed === undefined &&
    !INTEGER_SYNTAXES.has(type.syntax ?? '') &&
    !TIME_SYNTAXES.has(type.syntax ?? '')
  ) {
    // Strings compare folded to upper case, octet by octet (ldb_casefold).
    const wanted = assertion.toUpperCase();
    return (entry: Parameters<CompiledFilter>[0]) =>
      (lookup(entry) ?? []).some((v) => {
        const value = text(v).toUpperCase();
        return greater ? value >= wanted : value <= wanted;
      });
  }
  if (fixed === undefined) return undefined;
  const holds = greater === (fixed === 'greater');
  return (entry: Parameters<CompiledFilter>[0]) => holds && (lookup(entry) ?? []).length > 0;
}

/** Substrings of an integer read as its decimal text, of objectClass as its stored names; a time has none (ldb). */
function substrings(filter: Extract<Filter, { type: 'substrings' }>, env: FilterEnvironment) {
  const type = env.schema.attributeType(filter.attribute);
  // A piece of blanks folds to nothing, and ldb then matches nothing (measured: `(name=* *)`).
  const pieces = [filter.initial, ...filter.any, filter.final].filter((p) => p !== undefined);
  if (pieces.some((p) => p.length > 0 && text(p).trim() === '')) return () => false;
  if (TIME_SYNTAXES.has(type.syntax ?? '')) return () => false;
  const classes = type.name.toLowerCase() === 'objectclass';
  if (!INTEGER_SYNTAXES.has(type.syntax ?? '') && !classes) return undefined;
  // objectClass: its stored names, without regard to case.
  const fold = (value: string) => (classes ? value.toLowerCase() : value);
  const lookup = lookupFor(env, filter.attribute);
  const initial = filter.initial && fold(text(filter.initial));
  const final = filter.final && fold(text(filter.final));
  const any = filter.any.map((piece) => fold(text(piece)));
  return (entry: Parameters<CompiledFilter>[0]) =>
    (lookup(entry) ?? []).some((v) => {
      let rest = fold(text(v));
      if (initial !== undefined) {
        if (!rest.startsWith(initial)) return false;
        rest = rest.slice(initial.length);
      }
      for (const piece of any) {
        const at = rest.indexOf(piece);
        if (at < 0) return false;
        rest = rest.slice(at + piece.length);
      }
      return final === undefined || rest.endsWith(final);
    });
}

/** The item's attribute, when it names one (an extensible item may not). */
function attributeOf(filter: Filter): string | undefined {
  return 'attribute' in filter ? filter.attribute : undefined;
}

export const ldbLeaves: LeafEvaluation = {
  twoValued: true,
  compile(filter, env) {
    if (filter.type === 'approx')
      return () => {
        throw new FilterItemFailure('inappropriateMatching');
      };
    // ldb knows attributes by name only: one given by OID is no attribute (FALSE) — except to the
    // in-chain rule, which fails on it (above).
    const attribute = attributeOf(filter);
    const inChain = filter.type === 'extensible' && filter.matchingRule === IN_CHAIN;
    if (attribute !== undefined && !inChain && /^\d+(\.\d+)+$/.test(attribute.split(';')[0]!))
      return () => false;
    switch (filter.type) {
      case 'substrings':
        return substrings(filter, env);
      case 'extensible':
        return extensible(filter, env);
      case 'greaterOrEqual':
      case 'lessOrEqual':
        return ordering(filter, env);
      default:
        return undefined;
    }
  },
};
