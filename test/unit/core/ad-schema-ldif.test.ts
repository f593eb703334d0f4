// AD attributeSchema/classSchema LDIF (ldifde, ldbadd) into AD schema objects, and the three
// forms of a schema file told apart by content, each bad definition named at file:line.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { adDisplayNameOf, adSchemaFromLdif } from '../../../src/core/ad-schema-ldif.js';
import {
  checkedAttributeType,
  checkedObjectClass,
  dITContentRule,
  publishedAttributeType,
  publishedObjectClass,
} from '../../../src/core/ad-schema-object.js';
import { adSyntax } from '../../../src/core/ad-syntaxes.js';
import { parseLdif } from '../../../src/core/ldif-reader.js';
import { SchemaFileError } from '../../../src/core/openldap-schema-file.js';
import { readSchemaSource } from '../../../src/core/schema-source.js';

const example = (name: string) => new URL(`../../../examples/schema/${name}`, import.meta.url);

const attribute = (lines: readonly string[]) => [
  'dn: CN=App-Role,CN=Schema,CN=Configuration,DC=X',
  'changetype: add',
  'objectClass: top',
  'objectClass: attributeSchema',
  ...lines,
];

describe('attributeSchema objects', () => {
  test('the fields AD reads; lDAPDisplayName from the CN when absent; the syntax from its pair', () => {
    const ldif = attribute([
      'cn: App-Role',
      'attributeID: 1.3.6.1.4.1.99999.1.1',
      'attributeSyntax: 2.5.5.12',
      'oMSyntax: 64',
      'isSingleValued: TRUE',
      'rangeUpper: 64',
      'searchFlags: 1',
      'schemaIDGUID:: AAECAwQFBgcICQoLDA0ODw==',
    ]).join('\n');
    const { attributes } = adSchemaFromLdif(parseLdif(ldif), 'app.ldif');
    expect(attributes).toEqual([
      {
        attributeID: '1.3.6.1.4.1.99999.1.1',
        lDAPDisplayName: 'appRole',
        syntax: adSyntax('2.5.5.12', '64'),
        isSingleValued: true,
        systemOnly: false,
        constructed: false,
        indexed: true,
        rangeUpper: '64',
        schemaIDGUID: '000102030405060708090A0B0C0D0E0F',
        line: 1,
      },
    ]);
    const [object] = attributes;
    expect(checkedAttributeType(object!)).toBe(
      "( 1.3.6.1.4.1.99999.1.1 NAME 'appRole' EQUALITY caseIgnoreMatch ORDERING caseIgnoreOrderingMatch " +
        'SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )',
    );
    expect(publishedAttributeType(object!)).toBe(
      "( 1.3.6.1.4.1.99999.1.1 NAME 'appRole' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )",
    );
  });

  test("AD's display name rule: hyphens dropped, the next letter upper-cased, the first lower-cased", () => {
    expect(['App-Role', 'ms-DS-App-Flag', 'User', 'x--y'].map(adDisplayNameOf)).toEqual([
      'appRole',
      'msDSAppFlag',
      'user',
      'xY',
    ]);
  });

  test('a bad object names the file, its line, its DN and the problem', () => {
    const bad =
      (...lines: string[]) =>
      () =>
        adSchemaFromLdif(parseLdif(`\n\n${attribute(lines).join('\n')}`), 'app.ldif');
    const full = [
      'attributeID: 1.2.3.4',
      'attributeSyntax: 2.5.5.12',
      'oMSyntax: 64',
      'isSingleValued: FALSE',
    ];
    expect(bad(...full)).not.toThrow();
    expect(bad(...full.slice(1))).toThrow(
      'app.ldif:3: CN=App-Role,CN=Schema,CN=Configuration,DC=X: attributeSchema requires attributeID',
    );
    expect(
      bad('attributeID: 1.2.3.4', 'attributeSyntax: 2.5.5.12', 'oMSyntax: 65', 'isSingleValued: FALSE'),
    ).toThrow(
      /^app\.ldif:3: .*: attributeSyntax\/oMSyntax 2\.5\.5\.12\/65 is not a syntax AD defines \(one of 2\.5\.5\.1\/127, /,
    );
    expect(bad(...full.slice(0, 3), 'isSingleValued: yes')).toThrow(
      /isSingleValued must be TRUE or FALSE, not 'yes'/,
    );
    expect(bad('attributeID: appRole', ...full.slice(1))).toThrow(
      /attributeID 'appRole' is not a numeric OID/,
    );
    expect(bad(...full, 'schemaIDGUID: short')).toThrow(SchemaFileError);
  });
});

describe('classSchema objects and changes of classes', () => {
  const records = parseLdif(
    readFileSync(example('app-ad.ldif'), 'utf8').replace(/ntdsSchema(Add|Modify)/g, (_m, k) =>
      k.toLowerCase(),
    ),
  );

  test('classes: kind from objectClassCategory, MUST and MAY, the superclass; top has none', () => {
    const { classes } = adSchemaFromLdif(records);
    expect(
      classes.map(({ lDAPDisplayName, kind, subClassOf, must, may }) => ({
        lDAPDisplayName,
        kind,
        subClassOf,
        must,
        may,
      })),
    ).toEqual([
      {
        lDAPDisplayName: 'appUser',
        kind: 'AUXILIARY',
        subClassOf: 'top',
        must: [],
        may: ['appRole', 'appLevel', 'appEnabled'],
      },
      {
        lDAPDisplayName: 'appDevice',
        kind: 'STRUCTURAL',
        subClassOf: 'top',
        must: ['cn', 'appLevel'],
        may: ['appRole'],
      },
    ]);
    const device = classes[1]!;
    // Its own category unless told otherwise (AD); schemaUpdateNow records are no schema objects.
    expect(device.defaultObjectCategory).toBe('App-Device');
    expect(publishedObjectClass(device)).toBe(
      "( 1.3.6.1.4.1.99999.2.2 NAME 'appDevice' SUP top STRUCTURAL MUST (cn $ appLevel ) MAY (appRole ) )",
    );
    expect(checkedObjectClass(device, () => undefined)).toBe(
      "( 1.3.6.1.4.1.99999.2.2 NAME 'appDevice' SUP top STRUCTURAL MUST ( cn $ appLevel ) MAY appRole )",
    );
  });

  test('a modify record adding auxiliaryClass to a class under CN=Schema is a class change', () => {
    const { classChanges } = adSchemaFromLdif(records);
    expect(classChanges).toEqual([
      { cn: 'User', mayContain: [], auxiliaryClass: ['appUser'], line: expect.any(Number) },
    ]);
  });

  test("a class's auxiliary classes bring their attributes: allowed on it, listed in its content rule", () => {
    const { classes } = adSchemaFromLdif(records);
    const appUser = classes[0]!;
    const host = {
      ...classes[1]!,
      lDAPDisplayName: 'host',
      governsID: '1.2.3',
      must: [],
      may: [],
      auxiliaries: ['appUser'],
    };
    const top = { ...appUser, lDAPDisplayName: 'top', kind: 'ABSTRACT' as const, may: [] };
    const { subClassOf: _none, ...topWithoutSuperclass } = top;
    const lookup = (name: string) =>
      name === 'appUser' ? appUser : name === 'top' ? topWithoutSuperclass : undefined;
    expect(checkedObjectClass(host, lookup)).toMatch(/MAY \( appRole \$ appLevel \$ appEnabled \) \)$/);
    expect(dITContentRule(host, lookup)).toBe(
      "( 1.2.3 NAME 'host' AUX ( appUser ) MAY (appRole $ appLevel $ appEnabled ) )",
    );
  });

  test('changing the MUST of an existing class is refused at its line', () => {
    const ldif = [
      'dn: CN=User,CN=Schema,CN=Configuration,DC=X',
      'changetype: modify',
      'add: mustContain',
      'mustContain: appRole',
      '-',
    ].join('\n');
    expect(() => adSchemaFromLdif(parseLdif(ldif), 'app.ldif')).toThrow(
      'app.ldif:1: CN=User,CN=Schema,CN=Configuration,DC=X: the MUST attributes and system lists of an existing class cannot change (AD)',
    );
  });

  test('a class without objectClassCategory, or with a bad one, is refused', () => {
    const ldif = (category: string) =>
      [
        'dn: CN=App-X,CN=Schema,CN=Configuration,DC=X',
        'objectClass: classSchema',
        'governsID: 1.2.3',
        'subClassOf: top',
        ...(category ? [`objectClassCategory: ${category}`] : []),
      ].join('\n');
    expect(() => adSchemaFromLdif(parseLdif(ldif('')), 'a.ldif')).toThrow(
      /classSchema requires objectClassCategory/,
    );
    expect(() => adSchemaFromLdif(parseLdif(ldif('4')), 'a.ldif')).toThrow(
      /objectClassCategory must be 0, 1 \(structural\), 2 \(abstract\) or 3 \(auxiliary\), not '4'/,
    );
  });
});

describe('schema files told apart by content', () => {
  test('the three forms of the example schema', () => {
    const forms = ['app.schema', 'app.ldif', 'app-ad.ldif'].map(
      (name) => readSchemaSource(readFileSync(example(name)), name).form,
    );
    expect(forms).toEqual(['openldap-schema', 'ldif', 'ad-ldif']);
  });

  test('the .schema and cn=config forms define the same descriptions', () => {
    const plain = readSchemaSource(readFileSync(example('app.schema')), 'app.schema');
    const ldif = readSchemaSource(readFileSync(example('app.ldif')), 'app.ldif');
    if (plain.form === 'ad-ldif' || ldif.form === 'ad-ldif') throw new Error('not RFC 4512');
    const texts = (list: readonly { text: string }[]) => list.map((d) => d.text.replace(/\s+/g, ' '));
    expect(texts(ldif.definitions.attributeTypes)).toEqual(texts(plain.definitions.attributeTypes));
    expect(texts(ldif.definitions.objectClasses)).toEqual(texts(plain.definitions.objectClasses));
  });

  test('what is no schema is refused with the reason', () => {
    expect(() => readSchemaSource('# nothing\n', 'empty.schema')).toThrow(
      'empty.schema:1: defines no attribute type or object class',
    );
    expect(() =>
      readSchemaSource('dn: dc=example,dc=org\nobjectClass: domain\ndc: example\n', 'data.ldif'),
    ).toThrow(/^data\.ldif:1: holds no schema .*; data goes in --ldif$/);
    expect(() => readSchemaSource('dn: cn=x\nattributeTypes ( 1.2 )\n', 'broken.ldif')).toThrow(
      /^broken\.ldif:2: /,
    );
  });
});
