/** Writing a `Filter` tree as a canonical RFC 4515 string (`formatFilter`). */

/*
 * The formatter walks the tree with an explicit stack rather than recursion, so a very deep AST
 * cannot overflow the call stack.
 */
import type { ExtensibleFilter, Filter } from './filter-ast.js';
import { escapeFilterValue } from './filter-escape.js';
import { oidProblem } from './filter-oid-check.js';

function checkedDescription(value: unknown, what: 'attribute' | 'matchingRule'): string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `formatFilter: ${what} must be a string, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const problem = oidProblem(value, 0, value.length, what === 'attribute');
  if (problem) {
    throw new TypeError(`formatFilter: invalid ${what} ${JSON.stringify(value)}: ${problem.reason}`);
  }
  return value;
}

function formatExtensible(f: ExtensibleFilter): string {
  if (f.attribute === undefined && f.matchingRule === undefined) {
    throw new TypeError('formatFilter: an extensible filter needs an attribute or a matchingRule');
  }
  let out = '(';
  if (f.attribute !== undefined) out += checkedDescription(f.attribute, 'attribute');
  if (f.dnAttributes) out += ':dn';
  if (f.matchingRule !== undefined) {
    const rule = checkedDescription(f.matchingRule, 'matchingRule');
    // `attr:dn:=v` always reads as the dnAttributes flag, so a rule named "dn" needs the flag too.
    if (!f.dnAttributes && rule.toLowerCase() === 'dn') {
      throw new TypeError("formatFilter: a matching rule named 'dn' cannot be written without dnAttributes");
    }
    out += `:${rule}`;
  }
  return `${out}:=${escapeFilterValue(f.value)})`;
}

/**
 * Writes a filter as a canonical RFC 4515 string with outer parentheses; values are escaped with
 * `escapeFilterValue` (non-ASCII UTF-8 stays readable). `parseFilter(formatFilter(f))` equals `f`
 * for every filter whose substrings have a non-empty `initial`/`final` when present and at least
 * one component. An empty `initial`/`final` constrains nothing and is left out, and a substrings
 * filter left with no component is written `(attr=*)`, which is what it matches. Throws a
 * TypeError for what no string can express: invalid attribute names (they could change the
 * filter's structure), an extensible filter with neither attribute nor rule, a rule named `dn`
 * without dnAttributes.
 */
export function formatFilter(filter: Filter): string {
  const out: string[] = [];
  const work: (Filter | string)[] = [filter];
  while (work.length > 0) {
    const f = work.pop()!;
    if (typeof f === 'string') {
      out.push(f);
      continue;
    }
    switch (f.type) {
      case 'and':
      case 'or':
        out.push(f.type === 'and' ? '(&' : '(|');
        work.push(')');
        for (let k = f.filters.length - 1; k >= 0; k--) work.push(f.filters[k]!);
        break;
      case 'not':
        out.push('(!');
        work.push(')', f.filter);
        break;
      case 'equality':
        out.push(`(${checkedDescription(f.attribute, 'attribute')}=${escapeFilterValue(f.value)})`);
        break;
      case 'approx':
        out.push(`(${checkedDescription(f.attribute, 'attribute')}~=${escapeFilterValue(f.value)})`);
        break;
      case 'greaterOrEqual':
        out.push(`(${checkedDescription(f.attribute, 'attribute')}>=${escapeFilterValue(f.value)})`);
        break;
      case 'lessOrEqual':
        out.push(`(${checkedDescription(f.attribute, 'attribute')}<=${escapeFilterValue(f.value)})`);
        break;
      case 'present':
        out.push(`(${checkedDescription(f.attribute, 'attribute')}=*)`);
        break;
      case 'substrings': {
        let s = `(${checkedDescription(f.attribute, 'attribute')}=`;
        if (f.initial !== undefined) s += escapeFilterValue(f.initial);
        s += '*';
        for (const part of f.any) s += `${escapeFilterValue(part)}*`;
        if (f.final !== undefined) s += escapeFilterValue(f.final);
        out.push(`${s})`);
        break;
      }
      case 'extensible':
        out.push(formatExtensible(f));
        break;
      default: {
        const unknown: { type?: unknown } = f;
        throw new TypeError(`formatFilter: unknown filter type ${JSON.stringify(unknown.type)}`);
      }
    }
  }
  return out.join('');
}
