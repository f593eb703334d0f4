/** The decoded forms of the search controls the engine reads (sort, extended DN, subentries, matched values). */
import { describe, expect, it } from 'vitest';
import { ControlOid } from '../../../src/core/control-oids.js';
import { ProtocolDecodeError } from '../../../src/server/wire/ber-input.js';
import { decodeControlValue } from '../../../src/server/wire/decode-control-values.js';

const hex = (text: string) => Buffer.from(text.replace(/ /g, ''), 'hex');

describe('decodeControlValue', () => {
  it('reads sort keys with their ordering rule and reverse flag', () => {
    // SEQUENCE { SEQUENCE { "cn" }, SEQUENCE { "sn", [0] "2.5.13.3", [1] TRUE } }
    const value = hex('30 19 30 04 04 02 636e 30 11 04 02 736e 80 08 322e352e31332e33 81 01 ff');
    expect(decodeControlValue(ControlOid.serverSort, value)).toEqual({
      sort: [
        { attribute: 'cn', reverse: false },
        { attribute: 'sn', reverse: true, orderingRule: '2.5.13.3' },
      ],
    });
  });

  it('reads a virtual list view request by offset and by value, with its context', () => {
    // SEQUENCE { 1, 2, [0] { 3, 0 } }
    expect(
      decodeControlValue(ControlOid.virtualListView, hex('300e 020101 020102 a006 020103 020100')),
    ).toEqual({
      listView: { before: 1, after: 2, target: { offset: 3, contentCount: 0 } },
    });
    // SEQUENCE { 0, 5, [1] "Rod", OCTET STRING 0xabcd }
    expect(
      decodeControlValue(ControlOid.virtualListView, hex('300f 020100 020105 8103 526f64 0402 abcd')),
    ).toEqual({
      listView: {
        before: 0,
        after: 5,
        target: { greaterThanOrEqual: Buffer.from('Rod') },
        contextID: hex('abcd'),
      },
    });
  });

  it('reads the extended DN option: hex without a value or with 0, string with 1', () => {
    expect(decodeControlValue(ControlOid.extendedDN, undefined)).toEqual({ extendedDN: 'hex' });
    expect(decodeControlValue(ControlOid.extendedDN, hex('3003020100'))).toEqual({ extendedDN: 'hex' });
    expect(decodeControlValue(ControlOid.extendedDN, hex('3003020101'))).toEqual({ extendedDN: 'string' });
  });

  it('reads subentries visibility and a values return filter as the OR of its items', () => {
    expect(decodeControlValue(ControlOid.subentries, hex('0101ff'))).toEqual({ subentries: true });
    // SEQUENCE { equalityMatch { "sn", "x" }, present "cn" }
    const filter = decodeControlValue(ControlOid.matchedValues, hex('300b a3 05 0402736e 040178 87 02 636e'));
    expect(filter.matchedValues?.type).toBe('or');
    expect(filter.matchedValues).toMatchObject({
      filters: [
        { type: 'equality', attribute: 'sn' },
        { type: 'present', attribute: 'cn' },
      ],
    });
  });

  it('refuses a missing or malformed value as a decoding error; other controls decode to nothing', () => {
    expect(() => decodeControlValue(ControlOid.serverSort, undefined)).toThrow(ProtocolDecodeError);
    expect(() => decodeControlValue(ControlOid.serverSort, hex('0401'))).toThrow(ProtocolDecodeError);
    expect(decodeControlValue('1.2.3.4', hex('01'))).toEqual({});
  });
});
