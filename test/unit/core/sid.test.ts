import { describe, expect, it } from 'vitest';
import { decodeSid, encodeSid, sidRid } from '../../../src/core/sid.js';

const hex = (h: string) => Buffer.from(h.replace(/ /g, ''), 'hex');

// Vectors from MS-DTYP as quoted in research server-anchors §B and openbao-ldaputil §6.2.
const VECTORS: [string, string][] = [
  [
    '01 05 000000000005 15000000 a065cf7e 784b9b5f e77c8770 091c0100',
    'S-1-5-21-2127521184-1604012920-1887927527-72713',
  ],
  ['01 01 000000000001 00000000', 'S-1-1-0'],
  ['01 00 000000000005', 'S-1-5'],
  ['01 02 000000000005 20000000 20020000', 'S-1-5-32-544'],
  ['01 01 000000000005 ffffffff', 'S-1-5-4294967295'],
  ['01 00 0000ffffffff', 'S-1-4294967295'],
];

describe('decodeSid', () => {
  it.each(VECTORS)('decodes %s as %s', (bytes, sid) => {
    expect(decodeSid(hex(bytes))).toBe(sid);
  });

  it('writes an authority of 2^32 and above in hex, as MS-DTYP 2.4.2.1 does', () => {
    expect(decodeSid(hex('01 01 000100000000 07000000'))).toBe('S-1-0x000100000000-7');
    expect(decodeSid(hex('01 00 ffffffffffff'))).toBe('S-1-0xFFFFFFFFFFFF');
  });

  it('ignores bytes after the last sub-authority, like OpenBao', () => {
    expect(decodeSid(hex('01 01 000000000001 00000000 deadbeef'))).toBe('S-1-1-0');
    expect(decodeSid(new Uint8Array(hex('01 00 000000000005 00')))).toBe('S-1-5');
  });

  it.each([
    ['', 'SID too short: 0 bytes, the header alone is 8'],
    ['01 00 0000000000', 'SID too short: 7 bytes, the header alone is 8'],
    ['01 05 000000000005 15000000', 'SID too short: 5 sub-authorities need 28 bytes, got 12'],
    ['01 01 000000000005 000000', 'SID too short: 1 sub-authorities need 12 bytes, got 11'],
    ['02 00 000000000005', 'SID revision is 2, expected 1'],
    [`01 10 000000000005 ${'00000000'.repeat(16)}`, 'SID has 16 sub-authorities, at most 15 are allowed'],
  ])('rejects %j', (bytes, message) => {
    expect(() => decodeSid(hex(bytes))).toThrow(new RangeError(message));
  });
});

describe('encodeSid', () => {
  it.each(VECTORS)('encodes %s from %s', (bytes, sid) => {
    expect(encodeSid(sid)).toEqual(hex(bytes));
  });

  it('accepts a lower-case s, leading zeros and a hex authority', () => {
    expect(encodeSid('s-1-5-21')).toEqual(encodeSid('S-1-5-21'));
    expect(encodeSid('S-1-005-021')).toEqual(encodeSid('S-1-5-21'));
    expect(encodeSid('S-1-0x5-21')).toEqual(encodeSid('S-1-5-21'));
    expect(encodeSid('S-1-0x000100000000-7')).toEqual(hex('01 01 000100000000 07000000'));
  });

  it('encodes 15 sub-authorities', () => {
    const sid = `S-1-5${'-1'.repeat(15)}`;
    expect(encodeSid(sid)).toHaveLength(68);
    expect(decodeSid(encodeSid(sid))).toBe(sid);
  });

  it.each([
    ['', SyntaxError, 'expected S-1-<authority>'],
    ['S-1', SyntaxError, 'expected S-1-<authority>'],
    ['X-1-5', SyntaxError, 'expected S-1-<authority>'],
    ['S-2-5', SyntaxError, 'revision must be 1, got "2"'],
    ['S-1-5-', SyntaxError, 'sub-authority 1 "" is not a number'],
    ['S-1-5-abc', SyntaxError, 'sub-authority 1 "abc" is not a number'],
    ['S-1-5--1', SyntaxError, 'sub-authority 1 "" is not a number'],
    ['S-1-5-0x10', SyntaxError, 'sub-authority 1 "0x10" is not a number'],
    ['S-1-5-1.5', SyntaxError, 'sub-authority 1 "1.5" is not a number'],
    ['S-1- 5', SyntaxError, 'identifier authority " 5" is not a number'],
    ['S-1-5-4294967296', RangeError, 'sub-authority 1 4294967296 is above the maximum 4294967295'],
    [
      'S-1-281474976710656',
      RangeError,
      'identifier authority 281474976710656 is above the maximum 281474976710655',
    ],
    ['S-1-0x1000000000000', SyntaxError, 'identifier authority "0x1000000000000" is not a number'],
    [`S-1-5${'-1'.repeat(16)}`, RangeError, 'has 16 sub-authorities, at most 15 are allowed'],
  ])('rejects %j', (sid, kind, message) => {
    expect(() => encodeSid(sid)).toThrow(kind);
    expect(() => encodeSid(sid)).toThrow(message);
  });
});

describe('sidRid', () => {
  it('returns the last sub-authority', () => {
    expect(sidRid('S-1-5-21-2127521184-1604012920-1887927527-72713')).toBe(72713);
    expect(sidRid('S-1-5-32-544')).toBe(544);
    expect(sidRid('S-1-5-4294967295')).toBe(4294967295);
  });

  it('throws when there is no sub-authority or the SID is malformed', () => {
    expect(() => sidRid('S-1-5')).toThrow(new RangeError('SID "S-1-5" has no sub-authorities, so no RID'));
    expect(() => sidRid('S-1-5-x')).toThrow(SyntaxError);
  });
});
