/** Value syntaxes as slapd 2.5 validates them (schema_init.c), each case seen on the real server. */
import { describe, expect, it } from 'vitest';
import { ruleAssertionSyntax, syntaxCheck, syntaxUnvalidated } from '../../../src/core/syntax-validation.js';

const RFC4517 = '1.3.6.1.4.1.1466.115.121.1';
const valid = (syntax: string, value: string) => syntaxCheck(syntax)!(Buffer.from(value, 'utf8'));

describe('syntaxCheck', () => {
  it.each([
    ['Directory String', `${RFC4517}.15`, ['Alice', ' ', 'Müller'], ['']],
    ['IA5 String', `${RFC4517}.26`, ['', 'alice@example.org'], ['café']],
    ['Integer', `${RFC4517}.27`, ['0', '-5', '10001'], ['', ' 10001', '007', '-0', '1e3']],
    ['Telephone Number', `${RFC4517}.50`, ['+1 555 0100'], ['@@@', '\\', 'é', '']],
    ['Boolean', `${RFC4517}.7`, ['TRUE', 'FALSE'], ['true', 'yes']],
    ['UUID', '1.3.6.1.1.16.1', ['00000000-0000-0000-0000-00000000000a'], ['lice', '(']],
    ['Generalized Time', `${RFC4517}.24`, ['20200101000000Z'], [' 20200101000000Z', 'é']],
    ['Distinguished Name', `${RFC4517}.12`, ['', 'cn=x'], [' ', '  ']],
    ['Bit String', `${RFC4517}.6`, ["'0101'B"], ["'012'B", '0101']],
    ['Postal Address', `${RFC4517}.41`, ['1 Main St$Town', 'a\\24b'], ['a\\b']],
  ])('%s', (_name, syntax, good, bad) => {
    for (const value of good) expect(valid(syntax, value), value).toBe(true);
    for (const value of bad) expect(valid(syntax, value), value).toBe(false);
  });

  it('leaves syntaxes slapd does not know to the matching rule', () => {
    expect(syntaxCheck('1.2.3.4')).toBeUndefined();
    expect(syntaxCheck(undefined)).toBeUndefined();
  });

  it('refuses every value of a syntax slapd has no validator for', () => {
    expect(syntaxUnvalidated(`${RFC4517}.58`)).toBe(true);
    expect(syntaxUnvalidated(`${RFC4517}.15`)).toBe(false);
  });
});

describe('ruleAssertionSyntax', () => {
  it('names the assertion syntax of an equality rule by name (any case) and OID', () => {
    expect(ruleAssertionSyntax('caseExactMatch')).toBe(`${RFC4517}.15`);
    expect(ruleAssertionSyntax('CASEIGNOREIA5MATCH')).toBe(`${RFC4517}.26`);
    expect(ruleAssertionSyntax('1.2.840.113556.1.4.803')).toBe(`${RFC4517}.27`);
    expect(ruleAssertionSyntax('noSuchRule')).toBeUndefined();
  });
});
