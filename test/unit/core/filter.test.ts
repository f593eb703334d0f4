import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../src/core/filter-ast.js';
import {
  escapeFilterValue,
  FilterSyntaxError,
  unescapeFilterValue,
} from '../../../src/core/filter-escape.js';
import { formatFilter } from '../../../src/core/filter-format.js';
import { parseFilter } from '../../../src/core/filter-parse.js';
import { filter } from '../../../src/core/filter-template.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const bytes = (...octets: number[]): Buffer => Buffer.from(octets);

/** Runs `fn`, expecting a FilterSyntaxError, and returns it. */
function syntaxError(fn: () => unknown): FilterSyntaxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a FilterSyntaxError, but nothing was thrown');
}

describe('parseFilter: filter kinds', () => {
  it('parses equality, approx, >= and <=', () => {
    expect(parseFilter('(uid=alice)')).toStrictEqual({
      type: 'equality',
      attribute: 'uid',
      value: b('alice'),
    });
    expect(parseFilter('(cn~=smith)')).toStrictEqual({ type: 'approx', attribute: 'cn', value: b('smith') });
    expect(parseFilter('(uidNumber>=1000)')).toStrictEqual({
      type: 'greaterOrEqual',
      attribute: 'uidNumber',
      value: b('1000'),
    });
    expect(parseFilter('(uidNumber<=2000)')).toStrictEqual({
      type: 'lessOrEqual',
      attribute: 'uidNumber',
      value: b('2000'),
    });
  });

  it('parses presence, and only a lone * is presence', () => {
    expect(parseFilter('(objectClass=*)')).toStrictEqual({ type: 'present', attribute: 'objectClass' });
    expect(parseFilter('(cn=\\2a)')).toStrictEqual({ type: 'equality', attribute: 'cn', value: b('*') });
  });

  it('parses substrings with every combination of initial, any and final', () => {
    expect(parseFilter('(cn=ab*)')).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      initial: b('ab'),
      any: [],
    });
    expect(parseFilter('(cn=*yz)')).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      any: [],
      final: b('yz'),
    });
    expect(parseFilter('(cn=*mid*)')).toStrictEqual({ type: 'substrings', attribute: 'cn', any: [b('mid')] });
    expect(parseFilter('(cn=a*b*c*d)')).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      initial: b('a'),
      any: [b('b'), b('c')],
      final: b('d'),
    });
    expect(parseFilter('(cn=a*z)')).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      initial: b('a'),
      any: [],
      final: b('z'),
    });
  });

  it('keeps the empty components RFC 4515 allows in substrings (cn=a**b, cn=**)', () => {
    expect(parseFilter('(cn=a**b)')).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      initial: b('a'),
      any: [b('')],
      final: b('b'),
    });
    expect(parseFilter('(cn=**)')).toStrictEqual({ type: 'substrings', attribute: 'cn', any: [b('')] });
  });

  it('splits substrings only at unescaped stars', () => {
    expect(parseFilter('(cn=a\\2a*\\*b)')).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      initial: b('a*'),
      any: [],
      final: b('*b'),
    });
  });

  it('parses and, or, not and their nesting', () => {
    expect(parseFilter('(&(objectClass=person)(|(uid=alice)(!(uid=bob))))')).toStrictEqual({
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'objectClass', value: b('person') },
        {
          type: 'or',
          filters: [
            { type: 'equality', attribute: 'uid', value: b('alice') },
            { type: 'not', filter: { type: 'equality', attribute: 'uid', value: b('bob') } },
          ],
        },
      ],
    });
  });

  it('accepts the empty and (absolute true) and empty or (absolute false) of RFC 4526', () => {
    expect(parseFilter('(&)')).toStrictEqual({ type: 'and', filters: [] });
    expect(parseFilter('(|)')).toStrictEqual({ type: 'or', filters: [] });
    expect(parseFilter('(!(&))')).toStrictEqual({ type: 'not', filter: { type: 'and', filters: [] } });
  });

  it('accepts attribute options and numeric OIDs, keeping the case as written', () => {
    expect(parseFilter('(cn;lang-en=Smith)')).toStrictEqual({
      type: 'equality',
      attribute: 'cn;lang-en',
      value: b('Smith'),
    });
    expect(parseFilter('(userCertificate;binary=*)')).toStrictEqual({
      type: 'present',
      attribute: 'userCertificate;binary',
    });
    expect(parseFilter('(2.5.4.3=x)')).toStrictEqual({
      type: 'equality',
      attribute: '2.5.4.3',
      value: b('x'),
    });
    expect(parseFilter('(sAMAccountName=Alice)')).toStrictEqual({
      type: 'equality',
      attribute: 'sAMAccountName',
      value: b('Alice'),
    });
    expect(parseFilter('(x-custom-1=a)')).toStrictEqual({
      type: 'equality',
      attribute: 'x-custom-1',
      value: b('a'),
    });
  });
});

describe('parseFilter: extensible match', () => {
  it('parses the AD in-chain rule with escaped parentheses and comma in the DN value', () => {
    const parsed = parseFilter(
      '(member:1.2.840.113556.1.4.1941:=CN=Smith \\28Contractor\\29\\2cOU=Users,DC=corp,DC=example,DC=com)',
    );
    expect(parsed).toStrictEqual({
      type: 'extensible',
      attribute: 'member',
      matchingRule: '1.2.840.113556.1.4.1941',
      dnAttributes: false,
      value: b('CN=Smith (Contractor),OU=Users,DC=corp,DC=example,DC=com'),
    });
  });

  it('parses attr:=value, attr:dn:=value, attr:dn:rule:=value, :rule:=value and :dn:rule:=value', () => {
    expect(parseFilter('(cn:=Betty)')).toStrictEqual({
      type: 'extensible',
      attribute: 'cn',
      dnAttributes: false,
      value: b('Betty'),
    });
    expect(parseFilter('(ou:dn:=Sales)')).toStrictEqual({
      type: 'extensible',
      attribute: 'ou',
      dnAttributes: true,
      value: b('Sales'),
    });
    expect(parseFilter('(cn:dn:2.5.13.5:=John)')).toStrictEqual({
      type: 'extensible',
      attribute: 'cn',
      matchingRule: '2.5.13.5',
      dnAttributes: true,
      value: b('John'),
    });
    expect(parseFilter('(:caseExactMatch:=Fred)')).toStrictEqual({
      type: 'extensible',
      matchingRule: 'caseExactMatch',
      dnAttributes: false,
      value: b('Fred'),
    });
    expect(parseFilter('(:dn:2.5.13.5:=x)')).toStrictEqual({
      type: 'extensible',
      matchingRule: '2.5.13.5',
      dnAttributes: true,
      value: b('x'),
    });
  });

  it('reads the dn keyword in any case, as ABNF literals are case-insensitive', () => {
    expect(parseFilter('(cn:DN:=x)')).toStrictEqual({
      type: 'extensible',
      attribute: 'cn',
      dnAttributes: true,
      value: b('x'),
    });
  });

  it('reads a second "dn" as a matching rule name, and "dn:=" alone as the attribute dn', () => {
    expect(parseFilter('(cn:dn:dn:=x)')).toStrictEqual({
      type: 'extensible',
      attribute: 'cn',
      matchingRule: 'dn',
      dnAttributes: true,
      value: b('x'),
    });
    expect(parseFilter('(dn:=x)')).toStrictEqual({
      type: 'extensible',
      attribute: 'dn',
      dnAttributes: false,
      value: b('x'),
    });
  });

  it('parses the AD bitwise rule with an empty and a numeric value', () => {
    expect(parseFilter('(userAccountControl:1.2.840.113556.1.4.803:=2)')).toStrictEqual({
      type: 'extensible',
      attribute: 'userAccountControl',
      matchingRule: '1.2.840.113556.1.4.803',
      dnAttributes: false,
      value: b('2'),
    });
    expect(parseFilter('(cn:=)')).toStrictEqual({
      type: 'extensible',
      attribute: 'cn',
      dnAttributes: false,
      value: b(''),
    });
  });
});

describe('parseFilter: values', () => {
  it('decodes \\hh escapes in either case to octets', () => {
    expect(parseFilter('(cn=caf\\c3\\a9)')).toStrictEqual({
      type: 'equality',
      attribute: 'cn',
      value: b('café'),
    });
    expect(parseFilter('(cn=caf\\C3\\A9)')).toStrictEqual({
      type: 'equality',
      attribute: 'cn',
      value: b('café'),
    });
  });

  it('takes raw non-ASCII as UTF-8, the same octets as the escaped form', () => {
    expect(parseFilter('(cn=café)')).toStrictEqual(parseFilter('(cn=caf\\c3\\a9)'));
    expect(parseFilter('(cn=😀中)')).toStrictEqual({ type: 'equality', attribute: 'cn', value: b('😀中') });
  });

  it('decodes binary values, including octets that are not UTF-8', () => {
    expect(parseFilter('(objectSid=\\01\\05\\80\\ff)')).toStrictEqual({
      type: 'equality',
      attribute: 'objectSid',
      value: bytes(0x01, 0x05, 0x80, 0xff),
    });
  });

  it('decodes every special escape', () => {
    expect(parseFilter('(cn=\\2a\\28\\29\\5c\\00)')).toStrictEqual({
      type: 'equality',
      attribute: 'cn',
      value: bytes(0x2a, 0x28, 0x29, 0x5c, 0x00),
    });
  });

  it('accepts the LDAPv2 escapes \\* \\( \\) \\\\ as the character itself', () => {
    expect(parseFilter('(cn=a\\*b\\(c\\)d\\\\e)')).toStrictEqual({
      type: 'equality',
      attribute: 'cn',
      value: b('a*b(c)d\\e'),
    });
  });

  it('keeps whitespace, =, & and other ordinary characters inside values', () => {
    expect(parseFilter('(cn= a = b & c | ! ~ )')).toStrictEqual({
      type: 'equality',
      attribute: 'cn',
      value: b(' a = b & c | ! ~ '),
    });
    expect(parseFilter('(cn=)')).toStrictEqual({ type: 'equality', attribute: 'cn', value: b('') });
  });
});

describe('parseFilter: leniencies', () => {
  it('accepts a bare item without parentheses, as ldapsearch does', () => {
    expect(parseFilter('uid=alice')).toStrictEqual({ type: 'equality', attribute: 'uid', value: b('alice') });
    expect(parseFilter('cn=a*')).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      initial: b('a'),
      any: [],
    });
    expect(parseFilter('member:1.2.840.113556.1.4.1941:=x')).toMatchObject({ type: 'extensible' });
  });

  it('trims whitespace around the whole filter', () => {
    expect(parseFilter('  \n(uid=alice)\t ')).toStrictEqual(parseFilter('(uid=alice)'));
    expect(parseFilter(' uid=alice ')).toStrictEqual(parseFilter('(uid=alice)'));
  });

  it('accepts whitespace between the sub-filters of &, | and !', () => {
    const multiline = '(&\n  (objectClass=person)\n  (|\t(uid=alice) (uid=bob))\n  (! (uid=eve) )\n)';
    expect(parseFilter(multiline)).toStrictEqual(
      parseFilter('(&(objectClass=person)(|(uid=alice)(uid=bob))(!(uid=eve)))'),
    );
  });
});

describe('parseFilter: errors name the reason and the position', () => {
  const cases: ReadonlyArray<readonly [input: string, position: number, reason: RegExp]> = [
    ['', 0, /^empty filter$/],
    ['   ', 3, /^empty filter$/],
    ['()', 1, /empty filter '\(\)'/],
    ['(uid=alice', 10, /missing '\)' to close the '\(' at position 0/],
    ['(&(uid=a)', 9, /missing '\)' to close the '\(&' at position 0/],
    ['(|(uid=a)(uid=b)', 16, /missing '\)' to close the '\(\|' at position 0/],
    ['(uid=alice))', 11, /unbalanced '\)'/],
    ['uid=alice)', 9, /unbalanced '\)'/],
    ['(uid=a)(uid=b)', 7, /unexpected '\(' after the end of the filter/],
    ['(uid=a)x', 7, /unexpected 'x' after the end of the filter/],
    ['(=alice)', 1, /empty attribute description/],
    ['(uid)', 4, /missing filter type \('=', '~=', '>=', '<=' or ':='\) after 'uid'/],
    ['uid', 3, /missing filter type/],
    ['(cn~x)', 4, /expected '=' after '~'/],
    ['(cn>x)', 4, /expected '=' after '>'/],
    ['(cn<)', 4, /expected '=' after '<'/],
    ['(cn=a\\zz)', 5, /invalid escape '\\zz'/],
    ['(cn=a\\2)', 5, /invalid escape '\\2\)'/],
    ['(cn=a\\g1)', 5, /invalid escape '\\g1'/],
    ['cn=a\\', 4, /incomplete escape/],
    ['(cn=a(b)', 5, /unescaped '\(' in value; write \\28/],
    ['(cn=a\0b)', 5, /NUL character in value; write \\00/],
    ['(cn=a\ud800)', 5, /unpaired UTF-16 surrogate/],
    ['(cn>=a*)', 6, /unescaped '\*' in a '>=' value: only '=' takes wildcards/],
    ['(cn<=*)', 5, /unescaped '\*' in a '<=' value/],
    ['(cn~=a*b)', 6, /unescaped '\*' in a '~=' value/],
    ['(cn:=a*b)', 6, /unescaped '\*' in a ':=' value/],
    ['(:=x)', 1, /extensible match needs an attribute description or a matching rule/],
    ['(:dn:=x)', 1, /extensible match needs an attribute description or a matching rule/],
    ['(cn:dn=x)', 6, /expected ':=' in extensible match, found '='/],
    ['(cn::=x)', 4, /expected 'dn', a matching rule or '=' after ':'/],
    ['(cn:1.2.3:dn:=x)', 9, /unexpected ':dn' after the matching rule/],
    ['(cn:1..2:=x)', 6, /empty component in the numeric OID of the matching rule/],
    ['(cn:x_y:=a)', 5, /expected ':=' in extensible match, found '_'/],
    ['( uid=a)', 1, /unexpected whitespace after '\('/],
    ['(uid =a)', 4, /unexpected whitespace in attribute description/],
    ['(c_n=a)', 2, /invalid character '_' in attribute description/],
    ['(cé=a)', 2, /invalid character 'é' in attribute description/],
    ['(-cn=a)', 1, /must start with a letter or a digit, found '-'/],
    ['(cn.x=a)', 3, /invalid character '\.' in attribute description/],
    ['(1..2=a)', 3, /empty component in the numeric OID/],
    ['(2.=a)', 3, /empty component in the numeric OID/],
    ['(cn;=a)', 4, /empty attribute option after ';'/],
    ['((uid=a))', 1, /expected '&', '\|', '!' or an attribute description, found '\('/],
    ['(&x)', 2, /expected '\(' or '\)' in '&' filter, found 'x'/],
    ['(!)', 2, /'!' needs exactly one filter, found none/],
    ['(!(a=b)(c=d))', 7, /'!' takes exactly one filter, found a second one/],
    ['&(a=b)', 0, /'&' filter must be enclosed in parentheses/],
    ['(cn=a)\n\u0001', 6, /unexpected U\+000A after the end of the filter/],
  ];

  for (const [input, position, reason] of cases) {
    it(`rejects ${JSON.stringify(input)} at position ${position}`, () => {
      const error = syntaxError(() => parseFilter(input));
      expect(error.position).toBe(position);
      expect(error.reason).toMatch(reason);
      expect(error.input).toBe(input);
      expect(error.message).toBe(`${error.reason} (at position ${position})`);
    });
  }

  it('is an Error named FilterSyntaxError', () => {
    const error = syntaxError(() => parseFilter('(uid'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FilterSyntaxError');
  });

  it('rejects a non-string with a TypeError', () => {
    expect(() => parseFilter(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('parseFilter: limits', () => {
  const nested = (depth: number): string => `${'(!'.repeat(depth - 1)}(uid=a)${')'.repeat(depth - 1)}`;

  it('accepts 64 levels by default and rejects 65, naming the limit', () => {
    expect(parseFilter(nested(64)).type).toBe('not');
    const error = syntaxError(() => parseFilter(nested(65)));
    expect(error.reason).toMatch(/nested deeper than maxDepth 64$/);
    expect(error.position).toBe(2 * 64);
  });

  it('honours a custom maxDepth', () => {
    expect(parseFilter('(uid=a)', { maxDepth: 1 }).type).toBe('equality');
    const error = syntaxError(() => parseFilter('(&(uid=a))', { maxDepth: 1 }));
    expect(error.reason).toMatch(/maxDepth 1$/);
    expect(error.position).toBe(2);
  });

  it('fails fast and cleanly on 100 000 levels of nesting', () => {
    for (const bomb of [
      '(&'.repeat(100_000),
      '(!'.repeat(100_000),
      `${'(|'.repeat(100_000)}${')'.repeat(100_000)}`,
    ]) {
      const started = performance.now();
      const error = syntaxError(() => parseFilter(bomb));
      expect(error.reason).toMatch(/maxDepth 64$/);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    const parens = '('.repeat(100_000);
    const error = syntaxError(() => parseFilter(parens));
    expect(error.position).toBe(1);
  });

  it('parses 100 000 levels without stack overflow when maxDepth allows it', () => {
    const deep = nested(100_000);
    const parsed = parseFilter(deep, { maxDepth: 100_000 });
    let depth = 1;
    let node: Filter = parsed;
    while (node.type === 'not') {
      node = node.filter;
      depth++;
    }
    expect(depth).toBe(100_000);
    expect(node).toStrictEqual({ type: 'equality', attribute: 'uid', value: b('a') });
    expect(formatFilter(parsed)).toBe(deep);
  });

  it('rejects a filter longer than maxLength (default 1 MiB)', () => {
    const long = `(cn=${'x'.repeat(1024 * 1024)})`;
    const error = syntaxError(() => parseFilter(long));
    expect(error.reason).toMatch(/more than maxLength \(1048576\)/);
    expect(error.position).toBe(1024 * 1024);
    expect(parseFilter(long, { maxLength: 2 * 1024 * 1024 }).type).toBe('equality');
    expect(syntaxError(() => parseFilter('(cn=abc)', { maxLength: 7 })).position).toBe(7);
    expect(parseFilter('(cn=abc)', { maxLength: 8 }).type).toBe('equality');
  });

  it('rejects nonsensical limits with a RangeError', () => {
    expect(() => parseFilter('(a=b)', { maxDepth: 0 })).toThrow(RangeError);
    expect(() => parseFilter('(a=b)', { maxLength: Number.NaN })).toThrow(RangeError);
  });
});

describe('formatFilter', () => {
  it('writes every kind canonically with outer parentheses', () => {
    const tree: Filter = {
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'objectClass', value: b('person') },
        { type: 'approx', attribute: 'cn', value: b('smith') },
        { type: 'greaterOrEqual', attribute: 'uidNumber', value: b('10') },
        { type: 'lessOrEqual', attribute: 'uidNumber', value: b('20') },
        { type: 'present', attribute: 'mail' },
        { type: 'substrings', attribute: 'cn', initial: b('a'), any: [b('b'), b('')], final: b('c') },
        { type: 'not', filter: { type: 'or', filters: [] } },
        { type: 'extensible', attribute: 'cn', matchingRule: '2.5.13.5', dnAttributes: true, value: b('x') },
        { type: 'extensible', matchingRule: 'caseExactMatch', dnAttributes: false, value: b('y') },
        { type: 'extensible', attribute: 'ou', dnAttributes: false, value: b('z') },
      ],
    };
    expect(formatFilter(tree)).toBe(
      '(&(objectClass=person)(cn~=smith)(uidNumber>=10)(uidNumber<=20)(mail=*)(cn=a*b**c)(!(|))' +
        '(cn:dn:2.5.13.5:=x)(:caseExactMatch:=y)(ou:=z))',
    );
  });

  it('escapes specials and invalid UTF-8 in values and leaves valid non-ASCII readable', () => {
    expect(formatFilter({ type: 'equality', attribute: 'cn', value: b('a*(b)\\\0café') })).toBe(
      '(cn=a\\2a\\28b\\29\\5c\\00café)',
    );
    expect(formatFilter({ type: 'equality', attribute: 'objectSid', value: bytes(0x01, 0x80, 0xff) })).toBe(
      '(objectSid=\u0001\\80\\ff)',
    );
    expect(
      formatFilter({
        type: 'extensible',
        attribute: 'member',
        matchingRule: '1.2.840.113556.1.4.1941',
        dnAttributes: false,
        value: b('CN=Smith (Contractor),DC=x'),
      }),
    ).toBe('(member:1.2.840.113556.1.4.1941:=CN=Smith \\28Contractor\\29,DC=x)');
  });

  it('leaves out an empty initial or final, and writes a substrings filter with nothing as presence', () => {
    expect(
      formatFilter({ type: 'substrings', attribute: 'cn', initial: b(''), any: [b('m')], final: b('') }),
    ).toBe('(cn=*m*)');
    expect(formatFilter({ type: 'substrings', attribute: 'cn', any: [] })).toBe('(cn=*)');
  });

  it('refuses what no filter string can express', () => {
    expect(() => formatFilter({ type: 'equality', attribute: 'cn=x)(uid', value: b('a') })).toThrow(
      /invalid attribute "cn=x\)\(uid"/,
    );
    expect(() => formatFilter({ type: 'present', attribute: '' })).toThrow(/empty attribute description/);
    expect(() => formatFilter({ type: 'extensible', dnAttributes: true, value: b('a') })).toThrow(
      /needs an attribute or a matchingRule/,
    );
    expect(() =>
      formatFilter({
        type: 'extensible',
        attribute: 'cn',
        matchingRule: 'DN',
        dnAttributes: false,
        value: b('a'),
      }),
    ).toThrow(/matching rule named 'dn'/);
    expect(() =>
      formatFilter({ type: 'extensible', matchingRule: '1.2:3', dnAttributes: false, value: b('a') }),
    ).toThrow(/invalid matchingRule/);
    expect(() => formatFilter({ type: 'bogus' } as unknown as Filter)).toThrow(/unknown filter type "bogus"/);
  });

  it('writes a rule named dn when dnAttributes is set', () => {
    const tree: Filter = {
      type: 'extensible',
      attribute: 'cn',
      matchingRule: 'dn',
      dnAttributes: true,
      value: b('x'),
    };
    expect(formatFilter(tree)).toBe('(cn:dn:dn:=x)');
    expect(parseFilter(formatFilter(tree))).toStrictEqual(tree);
  });

  it('formats a very wide or very deep tree without recursion', () => {
    let deep: Filter = { type: 'present', attribute: 'cn' };
    for (let k = 0; k < 200_000; k++) deep = { type: 'not', filter: deep };
    const text = formatFilter(deep);
    expect(text.length).toBe(200_000 * 3 + '(cn=*)'.length);
    const wide: Filter = {
      type: 'or',
      filters: Array.from({ length: 50_000 }, (_, k) => ({
        type: 'equality',
        attribute: 'uid',
        value: b(`u${k}`),
      })),
    };
    expect(parseFilter(formatFilter(wide))).toStrictEqual(wide);
  });
});

describe('escapeFilterValue', () => {
  it('escapes * ( ) \\ and NUL as lower-case \\hh, and nothing else in ASCII', () => {
    expect(escapeFilterValue('*()\\\0')).toBe('\\2a\\28\\29\\5c\\00');
    const harmless = '=&|!~<>:;,+"#@ \t\n\u0001\u007f abcXYZ019';
    expect(escapeFilterValue(harmless)).toBe(harmless);
  });

  it('leaves valid non-ASCII as it is by default and hex-escapes every octet with escapeNonAscii', () => {
    expect(escapeFilterValue('café')).toBe('café');
    expect(escapeFilterValue('café', { escapeNonAscii: true })).toBe('caf\\c3\\a9');
    expect(escapeFilterValue('😀', { escapeNonAscii: true })).toBe('\\f0\\9f\\98\\80');
    expect(escapeFilterValue('中', { escapeNonAscii: true })).toBe('\\e4\\b8\\ad');
    expect(escapeFilterValue('ß', { escapeNonAscii: true })).toBe('\\c3\\9f');
  });

  it('reproduces the OpenBao/go-ldap EscapeFilter test vector (openbao §5.3)', () => {
    const user = 'foo@example.com)((((((((userPrincipalName=foo';
    const username = `${escapeFilterValue(user, { escapeNonAscii: true })}@example.com`;
    const rendered = `(&(userPrincipalName=${username})(userPrincipalName=admin@example.com))`;
    expect(rendered).toBe(
      '(&(userPrincipalName=foo@example.com\\29\\28\\28\\28\\28\\28\\28\\28\\28userPrincipalName=foo@example.com)' +
        '(userPrincipalName=admin@example.com))',
    );
    // And the injection stays a single equality assertion.
    const parsed = parseFilter(rendered);
    expect(parsed).toStrictEqual({
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'userPrincipalName', value: b(`${user}@example.com`) },
        { type: 'equality', attribute: 'userPrincipalName', value: b('admin@example.com') },
      ],
    });
  });

  it('escapes binary values octet by octet, keeping printable ASCII', () => {
    expect(escapeFilterValue(bytes(0x01, 0x05, 0x80, 0xff))).toBe('\u0001\u0005\\80\\ff');
    expect(escapeFilterValue(bytes(0x01, 0x05, 0x80, 0xff), { escapeNonAscii: true })).toBe(
      '\u0001\u0005\\80\\ff',
    );
    expect(escapeFilterValue(bytes(0x61, 0x2a, 0x00))).toBe('a\\2a\\00');
  });

  it('hex-escapes octets that are not well-formed UTF-8, and keeps well-formed sequences', () => {
    expect(escapeFilterValue(bytes(0xc0, 0xaf))).toBe('\\c0\\af'); // overlong '/'
    expect(escapeFilterValue(bytes(0xed, 0xa0, 0x80))).toBe('\\ed\\a0\\80'); // UTF-8 of a surrogate
    expect(escapeFilterValue(bytes(0xe2, 0x82))).toBe('\\e2\\82'); // truncated
    expect(escapeFilterValue(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('\\f4\\90\\80\\80'); // above U+10FFFF
    expect(escapeFilterValue(bytes(0x61, 0xc3))).toBe('a\\c3'); // cut at the end
    expect(escapeFilterValue(bytes(0xf0, 0x9f, 0x98, 0x80, 0x80))).toBe('😀\\80');
    expect(escapeFilterValue(bytes(0xc3, 0xa9, 0x28, 0xe4, 0xb8, 0xad))).toBe('é\\28中');
  });

  it('reads a Uint8Array view at its own offset', () => {
    const backing = Uint8Array.from([0x78, 0x2a, 0x79, 0x80, 0x7a]);
    expect(escapeFilterValue(backing.subarray(1, 4))).toBe('\\2ay\\80');
  });

  it('turns a lone surrogate into U+FFFD, as UTF-8 encoders do', () => {
    expect(escapeFilterValue('a\ud800b')).toBe('a\ufffdb');
    expect(escapeFilterValue('\udc00', { escapeNonAscii: true })).toBe('\\ef\\bf\\bd');
  });

  it('rejects other types', () => {
    expect(() => escapeFilterValue(12 as unknown as string)).toThrow(TypeError);
  });
});

describe('unescapeFilterValue', () => {
  it('decodes \\hh in either case, raw UTF-8 and LDAPv2 escapes', () => {
    expect(unescapeFilterValue('caf\\c3\\a9')).toStrictEqual(b('café'));
    expect(unescapeFilterValue('caf\\C3\\A9')).toStrictEqual(b('café'));
    expect(unescapeFilterValue('café')).toStrictEqual(b('café'));
    expect(unescapeFilterValue('\\01\\05\\80\\ff')).toStrictEqual(bytes(0x01, 0x05, 0x80, 0xff));
    expect(unescapeFilterValue('\\*\\(\\)\\\\')).toStrictEqual(b('*()\\'));
    expect(unescapeFilterValue('')).toStrictEqual(b(''));
  });

  const cases: ReadonlyArray<readonly [input: string, position: number, reason: RegExp]> = [
    ['abc\\', 3, /incomplete escape/],
    ['a\\q1', 1, /invalid escape '\\q1'/],
    ['a\\4', 1, /invalid escape '\\4'/],
    ['a*b', 1, /unescaped '\*' in value; write \\2a/],
    ['a)b', 1, /unescaped '\)' in value; write \\29/],
    ['a(b', 1, /unescaped '\(' in value; write \\28/],
    ['a\0', 1, /NUL character/],
    ['x\udfff', 1, /unpaired UTF-16 surrogate/],
  ];
  for (const [input, position, reason] of cases) {
    it(`rejects ${JSON.stringify(input)} at position ${position}`, () => {
      const error = syntaxError(() => unescapeFilterValue(input));
      expect(error.position).toBe(position);
      expect(error.reason).toMatch(reason);
      expect(error.input).toBe(input);
    });
  }
});

describe('filter template tag', () => {
  it('escapes substituted strings so they cannot change the structure', () => {
    const name = 'alice*)(uid=*))(|(uid=*';
    const text = filter`(&(objectClass=person)(uid=${name}))`;
    expect(text).toBe('(&(objectClass=person)(uid=alice\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a))');
    expect(parseFilter(text)).toStrictEqual({
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'objectClass', value: b('person') },
        { type: 'equality', attribute: 'uid', value: b(name) },
      ],
    });
  });

  it('substitutes numbers and binary values', () => {
    expect(filter`(uidNumber>=${1000})`).toBe('(uidNumber>=1000)');
    expect(filter`(x=${-1.5})`).toBe('(x=-1.5)');
    const sid = bytes(0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00, 0xff);
    const text = filter`(objectSid=${sid})`;
    expect(text).toBe('(objectSid=\u0001\u0005\\00\\00\\00\\00\\00\u0005\u0015\\00\\00\\00\\ff)');
    expect(parseFilter(text)).toStrictEqual({ type: 'equality', attribute: 'objectSid', value: sid });
    expect(filter`(objectGUID=${new Uint8Array([0x2a, 0x80])})`).toBe('(objectGUID=\\2a\\80)');
  });

  it('keeps substitutions literal inside substrings and extensible values', () => {
    const dn = 'CN=Smith (Contractor),DC=corp';
    expect(filter`(memberOf:1.2.840.113556.1.4.1941:=${dn})`).toBe(
      '(memberOf:1.2.840.113556.1.4.1941:=CN=Smith \\28Contractor\\29,DC=corp)',
    );
    expect(parseFilter(filter`(cn=${'a*'}*${'*b'})`)).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      initial: b('a*'),
      any: [],
      final: b('*b'),
    });
  });

  it('rejects substitutions of any other type, naming which one', () => {
    expect(() => filter`(a=${'x'})(b=${{}})`).toThrow(/substitution 2 of 2 is an object \(Object\)/);
    expect(() => filter`(a=${undefined})`).toThrow(/substitution 1 of 1 is undefined/);
    expect(() => filter`(a=${null})`).toThrow(/substitution 1 of 1 is null/);
    expect(() => filter`(a=${10n})`).toThrow(/substitution 1 of 1 is a bigint/);
    expect(() => filter`(a=${true})`).toThrow(/substitution 1 of 1 is a boolean/);
    expect(() => filter`(a=${['x']})`).toThrow(/substitution 1 of 1 is an array/);
    expect(() => filter`(a=${Number.NaN})`).toThrow(/substitution 1 of 1 is NaN, not a finite number/);
    expect(() => filter`(a=${new Uint16Array(1)})`).toThrow(TypeError);
  });

  it('checks the result, so a template that yields an invalid filter throws at once', () => {
    const error = syntaxError(() => filter`(&(uid=${'alice'})`);
    expect(error.reason).toMatch(/missing '\)' to close the '\(&'/);
    expect(() => filter`(uid=${'a'})(cn=${'b'})`).toThrow(FilterSyntaxError);
  });

  it('takes doubled backslashes in the literal text as filter escapes', () => {
    expect(parseFilter(filter`(cn=\\2a${'x'})`)).toStrictEqual({
      type: 'equality',
      attribute: 'cn',
      value: b('*x'),
    });
  });

  it('rejects literal text with an escape JavaScript cannot read', () => {
    const strings = Object.assign([undefined as unknown as string], { raw: ['(cn=\\2a)'] });
    expect(() => filter(strings as TemplateStringsArray)).toThrow(
      /literal part 1 has an invalid JavaScript escape/,
    );
  });
});
