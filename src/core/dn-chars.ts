/** Character codes and classes of the DN grammar, shared by the parser, formatter and normaliser. */

export const SPACE = 0x20;
export const COMMA = 0x2c;
export const SEMICOLON = 0x3b;
export const PLUS = 0x2b;
export const EQUALS = 0x3d;
export const SHARP = 0x23;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

export function skipSpaces(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === SPACE) i++;
  return i;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}
