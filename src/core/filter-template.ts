/**
 * The `filter` template tag: builds a filter string from literal filter text and substituted
 * values, escaping every value, so that no value can change the filter's structure.
 *
 *   filter`(&(objectClass=person)(uid=${username}))`
 */

import { escapeFilterValue } from './filter-escape.js';
import { parseFilter } from './filter-parse.js';

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`;
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

function escapedSubstitution(value: unknown, index: number, count: number): string {
  if (typeof value === 'string' || value instanceof Uint8Array) return escapeFilterValue(value);
  if (typeof value === 'number') {
    // NaN or Infinity in a filter is a bug upstream, not a value anyone means to search for.
    if (!Number.isFinite(value)) {
      throw new TypeError(
        `filter\`…\`: substitution ${index + 1} of ${count} is ${value}, not a finite number`,
      );
    }
    return String(value);
  }
  throw new TypeError(
    `filter\`…\`: substitution ${index + 1} of ${count} is ${describeType(value)}; ` +
      'expected a string, a number or a Buffer/Uint8Array',
  );
}

/**
 * Tagged template for filter strings. Each substitution must be a string, a finite number or a
 * Buffer/Uint8Array (binary values such as objectSid) and is escaped with `escapeFilterValue`;
 * anything else is a TypeError naming the substitution. The literal text is the template's
 * ordinary (cooked) text, so a filter escape in it needs a doubled backslash: filter`(cn=\\2a)`.
 * The result is checked with `parseFilter`, so a template that yields an invalid filter throws
 * `FilterSyntaxError` at once rather than at the server.
 */
export function filter(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = '';
  for (let k = 0; k < strings.length; k++) {
    const text = strings[k];
    if (text === undefined) {
      // The tag received text with an escape JavaScript cannot read, such as `\2a`.
      throw new TypeError(
        `filter\`…\`: literal part ${k + 1} has an invalid JavaScript escape ` +
          `(${JSON.stringify(strings.raw[k])}); write filter escapes with a doubled backslash, e.g. \\\\2a`,
      );
    }
    out += text;
    if (k < values.length) out += escapedSubstitution(values[k], k, values.length);
  }
  parseFilter(out);
  return out;
}
