import { describe, expect, test } from 'vitest';
import { parseLdif } from '../../../src/core/ldif-reader.js';
import { isSchemaRecord, schemaFromLdif } from '../../../src/core/ldif-schema.js';
import { parseOpenLdapSchemaFile, SchemaFileError } from '../../../src/core/openldap-schema-file.js';

const texts = (list: readonly { text: string }[]) => list.map((d) => d.text);

describe('OpenLDAP schema files (slapd.conf form)', () => {
  test('statements span continuation lines; comments and blank lines are skipped; lines are kept', () => {
    const file = [
      '# app schema',
      '',
      "attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'appRole'",
      "\tDESC 'a role'",
      '\tSYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )',
      "objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'appUser' SUP top AUXILIARY MAY appRole )",
    ].join('\n');
    const schema = parseOpenLdapSchemaFile(file, 'app.schema');
    expect(schema.attributeTypes).toEqual([
      {
        text: "( 1.3.6.1.4.1.99999.1.1 NAME 'appRole' DESC 'a role' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
        line: 3,
      },
    ]);
    expect(schema.objectClasses.map((d) => d.line)).toEqual([6]);
  });

  test('OID macros expand in the OID and SYNTAX, chained; a quoted SYNTAX loses its quotes', () => {
    const file = [
      'objectidentifier AppRoot 1.3.6.1.4.1.99999',
      'ObjectIdentifier AppAttrs AppRoot:1',
      "attributetype ( AppAttrs:7 NAME 'appMember' SYNTAX '1.3.6.1.4.1.1466.115.121.1.12' )",
    ].join('\n');
    expect(texts(parseOpenLdapSchemaFile(file).attributeTypes)).toEqual([
      "( 1.3.6.1.4.1.99999.1.7 NAME 'appMember' SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
    ]);
  });

  test("keywords as slapd reads them: any case, and 'attribute…' for attributetype (dsee.schema's typo)", () => {
    const file = "ATTRIBUTEYPE ( 1.2.3.4 NAME 'x' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )";
    expect(parseOpenLdapSchemaFile(file).attributeTypes).toHaveLength(1);
  });

  test('errors name the file, the line and the problem', () => {
    const bad = (text: string) => () => parseOpenLdapSchemaFile(text, 'app.schema');
    expect(bad("\n\nobjectclas ( 1.2 NAME 'x' )")).toThrow("app.schema:3: unknown keyword 'objectclas'");
    expect(bad("attributetype ( Nowhere:1 NAME 'x' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")).toThrow(
      "app.schema:1: OID macro 'Nowhere' is not defined",
    );
    expect(bad("objectclass ( 1.2 NAME 'x' MUST )")).toThrow(SchemaFileError);
    expect(bad("objectclass ( 1.2 NAME 'x' MUST )")).toThrow(
      /^app\.schema:1: invalid object class description/,
    );
  });
});

describe('schema in LDIF', () => {
  test("cn=config schema entries: {N} prefixes dropped, macros expanded, the record's line kept", () => {
    const ldif = [
      'dn: cn=app,cn=schema,cn=config',
      'objectClass: olcSchemaConfig',
      'cn: app',
      'olcObjectIdentifier: {0}AppRoot 1.3.6.1.4.1.99999',
      "olcAttributeTypes: {0}( AppRoot:1.1 NAME 'appRole' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
      "olcObjectclasses: {0}( AppRoot:2.1 NAME 'appUser' SUP top AUXILIARY MAY appRole )",
      '',
      'dn: dc=example,dc=org',
      'objectClass: domain',
      'dc: example',
    ].join('\n');
    const records = parseLdif(ldif);
    expect(records.map(isSchemaRecord)).toEqual([true, false]);
    const schema = schemaFromLdif(records);
    expect(texts(schema.attributeTypes)).toEqual([
      "( 1.3.6.1.4.1.99999.1.1 NAME 'appRole' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
    ]);
    expect(schema.objectClasses).toEqual([
      { text: "( 1.3.6.1.4.1.99999.2.1 NAME 'appUser' SUP top AUXILIARY MAY appRole )", line: 1 },
    ]);
  });

  test('a subschema dump (attributeTypes, objectClasses) and a changetype: add record count too', () => {
    const ldif = [
      'dn: cn=Subschema',
      "attributeTypes: ( 1.2.3 NAME 'x' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
      '',
      'dn: cn=more,cn=schema,cn=config',
      'changetype: add',
      'objectClass: olcSchemaConfig',
      "olcObjectClasses: ( 1.2.4 NAME 'y' SUP top AUXILIARY )",
    ].join('\n');
    const schema = schemaFromLdif(parseLdif(ldif));
    expect([schema.attributeTypes.length, schema.objectClasses.length]).toEqual([1, 1]);
  });

  test('a malformed definition names the file and the line of its record', () => {
    const ldif = "\ndn: cn=app,cn=schema,cn=config\nolcAttributeTypes: ( 1.2.3 NAME 'x' SYNTAX )";
    expect(() => schemaFromLdif(parseLdif(ldif), 'app.ldif')).toThrow(
      /^app\.ldif:2: invalid attribute type description/,
    );
  });
});
