/** DN normalisation to a canonical comparison key (with value folding), and DN equality. */

import { berStringContent, hexOf } from './dn-ber.js';
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
} from './dn-chars.js';
import { escapeDNValue } from './dn-escape.js';
import { scanDN } from './dn-parse.js';

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

/** Whether two DN strings name the same entry (equal normal forms). Throws DNSyntaxError on an invalid DN. */
export function dnEquals(a: string, b: string): boolean {
  return normalizeDN(a) === normalizeDN(b);
}

/**
 * The normalised DN of the parent, from a normalised DN ('' for a single RDN): each RDN is
 * normalised on its own, so the parent's is what follows the first separator (commas in a value
 * are escaped). No parse.
 */
export function normalizedParent(ndn: string): string {
  for (let i = 0; i < ndn.length; i++) {
    const c = ndn.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === COMMA) return ndn.slice(i + 1);
  }
  return '';
}
