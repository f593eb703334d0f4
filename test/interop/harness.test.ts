/**
 * The differential harness's own pieces. A bug in the response decoder or the normalisation would
 * hide the same difference on both servers and go unnoticed by the comparison, hence these checks.
 */
import { describe, expect, it } from 'vitest';
import { normaliseControl, normaliseEntry, normaliseLdapToolOutput, normaliseResult } from './normalise.js';
import { diffObservations } from './observation-diff.js';
import { completeElementLength, decodeResponse } from './wire/response-decoder.js';

describe('response decoding and normalisation', () => {
  // LDAPMessage 7: SearchResultDone 32, matchedDN "ou=x", text "t", with a paged control
  // (size 0, cookie 01 02) — hand-assembled.
  const pagedValue = Buffer.from('3007020100040201 02'.replace(/ /g, ''), 'hex');
  const control = Buffer.concat([
    Buffer.from('30', 'hex'),
    Buffer.from([2 + 22 + 2 + pagedValue.length]),
    Buffer.from('0416', 'hex'),
    Buffer.from('1.2.840.113556.1.4.319'),
    Buffer.from('04', 'hex'),
    Buffer.from([pagedValue.length]),
    pagedValue,
  ]);
  const done = Buffer.concat([
    Buffer.from('650c0a01200404', 'hex'),
    Buffer.from('ou=x'),
    Buffer.from('040174', 'hex'),
  ]);
  const controls = Buffer.concat([Buffer.from([0xa0, control.length]), control]);
  const body = Buffer.concat([Buffer.from('020107', 'hex'), done, controls]);
  const message = Buffer.concat([Buffer.from([0x30, body.length]), body]);

  it('frames and decodes a search result with matchedDN, text and a paged control', () => {
    expect(completeElementLength(message.subarray(0, 5))).toBeUndefined();
    expect(completeElementLength(Buffer.concat([message, Buffer.from('30', 'hex')]))).toBe(message.length);
    const decoded = decodeResponse(message);
    if (decoded.kind !== 'result') throw new Error(`decoded as ${decoded.kind}`);
    expect(normaliseResult(decoded)).toEqual({
      code: 32,
      diagnostic: 't',
      matchedDN: 'ou=x',
      controls: [{ oid: '1.2.840.113556.1.4.319', critical: false, size: 0, cookie: '<cookie>' }],
    });
  });

  it('compares generated attributes by shape and reports a bad shape', () => {
    const entry = normaliseEntry({
      kind: 'entry',
      messageId: 1,
      controls: [],
      dn: 'uid=a',
      attributes: [
        { type: 'modifyTimestamp', values: [Buffer.from('20250101000000Z')] },
        { type: 'entryUUID', values: [Buffer.from('not-a-uuid')] },
        { type: 'pwdAccountLockedTime', values: [Buffer.from('000001010000Z')] },
        { type: 'cn', values: [Buffer.from('b'), Buffer.from('a')] },
      ],
    });
    expect(entry.attributes).toEqual({
      cn: ['a', 'b'],
      entryUUID: ['<not a uuid: not-a-uuid>'],
      modifyTimestamp: ['<generalizedTime>'],
      pwdAccountLockedTime: ['000001010000Z'],
    });
  });

  it('decodes a ppolicy response control error', () => {
    const value = Buffer.from('30038101 06'.replace(/ /g, ''), 'hex');
    expect(normaliseControl({ oid: '1.3.6.1.4.1.42.2.27.8.5.1', critical: false, value })).toEqual({
      oid: '1.3.6.1.4.1.42.2.27.8.5.1',
      critical: false,
      ppolicy: { error: '6 passwordTooShort' },
    });
  });

  it('reduces paged cookies in ldap-utils output to their shape', () => {
    const text =
      'control: 1.2.840.113556.1.4.319 false MA0CAQAECAECAAAAAAAA\npagedresults: cookie=AQIAAAAAAAA=\n';
    expect(normaliseLdapToolOutput(text)).toBe(
      'control: 1.2.840.113556.1.4.319 false <size=0 cookie=<cookie>>\npagedresults: cookie=<cookie>\n',
    );
  });
});

describe('diffObservations', () => {
  const names = { left: 'slapd', right: 'mock' };

  it('reports nothing for equal observations', () => {
    expect(diffObservations({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }, names)).toEqual([]);
  });

  it('names the path, DN keys quoted, and both values', () => {
    expect(
      diffObservations(
        { entries: { 'uid=a,dc=x': { code: 1 } } },
        { entries: { 'uid=a,dc=x': { code: 2 } } },
        names,
      ),
    ).toEqual(['entries["uid=a,dc=x"].code: slapd 1 ≠ mock 2']);
  });

  it('diffs string lists as sets', () => {
    expect(diffObservations({ v: ['a', 'b', 'c'] }, { v: ['b', 'c', 'd'] }, names)).toEqual([
      'v: 3 vs 3 values; only in slapd ["a"]; only in mock ["d"]',
    ]);
  });

  it('caps the number of lines', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, n]));
    const lines = diffObservations(many(1), many(2), names, 5);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('… and 15 more differences');
  });
});
