/**
 * Whether a value is valid for its attribute syntax, as slapd 2.5 validates values in a write
 * request before anything else (servers/slapd/schema_init.c). Not every RFC 4517 syntax has a
 * validator there: those without one refuse every value.
 */
import { generalizedTimeNanos } from './generalized-time.js';

/** Whether a value is valid for one syntax. */
export type SyntaxCheck = (value: Buffer) => boolean;

/** RFC 4517 PrintableCharacter: letters, digits and `'()+,-./:? =`. */
const PRINTABLE = /^[A-Za-z0-9'()+,\-./:? =]+$/;

function utf8(value: Buffer): boolean {
  // A round trip through the decoder changes a sequence that is not well-formed UTF-8.
  return Buffer.from(value.toString('utf8'), 'utf8').equals(value);
}

const directoryString: SyntaxCheck = (v) => v.length > 0 && utf8(v);
const ia5: SyntaxCheck = (v) => v.every((byte) => byte < 0x80);
const printable: SyntaxCheck = (v) => PRINTABLE.test(v.toString('latin1'));
/** Printable strings separated by `$`, none empty (facsimile, telex). */
const printables: SyntaxCheck = (v) =>
  v.length > 0 &&
  v
    .toString('latin1')
    .split('$')
    .every((part) => PRINTABLE.test(part));
const integer: SyntaxCheck = (v) => /^(0|-?[1-9][0-9]*)$/.test(v.toString('latin1'));
const boolean: SyntaxCheck = (v) => ['TRUE', 'FALSE'].includes(v.toString('latin1'));
const numericString: SyntaxCheck = (v) => /^[0-9 ]+$/.test(v.toString('latin1'));
const numericOid: SyntaxCheck = (v) => /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(v.toString('latin1'));
const uuid: SyntaxCheck = (v) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v.toString('latin1'));
const bitString: SyntaxCheck = (v) => /^'[01]*'B$/.test(v.toString('latin1'));
const country: SyntaxCheck = (v) => v.length === 2 && printable(v);
const generalizedTime: SyntaxCheck = (v) => {
  const text = v.toString('latin1');
  return text === text.trim() && generalizedTimeNanos(text) !== undefined;
};
/** Lines separated by `$`, where `\24` and `\5C` are the only escapes; each line UTF-8. */
const postalAddress: SyntaxCheck = (v) =>
  !v
    .toString('latin1')
    .replace(/\\(24|5c)/gi, '')
    .includes('\\') && utf8(v);
/** A DN: its parse is the equality rule's; a value of spaces alone is no DN (the empty one is). */
const distinguishedName: SyntaxCheck = (v) => v.length === 0 || v.toString('utf8').trim() !== '';
const anything: SyntaxCheck = () => true;
const nothing: SyntaxCheck = () => false;

const RFC4517 = '1.3.6.1.4.1.1466.115.121.1';

/**
 * The checks by syntax OID. Syntaxes not listed (those slapd does not know) are left to the
 * matching rule, as is the parse of a DN.
 */
const CHECKS = new Map<string, SyntaxCheck>([
  [`${RFC4517}.4`, anything], // Audio
  [`${RFC4517}.5`, anything], // Binary
  [`${RFC4517}.6`, bitString],
  [`${RFC4517}.7`, boolean],
  [`${RFC4517}.11`, country],
  [`${RFC4517}.12`, distinguishedName],
  [`${RFC4517}.15`, directoryString],
  [`${RFC4517}.22`, printables], // Facsimile Telephone Number
  [`${RFC4517}.24`, generalizedTime],
  [`${RFC4517}.26`, ia5],
  [`${RFC4517}.27`, integer],
  [`${RFC4517}.28`, anything], // JPEG
  [`${RFC4517}.34`, distinguishedName], // Name And Optional UID
  [`${RFC4517}.36`, numericString],
  [`${RFC4517}.38`, numericOid],
  [`${RFC4517}.39`, ia5], // Other Mailbox
  [`${RFC4517}.40`, anything], // Octet String
  [`${RFC4517}.41`, postalAddress],
  [`${RFC4517}.44`, printable],
  [`${RFC4517}.45`, directoryString], // Subtree Specification: slapd checks it as UTF-8
  [`${RFC4517}.50`, printable], // Telephone Number
  [`${RFC4517}.52`, printables], // Telex Number
  ['1.3.6.1.1.16.1', uuid],
  // slapd has neither a validator nor a pretty-printer for these: every value is refused.
  ...[2, 3, 13, 16, 17, 19, 20, 21, 23, 25, 29, 30, 31, 32, 33, 35, 37, 42, 43, 51, 54, 55, 56, 57, 58].map(
    (n) => [`${RFC4517}.${n}`, nothing] as const,
  ),
]);

/** The check of a syntax, or undefined where the equality rule alone decides. */
export function syntaxCheck(syntaxOid: string | undefined): SyntaxCheck | undefined {
  return syntaxOid === undefined ? undefined : CHECKS.get(syntaxOid);
}

/** Whether slapd has no way to validate the syntax (its answer names the syntax then). */
export function syntaxUnvalidated(syntaxOid: string | undefined): boolean {
  return syntaxCheck(syntaxOid) === nothing;
}

/**
 * The assertion syntax of the equality rules an extensible match may name (RFC 4517 §4.2), by
 * lower-case name and OID: `(:caseExactMatch:=)` asserts an empty Directory String, which is
 * invalid, and `(:caseIgnoreIA5Match:=MÜLLER)` a non-IA5 one.
 */
const RULE_SYNTAX = new Map<string, string>(
  (
    [
      ['caseIgnoreMatch', '2.5.13.2', 15],
      ['caseExactMatch', '2.5.13.5', 15],
      ['caseIgnoreListMatch', '2.5.13.11', 41],
      ['caseIgnoreIA5Match', '1.3.6.1.4.1.1466.109.114.2', 26],
      ['caseExactIA5Match', '1.3.6.1.4.1.1466.109.114.1', 26],
      ['integerMatch', '2.5.13.14', 27],
      ['numericStringMatch', '2.5.13.8', 36],
      ['telephoneNumberMatch', '2.5.13.20', 50],
      ['booleanMatch', '2.5.13.13', 7],
      ['generalizedTimeMatch', '2.5.13.27', 24],
      ['integerBitAndMatch', '1.2.840.113556.1.4.803', 27],
      ['integerBitOrMatch', '1.2.840.113556.1.4.804', 27],
    ] as const
  ).flatMap(([name, oid, syntax]) => [
    [name.toLowerCase(), `${RFC4517}.${syntax}`],
    [oid, `${RFC4517}.${syntax}`],
  ]),
);

/** The syntax a rule's assertion value must have, where it is one of those above. */
export function ruleAssertionSyntax(rule: string): string | undefined {
  return RULE_SYNTAX.get(rule.toLowerCase());
}
