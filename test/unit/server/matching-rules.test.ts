import { describe, expect, it } from 'vitest';
import { generalizedTimeNanos } from '../../../src/core/generalized-time.js';
import {
  defaultMatchingRule,
  type MatchingRule,
  matchingRule,
} from '../../../src/server/directory/matching-rules.js';

/** The rule by name; fails the test when it is not implemented. */
function rule(name: string): MatchingRule {
  const found = matchingRule(name);
  if (!found) throw new Error(`matching rule ${name} is not implemented`);
  return found;
}

/** Sign of compare(normalize(a), normalize(b)) under an ordering rule. */
function order(r: MatchingRule, a: string, b: string): number {
  const x = r.normalize(a);
  const y = r.normalize(b);
  if (x === undefined || y === undefined) throw new Error(`invalid value for ${r.name}: ${a} / ${b}`);
  return Math.sign(r.compare!(x, y));
}

const NANOS_PER_MS = 1_000_000n;

/** Nanoseconds of an ISO 8601 instant, computed by Date.parse independently of the code under test. */
function isoNanos(iso: string): bigint {
  return BigInt(Date.parse(iso)) * NANOS_PER_MS;
}

describe('matchingRule lookup', () => {
  it('finds rules by name, alias and OID, case-insensitively', () => {
    expect(matchingRule('caseIgnoreMatch')?.name).toBe('caseIgnoreMatch');
    expect(matchingRule('CASEIGNOREMATCH')?.name).toBe('caseIgnoreMatch');
    expect(matchingRule('2.5.13.2')?.name).toBe('caseIgnoreMatch');
    expect(matchingRule('caseIgnoreIA5SubstringsMatch')?.name).toBe('caseIgnoreIA5Match');
    expect(matchingRule('caseExactIA5Match')?.name).toBe('caseExactIA5Match');
    expect(matchingRule('2.5.13.5')?.name).toBe('caseExactMatch');
    expect(matchingRule('certificateExactMatch')?.name).toBe('octetStringMatch');
    expect(matchingRule('integerOrderingMatch')?.name).toBe('integerMatch');
    expect(matchingRule('2.5.13.1')?.name).toBe('distinguishedNameMatch');
    expect(matchingRule('2.5.13.23')?.name).toBe('uniqueMemberMatch');
    expect(matchingRule('generalizedTimeOrderingMatch')?.name).toBe('generalizedTimeMatch');
    expect(matchingRule('numericStringSubstringsMatch')?.name).toBe('numericStringMatch');
    expect(matchingRule('telephoneNumberSubstringsMatch')?.name).toBe('telephoneNumberMatch');
    expect(matchingRule('2.5.13.13')?.name).toBe('booleanMatch');
    expect(matchingRule('objectIdentifierFirstComponentMatch')?.name).toBe('objectIdentifierMatch');
  });

  it('prepares substrings pieces as slapd does: IA5 pieces without edge spaces, a final one without trailing spaces', () => {
    const piece = (rule: string, text: string, position: 'initial' | 'any' | 'final') =>
      matchingRule(rule)!.normalizePiece!(Buffer.from(text), position);
    expect(piece('caseIgnoreIA5SubstringsMatch', ' Alice ', 'initial')).toBe('alice');
    expect(piece('caseExactIA5SubstringsMatch', '  ', 'any')).toBe('');
    expect(piece('caseIgnoreSubstringsMatch', ' A  b ', 'initial')).toBe(' a b ');
    expect(piece('caseIgnoreSubstringsMatch', ' A  b ', 'final')).toBe(' a b');
  });

  it('returns undefined for unknown rules and for no name', () => {
    expect(matchingRule('noSuchMatch')).toBeUndefined();
    expect(matchingRule('1.2.3.4.5.6')).toBeUndefined();
    expect(matchingRule('')).toBeUndefined();
    expect(matchingRule(undefined)).toBeUndefined();
  });

  it('uses caseIgnoreMatch as the default rule', () => {
    expect(defaultMatchingRule).toBe(rule('caseIgnoreMatch'));
  });
});

describe('caseIgnoreMatch', () => {
  const r = rule('caseIgnoreMatch');

  it('folds case, trims and collapses inner runs of spaces', () => {
    expect(r.normalize('  Alice   LIDDELL ')).toBe('alice liddell');
    expect(r.normalize('Alice Liddell')).toBe(r.normalize('alice   liddell'));
    expect(r.normalize(Buffer.from('ALICE'))).toBe('alice');
  });

  it('orders normalised values', () => {
    expect(order(r, 'Apple', 'banana')).toBe(-1);
    expect(order(r, 'BANANA', 'apple')).toBe(1);
    expect(order(r, 'Same', 'same')).toBe(0);
  });
});

describe('caseExactMatch', () => {
  const r = rule('caseExactMatch');

  it('keeps case but handles insignificant spaces', () => {
    expect(r.normalize('  Alice   Liddell ')).toBe('Alice Liddell');
    expect(r.normalize('Alice')).not.toBe(r.normalize('alice'));
    expect(r.normalize(Buffer.from('Alice'))).toBe('Alice');
  });

  it('orders by code unit', () => {
    expect(order(r, 'B', 'a')).toBe(-1);
    expect(order(r, 'a', 'B')).toBe(1);
    expect(order(r, 'x', ' x ')).toBe(0);
  });
});

describe('octetStringMatch', () => {
  const r = rule('octetStringMatch');

  it('compares the exact octets, text as UTF-8', () => {
    expect(r.normalize('abc')).toBe(r.normalize(Buffer.from('abc')));
    expect(r.normalize('Secret')).not.toBe(r.normalize('secret'));
    expect(r.normalize(' x ')).not.toBe(r.normalize('x'));
    expect(r.normalize('é')).toBe(r.normalize(Buffer.from([0xc3, 0xa9])));
    expect(r.normalize(Buffer.from([0xff, 0x00]))).not.toBe(r.normalize(Buffer.from([0xff])));
  });

  it('accepts any octets, invalid UTF-8 included', () => {
    expect(r.normalize(Buffer.from([0xff, 0xfe, 0x80]))).toBeDefined();
    expect(r.normalize(Buffer.alloc(0))).toBe('');
  });

  it('orders by unsigned octets', () => {
    const key = (bytes: number[]) => r.normalize(Buffer.from(bytes))!;
    expect(Math.sign(r.compare!(key([0x7f]), key([0x80])))).toBe(-1);
    expect(Math.sign(r.compare!(key([0xff]), key([0x80, 0x00])))).toBe(1);
    expect(Math.sign(r.compare!(key([0x01]), key([0x01, 0x00])))).toBe(-1);
    expect(r.compare!(key([0xab, 0xcd]), key([0xab, 0xcd]))).toBe(0);
  });
});

describe('integerMatch', () => {
  const r = rule('integerMatch');

  it('accepts canonical integers, surrounding spaces ignored', () => {
    expect(r.normalize('42')).toBe('42');
    expect(r.normalize(' 42 ')).toBe('42');
    expect(r.normalize('-7')).toBe('-7');
    expect(r.normalize('0')).toBe('0');
    expect(r.normalize(Buffer.from('1000'))).toBe('1000');
  });

  it.each(['', ' ', '-', '007', '00', '+5', '1.5', '1e3', 'abc', '0x10', '12 34', '--1'])(
    'refuses %j',
    (value) => {
      expect(r.normalize(value)).toBeUndefined();
    },
  );

  it('orders numerically, beyond 2^53 too', () => {
    expect(order(r, '10', '9')).toBe(1);
    expect(order(r, '-10', '-9')).toBe(-1);
    expect(order(r, '-1', '0')).toBe(-1);
    expect(order(r, '9007199254740993', '9007199254740992')).toBe(1);
    expect(order(r, '123', ' 123')).toBe(0);
  });
});

describe('distinguishedNameMatch', () => {
  const r = rule('distinguishedNameMatch');

  it('equates DNs in any case, spacing and escaping', () => {
    const stored = r.normalize('uid=alice,ou=people,dc=example,dc=com');
    expect(stored).toBeDefined();
    expect(r.normalize('UID=Alice, OU=People, DC=Example, DC=COM')).toBe(stored);
    expect(r.normalize('uid=\\61lice,ou=people,dc=example,dc=com')).toBe(stored);
    expect(r.normalize(Buffer.from('uid=ALICE,ou=people,dc=example,dc=com'))).toBe(stored);
    expect(r.normalize('cn=Smith\\, John,dc=x')).toBe(r.normalize('cn=smith\\2c john,dc=x'));
  });

  it('tells different DNs apart', () => {
    expect(r.normalize('uid=alice,dc=x')).not.toBe(r.normalize('uid=bob,dc=x'));
    expect(r.normalize('uid=alice,dc=x')).not.toBe(r.normalize('uid=alice,dc=y'));
  });

  it('accepts the empty DN and refuses invalid DNs', () => {
    expect(r.normalize('')).toBe('');
    expect(r.normalize('not a dn')).toBeUndefined();
    expect(r.normalize('uid=alice,')).toBeUndefined();
    expect(r.normalize('=x')).toBeUndefined();
  });
});

describe('uniqueMemberMatch', () => {
  const r = rule('uniqueMemberMatch');

  it('normalises the DN and keeps the optional bit-string UID', () => {
    expect(r.normalize("UID=Alice,DC=Example#'0101'B")).toBe("uid=alice,dc=example#'0101'B");
    expect(r.normalize('UID=Alice, DC=Example')).toBe('uid=alice,dc=example');
    expect(r.normalize("uid=alice,dc=example#'01'B")).not.toBe(r.normalize("uid=alice,dc=example#'10'B"));
    expect(r.normalize("uid=alice,dc=example#'01'B")).not.toBe(r.normalize('uid=alice,dc=example'));
  });

  it('refuses an invalid DN part', () => {
    expect(r.normalize("not a dn#'01'B")).toBeUndefined();
    expect(r.normalize('not a dn')).toBeUndefined();
  });
});

describe('generalizedTimeMatch', () => {
  const r = rule('generalizedTimeMatch');

  it('equates the same instant written in different zones and precisions', () => {
    const noon = r.normalize('20240101120000Z');
    expect(noon).toBe(isoNanos('2024-01-01T12:00:00Z').toString());
    expect(r.normalize('20240101130000+0100')).toBe(noon);
    expect(r.normalize('20240101070000-05')).toBe(noon);
    expect(r.normalize('20240101120000.000Z')).toBe(noon);
    expect(r.normalize('202401011200Z')).toBe(noon);
    expect(r.normalize('2024010112Z')).toBe(noon);
  });

  it('orders instants, sub-millisecond fractions included', () => {
    expect(order(r, '20240101120000Z', '20240101120001Z')).toBe(-1);
    expect(order(r, '20240101120000.000002Z', '20240101120000.000001Z')).toBe(1);
    expect(order(r, '20240101130000+0200', '20240101120000Z')).toBe(-1);
    expect(order(r, '19691231235959Z', '19700101000000Z')).toBe(-1);
  });

  it.each([
    '',
    'abc',
    '2024',
    '20240101',
    '20240101Z',
    '20240101120000',
    '20240101120000z',
    '20240101120000+1',
    '20240101120000+123',
    '20240101120000.Z',
    '2024-01-01T12:00:00Z',
  ])('refuses %j', (value) => {
    expect(r.normalize(value)).toBeUndefined();
  });
});

describe('numericStringMatch', () => {
  const r = rule('numericStringMatch');

  it('ignores spaces and orders the digits', () => {
    expect(r.normalize(' 123 456 ')).toBe('123456');
    expect(r.normalize('123456')).toBe(r.normalize('12 34 56'));
    expect(order(r, '1 2', '13')).toBe(-1);
  });
});

describe('telephoneNumberMatch', () => {
  const r = rule('telephoneNumberMatch');

  it('ignores spaces and hyphens', () => {
    expect(r.normalize('+1 555-0100')).toBe(r.normalize('+15550100'));
    expect(r.normalize('+1 555 0100')).toBe('+15550100');
    expect(r.normalize('+1 555 0100')).not.toBe(r.normalize('+1 555 0101'));
  });

  it('has no ordering', () => {
    expect(r.compare).toBeUndefined();
  });
});

describe('booleanMatch', () => {
  const r = rule('booleanMatch');

  it('accepts TRUE and FALSE only', () => {
    expect(r.normalize('TRUE')).toBe('TRUE');
    expect(r.normalize(' FALSE ')).toBe('FALSE');
    for (const invalid of ['true', 'False', 'yes', '1', '']) expect(r.normalize(invalid)).toBeUndefined();
  });
});

describe('objectIdentifierMatch', () => {
  const r = rule('objectIdentifierMatch');

  it('compares OIDs and descriptors case-insensitively', () => {
    expect(r.normalize(' Person ')).toBe('person');
    expect(r.normalize('inetOrgPerson')).toBe(r.normalize('INETORGPERSON'));
    expect(r.normalize('2.5.4.3')).toBe('2.5.4.3');
    expect(r.normalize('2.5.4.3')).not.toBe(r.normalize('2.5.4.4'));
  });
});

describe('matching rules refuse values outside their syntax', () => {
  // RFC 4517 §3.3.16: Integer = ( HYPHEN LDIGIT *DIGIT ) / number, so "-0" is not an integer.
  // Regression: it was accepted, and (uidNumber=0) missed an entry whose value is "-0".
  it('integerMatch refuses "-0"', () => {
    expect(rule('integerMatch').normalize('-0')).toBeUndefined();
  });

  // RFC 4517 §3.3.23: NumericString = 1*(DIGIT / SPACE).
  it('numericStringMatch refuses letters', () => {
    expect(rule('numericStringMatch').normalize('12a')).toBeUndefined();
    expect(rule('numericStringMatch').normalize('abc')).toBeUndefined();
  });

  // RFC 4517 §3.3.13: month 01-12, day 01-31, hour 00-23, minute 00-59, second 00-60.
  // Regression: Date arithmetic rolled these over (month 13 of 2024 became January 2025).
  it.each([
    ['month 13', '20241301000000Z'],
    ['month 00', '20240001000000Z'],
    ['day 00', '20240100000000Z'],
    ['day 32', '20240132000000Z'],
    ['hour 24', '20240101240000Z'],
    ['minute 60', '20240101126000Z'],
    ['second 61', '20240101120061Z'],
  ])('generalizedTimeNanos refuses %s (%s)', (_what, value) => {
    expect(generalizedTimeNanos(value)).toBeUndefined();
  });
});
