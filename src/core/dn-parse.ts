/** Parsing DN strings into RDNs (RFC 4514 plus LDAPv2 leniency), and the AVA and RDN types. */

import { berStringContent } from './dn-ber.js';
/*
 * Parsing decisions (what parseDN accepts beyond strict RFC 4514):
 * - `''` and a string of spaces are the root DN: `[]`.
 * - Spaces (U+0020 only) around `,` `;` `+` `=` and at both ends are ignored; unescaped trailing
 *   spaces of a value are dropped, escaped ones (`\ ` or `\20`) are kept.
 * - `;` separates RDNs like `,` (RFC 1779).
 * - A value in double quotes (RFC 1779) is accepted: inside the quotes `, + ; = < > #` and spaces
 *   are literal, `\c` and `\hh` escapes work, and nothing is trimmed.
 * - An attribute type is a descr (letter, then letters, digits, `-`) or a numeric OID without
 *   leading zeros; the RFC 1779 `OID.`/`oid.` prefix is accepted and dropped (`OID.2.5.4.3` →
 *   type `2.5.4.3`).
 * - Rejected, with the position: a missing `=`, an empty or malformed type, a raw `"` `<` `>` or
 *   NUL in a value, a bad escape, bad hex in a `#hex` value, `\hh` runs that are not UTF-8, an
 *   empty RDN (`a=b,,c=d`, a leading or trailing separator).
 * - Positions are 0-based UTF-16 indexes into the input.
 */
import {
  BACKSLASH,
  COMMA,
  EQUALS,
  isDigit,
  isLetter,
  PLUS,
  QUOTE,
  SEMICOLON,
  SHARP,
  SPACE,
  skipSpaces,
} from './dn-chars.js';
import { DNSyntaxError, type ScanCursor, scanEscapes, scanStringValue } from './dn-escape.js';

/**
 * One attribute value assertion. `type` is as written (case kept, `OID.` prefix dropped);
 * `value` is the unescaped text. For a `#hex` value, `ber` holds the bytes and `value` is the
 * decoded string when the BER is a primitive OCTET STRING, UTF8String, PrintableString or
 * IA5String holding valid UTF-8, else the `#hex` text as written.
 */
export interface AVA {
  readonly type: string;
  readonly value: string;
  readonly ber?: Buffer;
}

/** A relative distinguished name: one AVA, or several joined by `+`. */
export type RDN = readonly AVA[];

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** The character at `i` for messages, whole even when it is outside the BMP. */
function charAt(s: string, i: number): string {
  return String.fromCodePoint(s.codePointAt(i)!);
}

function describeChar(s: string, i: number): string {
  return i >= s.length ? 'the end of the DN' : `'${charAt(s, i)}'`;
}

/** Parse a numeric OID at `i`; returns the index after it. */
function scanNumericOid(dn: string, i: number): number {
  for (;;) {
    const start = i;
    if (!isDigit(dn.charCodeAt(i))) {
      throw new DNSyntaxError(`expected a digit in numeric OID, found ${describeChar(dn, i)}`, dn, i);
    }
    while (isDigit(dn.charCodeAt(i))) i++;
    if (dn.charCodeAt(start) === 0x30 && i - start > 1) {
      throw new DNSyntaxError('leading zero in numeric OID component', dn, start);
    }
    if (dn.charCodeAt(i) !== 0x2e) return i;
    i++;
  }
}

/** Scan an attribute type at `cursor.pos` (spaces already skipped); returns it. */
function scanType(dn: string, cursor: ScanCursor): string {
  const start = cursor.pos;
  const c = dn.charCodeAt(start);
  let i = start;
  let type: string;
  if (isLetter(c)) {
    i++;
    for (;;) {
      const d = dn.charCodeAt(i);
      if (isLetter(d) || isDigit(d) || d === 0x2d) i++;
      else break;
    }
    // RFC 1779 `OID.1.2.3`: drop the prefix so the type compares equal to `1.2.3`.
    if (i - start === 3 && dn.charCodeAt(i) === 0x2e && dn.slice(start, i).toLowerCase() === 'oid') {
      const oidStart = i + 1;
      i = scanNumericOid(dn, oidStart);
      type = dn.slice(oidStart, i);
    } else {
      type = dn.slice(start, i);
    }
  } else if (isDigit(c)) {
    i = scanNumericOid(dn, start);
    type = dn.slice(start, i);
  } else if (i >= dn.length) {
    throw new DNSyntaxError(
      start === 0 ? 'expected an attribute type' : 'expected an attribute type after the separator',
      dn,
      start,
    );
  } else if (c === EQUALS) {
    throw new DNSyntaxError("empty attribute type before '='", dn, start);
  } else if (c === COMMA || c === SEMICOLON || c === PLUS) {
    throw new DNSyntaxError(`empty RDN: expected an attribute type, found '${dn[start]}'`, dn, start);
  } else {
    throw new DNSyntaxError(
      `invalid attribute type: expected a letter or digit, found '${charAt(dn, start)}'`,
      dn,
      start,
    );
  }
  const after = dn.charCodeAt(i);
  if (i < dn.length && after !== SPACE && after !== EQUALS) {
    throw new DNSyntaxError(`invalid character '${charAt(dn, i)}' in attribute type "${type}"`, dn, i);
  }
  cursor.pos = i;
  return type;
}

/** Scan a `#hex` value with `cursor.pos` on the `#`; returns the bytes, the AVA value text in `cursor.decoded`. */
function scanHexValue(dn: string, cursor: ScanCursor): Buffer {
  const start = cursor.pos;
  let i = start + 1;
  while (hexValue(dn.charCodeAt(i)) >= 0) i++;
  const digits = i - start - 1;
  if (digits === 0) {
    throw new DNSyntaxError(`expected hex digits after '#', found ${describeChar(dn, i)}`, dn, i);
  }
  if (digits % 2 !== 0) throw new DNSyntaxError('odd number of hex digits in #hex value', dn, start);
  const end = skipSpaces(dn, i);
  if (end < dn.length) {
    const c = dn.charCodeAt(end);
    if (c !== COMMA && c !== SEMICOLON && c !== PLUS) {
      throw new DNSyntaxError(`invalid character '${charAt(dn, end)}' in #hex value`, dn, end);
    }
  }
  const ber = Buffer.allocUnsafe(digits / 2);
  for (let k = 0, p = start + 1; k < ber.length; k++, p += 2) {
    ber[k] = (hexValue(dn.charCodeAt(p)) << 4) | hexValue(dn.charCodeAt(p + 1));
  }
  cursor.pos = end;
  cursor.decoded = berStringContent(ber) ?? dn.slice(start, i);
  return ber;
}

/** Scan a double-quoted value with `cursor.pos` on the opening quote. */
function scanQuotedValue(dn: string, cursor: ScanCursor): string {
  const open = cursor.pos;
  let i = open + 1;
  let out = '';
  let chunkStart = i;
  for (;;) {
    if (i >= dn.length) throw new DNSyntaxError('unterminated quoted value', dn, open);
    const c = dn.charCodeAt(i);
    if (c === QUOTE) break;
    if (c === 0) throw new DNSyntaxError('NUL character in attribute value (write \\00)', dn, i);
    if (c === BACKSLASH) {
      out += dn.slice(chunkStart, i);
      i = scanEscapes(dn, i, 'DN', cursor);
      out += cursor.decoded;
      chunkStart = i;
      continue;
    }
    i++;
  }
  out += dn.slice(chunkStart, i);
  const end = skipSpaces(dn, i + 1);
  if (end < dn.length) {
    const c = dn.charCodeAt(end);
    if (c !== COMMA && c !== SEMICOLON && c !== PLUS) {
      throw new DNSyntaxError(`unexpected '${charAt(dn, end)}' after quoted value`, dn, end);
    }
  }
  cursor.pos = end;
  return out;
}

/** Receives each AVA in order; `endsRdn` is false when a `+` joins the next AVA to the same RDN. */
export type AvaSink = (type: string, value: string, ber: Buffer | undefined, endsRdn: boolean) => void;

/** The DN grammar, shared by parseDN and normalizeDN (which builds strings without AVA objects). */
export function scanDN(dn: string, sink: AvaSink): void {
  const n = dn.length;
  const cursor: ScanCursor = { pos: skipSpaces(dn, 0), decoded: '' };
  if (cursor.pos === n) return;
  for (;;) {
    const type = scanType(dn, cursor);
    let i = skipSpaces(dn, cursor.pos);
    if (dn.charCodeAt(i) !== EQUALS) {
      throw new DNSyntaxError(
        `expected '=' after attribute type "${type}", found ${describeChar(dn, i)}`,
        dn,
        i,
      );
    }
    i = skipSpaces(dn, i + 1);
    cursor.pos = i;
    const c = dn.charCodeAt(i);
    let value: string;
    let ber: Buffer | undefined;
    if (c === SHARP) {
      ber = scanHexValue(dn, cursor);
      value = cursor.decoded;
    } else if (c === QUOTE) {
      value = scanQuotedValue(dn, cursor);
    } else {
      value = scanStringValue(dn, cursor, 'DN');
    }
    // The value scanners stop only at a separator or the end.
    i = cursor.pos;
    if (i >= n) {
      sink(type, value, ber, true);
      return;
    }
    sink(type, value, ber, dn.charCodeAt(i) !== PLUS);
    cursor.pos = skipSpaces(dn, i + 1);
    if (cursor.pos >= n) {
      throw new DNSyntaxError(`expected an attribute type after '${dn[i]}', found the end of the DN`, dn, n);
    }
  }
}

/** Parse a DN string into RDNs, first (leftmost, most specific) first. See the file comment. */
export function parseDN(dn: string): RDN[] {
  const rdns: RDN[] = [];
  let rdn: AVA[] = [];
  scanDN(dn, (type, value, ber, endsRdn) => {
    rdn.push(ber === undefined ? { type, value } : { type, value, ber });
    if (endsRdn) {
      rdns.push(rdn);
      rdn = [];
    }
  });
  return rdns;
}
