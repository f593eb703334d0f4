// A profile's schema extended with an application's schema files: what slapd 2.5 and Samba 4.17
// take and refuse (slapd's texts measured with slaptest), what the directory then checks with,
// and what the subschema entry publishes (slapd's forms measured with ldapsearch -b cn=Subschema).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readSchemaSource } from '../../../src/core/schema-source.js';
import { Schema, type SchemaOptions } from '../../../src/server/directory/schema.js';
import { adSchema } from '../../../src/server/directory/schema-ad.js';
import { extendSchema } from '../../../src/server/directory/schema-extension.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';
import { adProfile } from '../../../src/server/profiles/ad.js';
import { loadSchemaFiles, SchemaFileReadError } from '../../../src/server/schema-files.js';

const example = (name: string) => readFileSync(new URL(`../../../examples/schema/${name}`, import.meta.url));
const load = (base: SchemaOptions, ...files: [name: string, text: string | Buffer][]) =>
  new Schema(
    extendSchema(
      base,
      files.map(([file, text]) => ({ file, source: readSchemaSource(text, file) })),
    ),
  );
const slapd = (text: string) => load(openldapSchema, ['app.schema', text]);
const refusal = (text: string) => {
  try {
    slapd(text);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};
const ours = (values: readonly string[]) => values.filter((v) => /99999|99998/.test(v));

describe('openldap: slapd.conf-form and cn=config files', () => {
  const schema = load(openldapSchema, ['app.schema', example('app.schema')]);

  test('the types and classes are checked with: supertypes, aliases, MUST and MAY', () => {
    expect(schema.attributeType('appRank').name).toBe('appLevel');
    expect(schema.attributeType('appTenant')).toMatchObject({
      known: true,
      syntax: '1.3.6.1.4.1.1466.115.121.1.15',
    });
    expect(schema.subtypes('name').map((t) => t.name)).toContain('appTenant');
    expect(schema.checkEntry(['appDevice'], ['objectClass', 'cn'])).toMatchObject({
      kind: 'requiredAttribute',
      attribute: 'appTenant',
    });
    expect(
      schema.checkEntry(['inetOrgPerson', 'appUser'], ['objectClass', 'cn', 'sn', 'appRole']),
    ).toBeUndefined();
  });

  test('cn=Subschema lists them after the built-in ones, in slapd form, as a real slapd does', () => {
    expect(ours(schema.attributeTypeDescriptions())).toEqual([
      "( 1.3.6.1.4.1.99999.1.1 NAME 'appRole' DESC 'role of a user in the app' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{64} )",
      "( 1.3.6.1.4.1.99999.1.2 NAME ( 'appLevel' 'appRank' ) EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
      "( 1.3.6.1.4.1.99999.1.3 NAME 'appTenant' SUP name )",
      "( 1.3.6.1.4.1.99999.1.4 NAME 'appEnabled' EQUALITY booleanMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.7 SINGLE-VALUE X-ORIGIN 'app' )",
    ]);
    expect(schema.attributeTypeDescriptions().at(-5)).toMatch(/NAME 'userPKCS12'/);
    expect(ours(schema.objectClassDescriptions())).toEqual([
      "( 1.3.6.1.4.1.99999.2.1 NAME 'appUser' DESC 'an application user' SUP top AUXILIARY MUST appRole MAY ( appLevel $ appTenant $ appEnabled ) )",
      "( 1.3.6.1.4.1.99999.2.2 NAME 'appDevice' SUP top STRUCTURAL MUST ( cn $ appTenant ) MAY ( description $ appLevel ) )",
    ]);
  });

  test('matchingRuleUse: each type joins the rules that serve its syntax, at the end, by its first name', () => {
    const uses = new Map(
      schema
        .otherDescriptions()
        .find(([kind]) => kind === 'matchingRuleUse')![1]
        .map((use) => [/NAME '([^']+)'/.exec(use)![1]!, use]),
    );
    const tail = (rule: string) =>
      /APPLIES \((.*)\) \)$/.exec(uses.get(rule)!)![1]!.trim().split(' $ ').slice(-3);
    expect(tail('caseIgnoreMatch')).toEqual(['preferredLanguage', 'appRole', 'appTenant']);
    expect(tail('integerBitAndMatch').at(-1)).toBe('appLevel');
    expect(tail('booleanMatch').at(-1)).toBe('appEnabled');
    // Substrings rules serve other syntaxes in slapd's list (Printable, Telephone…): unchanged.
    expect(uses.get('caseIgnoreSubstringsMatch')).not.toMatch(/app/);
    expect(uses.get('objectIdentifierFirstComponentMatch')).not.toMatch(/app/);
  });

  test("the cn=config form loads the same; slapd's form of odd spellings is its own", () => {
    const fromLdif = load(openldapSchema, ['app.ldif', example('app.ldif')]);
    expect(fromLdif.attributeTypeDescriptions()).toEqual(schema.attributeTypeDescriptions());
    const odd = slapd(
      [
        "attributetype ( 1.3.6.1.4.1.99998.1.1 SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 NAME ( 'oddOne' ) EQUALITY caseExactMatch DESC 'odd' SINGLE-VALUE )",
        "attributetype ( 1.3.6.1.4.1.99998.1.2 NAME 'oddTwo' OBSOLETE SUP description USAGE userApplications )",
        "attributetype ( 1.3.6.1.4.1.99998.1.4 NAME 'oddCol' SUP telephoneNumber COLLECTIVE )",
        "objectclass ( 1.3.6.1.4.1.99998.2.1 NAME 'oddClass' MAY ( oddOne ) MUST ( cn ) SUP ( top ) )",
        "objectclass ( 1.3.6.1.4.1.99998.2.2 NAME ( 'oddAux' 'oddAuxAlias' ) AUXILIARY OBSOLETE X-A 'b' )",
      ].join('\n'),
    );
    // Measured: ldapsearch -b cn=Subschema on slapd 2.5 loaded with these lines.
    expect(ours(odd.attributeTypeDescriptions())).toEqual([
      "( 1.3.6.1.4.1.99998.1.1 NAME 'oddOne' DESC 'odd' EQUALITY caseExactMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
      "( 1.3.6.1.4.1.99998.1.2 NAME 'oddTwo' OBSOLETE SUP description )",
      "( 1.3.6.1.4.1.99998.1.4 NAME 'oddCol' SUP telephoneNumber COLLECTIVE )",
    ]);
    expect(ours(odd.objectClassDescriptions())).toEqual([
      "( 1.3.6.1.4.1.99998.2.1 NAME 'oddClass' SUP top STRUCTURAL MUST cn MAY oddOne )",
      "( 1.3.6.1.4.1.99998.2.2 NAME ( 'oddAux' 'oddAuxAlias' ) OBSOLETE AUXILIARY X-A 'b' )",
    ]);
  });
});

describe("openldap: what slapd refuses, in slapd's words, at file:line", () => {
  const at = (rest: string) => `\n\nattributetype ( 1.3.6.1.4.1.5.1 NAME 'x1' ${rest} )`;
  const oc = (rest: string) => `\nobjectclass ( 1.3.6.1.4.1.5.2 NAME 'c1' ${rest} )`;

  test.each(
    [
      [at('SUP nosuch'), 'app.schema:3: attributetype: AttributeType not found: "nosuch"'],
      [at('SYNTAX 1.2.3.4'), 'app.schema:3: attributetype: Syntax not found: "1.2.3.4"'],
      [
        at('EQUALITY fooMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15'),
        'app.schema:3: attributetype: MatchingRule not found: "fooMatch"',
      ],
      [
        at('EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15'),
        'app.schema:3: attributetype: AttributeType inappropriate matching rule: "integerMatch"',
      ],
      [
        at('ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27'),
        'app.schema:3: attributetype: AttributeType inappropriate matching rule: "integerOrderingMatch"',
      ],
      [
        at('EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.26'),
        'app.schema:3: attributetype: AttributeType inappropriate matching rule: "caseIgnoreMatch"',
      ],
      [at('SUP modifyTimestamp'), 'app.schema:3: attributetype: AttributeType inappropriate USAGE: "x1"'],
      [
        "\n\nattributetype ( 1.3.6.1.4.1.5.1 NAME 'x1' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 NO-USER-MODIFICATION USAGE directoryOperation )",
        'app.schema:3: attributetype: "1.3.6.1.4.1.5.1" is operational',
      ],
      [oc('SUP nosuch'), 'app.schema:2: objectclass: ObjectClass not found: "nosuch"'],
      [oc('SUP top MUST nosuch'), 'app.schema:2: objectclass: AttributeType not found: "nosuch"'],
      [
        oc('SUP person AUXILIARY'),
        'app.schema:2: objectclass: user-defined ObjectClass has inappropriate SUPerior: "person"',
      ],
      [
        oc('SUP person ABSTRACT'),
        'app.schema:2: objectclass: user-defined ObjectClass has inappropriate SUPerior: "person"',
      ],
      [
        oc('SUP top STRUCTURAL MUST modifyTimestamp'),
        `app.schema:2: objectclass: user-defined ObjectClass includes operational attributes: "( 1.3.6.1.4.1.5.2 NAME 'c1' SUP top STRUCTURAL MUST modifyTimestamp )"`,
      ],
    ].map(([text, message]) => [message!.replace(/^app\.schema:\d+: /, ''), text!, message!] as const),
  )('%s', (_name, text, message) => {
    expect(refusal(text)).toBe(message);
  });

  test('a clash with a built-in definition: the OID or a name taken by another one, both named', () => {
    expect(refusal("attributetype ( 2.5.4.3 NAME 'x1' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")).toBe(
      `app.schema:1: attributetype: Inconsistent duplicate attributeType: "2.5.4.3" (defined built in as 'cn', 'commonName', here as 'x1')`,
    );
    expect(refusal("attributetype ( 1.3.6.1.4.1.5.1 NAME 'cn' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")).toBe(
      'app.schema:1: attributetype: Inconsistent duplicate attributeType: "cn" (defined built in with OID 2.5.4.3, here with 1.3.6.1.4.1.5.1)',
    );
    expect(refusal("objectclass ( 1.3.6.1.4.1.5.2 NAME 'person' SUP top )")).toMatch(
      /^app\.schema:1: objectclass: Inconsistent duplicate objectClass: "person" \(defined built in with OID 2\.5\.6\.6/,
    );
  });

  test('a syntax the file defines (ldapsyntax … X-SUBST) may be named, and is checked as the one it stands for', () => {
    const schema = slapd(
      [
        "ldapsyntax ( 1.3.6.1.4.1.99998.3.1 DESC 'app syntax' X-SUBST '1.3.6.1.4.1.1466.115.121.1.27' )",
        "attributetype ( 1.3.6.1.4.1.99998.1.9 NAME 'appCode' SYNTAX 1.3.6.1.4.1.99998.3.1 )",
      ].join('\n'),
    );
    expect(schema.attributeType('appCode').syntax).toBe('1.3.6.1.4.1.1466.115.121.1.27');
    expect(ours(schema.attributeTypeDescriptions())).toEqual([
      "( 1.3.6.1.4.1.99998.1.9 NAME 'appCode' SYNTAX 1.3.6.1.4.1.99998.3.1 )",
    ]);
  });

  test('a definition the schema already has: refused in a .schema file (slapd), skipped in a subschema dump', () => {
    const cn =
      "( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'RFC4519: common name(s) for which the entity is known by' SUP name )";
    expect(refusal(`attributetype ${cn}`)).toBe(
      'app.schema:1: attributetype: Duplicate attributeType: "2.5.4.3"',
    );
    expect(refusal("objectclass ( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) )")).toBe(
      'app.schema:1: objectclass: Duplicate objectClass: "2.5.6.6"',
    );
    const dump = [
      'dn: cn=Subschema',
      `attributeTypes: ${cn}`,
      "attributeTypes: ( 1.3.6.1.4.1.5.1 NAME 'x1' SUP name )",
    ].join('\n');
    const schema = load(openldapSchema, ['dump.ldif', dump]);
    expect(
      ours([...schema.attributeTypeDescriptions()].map((t) => t.replace('1.3.6.1.4.1.5.1', '99999'))),
    ).toEqual(["( 99999 NAME 'x1' SUP name )"]);
  });

  test('a clash with an earlier file names that file and line', () => {
    const first = "attributetype ( 1.3.6.1.4.1.5.1 NAME 'x1' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )";
    const second = "\nattributetype ( 1.3.6.1.4.1.5.9 NAME 'x1' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )";
    expect(() => load(openldapSchema, ['one.schema', first], ['two.schema', second])).toThrow(
      'two.schema:2: attributetype: Inconsistent duplicate attributeType: "x1" (defined at one.schema:1 with OID 1.3.6.1.4.1.5.1, here with 1.3.6.1.4.1.5.9)',
    );
  });

  test("AD's syntaxes are not slapd's", () => {
    // The example extends AD's user class, which slapd has not.
    expect(() => load(openldapSchema, ['app-ad.ldif', example('app-ad.ldif')])).toThrow(
      /^app-ad\.ldif:\d+: classSchema: ObjectClass not found: "User"$/,
    );
    const teletex = [
      'dn: CN=App-T,CN=Schema,CN=Configuration,DC=X',
      'objectClass: attributeSchema',
      'attributeID: 1.2.3.4',
      'attributeSyntax: 2.5.5.4',
      'oMSyntax: 20',
      'isSingleValued: TRUE',
    ].join('\n');
    expect(() => load(openldapSchema, ['t.ldif', teletex])).toThrow(
      't.ldif:1: attributeSchema: Syntax not found: "1.2.840.113556.1.4.905"',
    );
  });
});

describe('ad/samba: attributeSchema/classSchema LDIF', () => {
  const schema = load(adSchema, ['app-ad.ldif', example('app-ad.ldif')]);
  const published = (kind: string) => schema.otherDescriptions().find(([k]) => k === kind)?.[1] ?? [];

  test("CN=Aggregate publishes them in Samba's forms, with their extended info", () => {
    expect(ours(schema.attributeTypeDescriptions())).toEqual([
      "( 1.3.6.1.4.1.99999.1.1 NAME 'appRole' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' )",
      "( 1.3.6.1.4.1.99999.1.2 NAME 'appLevel' SYNTAX '1.3.6.1.4.1.1466.115.121.1.27' SINGLE-VALUE )",
      "( 1.3.6.1.4.1.99999.1.4 NAME 'appEnabled' SYNTAX '1.3.6.1.4.1.1466.115.121.1.7' SINGLE-VALUE )",
    ]);
    expect(ours(schema.objectClassDescriptions())).toEqual([
      "( 1.3.6.1.4.1.99999.2.1 NAME 'appUser' SUP top AUXILIARY MAY (appRole $ appLevel $ appEnabled ) )",
      "( 1.3.6.1.4.1.99999.2.2 NAME 'appDevice' SUP top STRUCTURAL MUST (cn $ appLevel ) MAY (appRole ) )",
    ]);
    expect(ours(published('extendedAttributeInfo'))[0]).toMatch(
      /^\( 1\.3\.6\.1\.4\.1\.99999\.1\.1 NAME 'appRole' RANGE-UPPER '64' PROPERTY-GUID '[0-9A-F]{32}' PROPERTY-SET-GUID '0{32}' \)$/,
    );
    expect(ours(published('extendedClassInfo'))).toHaveLength(2);
  });

  test('a class a file extends (user + auxiliaryClass appUser): its content rule, and what it allows', () => {
    const user = published('dITContentRules').find((rule) => rule.includes("NAME 'user'"))!;
    expect(user).toMatch(
      /AUX \( msDS-CloudExtensions \$ securityPrincipal \$ mailRecipient \$ shadowAccount \$ posixAccount \$ appUser \)/,
    );
    expect(user).toMatch(/ \$ uid \$ appRole \$ appLevel \$ appEnabled \) \)$/);
    expect(
      schema.checkEntry(['top', 'person', 'organizationalPerson', 'user'], ['objectClass', 'cn', 'appRole']),
    ).toBeUndefined();
    // Its published form (its own MUST and MAY) does not change, nor anything else about it.
    const before = new Schema(adSchema).objectClassDescriptions();
    expect(schema.objectClassDescriptions().slice(0, before.length)).toEqual(before);
  });

  test('an OpenLDAP .schema file loads into ad too, worded as Samba words its own', () => {
    const fromSchemaFile = load(adSchema, ['app.schema', example('app.schema')]);
    expect(ours(fromSchemaFile.attributeTypeDescriptions())).toContain(
      "( 1.3.6.1.4.1.99999.1.3 NAME 'appTenant' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' )",
    );
  });
});

describe('reading the files', () => {
  test('a missing file names the option and the path', () => {
    expect(() => loadSchemaFiles(adProfile, ['/nonexistent/app.schema'])).toThrow(SchemaFileReadError);
    expect(() => loadSchemaFiles(adProfile, ['/nonexistent/app.schema'], '--schema')).toThrow(
      "--schema: cannot read schema file '/nonexistent/app.schema': no such file",
    );
  });

  test('schema text (a string with a newline) is named <schema #n>', () => {
    expect(() => loadSchemaFiles(adProfile, ['x', "attributetype ( 1.2.3 NAME 'cn' SUP name )\n"])).toThrow(
      /^schema: cannot read schema file 'x'/,
    );
    expect(() => loadSchemaFiles(adProfile, ["attributetype ( 1.2.3 NAME 'cn' SUP name )\n"])).toThrow(
      /^<schema #1>:1: attributetype: Inconsistent duplicate attributeType: "cn"/,
    );
  });
});
