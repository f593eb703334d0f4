/**
 * RFC 4515 value encoding: turning raw assertion-value octets into filter text and back.
 *
 * A filter string is text, but an assertion value is octets (binary SIDs, non-UTF-8 data), so
 * the encoding is defined on bytes: `*` `(` `)` `\` and NUL must be written `\2a \28 \29 \5c \00`,
 * octets that are not valid UTF-8 must be hex-escaped, and any octet may be.
 */

/**
 * A filter string (or an escaped value) that does not follow RFC 4515. `position` is a 0-based
 * index into `input` (UTF-16 code units, as JavaScript strings index).
 *
 * It lives here, beside the lowest-level code that throws it, so that the parser and the
 * formatter (filter-parse.ts, filter-format.ts) can import this module without an import cycle.
 */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  readonly input: string;
  readonly position: number;
  /** The message without the position, for callers that show the position their own way. */
  readonly reason: string;

  constructor(reason: string, input: string, position: number) {
    super(`${reason} (at position ${position})`);
    this.reason = reason;
    this.input = input;
    this.position = position;
  }
}

const HEX_DIGITS = '0123456789abcdef';

/** `\hh` for every octet, lower-case hex as go-ldap's EscapeFilter writes it. */
const ESCAPED_OCTET: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => `\\${HEX_DIGITS[b >> 4]}${HEX_DIGITS[b & 15]}`,
);

/** The ASCII octets RFC 4515 forbids unescaped in a value: NUL ( ) * \ */
const MUST_ESCAPE = new Uint8Array(128);
for (const b of [0x00, 0x28, 0x29, 0x2a, 0x5c]) MUST_ESCAPE[b] = 1;

/**
 * Length of the well-formed UTF-8 sequence starting at `i` (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 if the octets there are not one.
 */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const b = bytes[k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

/** `\hh\hh…` for the UTF-8 encoding of one code point. */
function escapedUtf8(codePoint: number): string {
  if (codePoint < 0x800) {
    return ESCAPED_OCTET[0xc0 | (codePoint >> 6)]! + ESCAPED_OCTET[0x80 | (codePoint & 0x3f)]!;
  }
  if (codePoint < 0x10000) {
    return (
      ESCAPED_OCTET[0xe0 | (codePoint >> 12)]! +
      ESCAPED_OCTET[0x80 | ((codePoint >> 6) & 0x3f)]! +
      ESCAPED_OCTET[0x80 | (codePoint & 0x3f)]!
    );
  }
  return (
    ESCAPED_OCTET[0xf0 | (codePoint >> 18)]! +
    ESCAPED_OCTET[0x80 | ((codePoint >> 12) & 0x3f)]! +
    ESCAPED_OCTET[0x80 | ((codePoint >> 6) & 0x3f)]! +
    ESCAPED_OCTET[0x80 | (codePoint & 0x3f)]!
  );
}

function escapeString(value: string, escapeNonAscii: boolean): string {
  let out = '';
  let flushed = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) {
      if (MUST_ESCAPE[c] === 1) {
        out += value.slice(flushed, i) + ESCAPED_OCTET[c];
        flushed = i + 1;
      }
      continue;
    }
    let codePoint = c;
    let width = 1;
    let lone = false;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        codePoint = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        width = 2;
      } else {
        // A lone surrogate has no UTF-8 form; it becomes U+FFFD, as Buffer.from and TextEncoder do.
        codePoint = 0xfffd;
        lone = true;
      }
    }
    if (escapeNonAscii) {
      out += value.slice(flushed, i) + escapedUtf8(codePoint);
      flushed = i + width;
    } else if (lone) {
      out += value.slice(flushed, i) + '\ufffd';
      flushed = i + 1;
    }
    i += width - 1;
  }
  return flushed === 0 ? value : out + value.slice(flushed);
}

function escapeOctets(value: Uint8Array, escapeNonAscii: boolean): string {
  const bytes = Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (MUST_ESCAPE[b] === 1) {
        out += bytes.toString('utf8', runStart, i) + ESCAPED_OCTET[b];
        runStart = i + 1;
      }
      i++;
      continue;
    }
    const length = escapeNonAscii ? 0 : utf8SequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += bytes.toString('utf8', runStart, i) + ESCAPED_OCTET[b];
    i++;
    runStart = i;
  }
  // The run holds only ASCII and well-formed UTF-8, so decoding it is exact.
  return out + bytes.toString('utf8', runStart, bytes.length);
}

/**
 * Escapes an assertion value for use inside a filter string (RFC 4515 §3): `*` `(` `)` `\` and
 * NUL become `\2a \28 \29 \5c \00`; octets that are not well-formed UTF-8 become `\hh`.
 * A string is taken as its UTF-8 encoding (a lone surrogate counts as U+FFFD).
 *
 * With `escapeNonAscii`, every octet ≥ 0x80 is hex-escaped too, so the result is pure ASCII:
 * this is what go-ldap's `EscapeFilter` (used by OpenBao and Vault) produces, e.g. `é` → `\c3\a9`.
 * Nothing else is escaped (not `=`, `&`, `|`, `!`, control characters): RFC 4515 allows them.
 */
export function escapeFilterValue(
  value: string | Uint8Array,
  options?: { escapeNonAscii?: boolean },
): string {
  const escapeNonAscii = options?.escapeNonAscii === true;
  if (typeof value === 'string') return escapeString(value, escapeNonAscii);
  if (value instanceof Uint8Array) return escapeOctets(value, escapeNonAscii);
  throw new TypeError(`escapeFilterValue: expected a string or a Uint8Array, got ${describeType(value)}`);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

const BACKSLASH = 0x5c;
const ASTERISK = 0x2a;
const LPAREN = 0x28;
const RPAREN = 0x29;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Checks the escape starting at the backslash at `i` and returns the index after it. Accepts
 * `\hh` (either case) and, for LDAPv2 (RFC 1960) compatibility, a backslash before `*` `(` `)`
 * or `\`: OpenLDAP's libldap still accepts that form and old configurations still contain it.
 */
function skipEscape(text: string, i: number, end: number): number {
  const c1 = i + 1 < end ? text.charCodeAt(i + 1) : -1;
  if (c1 === ASTERISK || c1 === LPAREN || c1 === RPAREN || c1 === BACKSLASH) return i + 2;
  if (c1 === -1) throw new FilterSyntaxError("incomplete escape: '\\' at the end of the value", text, i);
  const c2 = i + 2 < end ? text.charCodeAt(i + 2) : -1;
  if (hexValue(c1) < 0 || hexValue(c2) < 0) {
    const shown = text.slice(i, Math.min(i + 3, end));
    throw new FilterSyntaxError(
      `invalid escape '${shown}': '\\' must be followed by two hex digits`,
      text,
      i,
    );
  }
  return i + 3;
}

/**
 * Validates the escaped value that starts at `start` and returns where it stops: at the first
 * unescaped `)` — or, when `stars` is null, the first unescaped `*` — or at `end`. When `stars`
 * is an array, the positions of unescaped `*` (substring wildcards) are appended to it.
 * Throws on an unescaped `(`, a raw NUL, a bad escape or an unpaired UTF-16 surrogate (which
 * has no UTF-8 form). Shared by `parseFilter` and `unescapeFilterValue`.
 */
export function scanEscapedValue(text: string, start: number, end: number, stars: number[] | null): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) {
          throw new FilterSyntaxError('unpaired UTF-16 surrogate in value; it has no UTF-8 form', text, i);
        }
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    if (MUST_ESCAPE[c] === 0) {
      i++;
      continue;
    }
    if (c === BACKSLASH) {
      i = skipEscape(text, i, end);
    } else if (c === RPAREN) {
      return i;
    } else if (c === ASTERISK) {
      if (stars === null) return i;
      stars.push(i);
      i++;
    } else if (c === LPAREN) {
      throw new FilterSyntaxError("unescaped '(' in value; write \\28", text, i);
    } else {
      throw new FilterSyntaxError('NUL character in value; write \\00', text, i);
    }
  }
  return end;
}

/**
 * Decodes `text[start, end)`, already checked by `scanEscapedValue` and free of unescaped `*`,
 * into octets: characters as UTF-8, escapes as the octet they name.
 */
export function decodeEscapedValue(text: string, start: number, end: number): Buffer {
  const firstEscape = text.indexOf('\\', start);
  if (firstEscape < 0 || firstEscape >= end) return Buffer.from(text.slice(start, end), 'utf8');
  // Two passes: count the octets, then fill a buffer of exactly that size.
  let length = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i += hexValue(text.charCodeAt(i + 1)) >= 0 ? 2 : 1;
      length += 1;
    } else if (c < 0x80) length += 1;
    else if (c < 0x800) length += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      length += 4;
      i++;
    } else length += 3;
  }
  const out = Buffer.allocUnsafe(length);
  let o = 0;
  let run = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    if (run < i) o += out.write(text.slice(run, i), o, 'utf8');
    const h = hexValue(text.charCodeAt(i + 1));
    if (h >= 0) {
      out[o++] = (h << 4) | hexValue(text.charCodeAt(i + 2));
      i += 2;
    } else {
      out[o++] = text.charCodeAt(i + 1);
      i += 1;
    }
    run = i + 1;
  }
  if (run < end) out.write(text.slice(run, end), o, 'utf8');
  return out;
}

/**
 * Decodes an RFC 4515 escaped value (`caf\c3\a9`, `a\2ab`) to its octets. Strict like the
 * value grammar: `*` `(` `)` and NUL must be escaped, every `\` must start `\hh` (the LDAPv2
 * forms `\*` `\(` `\)` `\\` are also accepted). Throws `FilterSyntaxError` otherwise.
 */
export function unescapeFilterValue(escaped: string): Buffer {
  if (typeof escaped !== 'string') {
    throw new TypeError(`unescapeFilterValue: expected a string, got ${describeType(escaped)}`);
  }
  const stop = scanEscapedValue(escaped, 0, escaped.length, null);
  if (stop < escaped.length) {
    const c = escaped[stop];
    const hint = c === '*' ? '\\2a' : '\\29';
    throw new FilterSyntaxError(`unescaped '${c}' in value; write ${hint}`, escaped, stop);
  }
  return decodeEscapedValue(escaped, 0, escaped.length);
}
