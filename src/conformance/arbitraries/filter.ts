/**
 * fast-check arbitraries for LDAP search filters (RFC 4515): hostile assertion values, attribute
 * descriptions, and whole filter trees. Exported to users as `ldapmock/arbitraries`, and used by
 * our own property tests.
 */
import fc, { type Arbitrary } from 'fast-check';
import type { ExtensibleFilter, Filter, SubstringsFilter } from '../../core/filter-ast.js';

/** Strings that try to break out of a filter value, or that break naive escaping. */
const HOSTILE_FILTER_VALUES = [
  '*',
  '(',
  ')',
  '\\',
  '\0',
  '**',
  '*)(uid=*',
  '*)(|(uid=*',
  'admin)(&)',
  'admin*)((|userPassword=*)',
  'x)(!(objectClass=*)',
  '\\2a',
  '\\5c2a',
  '\\\\',
  '\\28\\29',
  'foo@example.com)((((((((userPrincipalName=foo',
  'CN=Smith (Contractor),OU=Users,DC=corp,DC=example,DC=com',
  '(&)',
  '(|)',
  '{{.Username}}',
  'café',
  '😀',
  '\u00a0',
  '\ufeff',
  '\u202e',
  '\ud800', // lone high surrogate
  '\udc00x', // lone low surrogate
  '\x7f',
  '\n',
  ' leading and trailing ',
] as const;

/** One unit of a hostile string: a filter special, a tricky character, or any code point. */
const hostileUnit: Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('*', '(', ')', '\\', '\0', '=', '&', '|', '!', ':', ' '), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: fc.constantFrom('é', '中', '😀', '\ud83d', '\ude00', '\u0301'), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
);

/**
 * A value to put into a filter: a hostile string (injection payloads, escapes, NUL, non-ASCII,
 * lone surrogates) or arbitrary octets (invalid UTF-8, binary SIDs).
 */
export function filterValue(): Arbitrary<string | Uint8Array> {
  return fc.oneof(
    fc.constantFrom(...HOSTILE_FILTER_VALUES),
    fc.string({ unit: hostileUnit, maxLength: 24 }),
    fc.string({ unit: 'binary', maxLength: 16 }),
    fc.uint8Array({ maxLength: 24 }),
  );
}

const ALPHA = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const KEYCHARS = [...ALPHA, ...'0123456789-'];
const keychar = fc.constantFrom(...KEYCHARS);

/** RFC 4512 `descr`: a letter, then letters, digits and hyphens. */
function descriptor(): Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...ALPHA), fc.string({ unit: keychar, maxLength: 12 }))
    .map(([first, rest]) => first + rest);
}

/** RFC 4512 `numericoid`. */
function numericOid(): Arbitrary<string> {
  return fc.array(fc.nat({ max: 999_999 }), { minLength: 2, maxLength: 9 }).map((parts) => parts.join('.'));
}

/** Attribute names real filters use, options included. */
const KNOWN_ATTRIBUTES = [
  'cn',
  'uid',
  'objectClass',
  'member',
  'memberOf',
  'uniqueMember',
  'memberUid',
  'sAMAccountName',
  'userPrincipalName',
  'objectSid',
  'objectGUID',
  'userAccountControl',
  'cn;lang-en',
  'userCertificate;binary',
  '2.5.4.3',
] as const;

/** An RFC 4512 attribute description: a name or numeric OID, with zero or more `;options`. */
export function attributeDescription(): Arbitrary<string> {
  const type = fc.oneof(fc.constantFrom(...KNOWN_ATTRIBUTES), descriptor(), numericOid());
  const options = fc.array(fc.string({ unit: keychar, minLength: 1, maxLength: 8 }), { maxLength: 2 });
  return fc
    .tuple(type, options)
    .map(([name, opts]) => (opts.length === 0 ? name : `${name};${opts.join(';')}`));
}

/** A matching rule: a name or an OID, never `dn` (which the string form reads as `:dn`). */
function matchingRule(): Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '1.2.840.113556.1.4.1941', // AD LDAP_MATCHING_RULE_IN_CHAIN
      '1.2.840.113556.1.4.803', // AD bitwise AND
      '1.2.840.113556.1.4.804', // AD bitwise OR
      '2.5.13.2', // caseIgnoreMatch
      'caseExactMatch',
      'distinguishedNameMatch',
    ),
    descriptor().filter((name) => name.toLowerCase() !== 'dn'),
    numericOid(),
  );
}

/** An assertion value as octets: arbitrary bytes, or the UTF-8 of a hostile string. */
function valueOctets(): Arbitrary<Buffer> {
  return filterValue().map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v)));
}

function substringsFilter(): Arbitrary<SubstringsFilter> {
  const nonEmpty = valueOctets().filter((b) => b.length > 0);
  return fc
    .record({
      attribute: attributeDescription(),
      initial: fc.option(nonEmpty, { nil: undefined }),
      any: fc.array(valueOctets(), { maxLength: 3 }),
      final: fc.option(nonEmpty, { nil: undefined }),
    })
    .filter((s) => s.initial !== undefined || s.final !== undefined || s.any.length > 0)
    .map(({ attribute, initial, any, final }) => ({
      type: 'substrings' as const,
      attribute,
      ...(initial !== undefined ? { initial } : {}),
      any,
      ...(final !== undefined ? { final } : {}),
    }));
}

function extensibleFilter(): Arbitrary<ExtensibleFilter> {
  return fc
    .record({
      attribute: fc.option(attributeDescription(), { nil: undefined }),
      matchingRule: fc.option(matchingRule(), { nil: undefined }),
      dnAttributes: fc.boolean(),
      value: valueOctets(),
    })
    .filter((e) => e.attribute !== undefined || e.matchingRule !== undefined)
    .map(({ attribute, matchingRule: rule, dnAttributes, value }) => ({
      type: 'extensible' as const,
      ...(attribute !== undefined ? { attribute } : {}),
      ...(rule !== undefined ? { matchingRule: rule } : {}),
      dnAttributes,
      value,
    }));
}

/** Any filter that is not and/or/not. */
function itemFilter(): Arbitrary<Filter> {
  const attribute = attributeDescription();
  const value = valueOctets();
  // Built as plain literals: fc.record gives null-prototype objects, unlike the parser's output.
  const valued = (type: 'equality' | 'approx' | 'greaterOrEqual' | 'lessOrEqual'): Arbitrary<Filter> =>
    fc.tuple(attribute, value).map(([a, v]): Filter => ({ type, attribute: a, value: v }));
  return fc.oneof(
    valued('equality'),
    valued('approx'),
    valued('greaterOrEqual'),
    valued('lessOrEqual'),
    attribute.map((a): Filter => ({ type: 'present', attribute: a })),
    substringsFilter(),
    extensibleFilter(),
  );
}

/**
 * A valid filter tree of every kind, at most `maxDepth` levels deep (default 3; an item alone
 * is depth 1, as `parseFilter` counts). `and`/`or` get 0–4 members, so `(&)` and `(|)` appear.
 * Every tree it gives survives `parseFilter(formatFilter(tree))` unchanged: substrings never
 * have an empty `initial`/`final`, and a matching rule is never named `dn`.
 */
export function filterAst(options: { maxDepth?: number } = {}): Arbitrary<Filter> {
  const maxDepth = options.maxDepth ?? 3;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError(`filterAst: maxDepth must be an integer ≥ 1, got ${maxDepth}`);
  }
  let level: Arbitrary<Filter> = itemFilter();
  for (let depth = 2; depth <= maxDepth; depth++) {
    const child = level;
    level = fc.oneof(
      { arbitrary: itemFilter(), weight: 2 },
      {
        arbitrary: fc.array(child, { maxLength: 4 }).map((filters): Filter => ({ type: 'and', filters })),
        weight: 1,
      },
      {
        arbitrary: fc.array(child, { maxLength: 4 }).map((filters): Filter => ({ type: 'or', filters })),
        weight: 1,
      },
      { arbitrary: child.map((filter): Filter => ({ type: 'not', filter })), weight: 1 },
    );
  }
  return level;
}
