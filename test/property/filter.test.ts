import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { attributeDescription, filterAst, filterValue } from '../../src/conformance/arbitraries/filter.js';
import type { Filter } from '../../src/core/filter-ast.js';
import { escapeFilterValue, FilterSyntaxError, unescapeFilterValue } from '../../src/core/filter-escape.js';
import { formatFilter } from '../../src/core/filter-format.js';
import { parseFilter } from '../../src/core/filter-parse.js';
import { filter } from '../../src/core/filter-template.js';

const RUNS = { numRuns: Number(process.env['FILTER_PROPERTY_RUNS'] ?? 500) };

/** The octets a template substitution stands for. */
function octetsOf(value: string | Uint8Array): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

/** Every kind of node the tree holds, to check that the generator reaches them all. */
function kinds(tree: Filter, into: Set<string>): Set<string> {
  const work: Filter[] = [tree];
  while (work.length > 0) {
    const f = work.pop()!;
    into.add(f.type);
    if (f.type === 'and' || f.type === 'or') work.push(...f.filters);
    else if (f.type === 'not') work.push(f.filter);
  }
  return into;
}

describe('filter strings round-trip', () => {
  test.prop([filterAst({ maxDepth: 4 })], RUNS)('parseFilter(formatFilter(ast)) equals ast', (ast) => {
    expect(parseFilter(formatFilter(ast))).toStrictEqual(ast);
  });

  test.prop([filterAst({ maxDepth: 4 })], RUNS)('formatFilter is a fixed point after one parse', (ast) => {
    const text = formatFilter(ast);
    expect(formatFilter(parseFilter(text))).toBe(text);
  });

  test.prop([fc.array(filterAst({ maxDepth: 3 }), { minLength: 300, maxLength: 300 })], { numRuns: 1 })(
    'the generator reaches every kind of filter',
    (trees) => {
      const seen = new Set<string>();
      for (const tree of trees) kinds(tree, seen);
      expect([...seen].sort()).toStrictEqual(
        [
          'and',
          'approx',
          'equality',
          'extensible',
          'greaterOrEqual',
          'lessOrEqual',
          'not',
          'or',
          'present',
          'substrings',
        ].sort(),
      );
    },
  );
});

describe('escaping round-trips', () => {
  test.prop([fc.uint8Array({ maxLength: 64 }), fc.boolean()], RUNS)(
    'unescapeFilterValue(escapeFilterValue(bytes)) equals the bytes',
    (bytes, escapeNonAscii) => {
      expect(unescapeFilterValue(escapeFilterValue(bytes, { escapeNonAscii }))).toStrictEqual(
        Buffer.from(bytes),
      );
    },
  );

  test.prop([filterValue(), fc.boolean()], RUNS)(
    'unescapeFilterValue(escapeFilterValue(value)) equals its UTF-8 octets',
    (value, escapeNonAscii) => {
      expect(unescapeFilterValue(escapeFilterValue(value, { escapeNonAscii }))).toStrictEqual(
        octetsOf(value),
      );
    },
  );

  test.prop([filterValue()], RUNS)(
    'escaped output has no unescaped special and is ASCII with escapeNonAscii',
    (value) => {
      const escaped = escapeFilterValue(value);
      // Removing every \hh escape must leave none of * ( ) \ NUL.
      expect(escaped.replace(/\\[0-9a-f]{2}/g, '')).not.toMatch(/[*()\\\0]/);
      expect(escapeFilterValue(value, { escapeNonAscii: true })).toMatch(/^[\x01-\x7f]*$/);
    },
  );
});

describe('the filter template never lets a value change the structure', () => {
  test.prop([filterValue()], RUNS)('equality inside an and', (value) => {
    const parsed = parseFilter(filter`(&(objectClass=person)(uid=${value}))`);
    expect(parsed).toStrictEqual({
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'objectClass', value: Buffer.from('person') },
        { type: 'equality', attribute: 'uid', value: octetsOf(value) },
      ],
    });
  });

  test.prop([filterValue(), filterValue(), filterValue()], RUNS)(
    'initial, any and final of a substrings filter',
    (a, m, z) => {
      const parsed = parseFilter(filter`(|(cn=${a}*${m}*${z})(!(sn=${z})))`);
      const initial = octetsOf(a);
      const final = octetsOf(z);
      expect(parsed).toStrictEqual({
        type: 'or',
        filters: [
          {
            type: 'substrings',
            attribute: 'cn',
            ...(initial.length > 0 ? { initial } : {}),
            any: [octetsOf(m)],
            ...(final.length > 0 ? { final } : {}),
          },
          { type: 'not', filter: { type: 'equality', attribute: 'sn', value: final } },
        ],
      });
    },
  );

  test.prop([filterValue(), attributeDescription()], RUNS)(
    'extensible and ordering values',
    (value, attribute) => {
      // An attribute description is literal template text here: it is trusted, the value is not.
      const strings = Object.assign([`(&(${attribute}:1.2.840.113556.1.4.1941:=`, `)(${attribute}>=`, '))'], {
        raw: [],
      }) as unknown as TemplateStringsArray;
      const parsed = parseFilter(filter(strings, value, value));
      expect(parsed).toStrictEqual({
        type: 'and',
        filters: [
          {
            type: 'extensible',
            attribute,
            matchingRule: '1.2.840.113556.1.4.1941',
            dnAttributes: false,
            value: octetsOf(value),
          },
          { type: 'greaterOrEqual', attribute, value: octetsOf(value) },
        ],
      });
    },
  );
});

describe('parseFilter on arbitrary input', () => {
  const filterish = fc.string({
    unit: fc.constantFrom(
      '(',
      ')',
      '&',
      '|',
      '!',
      '=',
      '~',
      '>',
      '<',
      '*',
      ':',
      '\\',
      '2',
      'a',
      'c',
      'n',
      ' ',
      'd',
      ';',
      '.',
    ),
    maxLength: 40,
  });

  test.prop([fc.oneof(filterish, fc.string({ unit: 'binary', maxLength: 40 }))], RUNS)(
    'either returns a filter that formats and re-parses to itself, or throws FilterSyntaxError',
    (text) => {
      let parsed: Filter;
      try {
        parsed = parseFilter(text);
      } catch (error) {
        expect(error).toBeInstanceOf(FilterSyntaxError);
        const { position } = error as FilterSyntaxError;
        expect(position).toBeGreaterThanOrEqual(0);
        expect(position).toBeLessThanOrEqual(text.length);
        return;
      }
      expect(parseFilter(formatFilter(parsed))).toStrictEqual(parsed);
    },
  );
});
