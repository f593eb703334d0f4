/**
 * Matching rules (RFC 4517) reduced to what a directory needs: a normaliser that turns a value
 * into a comparison key (equal keys ⇔ the rule says equal), and for ordering rules a comparator.
 * A normaliser returns undefined when the value is not valid for the rule's syntax, which makes
 * a filter item Undefined rather than false (RFC 4511 §4.5.1.7).
 */

import { BoundedMemo } from '../../core/bounded-memo.js';
import { foldValue, normalizeDN } from '../../core/dn-normalize.js';
import { generalizedTimeNanos } from '../../core/generalized-time.js';
import { type AttributeValue, valueText } from '../operations.js';

export interface MatchingRule {
  readonly name: string;
  normalize(value: AttributeValue): string | undefined;
  /** For ordering rules: negative, zero or positive, on normalised keys. */
  compare?(a: string, b: string): number;
  /**
   * For substrings rules: one piece of a substrings assertion, prepared like a value but with
   * its edge spaces kept (`(cn=a *)` must not become `(cn=a*)`) — but a final piece's trailing
   * ones, which slapd drops as it drops a value's (`(uid=ali* )` finds alice). Default: the raw
   * UTF-8 text.
   */
  normalizePiece?(piece: Buffer, position: 'initial' | 'any' | 'final'): string;
}

/** RFC 4518 insignificant-space handling: trim, and collapse inner runs of spaces. */
function collapseSpaces(value: string): string {
  return value.trim().replace(/ {2,}/g, ' ');
}

/** A text piece: NFKC, runs of spaces as one; a final piece without its trailing spaces. */
function textPiece(piece: Buffer, position: 'initial' | 'any' | 'final'): string {
  const text = nfkc(piece.toString('utf8')).replace(/ {2,}/g, ' ');
  return position === 'final' ? text.trimEnd() : text;
}

/** RFC 4518 maps text through NFKC before comparing, so `ａｌｉｃｅ` is `alice` (slapd does). */
function nfkc(value: string): string {
  return /^[\x00-\x7f]*$/.test(value) ? value : value.normalize('NFKC');
}

const caseIgnore: MatchingRule = {
  name: 'caseIgnoreMatch',
  // The same folding as DN values, so an entry found by its DN is found by a filter too.
  normalize: (v) => foldValue(valueText(v)),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  normalizePiece: (piece, position) => textPiece(piece, position).toLowerCase(),
};

const caseExact: MatchingRule = {
  name: 'caseExactMatch',
  normalize: (v) => collapseSpaces(nfkc(valueText(v))),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  normalizePiece: textPiece,
};

/** IA5 String rules ignore a piece's edge spaces altogether: `(mail=* alice*)` finds alice@…. */
const caseIgnoreIA5: MatchingRule = {
  ...caseIgnore,
  name: 'caseIgnoreIA5Match',
  normalizePiece: (piece, position) => caseIgnore.normalizePiece!(piece, position).trim(),
};

const caseExactIA5: MatchingRule = {
  ...caseExact,
  name: 'caseExactIA5Match',
  normalizePiece: (piece, position) => textPiece(piece, position).trim(),
};

const octetString: MatchingRule = {
  name: 'octetStringMatch',
  normalize: (v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).toString('latin1'),
  compare: (a, b) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')),
  normalizePiece: (piece) => piece.toString('latin1'),
};

/** RFC 4517 §3.3.16: no leading zeros, and no "-0". */
const integerPattern = /^(0|-?[1-9][0-9]*)$/;
const integer: MatchingRule = {
  name: 'integerMatch',
  normalize: (v) => {
    const s = valueText(v).trim();
    return integerPattern.test(s) ? s : undefined;
  },
  compare: (a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  },
};

/** Keys of DN values: every entry of a load names the same creator, the same few groups. */
const dnKeys = new BoundedMemo<string | undefined>(4096);
const distinguishedName: MatchingRule = {
  name: 'distinguishedNameMatch',
  normalize: (v) =>
    dnKeys.get(valueText(v), (text) => {
      try {
        return normalizeDN(text);
      } catch {
        return undefined;
      }
    }),
};

/** uniqueMember: a DN optionally followed by `#'0101'B`. */
const uniqueMember: MatchingRule = {
  name: 'uniqueMemberMatch',
  normalize: (v) => {
    const s = valueText(v);
    const uid = /#'[01]*'B$/.exec(s);
    const dn = uid ? s.slice(0, uid.index) : s;
    const normalized = distinguishedName.normalize(dn);
    return normalized === undefined ? undefined : normalized + (uid ? uid[0] : '');
  },
};

/** Keys of time values: a load stamps every entry of a second with the same timestamps. */
const timeKeys = new BoundedMemo<string | undefined>(4096);
const generalizedTime: MatchingRule = {
  name: 'generalizedTimeMatch',
  normalize: (v) => timeKeys.get(valueText(v), (text) => generalizedTimeNanos(text)?.toString()),
  compare: (a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  },
};

const numericString: MatchingRule = {
  name: 'numericStringMatch',
  normalize: (v) => {
    const digits = valueText(v).replace(/ /g, '');
    return /^[0-9]*$/.test(digits) ? digits : undefined;
  },
  compare: caseExact.compare!,
  normalizePiece: (piece) => piece.toString('utf8').replace(/ /g, ''),
};

const telephoneNumber: MatchingRule = {
  name: 'telephoneNumberMatch',
  normalize: (v) => valueText(v).replace(/[ -]/g, '').toLowerCase(),
  normalizePiece: (piece) => piece.toString('utf8').replace(/[ -]/g, '').toLowerCase(),
};

const booleanRule: MatchingRule = {
  name: 'booleanMatch',
  normalize: (v) => {
    const s = valueText(v).trim();
    return s === 'TRUE' || s === 'FALSE' ? s : undefined;
  },
};

const objectIdentifier: MatchingRule = {
  name: 'objectIdentifierMatch',
  normalize: (v) => valueText(v).trim().toLowerCase(),
};

const rules = new Map<string, MatchingRule>();
/** Under each name as written and in lower case: schemas spell them as written, so a lookup allocates nothing. */
function register(rule: MatchingRule, ...aliases: string[]): void {
  for (const name of [rule.name, ...aliases]) rules.set(name, rule).set(name.toLowerCase(), rule);
}
register(
  caseIgnore,
  'UUIDMatch',
  'UUIDOrderingMatch',
  'caseIgnoreOrderingMatch',
  'caseIgnoreSubstringsMatch',
  'caseIgnoreListMatch',
  '2.5.13.2',
);
register(caseExact, 'caseExactOrderingMatch', 'caseExactSubstringsMatch', '2.5.13.5');
register(
  caseIgnoreIA5,
  'caseIgnoreIA5SubstringsMatch',
  '1.3.6.1.4.1.1466.109.114.2',
  '1.3.6.1.4.1.1466.109.114.3',
);
register(caseExactIA5, 'caseExactIA5SubstringsMatch', '1.3.6.1.4.1.1466.109.114.1');
register(
  octetString,
  'octetStringOrderingMatch',
  'octetStringSubstringsMatch',
  '2.5.13.17',
  'CSNMatch',
  'CSNOrderingMatch',
  'certificateExactMatch',
);
register(integer, 'integerOrderingMatch', 'integerFirstComponentMatch', '2.5.13.14');
register(distinguishedName, '2.5.13.1');
register(uniqueMember, '2.5.13.23');
register(generalizedTime, 'generalizedTimeOrderingMatch', '2.5.13.27');
register(numericString, 'numericStringOrderingMatch', 'numericStringSubstringsMatch', '2.5.13.8');
register(telephoneNumber, 'telephoneNumberSubstringsMatch', '2.5.13.20');
register(booleanRule, '2.5.13.13');
register(objectIdentifier, 'objectIdentifierFirstComponentMatch', '2.5.13.0');

/** The rule by name or OID, case-insensitively; undefined for rules we do not implement. */
export function matchingRule(name: string | undefined): MatchingRule | undefined {
  return name === undefined ? undefined : (rules.get(name) ?? rules.get(name.toLowerCase()));
}

/** Used when an attribute type names no equality rule: compare case-insensitively, as directories do for strings. */
export const defaultMatchingRule = caseIgnore;
