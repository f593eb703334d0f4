/** Character classes of RFC 4515 filter text, and how a character is shown in error messages. */

const HYPHEN = 0x2d;
export const SEMICOLON = 0x3b;
export const DOT = 0x2e;

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
export function isAlpha(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}
/** RFC 4512 `keychar`. */
export function isKeyChar(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === HYPHEN;
}

/** How a character is shown in an error message. */
export function describeAt(text: string, i: number, end = text.length): string {
  if (i >= end) return 'the end of the filter';
  const cp = text.codePointAt(i)!;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
    return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(cp)}'`;
}

/** Characters that may appear in an attribute description or OID; the head scan stops at others. */
export function isDescriptionChar(c: number): boolean {
  return isKeyChar(c) || c === DOT || c === SEMICOLON;
}
