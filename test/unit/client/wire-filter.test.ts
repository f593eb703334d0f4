/**
 * WireFilter must put on the wire what the filter string says: the same BER as ldapts for plain
 * ASCII filters, and exact octets where ldapts' own parser would not.
 */
import { BerWriter, FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { WireFilter } from '../../../src/client/wire/wire-filter.js';

function encode(filter: { write(writer: BerWriter): void }): string {
  const writer = new BerWriter();
  filter.write(writer);
  return writer.buffer.toString('hex');
}

describe('WireFilter', () => {
  it.each([
    '(uid=alice)',
    '(&(objectClass=person)(|(uid=a)(uid=b))(!(cn=x)))',
    '(cn=ab*cd*ef)',
    '(cn=*x)',
    '(cn=x*)',
    '(mail=*)',
    '(uidNumber>=10)',
    '(uidNumber<=10)',
    '(cn~=alice)',
    '(cn:caseExactMatch:=Alice)',
    '(ou:dn:=groups)',
    '(description=a\\28b\\29\\2a\\5c)',
  ])('encodes %s as ldapts does for ASCII input', (filter) => {
    expect(encode(WireFilter.parse(filter))).toBe(encode(FilterParser.parseString(filter)));
  });

  it('sends \\XX escapes as single octets, so escaped UTF-8 equals the literal character', () => {
    const escaped = encode(WireFilter.parse('(sn=M\\c3\\bcller)'));
    expect(escaped).toBe(encode(WireFilter.parse('(sn=Müller)')));
    expect(escaped).toContain(Buffer.from('Müller', 'utf8').toString('hex'));
  });

  it('accepts numeric-OID attribute types and matching rules', () => {
    const hex = encode(WireFilter.parse('(2.5.4.3:1.2.840.113556.1.4.1941:=x)'));
    expect(hex.startsWith('a9')).toBe(true);
    expect(hex).toContain(Buffer.from('1.2.840.113556.1.4.1941').toString('hex'));
    expect(hex).toContain(Buffer.from('2.5.4.3').toString('hex'));
  });

  it('refuses an invalid filter string with its position', () => {
    expect(() => WireFilter.parse('(cn=a(b)')).toThrow(/position/);
    expect(() => WireFilter.parse('(cn=\\zz)')).toThrow(/position/);
  });

  it('sends binary assertion values byte for byte', () => {
    const sid = Buffer.from([0x01, 0x05, 0x80, 0xff, 0x00]);
    const hex = encode(new WireFilter({ type: 'equality', attribute: 'objectSid', value: sid }));
    expect(hex).toContain(`0405${sid.toString('hex')}`);
  });
});
