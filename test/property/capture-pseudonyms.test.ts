/** Capture's pseudonyms on arbitrary values: the shape kept, consistent, and DNs that stay DNs. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Anonymiser } from '../../src/capture/anonymiser.js';
import { foldCase, shapePseudonym } from '../../src/capture/pseudonym.js';
import { dnAttributeValue } from '../../src/conformance/arbitraries/dn.js';
import { formatDN } from '../../src/core/dn-format.js';
import { parseDN } from '../../src/core/dn-parse.js';

const RUNS = { numRuns: 300 };
const SECRET = Buffer.alloc(32, 3);
/** Upper case letter by letter (the inverse of foldCase, where a letter has one). */
const upper = (value: string) =>
  [...value].map((c) => (foldCase(c.toUpperCase()) === foldCase(c) ? c.toUpperCase() : c)).join('');

describe('shape-keeping pseudonyms', () => {
  test.prop([fc.constantFrom('²', '٣', '-', '*', '½', ' ')], { numRuns: 20 })(
    'a value with nothing to replace comes back as it is (and does not loop)',
    (value) => {
      expect(new Anonymiser(SECRET).text(value)).toBe(value);
    },
  );

  test('a shape with no free pseudonym left reuses one rather than looping', () => {
    const anonymiser = new Anonymiser(SECRET);
    // Nine digits kept as they are: the tenth has no other one-digit pseudonym free.
    for (const digit of '012345678') anonymiser.keep(digit);
    expect(anonymiser.text('9')).toMatch(/^[0-8]$/);
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 40 })], RUNS)(
    'keep length, case, digits and every other character where they were',
    (value) => {
      const pseudonym = [...shapePseudonym(SECRET, 'text', value)];
      const original = [...value];
      expect(pseudonym).toHaveLength(original.length);
      original.forEach((char, i) => {
        const out = pseudonym[i]!;
        if (/[0-9]/.test(char)) expect(out).toMatch(/^[0-9]$/);
        else if (/[a-z]/.test(char)) expect(out).toMatch(/^[a-z]$/);
        else if (/[A-Z]/.test(char)) expect(out).toMatch(/^[A-Z]$/);
        else if (/\p{L}/u.test(char)) expect(out).toMatch(/^[^\x00-\x7f]$/);
        else expect(out).toBe(char);
      });
    },
  );

  test.prop([dnAttributeValue(), dnAttributeValue()], RUNS)(
    'the same value (in any case) gets the same pseudonym, another value another one',
    (a, b) => {
      const anonymiser = new Anonymiser(SECRET);
      expect(foldCase(anonymiser.text(upper(a)))).toBe(foldCase(anonymiser.text(foldCase(a))));
      if (foldCase(a) !== foldCase(b) && /[0-9a-zA-Z]|\p{L}/u.test(a + b)) {
        expect(foldCase(anonymiser.text(a))).not.toBe(foldCase(anonymiser.text(b)));
      }
    },
  );

  test.prop([fc.array(dnAttributeValue(), { minLength: 1, maxLength: 4 })], RUNS)(
    'a DN stays a DN with the same types and depth, and equal DNs stay equal',
    (values) => {
      const anonymiser = new Anonymiser(SECRET);
      const dn = formatDN([
        ...values.map((value) => [{ type: 'cn', value }]),
        [{ type: 'dc', value: 'example' }],
      ]);
      const mapped = anonymiser.dn(dn);
      const rdns = parseDN(mapped);
      expect(rdns.map((rdn) => rdn[0]!.type)).toEqual([...values.map(() => 'cn'), 'dc']);
      const shouted = formatDN([
        ...values.map((value) => [{ type: 'CN', value: upper(value) }]),
        [{ type: 'DC', value: 'EXAMPLE' }],
      ]);
      expect(foldCase(anonymiser.dn(shouted))).toBe(foldCase(mapped));
    },
  );
});
