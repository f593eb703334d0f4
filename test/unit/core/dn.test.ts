import { describe, expect, it } from 'vitest';
import { berStringContent, berValueText } from '../../../src/core/dn-ber.js';
import {
  DNSyntaxError,
  escapeDNValue,
  escapeDNValueOpenBao,
  unescapeDNValue,
} from '../../../src/core/dn-escape.js';
import { formatDN } from '../../../src/core/dn-format.js';
import { isDescendantOrSelf, parentDN } from '../../../src/core/dn-hierarchy.js';
import { dnEquals, normalizeDN } from '../../../src/core/dn-normalize.js';
import { parseDN, type RDN } from '../../../src/core/dn-parse.js';
import { adDn, dn } from '../../../src/core/dn-template.js';

function syntaxError(fn: () => unknown): DNSyntaxError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DNSyntaxError);
    return e as DNSyntaxError;
  }
  throw new Error('expected a DNSyntaxError, nothing was thrown');
}

describe('parseDN', () => {
  it('reads the empty and all-space DN as the root', () => {
    expect(parseDN('')).toEqual([]);
    expect(parseDN('   ')).toEqual([]);
  });

  it('reads the RFC 4514 §4 examples', () => {
    expect(parseDN('UID=jsmith,DC=example,DC=net')).toEqual([
      [{ type: 'UID', value: 'jsmith' }],
      [{ type: 'DC', value: 'example' }],
      [{ type: 'DC', value: 'net' }],
    ]);
    expect(parseDN('OU=Sales+CN=J.  Smith,DC=example,DC=net')[0]).toEqual([
      { type: 'OU', value: 'Sales' },
      { type: 'CN', value: 'J.  Smith' },
    ]);
    expect(parseDN('CN=James \\"Jim\\" Smith\\, III,DC=example,DC=net')[0]).toEqual([
      { type: 'CN', value: 'James "Jim" Smith, III' },
    ]);
    expect(parseDN('CN=Before\\0dAfter,DC=example,DC=net')[0]).toEqual([
      { type: 'CN', value: 'Before\rAfter' },
    ]);
    expect(parseDN('CN=Lu\\C4\\8Di\\C4\\87')).toEqual([[{ type: 'CN', value: 'Lučić' }]]);
  });

  it('reads a multi-valued RDN', () => {
    expect(parseDN('cn=Amy Wong+sn=Kroker,ou=people')).toEqual([
      [
        { type: 'cn', value: 'Amy Wong' },
        { type: 'sn', value: 'Kroker' },
      ],
      [{ type: 'ou', value: 'people' }],
    ]);
  });

  it('reads a #hex BER value of each string type as its text, keeping the bytes', () => {
    const [[octet]] = parseDN('1.3.6.1.4.1.1466.0=#04024869') as [RDN];
    expect(octet).toEqual({
      type: '1.3.6.1.4.1.1466.0',
      value: 'Hi',
      ber: Buffer.from([0x04, 0x02, 0x48, 0x69]),
    });
    expect(parseDN('cn=#0C03C3BC78')[0]![0]!.value).toBe('üx'); // UTF8String
    expect(parseDN('cn=#1303616263')[0]![0]!.value).toBe('abc'); // PrintableString
    expect(parseDN('cn=#160141 ')).toEqual([
      [{ type: 'cn', value: 'A', ber: Buffer.from([0x16, 0x01, 0x41]) }],
    ]); // IA5String + trailing space
    expect(parseDN('cn=#0481026868')[0]![0]!.value).toBe('hh'); // long-form length
  });

  it('keeps the #hex text as written when the BER is not a UTF-8 primitive string', () => {
    const cases = ['#020101', '#04FF', '#0404616263', '#0401', '#2403040161', '#0480', '#0401FF'];
    for (const hex of cases) {
      const [[ava]] = parseDN(`cn=${hex}`) as [RDN];
      expect(ava!.value).toBe(hex);
      expect(ava!.ber).toEqual(Buffer.from(hex.slice(1), 'hex'));
    }
  });

  it('reads \\2C and \\, as the same character, in either hex case', () => {
    expect(parseDN('cn=a\\2Cb')).toEqual(parseDN('cn=a\\,b'));
    expect(parseDN('cn=a\\2cb')).toEqual([[{ type: 'cn', value: 'a,b' }]]);
  });

  it('reads UTF-8 hex escapes, and raw non-ASCII', () => {
    expect(parseDN('cn=J\\C3\\BCrgen')).toEqual([[{ type: 'cn', value: 'Jürgen' }]]);
    expect(parseDN('cn=J\\c3\\bcrgen')).toEqual([[{ type: 'cn', value: 'Jürgen' }]]);
    expect(parseDN('cn=Jürgen 😀')).toEqual([[{ type: 'cn', value: 'Jürgen 😀' }]]);
    expect(parseDN('cn=\\F0\\9F\\98\\80')).toEqual([[{ type: 'cn', value: '😀' }]]);
  });

  it('trims unescaped spaces around values and separators but keeps escaped ones', () => {
    expect(parseDN('  cn  =  x  ,  dc = y  ')).toEqual([
      [{ type: 'cn', value: 'x' }],
      [{ type: 'dc', value: 'y' }],
    ]);
    expect(parseDN('cn=\\ x\\ ')).toEqual([[{ type: 'cn', value: ' x ' }]]);
    expect(parseDN('cn=\\20x\\20,dc=y')).toEqual([
      [{ type: 'cn', value: ' x ' }],
      [{ type: 'dc', value: 'y' }],
    ]);
    expect(parseDN('cn= \\  a \\  + sn=b')).toEqual([
      [
        { type: 'cn', value: '  a  ' },
        { type: 'sn', value: 'b' },
      ],
    ]);
    expect(parseDN('cn=a  b')).toEqual([[{ type: 'cn', value: 'a  b' }]]);
  });

  it('accepts the LDAPv2 leniencies: ; separator, quoted values, OID. prefix', () => {
    expect(parseDN('cn=a;dc=b')).toEqual([[{ type: 'cn', value: 'a' }], [{ type: 'dc', value: 'b' }]]);
    expect(parseDN('cn=" a, b+c;<d>=#e " , dc=f')).toEqual([
      [{ type: 'cn', value: ' a, b+c;<d>=#e ' }],
      [{ type: 'dc', value: 'f' }],
    ]);
    expect(parseDN('cn="say \\"hi\\" \\C3\\A9"')).toEqual([[{ type: 'cn', value: 'say "hi" é' }]]);
    expect(parseDN('OID.2.5.4.3=x+oid.0.9=y')).toEqual([
      [
        { type: '2.5.4.3', value: 'x' },
        { type: '0.9', value: 'y' },
      ],
    ]);
  });

  it('keeps type case, accepts hyphens and empty values, `=` and a mid-value `#` raw', () => {
    expect(parseDN('sAMAccountName=x,x-Custom-1=')).toEqual([
      [{ type: 'sAMAccountName', value: 'x' }],
      [{ type: 'x-Custom-1', value: '' }],
    ]);
    expect(parseDN('cn=a=b#c')).toEqual([[{ type: 'cn', value: 'a=b#c' }]]);
    expect(parseDN('cn=\\00\\#\\=')).toEqual([[{ type: 'cn', value: '\0#=' }]]);
  });

  it.each([
    ['cn', 2, 'expected \'=\' after attribute type "cn", found the end of the DN'],
    ['cn x', 3, "expected '=' after attribute type \"cn\", found 'x'"],
    ['c n=x', 2, 'expected \'=\' after attribute type "c"'],
    ['=x', 0, "empty attribute type before '='"],
    ['cn=a,', 5, "expected an attribute type after ',', found the end of the DN"],
    ['cn=a+ ', 6, "expected an attribute type after '+'"],
    [',cn=a', 0, 'empty RDN'],
    ['cn=a,,dc=b', 5, 'empty RDN'],
    ['cn=a;+dc=b', 5, 'empty RDN'],
    ['cn_x=1', 2, 'invalid character \'_\' in attribute type "cn"'],
    ['1cn=x', 1, 'invalid character \'c\' in attribute type "1"'],
    ['-cn=x', 0, 'invalid attribute type: expected a letter or digit'],
    ['01.2=x', 0, 'leading zero in numeric OID component'],
    ['1..2=x', 2, 'expected a digit in numeric OID'],
    ['OID.=x', 4, 'expected a digit in numeric OID'],
    ['cn=a"b', 4, "unescaped '\"' in attribute value"],
    ['cn=a<b', 4, "unescaped '<'"],
    ['cn=a>b', 4, "unescaped '>'"],
    ['cn=a\0b', 4, 'NUL character in attribute value'],
    ['cn=a\\', 4, 'backslash at the end'],
    ['cn=\\zz', 3, "invalid escape '\\z'"],
    ['cn=\\4g', 3, 'a hex escape needs two hex digits'],
    ['cn=\\4', 3, 'a hex escape needs two hex digits'],
    ['cn=x\\C3', 4, "hex escapes '\\C3' are not valid UTF-8"],
    ['cn=\\C3\\28', 3, 'not valid UTF-8'],
    ['cn=\\FF', 3, 'not valid UTF-8'],
    ['cn=\\ED\\A0\\80', 3, 'not valid UTF-8'], // an encoded surrogate
    ['cn=\\C3\\,', 3, 'not valid UTF-8'], // a UTF-8 sequence cut by a \c escape
    ['cn=#', 4, "expected hex digits after '#'"],
    ['cn=#zz', 4, "expected hex digits after '#'"],
    ['cn=#041', 3, 'odd number of hex digits'],
    ['cn=#04zz', 6, "invalid character 'z' in #hex value"],
    ['cn=#04 x', 7, "invalid character 'x' in #hex value"],
    ['cn="abc', 3, 'unterminated quoted value'],
    ['cn="a"b', 6, "unexpected 'b' after quoted value"],
    ['cn="a\0"', 5, 'NUL character'],
  ])('rejects %j at position %i: %s', (input, position, reason) => {
    const err = syntaxError(() => parseDN(input));
    expect(err.position).toBe(position);
    expect(err.input).toBe(input);
    expect(err.reason).toContain(reason);
    expect(err.message).toContain(reason);
    expect(err.message).toContain(`at position ${position} of DN ${JSON.stringify(input)}`);
    expect(err.name).toBe('DNSyntaxError');
  });

  it('shortens a very long input in the message but keeps it whole in .input', () => {
    const input = 'cn=' + 'x'.repeat(500) + '"';
    const err = syntaxError(() => parseDN(input));
    expect(err.input).toBe(input);
    expect(err.position).toBe(503);
    expect(err.message.length).toBeLessThan(320);
  });

  it('handles a long DN in linear time', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `cn=v\\2C${i}`).join(',');
    const started = performance.now();
    expect(parseDN(big)).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('formatDN', () => {
  const jim: RDN[] = [[{ type: 'CN', value: 'James "Jim" Smith, III' }], [{ type: 'DC', value: 'net' }]];

  it('writes minimal RFC 4514 escapes', () => {
    expect(formatDN(jim)).toBe('CN=James \\"Jim\\" Smith\\, III,DC=net');
    expect(formatDN([[{ type: 'cn', value: '#a+b;c<d>e\\f=g#h' }]])).toBe('cn=\\#a\\+b\\;c\\<d\\>e\\\\f=g#h');
    expect(formatDN([[{ type: 'cn', value: '  x  ' }]])).toBe('cn=\\  x \\ ');
    expect(formatDN([[{ type: 'cn', value: 'a\0b\nc' }]])).toBe('cn=a\\00b\nc');
    expect(formatDN([[{ type: 'cn', value: 'Jürgen 😀' }]])).toBe('cn=Jürgen 😀');
    expect(formatDN([[{ type: 'cn', value: '' }]])).toBe('cn=');
  });

  it('joins AVAs with + and RDNs with , and writes the root as an empty string', () => {
    expect(
      formatDN([
        [
          { type: 'cn', value: 'Amy Wong' },
          { type: 'sn', value: 'Kroker' },
        ],
        [{ type: 'dc', value: 'org' }],
      ]),
    ).toBe('cn=Amy Wong+sn=Kroker,dc=org');
    expect(formatDN([])).toBe('');
  });

  it('writes BER values as lower-case #hex in both styles', () => {
    const rdns: RDN[] = [[{ type: '1.3.6.1.4.1.1466.0', value: 'Hi', ber: Buffer.from('04024869', 'hex') }]];
    expect(formatDN(rdns)).toBe('1.3.6.1.4.1.1466.0=#04024869');
    expect(formatDN(rdns, 'ad')).toBe('1.3.6.1.4.1.1466.0=#04024869');
  });

  it('writes Active Directory style: also = and # anywhere, controls as \\XX, types as given', () => {
    expect(
      formatDN([[{ type: 'CN', value: 'Smith, James K.' }], [{ type: 'OU', value: 'Sales' }]], 'ad'),
    ).toBe('CN=Smith\\, James K.,OU=Sales');
    expect(formatDN([[{ type: 'CN', value: 'a=b#c' }]], 'ad')).toBe('CN=a\\=b\\#c');
    expect(formatDN([[{ type: 'CN', value: 'x\nDEL:3b2118e2' }]], 'ad')).toBe('CN=x\\0ADEL:3b2118e2');
    expect(formatDN([[{ type: 'cn', value: ' é ' }]], 'ad')).toBe('cn=\\ é\\ ');
  });

  it('refuses an empty RDN or a type that would not parse back', () => {
    expect(() => formatDN([[]])).toThrow(/RDN 0 has no attribute value assertions/);
    for (const type of ['', 'c n', 'cn=x', '1.', '.1', '1..2', '01', '-a', 'é']) {
      expect(() => formatDN([[{ type: 'cn', value: 'x' }], [{ type, value: 'x' }]])).toThrow(
        new TypeError(
          `formatDN: RDN 1 AVA 0: attribute type ${JSON.stringify(type)} is not a descr or numeric OID`,
        ),
      );
    }
    expect(formatDN([[{ type: '0.10.2', value: 'x' }]])).toBe('0.10.2=x');
  });
});

describe('escapeDNValue / unescapeDNValue', () => {
  it.each([
    ['', '', ''],
    ['plain', 'plain', 'plain'],
    [' ', '\\ ', '\\ '],
    ['#1 = x', '\\#1 = x', '\\#1 \\= x'],
    ['a#b', 'a#b', 'a\\#b'],
    ['Smith, James', 'Smith\\, James', 'Smith\\, James'],
    ['"+,;<>\\', '\\"\\+\\,\\;\\<\\>\\\\', '\\"\\+\\,\\;\\<\\>\\\\'],
    ['a\0', 'a\\00', 'a\\00'],
    ['tab\there', 'tab\there', 'tab\\09here'],
    ['é ', 'é\\ ', 'é\\ '],
  ])('escapes %j as %j (rfc4514) and %j (ad)', (value, rfc, ad) => {
    expect(escapeDNValue(value)).toBe(rfc);
    expect(escapeDNValue(value, 'rfc4514')).toBe(rfc);
    expect(escapeDNValue(value, 'ad')).toBe(ad);
    expect(unescapeDNValue(rfc)).toBe(value);
    expect(unescapeDNValue(ad)).toBe(value);
  });

  it('unescapes both escape forms and drops unescaped outer spaces', () => {
    expect(unescapeDNValue('\\4a\\C3\\BCrgen\\2c \\,x')).toBe('Jürgen, ,x');
    expect(unescapeDNValue('  a b  ')).toBe('a b');
    expect(unescapeDNValue('\\ a\\20')).toBe(' a ');
  });

  it.each([
    ['a,b', 1, "unescaped ',' in value (write \\,)"],
    ['a+b', 1, "unescaped '+'"],
    ['a;b', 1, "unescaped ';'"],
    ['#04', 0, "unescaped '#' at the start of the value"],
    ['  #04', 2, "unescaped '#' at the start"],
    ['a"', 1, "unescaped '\"'"],
    ['\\q', 0, "invalid escape '\\q'"],
    ['\\E9', 0, 'not valid UTF-8'],
    ['x\\', 1, 'backslash at the end'],
  ])('unescapeDNValue rejects %j at %i', (input, position, reason) => {
    const err = syntaxError(() => unescapeDNValue(input));
    expect(err.position).toBe(position);
    expect(err.reason).toContain(reason);
    expect(err.message).toContain(`of DN value ${JSON.stringify(input)}`);
  });
});

describe('escapeDNValueOpenBao', () => {
  // The test vectors of OpenBao's TestLDAPEscape (research openbao-ldaputil §5.4).
  it.each([
    ['#test', '\\#test'],
    ['test,hello', 'test\\,hello'],
    ['test,hel+lo', 'test\\,hel\\+lo'],
    ['test\\hello', 'test\\\\hello'],
    ['  test  ', '\\  test \\ '],
    ['\\', '\\\\'],
    ['trailing\0', 'trailing\\00'],
    ['mid\0dle', 'mid\\00dle'],
    ['\0', '\\00'],
    ['multiple\0\0', 'multiple\\00\\00'],
    ['backlash-before-null\\\0', 'backlash-before-null\\\\\\00'],
    ['trailing\\', 'trailing\\\\'],
    ['double-escaping\\>', 'double-escaping\\\\\\>'],
  ])('OpenBao vector %j → %j', (input, output) => {
    expect(escapeDNValueOpenBao(input)).toBe(output);
  });

  it('follows the remaining rules: # anywhere, = kept, bytes outside 0x20-0x7e as lower-case hex', () => {
    expect(escapeDNValueOpenBao('')).toBe('');
    expect(escapeDNValueOpenBao(' ')).toBe('\\ ');
    expect(escapeDNValueOpenBao('a#b=c')).toBe('a\\#b=c');
    expect(escapeDNValueOpenBao('é')).toBe('\\c3\\a9');
    expect(escapeDNValueOpenBao('\x7f\x1f;<"')).toBe('\\7f\\1f\\;\\<\\"');
    expect(escapeDNValueOpenBao('a b')).toBe('a b');
  });
});

describe('normalizeDN', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['uid=alice,ou=people,dc=example,dc=org', 'uid=alice,ou=people,dc=example,dc=org'],
    ['CN=Users, DC=Corp ,DC=Example;DC=com', 'cn=users,dc=corp,dc=example,dc=com'],
    ['SN=Kroker+CN=Amy  Wong', 'cn=amy wong+sn=kroker'],
    ['cn=b+cn=a+CN=C', 'cn=a+cn=b+cn=c'],
    ['cn=\\20 x \\20', 'cn=x'],
    ['cn=a\\2Cb', 'cn=a\\,b'],
    ['cn=\\#x', 'cn=\\#x'],
    ['cn=x\\23', 'cn=x#'],
    ['cn=#0C024869', 'cn=hi'],
    ['cn=#0C02233F', 'cn=\\#?'],
    ['cn=#02FF', 'cn=#02ff'],
    ['OID.2.5.4.3=X', '2.5.4.3=x'],
    ['cn="A, B"', 'cn=a\\, b'],
    ['CN=J\\C3\\9CRGEN', 'cn=jürgen'],
    ['cn=a\u00a0b', 'cn=a b'], // NFKC turns no-break space into a space
    ['cn=ΑΣ', 'cn=ασ'], // final sigma folded
    ['cn=Straße+cn=STRASSE', 'cn=strasse+cn=straße'], // no full case folding: ß ≠ ss
    ['cn=\\3C\\3E\\22', 'cn=\\<\\>\\"'],
    ['cn=\\00', 'cn=\\00'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeDN(input)).toBe(expected);
    expect(normalizeDN(expected)).toBe(expected);
  });

  it('returns an already-normal plain DN without rebuilding it', () => {
    const plain = 'cn=john smith,ou=people,dc=example,dc=org';
    expect(normalizeDN(plain)).toBe(plain);
  });

  it('rejects an invalid DN', () => {
    expect(syntaxError(() => normalizeDN('cn=a,')).position).toBe(5);
    expect(syntaxError(() => normalizeDN('cn')).position).toBe(2);
    expect(syntaxError(() => normalizeDN('cn=a b ,')).position).toBe(8);
  });

  it('normalises 100k typical DNs quickly', () => {
    const dns = Array.from({ length: 100_000 }, (_, i) => `CN=User ${i},OU=People,DC=corp,DC=example,DC=com`);
    const started = performance.now();
    for (const d of dns) normalizeDN(d);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('dnEquals, parentDN, isDescendantOrSelf', () => {
  it('compares DNs after normalisation', () => {
    expect(dnEquals('CN=Amy Wong+SN=Kroker, DC=Org', 'sn=kroker+cn=amy  wong,dc=org')).toBe(true);
    expect(dnEquals('cn=a\\,b,dc=org', 'cn=a\\2Cb,dc=org')).toBe(true);
    expect(dnEquals('cn=a,dc=org', 'cn=a,dc=com')).toBe(false);
    expect(dnEquals('cn=a\\,dc=org', 'cn=a,dc=org')).toBe(false);
    expect(dnEquals('2.5.4.3=a', 'cn=a')).toBe(false);
    expect(() => dnEquals('cn=a', 'cn')).toThrow(DNSyntaxError);
  });

  it('drops the first RDN for the parent', () => {
    const rdns = parseDN('cn=a+sn=b,ou=x,dc=y');
    expect(parentDN(rdns)).toEqual(parseDN('ou=x,dc=y'));
    expect(parentDN(parseDN('dc=y'))).toEqual([]);
    expect(parentDN([])).toEqual([]);
  });

  it.each([
    ['dc=org', 'dc=org', true],
    ['cn=a,dc=org', 'dc=org', true],
    ['cn=a,ou=b,dc=org', 'ou=b,dc=org', true],
    ['cn=a,dc=org', '', true],
    ['', '', true],
    ['', 'dc=org', false],
    ['dc=org', 'cn=a,dc=org', false],
    ['cn=a,xdc=org', 'dc=org', false],
    ['cn=a,dc=borg', 'dc=org', false],
    ['cn=a\\,dc=org', 'dc=org', false],
    ['cn=a\\\\,dc=org', 'dc=org', true],
    ['cn=a\\\\\\,dc=org', 'dc=org', false],
    ['cn=x+dc=org', 'dc=org', false],
    ['cn=a\\,cn=b,dc=org', 'cn=b,dc=org', false],
  ])('isDescendantOrSelf(normalizeDN(%j), normalizeDN(%j)) is %s', (dnText, base, expected) => {
    expect(isDescendantOrSelf(normalizeDN(dnText), normalizeDN(base))).toBe(expected);
  });
});

describe('BER value helpers', () => {
  it('berStringContent decodes only primitive UTF-8 strings whose length fits exactly', () => {
    expect(berStringContent(Buffer.from('0400', 'hex'))).toBe('');
    expect(berStringContent(Buffer.from('0c03e282ac', 'hex'))).toBe('€');
    expect(berStringContent(Buffer.from('04820001', 'hex'))).toBeUndefined(); // length says 1, no content
    expect(berStringContent(Buffer.from('0485000000000161', 'hex'))).toBeUndefined(); // 5 length octets
    expect(berStringContent(Buffer.from('04', 'hex'))).toBeUndefined();
    expect(berStringContent(Buffer.from('0a0101', 'hex'))).toBeUndefined();
  });

  it('berValueText gives the value parseDN reports', () => {
    for (const hex of ['04024869', '0201ff', '04fffe']) {
      const ber = Buffer.from(hex, 'hex');
      expect(parseDN(`cn=#${hex}`)[0]![0]!.value).toBe(berValueText(ber));
    }
    expect(berValueText(Buffer.from('0201ff', 'hex'))).toBe('#0201ff');
  });
});

describe('dn and adDn templates', () => {
  it('escapes every substituted value', () => {
    const name = 'x,uid=admin';
    expect(dn`uid=${name},ou=people,dc=example,dc=org`).toBe('uid=x\\,uid=admin,ou=people,dc=example,dc=org');
    expect(adDn`CN=${name},CN=Users`).toBe('CN=x\\,uid\\=admin,CN=Users');
    expect(dn`cn=${' #lead'}+uid=${42}`).toBe('cn=\\ #lead+uid=42');
    expect(dn`cn=${'a'} ${'b '}x`).toBe('cn=a b\\ x');
  });

  it('takes literal parts raw, so DN escapes are written once', () => {
    expect(dn`cn=Smith\, John,ou=${'x'}`).toBe('cn=Smith\\, John,ou=x');
    expect(parseDN(dn`cn=Smith\, John,ou=${'x'}`)[0]).toEqual([{ type: 'cn', value: 'Smith, John' }]);
  });

  it('names the position and kind of a substitution that is not a string or finite number', () => {
    const bad: unknown[] = [
      undefined,
      null,
      {},
      ['a'],
      1n,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      Symbol('s'),
    ];
    const kinds = ['undefined', 'null', 'object', 'object', 'bigint', 'NaN', 'Infinity', 'boolean', 'symbol'];
    bad.forEach((value, i) => {
      expect(() => dn`cn=${'ok'},ou=${value}`).toThrow(
        new TypeError(`dn: substitution 2 of 2 is ${kinds[i]}; only strings and finite numbers are allowed`),
      );
    });
  });

  it('refuses a substitution where an attribute type is expected', () => {
    expect(() => dn`${'uid'}=x`).toThrow(
      new TypeError(
        "dn: substitution 1 of 1 is where an attribute type is expected; only values (after '=') may be substituted",
      ),
    );
    expect(() => adDn`cn=a,${'ou=x'}`).toThrow(/^adDn: substitution 1 of 1 is where an attribute type/);
    expect(dn`cn=a\,${'b'}`).toBe('cn=a\\,b'); // an escaped comma does not end the value
    expect(dn`cn="a,${' b,'}",ou=x`).toBe('cn="a,\\ b\\,",ou=x'); // nor does one inside quotes
    expect(parseDN(dn`cn="a,${' b,'}",ou=x`)[0]).toEqual([{ type: 'cn', value: 'a, b,' }]);
  });

  it('throws DNSyntaxError when the literal parts make an invalid DN', () => {
    expect(() => dn`cn=${'x'},`).toThrow(DNSyntaxError);
    expect(() => dn`cn=\u00e9${'x'}`).toThrow(DNSyntaxError); // raw `\u` is not a DN escape
  });
});
