/**
 * Random RFC 4515 filter strings from a vocabulary's attributes and values: every filter kind
 * (equality, substrings, ≥, ≤, presence, approx, extensible with and without dnAttributes and
 * rules, and/or/not, empty and/or), values escaped in every legal way (required escapes, optional
 * `\hh` in either case, raw UTF-8).
 */
import fc, { type Arbitrary } from 'fast-check';
import { valueBytes } from './operation.js';
import type { Vocabulary } from './vocabulary.js';

/** Octets RFC 4515 requires escaped: NUL ( ) * \ */
const MUST_ESCAPE = new Set([0x00, 0x28, 0x29, 0x2a, 0x5c]);

/** Escapes `bytes` for a filter; `style` picks which optional escapes are used (0 none, 1 all lower, 2 all upper). */
export function escapeValue(bytes: Buffer, style: number): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const hex = b.toString(16).padStart(2, '0');
    if (MUST_ESCAPE.has(b) || b >= 0x80 || style !== 0) {
      // Non-ASCII is escaped byte by byte in styles 1 and 2 (and always when not valid UTF-8).
      if (b >= 0x80 && style === 0) {
        const end = utf8End(bytes, i);
        if (end > i) {
          out += bytes.subarray(i, end).toString('utf8');
          i = end;
          continue;
        }
      }
      out += `\\${style === 2 ? hex.toUpperCase() : hex}`;
    } else {
      out += String.fromCharCode(b);
    }
    i++;
  }
  return out;
}

/** End of the well-formed UTF-8 sequence starting at `i`, or `i` when there is none. */
function utf8End(bytes: Buffer, i: number): number {
  const b0 = bytes[i]!;
  const length = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc2 && b0 <= 0xdf ? 2 : 0;
  if (length === 0 || i + length > bytes.length) return i;
  const text = bytes.subarray(i, i + length);
  return Buffer.from(text.toString('utf8')).equals(text) ? i + length : i;
}

export function valuesFor(vocabulary: Vocabulary, attribute: string): Arbitrary<string> {
  const key = attribute.split(';')[0]!.toLowerCase();
  const real = vocabulary.values[key] ?? [];
  const all = real.length > 0 ? fc.constantFrom(...real) : fc.constantFrom(...vocabulary.oddValues);
  return fc.oneof(
    { arbitrary: all, weight: 4 },
    { arbitrary: fc.constantFrom(...vocabulary.oddValues), weight: 1 },
  );
}

const escapeStyle = fc.constantFrom(0, 0, 0, 1, 2);

/** An assertion value written as filter text. */
function assertion(vocabulary: Vocabulary, attribute: string): Arbitrary<string> {
  return fc
    .tuple(valuesFor(vocabulary, attribute), escapeStyle)
    .map(([value, style]) => escapeValue(valueBytes(value), style));
}

/** Pieces of a real value for a substrings filter: `initial*any*final`, any part possibly empty. */
function substrings(vocabulary: Vocabulary, attribute: string): Arbitrary<string> {
  return fc
    .tuple(valuesFor(vocabulary, attribute), fc.nat(), fc.nat(), fc.nat(), escapeStyle)
    .map(([value, a, b, c, style]) => {
      const bytes = valueBytes(value);
      const cuts = [a, b, c]
        .map((n) => (bytes.length === 0 ? 0 : n % (bytes.length + 1)))
        .sort((x, y) => x - y);
      const [i, j, k] = cuts as [number, number, number];
      const part = (from: number, to: number) => escapeValue(bytes.subarray(from, to), style);
      // initial, an "any" piece between the cuts (dropped when empty), final.
      const middle = part(i, j);
      return `${part(0, i)}*${middle === '' ? '' : `${middle}*`}${part(k, bytes.length)}`;
    });
}

function leaf(vocabulary: Vocabulary): Arbitrary<string> {
  const attribute = fc.constantFrom(...vocabulary.filterAttributes);
  const rule = fc.constantFrom(...vocabulary.matchingRules);
  return fc.oneof(
    { arbitrary: attribute.chain((a) => assertion(vocabulary, a).map((v) => `(${a}=${v})`)), weight: 5 },
    { arbitrary: attribute.chain((a) => substrings(vocabulary, a).map((v) => `(${a}=${v})`)), weight: 3 },
    { arbitrary: attribute.chain((a) => assertion(vocabulary, a).map((v) => `(${a}>=${v})`)), weight: 1 },
    { arbitrary: attribute.chain((a) => assertion(vocabulary, a).map((v) => `(${a}<=${v})`)), weight: 1 },
    { arbitrary: attribute.map((a) => `(${a}=*)`), weight: 2 },
    { arbitrary: attribute.chain((a) => assertion(vocabulary, a).map((v) => `(${a}~=${v})`)), weight: 1 },
    {
      arbitrary: fc
        .tuple(attribute, fc.boolean(), fc.option(rule, { nil: undefined }))
        .chain(([a, dn, r]) =>
          assertion(vocabulary, a).map(
            (v) => `(${a}${dn ? ':dn' : ''}${r === undefined ? '' : `:${r}`}:=${v})`,
          ),
        ),
      weight: 2,
    },
    {
      // No attribute: the rule applies to every attribute it fits (and to the DN with :dn).
      arbitrary: fc
        .tuple(attribute, fc.boolean(), rule)
        .chain(([a, dn, r]) => assertion(vocabulary, a).map((v) => `(${dn ? ':dn' : ''}:${r}:=${v})`)),
      weight: 1,
    },
  );
}

/** A filter string of at most `depth` levels of and/or/not. */
export function filterString(vocabulary: Vocabulary, depth = 3): Arbitrary<string> {
  const { tree } = fc.letrec<{ tree: string }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: depth, withCrossShrink: true },
      { arbitrary: leaf(vocabulary), weight: 6 },
      {
        arbitrary: fc.array(tie('tree'), { maxLength: 3 }).map((fs) => `(&${fs.join('')})`),
        weight: 1,
      },
      {
        arbitrary: fc.array(tie('tree'), { maxLength: 3 }).map((fs) => `(|${fs.join('')})`),
        weight: 1,
      },
      { arbitrary: tie('tree').map((f) => `(!${f})`), weight: 1 },
    ),
  }));
  return tree;
}
