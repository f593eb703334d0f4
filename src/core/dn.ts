/**
 * Distinguished names: parse (RFC 4514 plus LDAPv2 leniency), format (RFC 4514 or Active
 * Directory style), normalise to a comparison key, and compare.
 *
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
  DNSyntaxError,
  type DNValueStyle,
  escapeDNValue,
  type ScanCursor,
  scanEscapes,
  scanStringValue,
} from './dn-escape.js';

export type { DNValueStyle } from './dn-escape.js';
export { DNSyntaxError } from './dn-escape.js';

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

const SPACE = 0x20;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const PLUS = 0x2b;
const EQUALS = 0x3d;
const SHARP = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipSpaces(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === SPACE) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

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

/** Tags of the primitive string types whose `#hex` BER content parseDN exposes as text. */
function isStringTag(tag: number): boolean {
  return tag === 0x04 || tag === 0x0c || tag === 0x13 || tag === 0x16;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text content of a BER-encoded primitive string (OCTET STRING, UTF8String,
 * PrintableString, IA5String) holding valid UTF-8, or undefined for anything else (other tags,
 * constructed or indefinite forms, a length that does not cover exactly the rest).
 */
export function berStringContent(ber: Uint8Array): string | undefined {
  if (ber.length < 2 || !isStringTag(ber[0]!)) return undefined;
  const first = ber[1]!;
  let length: number;
  let offset: number;
  if (first < 0x80) {
    length = first;
    offset = 2;
  } else {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 4 || ber.length < 2 + octets) return undefined;
    length = 0;
    for (let k = 0; k < octets; k++) length = length * 256 + ber[2 + k]!;
    offset = 2 + octets;
  }
  if (offset + length !== ber.length) return undefined;
  try {
    return strictUtf8.decode(ber.subarray(offset));
  } catch {
    return undefined;
  }
}

/**
 * The `value` parseDN gives an AVA whose `#hex` value decodes to `ber`, when written the way
 * formatDN writes it (lower-case hex). Lets callers build AVAs that round-trip.
 */
export function berValueText(ber: Uint8Array): string {
  return berStringContent(ber) ?? '#' + Buffer.from(ber).toString('hex');
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
type AvaSink = (type: string, value: string, ber: Buffer | undefined, endsRdn: boolean) => void;

/** The DN grammar, shared by parseDN and normalizeDN (which builds strings without AVA objects). */
function scanDN(dn: string, sink: AvaSink): void {
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

function checkType(type: string, where: string): void {
  const c = type.charCodeAt(0);
  let ok = type.length > 0;
  if (ok && isLetter(c)) {
    for (let i = 1; i < type.length && ok; i++) {
      const d = type.charCodeAt(i);
      ok = isLetter(d) || isDigit(d) || d === 0x2d;
    }
  } else if (ok && isDigit(c)) {
    let prevDot = true;
    for (let i = 0; i < type.length && ok; i++) {
      const d = type.charCodeAt(i);
      if (d === 0x2e) {
        ok = !prevDot;
        prevDot = true;
      } else {
        ok = isDigit(d) && !(prevDot && d === 0x30 && isDigit(type.charCodeAt(i + 1)));
        prevDot = false;
      }
    }
    ok &&= !prevDot;
  } else {
    ok = false;
  }
  if (!ok)
    throw new TypeError(`${where}: attribute type ${JSON.stringify(type)} is not a descr or numeric OID`);
}

function hexOf(ber: Uint8Array): string {
  return Buffer.from(ber.buffer, ber.byteOffset, ber.byteLength).toString('hex');
}

/**
 * Write RDNs as a DN string: `type=value` joined by `+` within an RDN and `,` between RDNs.
 * Types are written as given; values are escaped by escapeDNValue(style); AVAs with `ber` are
 * written `#hex` (lower case). Throws TypeError for an empty RDN or an invalid type, because the
 * result would not parse back.
 */
export function formatDN(rdns: readonly RDN[], style: DNValueStyle = 'rfc4514'): string {
  let out = '';
  for (let r = 0; r < rdns.length; r++) {
    const rdn = rdns[r]!;
    if (rdn.length === 0) throw new TypeError(`formatDN: RDN ${r} has no attribute value assertions`);
    if (r > 0) out += ',';
    for (let a = 0; a < rdn.length; a++) {
      const ava = rdn[a]!;
      checkType(ava.type, `formatDN: RDN ${r} AVA ${a}`);
      if (a > 0) out += '+';
      out +=
        ava.type + '=' + (ava.ber === undefined ? escapeDNValue(ava.value, style) : '#' + hexOf(ava.ber));
    }
  }
  return out;
}

/** The parent of a DN: all RDNs but the first. The root DN (`[]`) has no parent and gives `[]`. */
export function parentDN(rdns: readonly RDN[]): RDN[] {
  return rdns.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/**
 * caseIgnore-style folding of one value, after RFC 4518 in simplified form:
 * - non-ASCII text is NFKC-normalised and lower-cased with `toLowerCase` (repeated until stable,
 *   because NFKC can produce upper case, e.g. `℡` → `TEL`), and final `ς` folded to `σ`; no
 *   full Unicode case folding otherwise, so `ß` and `ss` stay different;
 * - insignificant space handling on U+0020 only (NFKC already turns NBSP and other Zs spaces into
 *   U+0020): leading and trailing spaces dropped, inner runs collapsed to one.
 * Every attribute is folded this way, whatever its schema says (the mock's DNs are
 * case-insensitive, as in OpenLDAP for cn/ou/dc/uid and in AD for everything).
 */
export function foldValue(v: string): string {
  let ascii = true;
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  let t = v.toLowerCase();
  if (!ascii) {
    t = t.normalize('NFKC').toLowerCase();
    for (let k = 0; k < 4; k++) {
      const next = t.normalize('NFKC').toLowerCase();
      if (next === t) break;
      t = next;
    }
    // toLowerCase writes a word-final capital sigma as ς; fold it so ΑΣ, ασ and ας compare equal.
    if (t.includes('ς')) t = t.replaceAll('ς', 'σ');
  }
  return squeezeSpaces(t);
}

function squeezeSpaces(t: string): string {
  const n = t.length;
  if (n === 0) return t;
  if (t.charCodeAt(0) !== SPACE && t.charCodeAt(n - 1) !== SPACE && !t.includes('  ')) return t;
  let start = 0;
  let end = n;
  while (start < end && t.charCodeAt(start) === SPACE) start++;
  while (end > start && t.charCodeAt(end - 1) === SPACE) end--;
  const trimmed = t.slice(start, end);
  return trimmed.includes('  ') ? trimmed.replace(/ {2,}/g, ' ') : trimmed;
}

interface NormalAva {
  readonly type: string;
  readonly value: string;
  /** Set for a `#hex` value that is not a string: compared as lower-case hex. */
  readonly hex?: string;
}

function normalAva(type: string, value: string, ber: Buffer | undefined): NormalAva {
  const ntype = type.toLowerCase();
  if (ber !== undefined) {
    const text = berStringContent(ber);
    if (text === undefined) return { type: ntype, value: '', hex: hexOf(ber) };
    return { type: ntype, value: foldValue(text) };
  }
  return { type: ntype, value: foldValue(value) };
}

function compareNormalAva(a: NormalAva, b: NormalAva): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  // Hex (non-string) values sort after string values; their texts cannot collide (a string
  // value starting with '#' is written `\#`).
  if ((a.hex === undefined) !== (b.hex === undefined)) return a.hex === undefined ? -1 : 1;
  const x = a.hex ?? a.value;
  const y = b.hex ?? b.value;
  return x < y ? -1 : x > y ? 1 : 0;
}

function writeNormalAva(a: NormalAva): string {
  return a.type + '=' + (a.hex === undefined ? escapeDNValue(a.value) : '#' + a.hex);
}

const NOT_PLAIN = 0;
const PLAIN_NORMAL = 1;
const PLAIN_NEEDS_LOWER_CASE = 2;

/**
 * A cheap check for the usual DN shape, whose normal form is the DN itself, lower-cased:
 * descr types written `type=value` with no spaces around `=` or `,`, single-valued RDNs, values
 * of printable ASCII without escapes, `" + ; < >`, a leading `#`, or leading/trailing/double
 * spaces. Returns PLAIN_NORMAL when there is no upper case either (nothing to allocate),
 * PLAIN_NEEDS_LOWER_CASE when there is, NOT_PLAIN otherwise (use the full parser).
 */
function plainShape(dn: string): number {
  const n = dn.length;
  let upper = false;
  let i = 0;
  for (;;) {
    // type: [a-zA-Z][a-zA-Z0-9-]*
    let c = dn.charCodeAt(i);
    if (!isLetter(c)) return NOT_PLAIN;
    if (c <= 0x5a) upper = true;
    i++;
    for (;;) {
      c = dn.charCodeAt(i);
      if (isLetter(c)) {
        if (c <= 0x5a) upper = true;
        i++;
      } else if (isDigit(c) || c === 0x2d) {
        i++;
      } else {
        break;
      }
    }
    if (c !== EQUALS) return NOT_PLAIN;
    i++;
    // value
    c = dn.charCodeAt(i);
    if (c === SHARP || c === SPACE) return NOT_PLAIN;
    let prevSpace = false;
    for (;;) {
      if (i >= n) return prevSpace ? NOT_PLAIN : upper ? PLAIN_NEEDS_LOWER_CASE : PLAIN_NORMAL;
      c = dn.charCodeAt(i);
      if (c === COMMA) break;
      if (c < SPACE || c > 0x7e) return NOT_PLAIN;
      if (c === QUOTE || c === PLUS || c === SEMICOLON || c === 0x3c || c === 0x3e || c === BACKSLASH) {
        return NOT_PLAIN;
      }
      if (c >= 0x41 && c <= 0x5a) upper = true;
      if (c === SPACE) {
        if (prevSpace) return NOT_PLAIN;
        prevSpace = true;
      } else {
        prevSpace = false;
      }
      i++;
    }
    if (prevSpace) return NOT_PLAIN;
    i++; // the comma; a type must follow
    if (i >= n) return NOT_PLAIN;
  }
}

/**
 * The canonical comparison key of a DN: types lower-cased (and `OID.` dropped), values folded
 * by foldValue, `#hex` values that are strings compared as their text and others as lower-case
 * hex, the AVAs of a multi-valued RDN sorted by type then value, values re-escaped with minimal
 * RFC 4514 escaping, RDNs joined by `,` and AVAs by `+` with no spaces. Idempotent. Throws
 * DNSyntaxError on invalid input. Types are not resolved through a schema: `2.5.4.3=x` and
 * `cn=x` stay different.
 *
 * In the normal form a `,` inside a value is always written `\,` and every other backslash is
 * part of a `\c` pair or `\00`, which isDescendantOrSelf relies on.
 */
export function normalizeDN(dn: string): string {
  if (dn.length === 0) return dn;
  const shape = plainShape(dn);
  if (shape === PLAIN_NORMAL) return dn;
  if (shape === PLAIN_NEEDS_LOWER_CASE) return dn.toLowerCase();
  let out = '';
  let multi: NormalAva[] | undefined; // the AVAs of a multi-valued RDN, sorted when it ends
  scanDN(dn, (type, value, ber, endsRdn) => {
    if (multi === undefined && endsRdn && ber === undefined) {
      // The common case, a single string value, without intermediate objects.
      out += (out === '' ? '' : ',') + type.toLowerCase() + '=' + escapeDNValue(foldValue(value));
      return;
    }
    multi ??= [];
    multi.push(normalAva(type, value, ber));
    if (endsRdn) {
      out += (out === '' ? '' : ',') + multi.sort(compareNormalAva).map(writeNormalAva).join('+');
      multi = undefined;
    }
  });
  return out;
}

/**
 * Whether normalised DN `ndn` is `nbase` or below it. Both must come from normalizeDN. The root
 * DN `''` is an ancestor of everything. Works on the strings: `nbase` must be a suffix of `ndn`
 * preceded by a separator comma, i.e. one preceded by an even number of backslashes.
 */
export function isDescendantOrSelf(ndn: string, nbase: string): boolean {
  const baseLength = nbase.length;
  if (baseLength === 0) return true;
  const sep = ndn.length - baseLength - 1;
  if (sep < 0) return sep === -1 && ndn === nbase;
  if (ndn.charCodeAt(sep) !== COMMA || !ndn.endsWith(nbase)) return false;
  let backslashes = 0;
  for (let k = sep - 1; k >= 0 && ndn.charCodeAt(k) === BACKSLASH; k--) backslashes++;
  return backslashes % 2 === 0;
}

/** Whether two DN strings name the same entry (equal normal forms). Throws DNSyntaxError on an invalid DN. */
export function dnEquals(a: string, b: string): boolean {
  return normalizeDN(a) === normalizeDN(b);
}
