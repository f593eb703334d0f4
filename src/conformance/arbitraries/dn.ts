/**
 * fast-check arbitraries for DN values, hostile user names, RDNs and SIDs. Exported to users as
 * `ldapmock/arbitraries`, and used by our own property tests.
 */
import fc, { type Arbitrary } from 'fast-check';
import { berValueText } from '../../core/dn-ber.js';
import type { AVA, RDN } from '../../core/dn-parse.js';

/** Characters with a meaning in DNs, filters or templates, and the controls that trip parsers. */
const DN_SPECIALS = [' ', '#', ',', '+', '"', '\\', '<', '>', ';', '=', '\0', '\n', '\r', '\t'] as const;

/** Non-ASCII that breaks naive code: case pairs that do not round-trip, compatibility forms, BOM, emoji. */
const TRICKY_UNICODE = [
  'é',
  'É',
  'ü',
  'ß',
  'ẞ',
  'İ',
  'ı',
  'Ω',
  'Σ',
  'σ',
  'ς',
  'ǅ',
  'ﬀ',
  '℡',
  '中',
  '\u00a0', // no-break space
  '\u200b', // zero-width space
  '\ufeff', // byte order mark
  '\u0301', // combining acute accent
  '😀',
  '👩‍💻',
] as const;

/** One unit of an attribute value: mostly ordinary text, often a special, sometimes any code point. */
const valueUnit: Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.constantFrom(...DN_SPECIALS), weight: 3 },
  { arbitrary: fc.constantFrom(...TRICKY_UNICODE), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
);

/**
 * Any attribute value as a string, rich in DN specials, leading/trailing spaces, `#`, NUL,
 * non-ASCII and emoji. Never contains a lone surrogate (it could not be sent as UTF-8).
 */
export function dnAttributeValue(): Arbitrary<string> {
  return fc.string({ unit: valueUnit, maxLength: 24 });
}

/** Fragments that attack filter templates, DN building and Go-template rendering. */
const HOSTILE_FRAGMENTS = [
  '*',
  '(',
  ')',
  '\\',
  ',',
  '+',
  '"',
  '<',
  '>',
  ';',
  '=',
  '#',
  '\0',
  ' ',
  '  ',
  '{{.UserDN}}',
  '{{.Username}}',
  '{{',
  '}}',
  ')(uid=*',
  '*)(|(objectClass=*',
  ',ou=admins',
  '\\2a',
  '\\00',
  'admin',
  'é',
  'ü',
  '😀',
  '\u200b',
] as const;

/** User names designed to break escaping: filter and DN specials, NUL, spaces, template markers, non-ASCII. */
export function hostileUsername(): Arbitrary<string> {
  const unit = fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }), weight: 2 },
  );
  return fc.string({ unit, minLength: 1, maxLength: 12 });
}

/** Attribute types as they appear in DNs: common names in any case, other descrs, numeric OIDs. */
export function attributeType(): Arbitrary<string> {
  const common = fc.constantFrom(
    'cn',
    'ou',
    'dc',
    'uid',
    'o',
    'c',
    'sn',
    'l',
    'st',
    'mail',
    'sAMAccountName',
  );
  const descr = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,10}$/);
  const oid = fc
    .array(fc.nat({ max: 2000 }), { minLength: 1, maxLength: 6 })
    .map((parts) => [String(parts[0]! % 3), ...parts.slice(1).map(String)].join('.'));
  return fc.oneof({ arbitrary: fc.mixedCase(common), weight: 4 }, descr, oid);
}

/** A BER-encoded primitive string (OCTET STRING or UTF8String) holding `text`, as `#hex` in DNs carries. */
function berString(text: string, tag: number): Buffer {
  const content = Buffer.from(text, 'utf8');
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

/** An AVA whose value is a `#hex` BER encoding: a string type, or arbitrary bytes. */
function berAva(): Arbitrary<AVA> {
  const ber = fc.oneof(
    fc.tuple(dnAttributeValue(), fc.constantFrom(0x04, 0x0c)).map(([text, tag]) => berString(text, tag)),
    fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => Buffer.from(bytes)),
  );
  return fc
    .tuple(attributeType(), ber)
    .map(([type, bytes]): AVA => ({ type, value: berValueText(bytes), ber: bytes }));
}

/** One AVA: mostly string values, sometimes `#hex` BER values. */
export function ava(): Arbitrary<AVA> {
  const plain = fc.tuple(attributeType(), dnAttributeValue()).map(([type, value]): AVA => ({ type, value }));
  return fc.oneof({ arbitrary: plain, weight: 9 }, { arbitrary: berAva(), weight: 1 });
}

/** An RDN of one to three AVAs (multi-valued RDNs included). */
export function rdn(): Arbitrary<RDN> {
  return fc.oneof(
    { arbitrary: ava().map((a): RDN => [a]), weight: 3 },
    { arbitrary: fc.array(ava(), { minLength: 2, maxLength: 3 }), weight: 1 },
  );
}

/** A parsed DN: zero to six RDNs, first (most specific) first. */
export function dnRdns(): Arbitrary<RDN[]> {
  return fc.array(rdn(), { maxLength: 6 });
}

/** SID strings in canonical MS-DTYP form, `S-1-<authority>(-<sub>){0,15}`. */
export function sidString(): Arbitrary<string> {
  const authority = fc.oneof(
    { arbitrary: fc.constantFrom(0, 1, 5, 16), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 0xffff_ffff_ffff }), weight: 1 },
  );
  const sub = fc.oneof(fc.constantFrom(21, 32, 500, 512, 513), fc.integer({ min: 0, max: 0xffff_ffff }));
  return fc.tuple(authority, fc.array(sub, { maxLength: 15 })).map(([auth, subs]) => {
    const a = auth < 0x1_0000_0000 ? String(auth) : '0x' + auth.toString(16).toUpperCase().padStart(12, '0');
    return ['S', '1', a, ...subs.map(String)].join('-');
  });
}

/** GUID strings (any 128 bits, not only RFC 4122 ones) in the lower-case form decodeGuid produces. */
export function guidString(): Arbitrary<string> {
  return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => {
    const hex = Buffer.from(bytes).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
}
