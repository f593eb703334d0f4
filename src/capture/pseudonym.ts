/**
 * Pseudonyms that keep a value's shape: the same length, the same case pattern, digits where
 * digits were, and every other character (spaces, `,` `+` `#` `\` `*` `(` `)`, dots, `@`) where
 * it was — what matters for escaping and matching — with the letters and digits replaced. The
 * same input gives the same pseudonym within one capture (a keyed hash), never across captures.
 */
import { createHmac } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** Letters outside ASCII stay outside it (two UTF-8 octets), so encoding bugs still show. */
const WIDE_LOWER = 'äöüéèàçñøå';

/** A stream of pseudo-random bytes drawn from `secret` and `input`. */
function bytes(secret: Buffer, input: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let block = 0; out.length * 32 < length; block++) {
    out.push(createHmac('sha256', secret).update(`${block}\u0000${input}`).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

/**
 * Lower case character by character: the same for every case of a value, and unlike
 * String#toLowerCase independent of context (a word-final Σ is σ here, not ς).
 */
export function foldCase(value: string): string {
  let out = '';
  for (const char of value) out += char.toLowerCase();
  return out;
}

/** The pseudonym of `value` in `space` (names, text, …), attempt `round` (to leave collisions). */
export function shapePseudonym(secret: Buffer, space: string, value: string, round = 0): string {
  const chars = [...value];
  const folded = foldCase(value);
  const random = bytes(secret, `${space}\u0000${round}\u0000${folded}`, chars.length);
  return chars
    .map((char, i) => {
      const r = random[i]!;
      if (/[0-9]/.test(char)) return DIGITS[r % 10]!;
      if (/[a-zA-Z]/.test(char)) {
        const letter = LOWER[r % 26]!;
        return char === char.toUpperCase() ? letter.toUpperCase() : letter;
      }
      if (/\p{L}/u.test(char)) {
        const letter = WIDE_LOWER[r % WIDE_LOWER.length]!;
        return char !== char.toLowerCase() && letter !== 'ß' ? letter.toUpperCase() : letter;
      }
      return char;
    })
    .join('');
}

/** Sixteen octets (a GUID) or `length`, deterministic for the input, unique in practice. */
export function pseudonymBytes(secret: Buffer, space: string, input: Buffer, length: number): Buffer {
  return bytes(secret, `${space}\u0000${input.toString('hex')}`, length);
}
