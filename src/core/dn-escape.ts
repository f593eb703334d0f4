/**
 * Escaping and unescaping of one DN attribute value (RFC 4514 §2.4 and §3), plus the exact
 * escaping OpenBao applies to user names placed in a bind DN.
 *
 * The string-value scanner lives here, beside the lowest-level code that throws DNSyntaxError,
 * so that the DN parser and formatter (dn-parse.ts, dn-format.ts) and unescapeDNValue share one
 * grammar without an import cycle.
 */

/** A DN (or DN value) that does not follow RFC 4514 and the leniencies documented in dn-parse.ts. */
export class DNSyntaxError extends Error {
  override readonly name = 'DNSyntaxError';
  /** The whole string being parsed. */
  readonly input: string;
  /** 0-based UTF-16 index in `input` where the problem was found. */
  readonly position: number;
  /** What is wrong, without the location. */
  readonly reason: string;

  constructor(reason: string, input: string, position: number, what = 'DN') {
    const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
    super(`${reason} at position ${position} of ${what} ${JSON.stringify(shown)}`);
    this.input = input;
    this.position = position;
    this.reason = reason;
  }
}

export type DNValueStyle = 'rfc4514' | 'ad' | 'openldap';

const BACKSLASH = 0x5c;
const SPACE = 0x20;
const SHARP = 0x23;
const EQUALS = 0x3d;

/** Characters that RFC 4514 requires escaping anywhere in a value: `" + , ; < > \`. */
function isAlwaysEscaped(c: number): boolean {
  return c === 0x22 || c === 0x2b || c === 0x2c || c === 0x3b || c === 0x3c || c === 0x3e || c === BACKSLASH;
}

const HEX_UPPER = '0123456789ABCDEF';
const HEX_LOWER = '0123456789abcdef';

function hexByte(b: number, digits: string): string {
  return '\\' + digits[b >> 4] + digits[b & 15];
}

/**
 * Escape `value` for use as an attribute value in a DN string.
 *
 * - `rfc4514` (default): the minimal escaping RFC 4514 §2.4 requires — backslash before a leading
 *   space or `#`, a trailing space, and `" + , ; < > \`; NUL as `\00`. Everything else, non-ASCII
 *   included, is written raw (UTF-8 on the wire).
 * - `ad`: as Active Directory writes DNs — additionally `=` and `#` anywhere, and C0 control
 *   characters as `\XX` (AD shows the LF of deleted-object names as `\0A`).
 * - `openldap`: as slapd stores and returns DNs (its "pretty" form) — every character that needs
 *   escaping, and `=`, written as upper-case hex (`\2C`, `\23`, `\20` for an edge space);
 *   non-ASCII raw.
 *
 * The result never contains an unescaped `,`, `+` or `;`, so it is safe to splice into a DN.
 */
export function escapeDNValue(value: string, style: DNValueStyle = 'rfc4514'): string {
  const n = value.length;
  if (style === 'openldap') return escapeDNValueHex(value);
  const ad = style === 'ad';
  let out = '';
  let chunkStart = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    let escaped: string | undefined;
    if (isAlwaysEscaped(c)) {
      escaped = '\\' + value[i];
    } else if (c < SPACE) {
      if (c === 0 || ad) escaped = hexByte(c, HEX_UPPER);
    } else if (c === SPACE) {
      if (i === 0 || i === n - 1) escaped = '\\ ';
    } else if (c === SHARP) {
      if (i === 0 || ad) escaped = '\\#';
    } else if (c === EQUALS && ad) {
      escaped = '\\=';
    }
    if (escaped !== undefined) {
      out += value.slice(chunkStart, i) + escaped;
      chunkStart = i + 1;
    }
  }
  return chunkStart === 0 ? value : out + value.slice(chunkStart);
}

function escapeDNValueHex(value: string): string {
  const n = value.length;
  let out = '';
  let chunkStart = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const edge = i === 0 || i === n - 1;
    if (isAlwaysEscaped(c) || c === EQUALS || c === 0 || (c === SPACE && edge) || (c === SHARP && i === 0)) {
      out += value.slice(chunkStart, i) + hexByte(c, HEX_UPPER);
      chunkStart = i + 1;
    }
  }
  return chunkStart === 0 ? value : out + value.slice(chunkStart);
}

/**
 * Exactly OpenBao's `EscapeLDAPValue` (ldaputil), used for the user name in the bind DN and UPN.
 * It works on UTF-8 bytes, first matching rule wins: `#` anywhere or a space at index 0 →
 * backslash-prefixed; a space at the last index → `\ `; `" + , ; < > \` → backslash-prefixed;
 * a byte < 0x20 or > 0x7e → `\` and two lower-case hex digits; anything else unchanged. `=` is
 * not escaped. Kept separate from escapeDNValue because its output differs (it hex-escapes
 * non-ASCII) and compatibility tests need the byte-exact form.
 */
export function escapeDNValueOpenBao(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  const last = bytes.length - 1;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === SHARP || (b === SPACE && i === 0)) {
      out += '\\' + String.fromCharCode(b);
    } else if (b === SPACE && i === last) {
      out += '\\ ';
    } else if (isAlwaysEscaped(b)) {
      out += '\\' + String.fromCharCode(b);
    } else if (b < 0x20 || b > 0x7e) {
      out += hexByte(b, HEX_LOWER);
    } else {
      out += String.fromCharCode(b);
    }
  }
  return out;
}

/**
 * Undo DN escaping of one attribute value: `\c` for c in ``␠"#+,;<=>\`` and `\hh` hex pairs
 * (consecutive pairs are UTF-8 and must decode). Unescaped leading and trailing spaces are
 * dropped, as parseDN does. Throws DNSyntaxError on a bad escape, invalid UTF-8, a character
 * RFC 4514 requires escaping (`" < >` NUL, and the separators `, + ;`), or a leading unescaped
 * `#` (that is the BER `#hex` form, which only parseDN understands).
 */
export function unescapeDNValue(escaped: string): string {
  let start = 0;
  while (start < escaped.length && escaped.charCodeAt(start) === SPACE) start++;
  if (escaped.charCodeAt(start) === SHARP) {
    throw new DNSyntaxError(
      "unescaped '#' at the start of the value (that is the BER #hex form; write \\# for a literal '#')",
      escaped,
      start,
      'DN value',
    );
  }
  const cursor: ScanCursor = { pos: start, decoded: '' };
  const value = scanStringValue(escaped, cursor, 'DN value');
  if (cursor.pos < escaped.length) {
    const ch = escaped[cursor.pos]!;
    throw new DNSyntaxError(`unescaped '${ch}' in value (write \\${ch})`, escaped, cursor.pos, 'DN value');
  }
  return value;
}

/** Mutable scan position, so the scanner can return the value without allocating a tuple. */
export interface ScanCursor {
  pos: number;
  /** Text of the last escape run decoded by the scanner (internal scratch). */
  decoded: string;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Characters that may follow a backslash as themselves (RFC 4514 `special` plus space). */
function isEscapableChar(c: number): boolean {
  return c === SPACE || c === SHARP || c === EQUALS || isAlwaysEscaped(c);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Scan an RFC 4514 `string` value starting at `cursor.pos` (leading spaces already skipped by
 * the caller). Stops at the end or at an unescaped `,` `;` `+`, leaving `cursor.pos` there.
 * Unescaped trailing spaces are not part of the value; escaped ones are.
 */
export function scanStringValue(input: string, cursor: ScanCursor, what: string): string {
  const n = input.length;
  let i = cursor.pos;
  let out = '';
  let chunkStart = i;
  // Length of the value up to and including its last significant (non-space or escaped) char.
  let significant = 0;
  while (i < n) {
    const c = input.charCodeAt(i);
    if (c === 0x2c || c === 0x3b || c === 0x2b) break;
    if (c === BACKSLASH) {
      out += input.slice(chunkStart, i);
      i = scanEscapes(input, i, what, cursor);
      out += cursor.decoded;
      significant = out.length;
      chunkStart = i;
      continue;
    }
    if (c === 0x22 || c === 0x3c || c === 0x3e) {
      throw new DNSyntaxError(
        `unescaped '${input[i]}' in attribute value (write \\${input[i]})`,
        input,
        i,
        what,
      );
    }
    if (c === 0) throw new DNSyntaxError('NUL character in attribute value (write \\00)', input, i, what);
    i++;
    if (c !== SPACE) significant = out.length + (i - chunkStart);
  }
  cursor.pos = i;
  out += input.slice(chunkStart, i);
  return significant === out.length ? out : out.slice(0, significant);
}

/**
 * Decode a run of escapes starting at the backslash at `i`: either one `\c`, or consecutive
 * `\hh` pairs decoded together as UTF-8. Puts the text in `cursor.decoded`; returns the index
 * after the run.
 */
export function scanEscapes(input: string, i: number, what: string, cursor: ScanCursor): number {
  const n = input.length;
  if (i + 1 >= n) throw new DNSyntaxError('backslash at the end with nothing to escape', input, i, what);
  const c1 = input.charCodeAt(i + 1);
  const h1 = hexDigit(c1);
  if (h1 < 0) {
    if (!isEscapableChar(c1)) {
      throw new DNSyntaxError(
        `invalid escape '\\${input[i + 1]}' (only \\ followed by one of ␠"#+,;<=>\\ or two hex digits)`,
        input,
        i,
        what,
      );
    }
    cursor.decoded = input[i + 1]!;
    return i + 2;
  }
  // Hex pairs: collect the whole run, then decode it as UTF-8.
  const runStart = i;
  const bytes: number[] = [];
  while (i < n && input.charCodeAt(i) === BACKSLASH) {
    const a = hexDigit(input.charCodeAt(i + 1));
    if (a < 0) break; // a `\c` escape follows: it ends this run
    const b = i + 2 < n ? hexDigit(input.charCodeAt(i + 2)) : -1;
    if (b < 0) {
      throw new DNSyntaxError(
        `invalid escape '${input.slice(i, i + 3)}' (a hex escape needs two hex digits)`,
        input,
        i,
        what,
      );
    }
    bytes.push((a << 4) | b);
    i += 3;
  }
  if (bytes.length === 1 && bytes[0]! < 0x80) {
    cursor.decoded = String.fromCharCode(bytes[0]!); // the common `\2C` case, without a decoder call
  } else {
    try {
      cursor.decoded = utf8.decode(Uint8Array.from(bytes));
    } catch {
      throw new DNSyntaxError(
        `hex escapes '${input.slice(runStart, i)}' are not valid UTF-8`,
        input,
        runStart,
        what,
      );
    }
  }
  return i;
}
