import { describe, expect, it } from 'vitest';
import { parseAttributeTypeDescription } from '../../../src/core/attribute-type-description.js';
import { parseObjectClassDescription } from '../../../src/core/object-class-description.js';
import { SchemaSyntaxError } from '../../../src/core/schema-syntax-error.js';
import { Schema, type SchemaOptions } from '../../../src/server/directory/schema.js';
import {
  openldapMatchingRules,
  openldapMatchingRuleUse,
  openldapSchema,
  openldapSyntaxes,
} from '../../../src/server/directory/schema-openldap.js';
import { slapdViolation } from '../../../src/server/profiles/slapd-violations.js';

const schema = new Schema(openldapSchema);

const DIRECTORY_STRING = '1.3.6.1.4.1.1466.115.121.1.15';

function keysOf(descriptions: readonly { oid: string; names: string[] }[]): string[] {
  return descriptions.flatMap((d) => [d.oid, ...d.names].map((key) => key.toLowerCase()));
}

function duplicates(keys: string[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const key of keys) {
    if (seen.has(key)) repeated.push(key);
    seen.add(key);
  }
  return repeated;
}

describe('openldap schema data', () => {
  const attributeTypes = [
    ...openldapSchema.attributeTypes,
    ...(openldapSchema.hiddenAttributeTypes ?? []),
  ].map(parseAttributeTypeDescription);
  const objectClasses = openldapSchema.objectClasses.map(parseObjectClassDescription);

  it('has no OID or name defined twice', () => {
    expect(duplicates(keysOf(attributeTypes))).toEqual([]);
    expect(duplicates(keysOf(objectClasses))).toEqual([]);
  });

  it('holds the standard, overlay and built-in definitions the brief lists', () => {
    const names = new Set(attributeTypes.flatMap((d) => d.names));
    for (const name of [
      'cn',
      'uid',
      'mail',
      'memberUid',
      'uniqueMember',
      'displayName',
      'jpegPhoto',
      'entryUUID',
      'entryCSN',
      'entryDN',
      'createTimestamp',
      'modifyTimestamp',
      'creatorsName',
      'modifiersName',
      'structuralObjectClass',
      'hasSubordinates',
      'subschemaSubentry',
      'contextCSN',
      'namingContexts',
      'supportedControl',
      'supportedExtension',
      'supportedFeatures',
      'supportedLDAPVersion',
      'supportedSASLMechanisms',
      'vendorName',
      'vendorVersion',
      'objectClasses',
      'attributeTypes',
      'ldapSyntaxes',
      'matchingRules',
      'matchingRuleUse',
      'monitorContext',
      'configContext',
      'altServer',
      'memberOf',
      'pwdAttribute',
      'pwdMinAge',
      'pwdMaxAge',
      'pwdInHistory',
      'pwdCheckQuality',
      'pwdMinLength',
      'pwdMaxLength',
      'pwdExpireWarning',
      'pwdGraceAuthNLimit',
      'pwdGraceExpiry',
      'pwdLockout',
      'pwdLockoutDuration',
      'pwdMaxFailure',
      'pwdFailureCountInterval',
      'pwdMustChange',
      'pwdAllowUserChange',
      'pwdSafeModify',
      'pwdMinDelay',
      'pwdMaxDelay',
      'pwdMaxIdle',
      'pwdChangedTime',
      'pwdAccountLockedTime',
      'pwdFailureTime',
      'pwdHistory',
      'pwdGraceUseTime',
      'pwdReset',
      'pwdPolicySubentry',
      'pwdStartTime',
      'pwdEndTime',
      'pwdLastSuccess',
    ]) {
      expect(names, name).toContain(name);
    }
    const classNames = new Set(objectClasses.flatMap((d) => d.names));
    for (const name of [
      'top',
      'person',
      'inetOrgPerson',
      'posixAccount',
      'posixGroup',
      'groupOfNames',
      'pwdPolicy',
    ]) {
      expect(classNames, name).toContain(name);
    }
    // slapd publishes the cn=config schema of itself, its backends and overlays like the rest.
    for (const name of [
      'olcAccess',
      'olcSuffix',
      'olcDbMaxSize',
      'olcMemberOfGroupOC',
      'olcPPolicyDefault',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(classNames).toContain('olcDatabaseConfig');
  });

  it('publishes matching rules, syntaxes and rule uses as RFC 4512 descriptions with unique OIDs', () => {
    for (const list of [openldapMatchingRules, openldapSyntaxes, openldapMatchingRuleUse]) {
      const oids = list.map((text) => /^\( ([0-9]+(?:\.[0-9]+)+) .* \)$/.exec(text)?.[1]);
      expect(oids).not.toContain(undefined);
      expect(duplicates(oids as string[])).toEqual([]);
    }
    expect(openldapMatchingRules).toContain(
      "( 1.3.6.1.4.1.1466.109.114.2 NAME 'caseIgnoreIA5Match' SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )",
    );
    expect(openldapSyntaxes).toContain("( 1.3.6.1.4.1.1466.115.121.1.40 DESC 'Octet String' )");
    expect(openldapMatchingRuleUse.join(' ')).toMatch(/ \$ olcConcurrency \$ /);
  });
});

describe('Schema.attributeType', () => {
  it('finds a type by any NAME or the OID, case-insensitively, ignoring options', () => {
    const cn = schema.attributeType('cn');
    for (const spelling of ['CN', 'commonName', 'COMMONNAME', '2.5.4.3', 'cn;lang-en', 'CN;Lang-EN;x-foo']) {
      expect(schema.attributeType(spelling), spelling).toBe(cn);
    }
    expect(cn.name).toBe('cn');
    expect(cn.oid).toBe('2.5.4.3');
    expect(cn.known).toBe(true);
  });

  it('inherits matching rules and syntax through SUP chains (cn from name)', () => {
    const ownDescription = parseAttributeTypeDescription(schema.attributeType('cn').raw);
    expect(ownDescription.equality).toBeUndefined();
    expect(schema.attributeType('cn;lang-en')).toMatchObject({
      sup: 'name',
      equality: 'caseIgnoreMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: DIRECTORY_STRING,
      syntaxLength: 32768,
      operational: false,
      binary: false,
    });
  });

  it('resolves mail, memberOf, userPassword and jpegPhoto as slapd defines them', () => {
    expect(schema.attributeType('rfc822Mailbox')).toMatchObject({
      name: 'mail',
      equality: 'caseIgnoreIA5Match',
      substr: 'caseIgnoreIA5SubstringsMatch',
    });
    expect(schema.attributeType('memberof')).toMatchObject({
      name: 'memberOf',
      oid: '1.2.840.113556.1.2.102',
      equality: 'distinguishedNameMatch',
      usage: 'dSAOperation',
      noUserModification: true,
      operational: true,
    });
    expect(schema.attributeType('userPassword')).toMatchObject({
      equality: 'octetStringMatch',
      binary: true,
    });
    expect(schema.attributeType('jpegPhoto').binary).toBe(true);
    expect(schema.attributeType('userCertificate;binary').binary).toBe(true);
    expect(schema.attributeType('uid').binary).toBe(false);
    expect(schema.attributeType('entryUUID').operational).toBe(true);
    expect(schema.attributeType('pwdMinLength')).toMatchObject({ singleValue: true, operational: false });
  });

  it('gives an unknown name the lenient default, keeping its spelling', () => {
    const unknown = schema.attributeType('favouriteColour;lang-en');
    expect(unknown).toMatchObject({
      name: 'favouriteColour',
      names: ['favouriteColour'],
      known: false,
      equality: 'caseIgnoreMatch',
      ordering: 'caseIgnoreOrderingMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: DIRECTORY_STRING,
      singleValue: false,
      usage: 'userApplications',
      operational: false,
      binary: false,
    });
    expect(schema.attributeType('FAVOURITECOLOUR').name).toBe('FAVOURITECOLOUR');
    expect(schema.attributeType('1.2.3.4')).toMatchObject({ name: '1.2.3.4', oid: '1.2.3.4', names: [] });
    expect(schema.attributeType('objectGUID;binary').binary).toBe(true);
  });

  it('returns the same frozen object on every lookup', () => {
    const first = schema.attributeType('someUnknownAttr');
    expect(schema.attributeType('someUnknownAttr')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(schema.attributeType('cn').names)).toBe(true);
  });

  it('knows the types slapd hides from cn=Subschema without publishing them', () => {
    expect(schema.attributeType('configContext')).toMatchObject({ known: true, operational: true });
    expect(schema.attributeType('saslAuthzTo').name).toBe('authzTo');
    const published = schema.attributeTypeDescriptions().join('\n');
    expect(published).not.toContain("'configContext'");
    expect(published).toContain("'memberOf'");
  });

  it('lists subtypes through SUP chains', () => {
    const names = schema.subtypes('name').map((type) => type.name);
    expect(names[0]).toBe('name');
    expect(names).toEqual(expect.arrayContaining(['cn', 'sn', 'givenName', 'ou', 'o']));
    expect(names).not.toContain('mail');
    expect(schema.subtypes('mail').map((type) => type.name)).toEqual(['mail']);
    expect(schema.subtypes('unknownThing').map((type) => type.name)).toEqual(['unknownThing']);
  });
});

describe('Schema object classes', () => {
  it('finds classes by name, alias or OID', () => {
    expect(schema.objectClass('INETORGPERSON')?.oid).toBe('2.16.840.1.113730.3.2.2');
    expect(schema.objectClass('2.5.6.6')?.names).toEqual(['person']);
    expect(schema.objectClassName('newPilotPerson')).toBe('pilotPerson');
    expect(schema.objectClass('noSuchClass')).toBeUndefined();
  });

  it('lists superclasses nearest first, top included', () => {
    expect(schema.superclasses('inetOrgPerson')).toEqual(['organizationalPerson', 'person', 'top']);
    expect(schema.superclasses('pilotOrganization')).toEqual(['organization', 'top', 'organizationalUnit']);
    expect(schema.superclasses('top')).toEqual([]);
    expect(schema.superclasses('noSuchClass')).toEqual([]);
    expect(schema.isSubclassOf('inetOrgPerson', 'PERSON')).toBe(true);
    expect(schema.isSubclassOf('person', 'person')).toBe(true);
    expect(schema.isSubclassOf('person', 'inetOrgPerson')).toBe(false);
    expect(schema.isSubclassOf('posixAccount', 'top')).toBe(true);
  });

  it('finds the most specific structural class, whatever the order', () => {
    expect(
      schema.structuralObjectClass([
        'top',
        'person',
        'organizationalPerson',
        'inetOrgPerson',
        'posixAccount',
      ]),
    ).toBe('inetOrgPerson');
    expect(
      schema.structuralObjectClass(['posixAccount', 'inetOrgPerson', 'organizationalPerson', 'top']),
    ).toBe('inetOrgPerson');
    expect(schema.structuralObjectClass(['2.5.6.6'])).toBe('person');
    expect(schema.structuralObjectClass(['top', 'posixAccount', 'shadowAccount'])).toBeUndefined();
    expect(schema.structuralObjectClass(['person', 'device'])).toBe('person');
  });

  it('publishes object classes in definition order', () => {
    expect(schema.objectClassDescriptions()).toEqual(openldapSchema.objectClasses);
    expect(schema.attributeTypeDescriptions()).toEqual(openldapSchema.attributeTypes);
  });
});

// Every expectation below is what slapd 2.5 answered to ldapadd of the same entry (the RDN
// attribute cn=x included), objectClass/attribute order as listed.
type Case = [label: string, entry: [string, string][], expected: string];
const slapdCases: Case[] = [
  [
    'unknown class',
    [
      ['objectClass', 'fooBar'],
      ['cn', 'x'],
    ],
    '21 objectClass: value #0 invalid per syntax',
  ],
  [
    'unknown second class',
    [
      ['objectClass', 'person'],
      ['objectClass', 'fooBar'],
      ['cn', 'x'],
      ['sn', 's'],
    ],
    '21 objectClass: value #1 invalid per syntax',
  ],
  [
    'no objectClass',
    [
      ['cn', 'x'],
      ['sn', 's'],
    ],
    '65 no objectClass attribute',
  ],
  [
    'auxiliary only',
    [
      ['objectClass', 'posixAccount'],
      ['cn', 'x'],
      ['uid', 'x'],
      ['uidNumber', '1'],
      ['gidNumber', '1'],
      ['homeDirectory', '/'],
    ],
    '65 no structural object class provided',
  ],
  [
    'abstract only',
    [
      ['objectClass', 'top'],
      ['cn', 'x'],
    ],
    '65 no structural object class provided',
  ],
  [
    'two structural chains',
    [
      ['objectClass', 'person'],
      ['objectClass', 'posixGroup'],
      ['cn', 'x'],
      ['sn', 's'],
      ['gidNumber', '1'],
    ],
    '65 invalid structural object class chain (person/posixGroup)',
  ],
  [
    'two structural chains, reversed',
    [
      ['objectClass', 'posixGroup'],
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn', 's'],
      ['gidNumber', '1'],
    ],
    '65 invalid structural object class chain (posixGroup/person)',
  ],
  [
    'chain named by its most specific class so far',
    [
      ['objectClass', 'person'],
      ['objectClass', 'inetOrgPerson'],
      ['objectClass', 'device'],
      ['cn', 'x'],
      ['sn', 's'],
    ],
    '65 invalid structural object class chain (inetOrgPerson/device)',
  ],
  [
    'chain names are canonical',
    [
      ['objectClass', 'newPilotPerson'],
      ['objectClass', 'DeViCe'],
      ['cn', 'x'],
      ['sn', 's'],
    ],
    '65 invalid structural object class chain (pilotPerson/device)',
  ],
  [
    'chain by OIDs',
    [
      ['objectClass', '2.5.6.6'],
      ['objectClass', '2.5.6.14'],
      ['cn', 'x'],
      ['sn', 's'],
    ],
    '65 invalid structural object class chain (person/device)',
  ],
  [
    'missing MUST',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
    ],
    "65 object class 'person' requires attribute 'sn'",
  ],
  [
    'MUST of the structural class, inherited',
    [
      ['objectClass', 'inetOrgPerson'],
      ['objectClass', 'posixAccount'],
      ['cn', 'x'],
    ],
    "65 object class 'inetOrgPerson' requires attribute 'sn'",
  ],
  [
    'MUST checked in objectClass order',
    [
      ['objectClass', 'posixAccount'],
      ['objectClass', 'inetOrgPerson'],
      ['cn', 'x'],
    ],
    "65 object class 'posixAccount' requires attribute 'uid'",
  ],
  [
    'superclasses of the structural class are not reported',
    [
      ['objectClass', 'person'],
      ['objectClass', 'inetOrgPerson'],
      ['cn', 'x'],
    ],
    "65 object class 'inetOrgPerson' requires attribute 'sn'",
  ],
  [
    'inherited MUST before own MUST',
    [
      ['objectClass', 'residentialPerson'],
      ['cn', 'x'],
    ],
    "65 object class 'residentialPerson' requires attribute 'sn'",
  ],
  [
    'MUST from the second SUP',
    [
      ['objectClass', 'pilotOrganization'],
      ['cn', 'x'],
      ['o', 'x'],
    ],
    "65 object class 'pilotOrganization' requires attribute 'ou'",
  ],
  [
    'MUST from the first SUP',
    [
      ['objectClass', 'pilotOrganization'],
      ['cn', 'x'],
      ['ou', 'x'],
    ],
    "65 object class 'pilotOrganization' requires attribute 'o'",
  ],
  [
    'MUST of an auxiliary class',
    [
      ['objectClass', 'device'],
      ['objectClass', 'pwdPolicy'],
      ['cn', 'x'],
    ],
    "65 object class 'pwdPolicy' requires attribute 'pwdAttribute'",
  ],
  [
    'groupOfNames needs a member',
    [
      ['objectClass', 'groupOfNames'],
      ['cn', 'x'],
    ],
    "65 object class 'groupOfNames' requires attribute 'member'",
  ],
  [
    'alias needs aliasedObjectName',
    [
      ['objectClass', 'alias'],
      ['cn', 'x'],
    ],
    "65 object class 'alias' requires attribute 'aliasedObjectName'",
  ],
  [
    'MUST before not-allowed',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['mail', 'a@b'],
    ],
    "65 object class 'person' requires attribute 'sn'",
  ],
  [
    'attribute not allowed',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn', 's'],
      ['mail', 'a@b'],
    ],
    "65 attribute 'mail' not allowed",
  ],
  [
    'not allowed, canonical name with lower-cased options',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn', 's'],
      ['MAIL;Lang-EN', 'a@b'],
    ],
    "65 attribute 'mail;lang-en' not allowed",
  ],
  [
    'not allowed, by OID',
    [
      ['objectClass', 'device'],
      ['cn', 'x'],
      ['0.9.2342.19200300.100.1.3', 'x'],
    ],
    "65 attribute 'mail' not allowed",
  ],
  [
    'not allowed, by alias',
    [
      ['objectClass', 'device'],
      ['cn', 'x'],
      ['userid', 'x'],
    ],
    "65 attribute 'uid' not allowed",
  ],
  [
    'not allowed, first in entry order',
    [
      ['objectClass', 'organizationalUnit'],
      ['ou', 'x'],
      ['cn', 'x'],
    ],
    "65 attribute 'cn' not allowed",
  ],
  [
    'not allowed despite an auxiliary class',
    [
      ['objectClass', 'account'],
      ['objectClass', 'posixAccount'],
      ['cn', 'x'],
      ['uid', 'x'],
      ['uidNumber', '1'],
      ['gidNumber', '1'],
      ['homeDirectory', '/'],
      ['mail', 'm'],
    ],
    "65 attribute 'mail' not allowed",
  ],
  [
    'undefined attribute type',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn', 's'],
      ['fooAttr', 'a'],
    ],
    '17 fooAttr: attribute type undefined',
  ],
  [
    'undefined attribute type before not-allowed',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn', 's'],
      ['mail', 'a'],
      ['fooAttr', 'a'],
    ],
    '17 fooAttr: attribute type undefined',
  ],
  [
    'undefined attribute type keeps its spelling and options',
    [
      ['objectClass', 'device'],
      ['cn', 'x'],
      ['FOOattr;lang-en', 'a'],
    ],
    '17 FOOattr;lang-en: attribute type undefined',
  ],
  [
    'undefined OID',
    [
      ['objectClass', 'device'],
      ['cn', 'x'],
      ['1.2.3.4', 'x'],
    ],
    '17 1.2.3.4: attribute type undefined',
  ],
  [
    'undefined type before the objectClass attribute',
    [
      ['fooAttr', 'a'],
      ['objectClass', 'fooBar'],
      ['cn', 'x'],
    ],
    '17 fooAttr: attribute type undefined',
  ],
  [
    'unknown class before an undefined type',
    [
      ['objectClass', 'fooBar'],
      ['fooAttr', 'a'],
      ['cn', 'x'],
    ],
    '21 objectClass: value #0 invalid per syntax',
  ],
  [
    'undefined type without objectClass',
    [
      ['fooAttr', 'a'],
      ['cn', 'x'],
    ],
    '17 fooAttr: attribute type undefined',
  ],
  [
    'duplicate class by OID names the first occurrence',
    [
      ['objectClass', 'device'],
      ['objectClass', 'person'],
      ['objectClass', '2.5.6.6'],
      ['cn', 'x'],
    ],
    '20 objectClass: value #1 provided more than once',
  ],
  [
    'every class validated before duplicates',
    [
      ['objectClass', 'person'],
      ['objectClass', 'person'],
      ['objectClass', 'nope'],
      ['cn', 'x'],
    ],
    '21 objectClass: value #2 invalid per syntax',
  ],
  [
    'extensibleObject allows any known attribute',
    [
      ['objectClass', 'person'],
      ['objectClass', 'extensibleObject'],
      ['cn', 'x'],
      ['sn', 's'],
      ['mail', 'x'],
    ],
    'ok',
  ],
  [
    'extensibleObject does not lift MUST',
    [
      ['objectClass', 'person'],
      ['objectClass', 'extensibleObject'],
      ['cn', 'x'],
      ['mail', 'x'],
    ],
    "65 object class 'person' requires attribute 'sn'",
  ],
  [
    'operational attributes are always allowed',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn', 's'],
      ['pwdPolicySubentry', 'cn=default,ou=policies,dc=example,dc=org'],
    ],
    'ok',
  ],
  [
    'options are allowed',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn', 's'],
      ['description;lang-en', 'hi'],
    ],
    'ok',
  ],
  [
    'MUST met by a subtype with options',
    [
      ['objectClass', 'person'],
      ['cn', 'x'],
      ['sn;lang-en', 's'],
    ],
    'ok',
  ],
  [
    'a full user',
    [
      ['objectClass', 'inetOrgPerson'],
      ['objectClass', 'posixAccount'],
      ['cn', 'x'],
      ['sn', 's'],
      ['uid', 'u'],
      ['uidNumber', '1'],
      ['gidNumber', '1'],
      ['homeDirectory', '/h'],
      ['mail', 'a@b'],
      ['userPassword', 'p'],
    ],
    'ok',
  ],
  [
    'a password policy',
    [
      ['objectClass', 'device'],
      ['objectClass', 'pwdPolicy'],
      ['cn', 'x'],
      ['pwdAttribute', 'userPassword'],
      ['pwdMinLength', '8'],
    ],
    'ok',
  ],
];

describe('Schema.checkEntry (texts verified against slapd 2.5)', () => {
  it.each(slapdCases)('%s', (_label, entry, expected) => {
    const objectClasses = entry
      .filter(([name]) => name.toLowerCase() === 'objectclass')
      .map(([, value]) => value);
    const attributeNames = [...new Set(entry.map(([name]) => name))];
    const violation = schema.checkEntry(objectClasses, attributeNames);
    const answer = violation && slapdViolation(violation);
    expect(answer ? `${answer.code} ${answer.message}` : 'ok').toBe(expected);
  });

  it('checks objectClass values first when objectClass is not among the attribute names', () => {
    expect(schema.checkEntry(['nope'], ['fooAttr', 'cn'])).toEqual({
      kind: 'unknownObjectClass',
      position: 0,
      name: 'nope',
    });
    expect(schema.checkEntry(['person'], ['cn', 'sn'])).toBeUndefined();
  });
});

describe('Schema construction', () => {
  const base: SchemaOptions = {
    attributeTypes: [
      "( 2.5.4.0 NAME 'objectClass' EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 )",
      "( 2.5.4.41 NAME 'name' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{32768} )",
      "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )",
    ],
    objectClasses: ["( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )"],
  };

  it('rejects a name defined twice', () => {
    expect(
      () =>
        new Schema({
          ...base,
          attributeTypes: [...base.attributeTypes, "( 1.2.3 NAME 'CN' SUP name )"],
        }),
    ).toThrow("schema: attribute types 2.5.4.3 and 1.2.3 both define 'CN'");
    expect(
      () => new Schema({ ...base, objectClasses: [...base.objectClasses, "( 1.2.4 NAME 'top' AUXILIARY )"] }),
    ).toThrow("schema: object classes 2.5.6.0 and 1.2.4 both define 'top'");
  });

  it('rejects undefined references and cycles', () => {
    expect(
      () =>
        new Schema({ ...base, attributeTypes: [...base.attributeTypes, "( 1.2.3 NAME 'x' SUP nothing )"] }),
    ).toThrow("schema: attribute type 'x' has undefined SUP 'nothing'");
    expect(
      () =>
        new Schema({
          ...base,
          attributeTypes: [...base.attributeTypes, "( 1.2.3 NAME 'a' SUP b )", "( 1.2.4 NAME 'b' SUP a )"],
        }),
    ).toThrow(/is its own supertype/);
    expect(
      () =>
        new Schema({
          ...base,
          objectClasses: [...base.objectClasses, "( 1.2.5 NAME 'c' SUP top MAY mail )"],
        }),
    ).toThrow("schema: object class 'c' has undefined attribute type 'mail' in MAY");
    expect(
      () => new Schema({ ...base, objectClasses: [...base.objectClasses, "( 1.2.5 NAME 'c' SUP d )"] }),
    ).toThrow("schema: object class 'c' has undefined SUP 'd'");
    expect(
      () =>
        new Schema({
          ...base,
          objectClasses: [...base.objectClasses, "( 1.2.5 NAME 'c' SUP d )", "( 1.2.6 NAME 'd' SUP c )"],
        }),
    ).toThrow(/is its own superclass/);
    expect(() => new Schema({ ...base, attributeTypes: base.attributeTypes.slice(1) })).toThrow(
      'the objectClass attribute type (2.5.4.0) is not defined',
    );
  });

  it('passes description syntax errors through', () => {
    expect(
      () => new Schema({ ...base, attributeTypes: [...base.attributeTypes, '( 1.2.3 NAME x )'] }),
    ).toThrow(SchemaSyntaxError);
  });

  it('inherits the syntax length together with the syntax', () => {
    const small = new Schema(base);
    expect(small.attributeType('commonName')).toMatchObject({
      equality: 'caseIgnoreMatch',
      syntax: DIRECTORY_STRING,
      syntaxLength: 32768,
    });
    expect(small.attributeType('commonName').ordering).toBeUndefined();
  });

  it('merges definition sets, a later OID replacing the earlier one in place', () => {
    const merged = Schema.merge(base, {
      attributeTypes: [
        "( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'replaced' SUP name )",
        "( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
      ],
      objectClasses: ["( 1.2.9 NAME 'thing' SUP top STRUCTURAL MAY ( cn $ sAMAccountName ) )"],
      hiddenAttributeTypes: [
        "( 1.2.10 NAME 'secret' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 USAGE dSAOperation )",
      ],
    });
    expect(merged.attributeTypes.map((text) => parseAttributeTypeDescription(text).names[0])).toEqual([
      'objectClass',
      'name',
      'cn',
      'sAMAccountName',
    ]);
    expect(merged.attributeTypes[2]).toContain("DESC 'replaced'");
    expect(merged.objectClasses).toHaveLength(2);
    const combined = new Schema(merged);
    expect(combined.attributeType('samaccountname').singleValue).toBe(true);
    expect(combined.attributeType('secret').operational).toBe(true);
    expect(combined.attributeTypeDescriptions().join(' ')).not.toContain('secret');
    expect(combined.checkEntry(['thing'], ['objectClass', 'cn', 'sAMAccountName'])).toBeUndefined();
  });
});
