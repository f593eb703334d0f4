/**
 * Which attributes a search returns (RFC 4511 §4.5.1.8, RFC 3673) and AD's range retrieval
 * (MS-ADTS 3.1.1.3.1.3.3): ranges are zero-based and inclusive, the server returns at most
 * MaxValRange values, and the returned range says where it stopped, `*` when at the last value.
 */
import { describe, expect, it } from 'vitest';
import { Schema } from '../../../src/server/directory/schema.js';
import { adSchema } from '../../../src/server/directory/schema-ad.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';
import {
  type CandidateAttribute,
  parseAttributeRequest,
  selectAttributes,
} from '../../../src/server/engine/attribute-selection.js';
import type { AttributeValue, EntryAttribute } from '../../../src/server/operations.js';

const schema = new Schema(adSchema);

function values(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `v${i}`);
}

const user = (key: string, type: string, v: readonly AttributeValue[]): CandidateAttribute => ({
  key,
  type,
  operational: false,
  values: v,
});

const operational = (key: string, type: string, v: readonly AttributeValue[]): CandidateAttribute => ({
  key,
  type,
  operational: true,
  values: v,
});

const candidates = [
  user('cn', 'cn', ['alice']),
  user('description', 'description', []),
  user('member', 'member', values(5)),
  operational('whencreated', 'whenCreated', ['20250101000000.0Z']),
];

function select(attributes: readonly string[], maxValues = 0, from = candidates): EntryAttribute[] {
  return selectAttributes(parseAttributeRequest(attributes, schema), from, maxValues);
}

/** `type → values` of the selection, for compact assertions. */
function shown(attributes: readonly string[], maxValues = 0, from = candidates) {
  return Object.fromEntries(select(attributes, maxValues, from).map((a) => [a.type, a.values]));
}

/** Only the member attribute of `count` values, asked for as `description`, capped at `maxValues`. */
function member(description: string, count: number, maxValues: number) {
  return shown([description], maxValues, [user('member', 'member', values(count))]);
}

describe('parseAttributeRequest', () => {
  it('no attribute list means all user attributes; * and + and 1.1 as RFC 4511 and 3673 say', () => {
    expect(parseAttributeRequest([], schema)).toMatchObject({
      allUser: true,
      allOperational: false,
      none: false,
    });
    expect(parseAttributeRequest(['*'], schema)).toMatchObject({ allUser: true, allOperational: false });
    expect(parseAttributeRequest(['+'], schema)).toMatchObject({ allUser: false, allOperational: true });
    expect(parseAttributeRequest(['1.1'], schema)).toMatchObject({ none: true });
    expect(parseAttributeRequest(['1.1', 'cn'], schema)).toMatchObject({ none: false });
  });

  it('names come back as canonical lower-case keys, from any case or the OID', () => {
    const request = parseAttributeRequest(['CN', '1.2.840.113556.1.4.221', 'MEMBER'], schema);
    expect([...request.named.keys()].sort()).toEqual(['cn', 'member', 'samaccountname']);
    expect(request.named.get('cn')).toBeUndefined();
  });

  it('a range option is parsed, in any case, with * as the open end', () => {
    const request = parseAttributeRequest(['member;range=0-1499', 'memberOf;Range=1500-*'], schema);
    expect(request.named.get('member')).toEqual({ low: 0, high: 1499 });
    expect(request.named.get('memberof')).toEqual({ low: 1500, high: undefined });
  });

  it('with plus off (AD), + asks for nothing', () => {
    expect(parseAttributeRequest(['+'], schema, false)).toMatchObject({ allOperational: false, none: true });
  });
});

describe('selectAttributes', () => {
  it('1.1 selects nothing; * the user attributes with values; names also operational ones', () => {
    expect(select(['1.1'])).toEqual([]);
    expect(Object.keys(shown(['*']))).toEqual(['cn', 'member']);
    expect(Object.keys(shown(['+']))).toEqual(['whenCreated']);
    expect(Object.keys(shown(['whenCreated', 'cn']))).toEqual(['cn', 'whenCreated']);
    expect(Object.keys(shown(['*', '+']))).toEqual(['cn', 'member', 'whenCreated']);
    expect(shown(['description'])).toEqual({});
  });

  it('without a value limit every value comes back under the plain name', () => {
    expect(shown(['member'])).toEqual({ member: values(5) });
    expect(member('member', 5000, 0)).toEqual({ member: values(5000) });
  });

  it('up to maxValues values come back whole; one more and the first range is returned', () => {
    expect(member('member', 3, 3)).toEqual({ member: values(3) });
    expect(member('member', 4, 3)).toEqual({ 'member;range=0-2': values(3) });
    expect(member('*', 1600, 1500)).toEqual({ 'member;range=0-1499': values(1500) });
  });

  it('the follow-up range up to * returns the rest, labelled with *', () => {
    expect(member('member;range=1500-*', 1600, 1500)).toEqual({
      'member;range=1500-*': values(1600).slice(1500),
    });
  });

  it('an explicit range inside the values is labelled as asked', () => {
    expect(member('member;range=10-19', 1600, 1500)).toEqual({ 'member;range=10-19': values(20).slice(10) });
    expect(member('member;range=0-0', 5, 1500)).toEqual({ 'member;range=0-0': ['v0'] });
  });

  it('a range asked on few values still comes back as a range', () => {
    expect(member('member;range=0-*', 5, 1500)).toEqual({ 'member;range=0-*': values(5) });
    expect(member('member;range=1-2', 5, 0)).toEqual({ 'member;range=1-2': ['v1', 'v2'] });
  });

  it('high beyond the count: the values up to the last, labelled with *', () => {
    expect(member('member;range=2-100', 5, 1500)).toEqual({ 'member;range=2-*': ['v2', 'v3', 'v4'] });
  });

  it('exact boundaries: high at the last index is *, one before is a number', () => {
    expect(member('member;range=0-4', 5, 1500)).toEqual({ 'member;range=0-*': values(5) });
    expect(member('member;range=0-3', 5, 1500)).toEqual({ 'member;range=0-3': values(4) });
    expect(member('member;range=4-4', 5, 1500)).toEqual({ 'member;range=4-*': ['v4'] });
  });

  it('a range wider than maxValues is cut to maxValues values', () => {
    expect(member('member;range=0-1999', 1600, 1500)).toEqual({ 'member;range=0-1499': values(1500) });
    expect(member('member;range=50-*', 1600, 1500)).toEqual({
      'member;range=50-1549': values(1550).slice(50),
    });
    // Cut exactly at the last value: labelled *.
    expect(member('member;range=100-*', 1600, 1500)).toEqual({
      'member;range=100-*': values(1600).slice(100),
    });
  });

  it('with maxValues 0 a range is honoured with no cap', () => {
    expect(member('member;range=1000-*', 5000, 0)).toEqual({
      'member;range=1000-*': values(5000).slice(1000),
    });
  });

  it('a low beyond the count returns no values', () => {
    const out = select(['member;range=5-*'], 1500);
    expect(out.flatMap((a) => a.values)).toEqual([]);
    expect(select(['member;range=9-12'], 0).flatMap((a) => a.values)).toEqual([]);
  });

  it('binary values pass through untouched, ranged or not', () => {
    const sids = [Buffer.from([1, 2]), Buffer.from([3, 4]), Buffer.from([5, 6])];
    const from = [user('objectsid', 'objectSid', sids)];
    expect(shown(['objectSid'], 0, from)).toEqual({ objectSid: sids });
    expect(shown(['objectSid'], 2, from)).toEqual({ 'objectSid;range=0-1': sids.slice(0, 2) });
  });
});

describe('attribute lists by object class and supertype (slapd 2.5, measured)', () => {
  // slapd returns for `@inetOrgPerson` every attribute the class and its superclasses allow
  // (RFC 4529), and for `name` its subtypes (cn, sn, givenName…) under their own names.
  // Regression: the mock took both for unknown attribute names and returned nothing.
  const openldap = new Schema(openldapSchema);
  const person = [
    user('objectclass', 'objectClass', ['inetOrgPerson', 'posixAccount']),
    user('uid', 'uid', ['alice']),
    user('cn', 'cn', ['Alice Liddell']),
    user('sn', 'sn', ['Liddell']),
    user('givenname', 'givenName', ['Alice']),
    user('mail', 'mail', ['alice@example.org']),
    user('uidnumber', 'uidNumber', ['10001']),
    user('homedirectory', 'homeDirectory', ['/home/alice']),
  ];
  const types = (attributes: readonly string[], objectClassLists = true) =>
    selectAttributes(parseAttributeRequest(attributes, openldap, true, objectClassLists), person).map(
      (a) => a.type,
    );

  it('@inetOrgPerson asks for the attributes of inetOrgPerson and its superclasses', () => {
    expect(types(['@inetOrgPerson'])).toEqual(['objectClass', 'uid', 'cn', 'sn', 'givenName', 'mail']);
    expect(types(['@top'])).toEqual(['objectClass']);
    expect(types(['@noSuchClass', 'uid'])).toEqual(['uid']);
  });

  it('without the profile knob @class is an unknown attribute name', () => {
    expect(types(['@inetOrgPerson'], false)).toEqual([]);
  });

  it('a supertype asks for its subtypes', () => {
    expect(types(['name'])).toEqual(['cn', 'sn', 'givenName']);
    expect(types(['uid'])).toEqual(['uid']);
  });
});
