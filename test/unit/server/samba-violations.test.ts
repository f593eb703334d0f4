/**
 * Samba 4.17's words for what the directory refuses (profiles/samba-violations.ts), each text as a
 * real DC answered it (measured with ldap3 as Administrator on fixtures/ad/default.ldif; the same
 * cases run against Samba in test/interop/probes-ad/write-probes.ts), and the ATTRTYP order its
 * `value #N already exists` counts in.
 */
import { describe, expect, it } from 'vitest';
import { adAttributeId } from '../../../src/core/ad-attribute-id.js';
import { ResultCode } from '../../../src/core/result-code.js';
import type { Violation, ViolationContext } from '../../../src/server/directory/violation.js';
import { adProfile } from '../../../src/server/profiles/ad.js';
import { sambaViolation, storedPosition } from '../../../src/server/profiles/samba-violations.js';
import { slapdViolation } from '../../../src/server/profiles/slapd-violations.js';

const USERS = 'CN=Users,DC=corp,DC=example,DC=com';
const CONTACT = `CN=probe-w-contact,${USERS}`;
const REQUESTED = CONTACT.toLowerCase();

const modify: ViolationContext = { operation: 'modify', dn: REQUESTED, storedDN: CONTACT };
const add: ViolationContext = { operation: 'add', dn: REQUESTED, newDN: CONTACT };

function answer(violation: Violation, context: ViolationContext): string {
  const { code, message, matchedDN } = sambaViolation(violation, context);
  expect(matchedDN).toBe('');
  return `${code} ${message}`;
}

describe('Samba 4.17 refusals of a modify', () => {
  it.each<[string, Violation, string]>([
    [
      'a second value of a single-valued attribute (the database, entry as stored)',
      { kind: 'singleValue', attribute: 'mail', during: 'modify' },
      `20 0000200D: SINGLE-VALUE attribute mail on ${CONTACT} specified more than once`,
    ],
    [
      'a value not present',
      { kind: 'noSuchValue', attribute: 'DESCRIPTION', typeName: 'description' },
      `16 attribute 'description': no matching attribute value while deleting attribute on '${CONTACT}'`,
    ],
    [
      'an absent attribute',
      { kind: 'noSuchAttribute', attribute: 'info', typeName: 'info', during: 'delete', withValues: false },
      `16 attribute 'info': no such attribute for delete on '${CONTACT}'`,
    ],
    [
      'a value of an absent attribute',
      { kind: 'noSuchAttribute', attribute: 'info', typeName: 'info', during: 'delete', withValues: true },
      `16 attribute 'info': no matching attribute value while deleting attribute on '${CONTACT}'`,
    ],
    [
      'an undefined attribute (acl_modify, names as requested)',
      { kind: 'undefinedAttributeType', attribute: 'FOOBARBAZ' },
      `16 acl_modify: attribute 'FOOBARBAZ' on entry '${REQUESTED}' was not found in the schema!`,
    ],
    [
      'a second value of the RDN attribute',
      { kind: 'namingAttributeChange', attribute: 'cn', naming: 'rdn' },
      `67 00002016: Modify of RDN 'cn' on ${REQUESTED} not permitted, must use 'rename' operation instead`,
    ],
    [
      'name',
      { kind: 'namingAttributeChange', attribute: 'name', naming: 'name' },
      `67 00002016: Modify of 'name' on ${REQUESTED} not permitted, must use 'rename' operation instead`,
    ],
    [
      'distinguishedName',
      { kind: 'namingAttributeChange', attribute: 'distinguishedName', naming: 'distinguishedName' },
      `19 0000202F: Modify of 'distinguishedName' on ${REQUESTED} not permitted, must use 'rename' operation instead`,
    ],
    [
      'a system-only attribute',
      { kind: 'noUserModification', attribute: 'OBJECTGUID', during: 'modify', reason: 'systemOnly' },
      `19 0000202F: objectclass_attrs: attribute 'OBJECTGUID' on entry '${REQUESTED}' can only be modified as system`,
    ],
    [
      'memberOf',
      { kind: 'noUserModification', attribute: 'memberOf', during: 'modify', reason: 'systemOnly' },
      `53 00002035: objectclass_attrs: attribute 'memberOf' on entry '${REQUESTED}' must not be modified directly, it is a linked attribute`,
    ],
    [
      'instanceType',
      { kind: 'noUserModification', attribute: 'instanceType', during: 'modify', reason: 'systemOnly' },
      "19 0000202F: instancetype: the 'instanceType' attribute can never be changed!",
    ],
    [
      'a value given twice in the change (names the entry as requested)',
      {
        kind: 'duplicateValue',
        attribute: 'description',
        typeName: 'description',
        position: 1,
        during: 'modifyAdd',
        value: 'z',
      },
      `20 attribute 'description': value 'z' on '${REQUESTED}' provided more than once in ADD`,
    ],
    [
      'a value given twice in a replace',
      {
        kind: 'duplicateValue',
        attribute: 'description',
        typeName: 'description',
        position: 1,
        during: 'modifyReplace',
        value: 'z',
      },
      `20 attribute 'description': value 'z' on '${REQUESTED}' provided more than once in REPLACE`,
    ],
    [
      'no values',
      { kind: 'noValues', attribute: 'DESCRIPTION', typeName: 'description', during: 'modify' },
      `19 attribute 'description': attribute on '${CONTACT}' specified, but with 0 values (illegal)`,
    ],
    [
      'increment',
      { kind: 'unsupportedModification', operation: 'increment' },
      '2 00002021: Protocol error. Invalid LDAP_MODIFY_* type',
    ],
    [
      'a value invalid per syntax',
      { kind: 'invalidSyntax', attribute: 'FLAGS', position: 0 },
      `21 0000200B: objectclass_attrs: attribute 'FLAGS' on entry '${REQUESTED}' contains at least one invalid value!`,
    ],
    [
      'an attribute no class allows (entry as stored)',
      { kind: 'attributeNotAllowed', attribute: 'sAMAccountName' },
      `65 00002014: objectclass_attrs: attribute 'sAMAccountName' on entry '${CONTACT}' does not exist in the specified objectclasses!`,
    ],
    [
      'a change of the structural class',
      { kind: 'structuralClassChange', before: 'contact', after: 'organizationalUnit' },
      `65 00002014: objectclass: not permitted to change the structural objectClass on ${CONTACT} [contact] => [organizationalUnit]!`,
    ],
    [
      'a member held already',
      {
        kind: 'linkedValue',
        attribute: 'member',
        guid: '0e7485f2-ed3d-5984-b817-6807ba5b3574',
        problem: 'exists',
      },
      '68 Attribute member already exists for target GUID 0e7485f2-ed3d-5984-b817-6807ba5b3574',
    ],
    [
      'a member not held',
      {
        kind: 'linkedValue',
        attribute: 'member',
        guid: '9dd330e5-e113-52a7-b5dc-a195377b091e',
        problem: 'missing',
      },
      "53 Attribute member doesn't exist for target GUID 9dd330e5-e113-52a7-b5dc-a195377b091e",
    ],
    [
      'a missing entry',
      { kind: 'noSuchEntry', matchedDN: USERS },
      `32 00002030: No such Base DN: ${REQUESTED}`,
    ],
  ])('%s', (_case, violation, expected) => {
    expect(answer(violation, modify)).toBe(expected);
  });

  it('counts an existing value by the attribute’s place in the stored object (ATTRTYP order)', () => {
    // objectClass (2.5.4.0), cn (2.5.4.3), description (2.5.4.13): Samba said value #2.
    const stored = ['2.5.4.0', '2.5.4.13', '0.9.2342.19200300.100.1.3', '2.5.4.3', '1.2.840.113556.1.4.2'];
    expect(
      answer(
        {
          kind: 'duplicateValue',
          attribute: 'DESCRIPTION',
          typeName: 'description',
          position: 0,
          during: 'modifyAdd',
          value: 'one',
          existing: true,
          storedAttributes: stored,
          oid: '2.5.4.13',
        },
        modify,
      ),
    ).toBe(`20 attribute 'description': value #2 on '${CONTACT}' already exists`);
  });
});

describe('Samba 4.17 refusals of an add (the new entry by the DN Samba gives it)', () => {
  it.each<[string, Violation, string]>([
    ['the entry exists', { kind: 'entryExists' }, `68 Entry ${CONTACT} already exists`],
    [
      'the parent is missing (DN as requested)',
      { kind: 'noSuchEntry', matchedDN: 'DC=corp,DC=example,DC=com' },
      `32 00002030: objectclass: Cannot add ${REQUESTED}, parent does not exist!`,
    ],
    [
      'an undefined attribute',
      { kind: 'undefinedAttributeType', attribute: 'fooBarBaz' },
      `16 0000200A: objectclass_attrs: attribute 'fooBarBaz' on entry '${CONTACT}' was not found in the schema!`,
    ],
    [
      'an unknown class',
      { kind: 'unknownObjectClass', position: 1, name: 'FOOCLASS' },
      '16 0000200A: objectclass FOOCLASS is not a valid objectClass in schema',
    ],
    [
      'no objectClass',
      { kind: 'noObjectClass' },
      `65 00002014: objectclass: Cannot add ${CONTACT}, no objectclass specified!`,
    ],
    [
      'no structural class',
      { kind: 'noStructuralClass' },
      `53 Failed to find a structural class for ${CONTACT}`,
    ],
    [
      'two unrelated structural classes (the shallower named first)',
      {
        kind: 'structuralChain',
        classes: ['contact', 'organizationalUnit'],
        byDepth: ['organizationalUnit', 'contact'],
      },
      "65 00002014: objectclass: the objectclass 'organizationalUnit' seems to be unrelated to contact!",
    ],
    [
      'missing required attributes (the first in sorted order)',
      {
        kind: 'requiredAttribute',
        objectClass: 'msDS-PasswordSettings',
        attribute: 'msDS-MaximumPasswordAge',
        missing: ['msDS-MaximumPasswordAge', 'msDS-LockoutThreshold', 'msDS-LockoutDuration'],
      },
      `65 00002014: objectclass_attrs: at least one mandatory attribute ('msDS-LockoutDuration') on entry '${CONTACT}' wasn't specified!`,
    ],
    [
      'missing required and not allowed (not allowed first)',
      { kind: 'requiredAttribute', objectClass: 'x', attribute: 'y', notAllowed: 'sAMAccountName' },
      `65 00002014: objectclass_attrs: attribute 'sAMAccountName' on entry '${CONTACT}' does not exist in the specified objectclasses!`,
    ],
    [
      'two values of a single-valued attribute (objectclass_attrs: 19)',
      { kind: 'singleValue', attribute: 'mail', during: 'add' },
      `19 0000202F: SINGLE-VALUE attribute mail on ${CONTACT} specified more than once`,
    ],
    [
      'a value given twice',
      {
        kind: 'duplicateValue',
        attribute: 'description',
        typeName: 'description',
        position: 1,
        during: 'add',
        value: 'a',
      },
      `20 attribute 'description': value 'a' on '${CONTACT}' provided more than once in ADD object`,
    ],
    [
      'no values',
      { kind: 'noValues', attribute: 'DESCRIPTION', typeName: 'description', during: 'add' },
      `19 attribute 'description' on '${CONTACT}' specified, but with 0 values (illegal)`,
    ],
    [
      'the RDN value differs',
      { kind: 'rdnMismatch', attribute: 'cn', typeName: 'cn', value: 'probe-w-contact', given: ['other'] },
      `34 00002032: RDN mismatch on ${CONTACT}: CN (probe-w-contact) should match one of: (other)`,
    ],
    [
      'a constructed attribute',
      { kind: 'noUserModification', attribute: 'canonicalName', during: 'add', reason: 'constructed' },
      `17 0000200C: objectclass_attrs: attribute 'canonicalName' on entry '${CONTACT}' is constructed!`,
    ],
    [
      'objectGUID',
      { kind: 'noUserModification', attribute: 'objectGUID', during: 'add', reason: 'systemOnly' },
      "53 00002035: replmd_add: it's not allowed to add an object with objectGUID!",
    ],
    ['the root DSE', { kind: 'addRootDSE' }, '64 00002037: rootdse_add: you cannot add a new rootdse entry!'],
    [
      'a multi-valued RDN',
      { kind: 'multiValuedRdn', during: 'add' },
      "34 00002032: ldb_add: invalid dn '(null)'",
    ],
    ['an invalid DN', { kind: 'invalidDN' }, "34 00002032: ldb_add: invalid dn '(null)'"],
  ])('%s', (_case, violation, expected) => {
    expect(answer(violation, add)).toBe(expected);
  });
});

describe('Samba 4.17 refusals of a delete and a modify DN', () => {
  const del: ViolationContext = { operation: 'delete', dn: REQUESTED };
  const rename: ViolationContext = {
    operation: 'modifyDN',
    dn: REQUESTED,
    storedDN: CONTACT,
    newDN: `CN=ALICE,${USERS}`,
  };
  it.each<[string, Violation, ViolationContext, string]>([
    [
      'delete a missing entry',
      { kind: 'noSuchEntry', matchedDN: USERS },
      del,
      `32 00002030: objectclass: Cannot delete ${REQUESTED}, entry does not exist!`,
    ],
    [
      'delete a non-leaf (its children counted)',
      { kind: 'notLeaf', children: 3 },
      del,
      '66 00002015: subtree_delete: Unable to delete a non-leaf node (it has 3 children)!',
    ],
    ['delete an invalid DN', { kind: 'invalidDN' }, del, "34 00002032: ldb_delete: invalid dn '(null)'"],
    [
      'rename a missing entry',
      { kind: 'noSuchEntry', matchedDN: USERS },
      rename,
      `32 00002030: objectclass: Cannot rename ${REQUESTED}, entry does not exist!`,
    ],
    [
      'rename onto an existing entry (the new DN)',
      { kind: 'entryExists' },
      rename,
      `68 Entry CN=ALICE,${USERS} already exists`,
    ],
    [
      'move below a missing superior',
      { kind: 'newSuperiorMissing' },
      rename,
      `80 00002095: objectclass: Cannot rename ${REQUESTED}, parent does not exist!`,
    ],
    [
      'move below itself',
      { kind: 'moveBelowItself' },
      rename,
      `53 00002035: objectclass: Cannot rename ${REQUESTED} to be a child of itself`,
    ],
    [
      'keep the old RDN value',
      { kind: 'oldRdnKept' },
      rename,
      '53 00002035: Unwilling to perform. Old RDN must be deleted',
    ],
    ['a multi-valued new RDN', { kind: 'multiValuedRdn', during: 'modifyDN' }, rename, '80 00002095: Other'],
    ['an invalid new RDN', { kind: 'invalidNewRDN' }, rename, '80 00002095: Other'],
    ['an invalid DN', { kind: 'invalidDN' }, rename, '32 00002030: No such object'],
    [
      'an empty new RDN value',
      { kind: 'emptyRdnValue', during: 'modifyDN' },
      rename,
      `64 Empty RDN value on ${REQUESTED} not permitted!`,
    ],
  ])('%s', (_case, violation, context, expected) => {
    expect(answer(violation, context)).toBe(expected);
  });
});

describe('the ad profile', () => {
  it('words refusals as Samba does, but a missing entry as Windows’ NameErr with the best match', () => {
    const missing = adProfile.violation({ kind: 'noSuchEntry', matchedDN: USERS }, modify);
    expect(missing.code).toBe(ResultCode.noSuchObject);
    expect(missing.message).toMatch(
      /^0000208D: NameErr: .*best match of:\n\t'CN=Users,DC=corp,DC=example,DC=com'\n\u0000$/,
    );
    expect(missing.matchedDN).toBe(USERS);
    expect(adProfile.violation({ kind: 'singleValue', attribute: 'mail', during: 'modify' }, modify)).toEqual(
      sambaViolation({ kind: 'singleValue', attribute: 'mail', during: 'modify' }, modify),
    );
  });
});

describe('slapd’s word for an RDN value its single-valued attribute does not hold', () => {
  it('is 64, as slapd 2.5 answers (an inetOrgPerson displayName=foo with displayName: bar)', () => {
    const { code, message } = slapdViolation({
      kind: 'rdnMismatch',
      attribute: 'displayName',
      typeName: 'displayName',
      value: 'foo',
      given: ['bar'],
    });
    expect(`${code} ${message}`).toBe(
      "64 value of single-valued naming attribute 'displayName' conflicts with value present in entry",
    );
  });
});

describe('ATTRTYP (MS-DRSR 5.16.4)', () => {
  it.each([
    ['2.5.4.13', 0x0000000d], // description
    ['0.9.2342.19200300.100.1.3', 0x00150003], // mail
    ['1.2.840.113556.1.4.1', 0x00090001], // name
    ['1.2.840.113556.1.4.221', 0x000900dd], // sAMAccountName: last arc above 127
    ['1.2.840.113556.1.4.782', 0x0009030e], // objectCategory
    ['1.2.840.113556.1.2.281', 0x00020119], // nTSecurityDescriptor
  ])('%s → %i', (oid, id) => {
    expect(adAttributeId(oid)).toBe(id);
  });

  it('is undefined for a prefix outside the default table', () => {
    expect(adAttributeId('1.3.6.1.4.1.7165.4.1.1')).toBeUndefined();
  });

  it('orders a stored object as Samba does: alice’s mail after objectCategory', () => {
    const alice = ['2.5.4.0', '2.5.4.3', '1.2.840.113556.1.4.782', '0.9.2342.19200300.100.1.3'];
    // objectClass, cn, name, nTSecurityDescriptor, replPropertyMetaData, objectCategory before mail.
    expect(storedPosition(alice, '0.9.2342.19200300.100.1.3')).toBe(6);
  });
});
