import { describe, expect, it } from 'vitest';
import {
  type AttributeTypeDescription,
  parseAttributeTypeDescription,
} from '../../../src/core/attribute-type-description.js';
import {
  type ObjectClassDescription,
  parseObjectClassDescription,
} from '../../../src/core/object-class-description.js';
import { SchemaSyntaxError } from '../../../src/core/schema-syntax-error.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';

// Renders a parsed description in RFC 4512 field order, the form slapd publishes: parsing what
// slapd published and rendering it again must give back the very same string.
function qdstring(value: string): string {
  return `'${value.replaceAll('\\', '\\5C').replaceAll("'", '\\27')}'`;
}
function qdescrs(names: string[]): string {
  return names.length === 1 ? ` NAME '${names[0]}'` : ` NAME ( ${names.map((n) => `'${n}'`).join(' ')} )`;
}
function oids(keyword: string, list: string[]): string {
  if (list.length === 0) return '';
  return list.length === 1 ? ` ${keyword} ${list[0]}` : ` ${keyword} ( ${list.join(' $ ')} )`;
}
function extensions(description: AttributeTypeDescription | ObjectClassDescription): string {
  return Object.entries(description.extensions)
    .map(([name, values]) =>
      values.length === 1
        ? ` ${name} ${qdstring(values[0] as string)}`
        : ` ${name} ( ${values.map(qdstring).join(' ')} )`,
    )
    .join('');
}
function renderAttributeType(d: AttributeTypeDescription): string {
  let text = `( ${d.oid}`;
  if (d.names.length > 0) text += qdescrs(d.names);
  if (d.desc !== undefined) text += ` DESC ${qdstring(d.desc)}`;
  if (d.obsolete) text += ' OBSOLETE';
  if (d.sup !== undefined) text += ` SUP ${d.sup}`;
  if (d.equality !== undefined) text += ` EQUALITY ${d.equality}`;
  if (d.ordering !== undefined) text += ` ORDERING ${d.ordering}`;
  if (d.substr !== undefined) text += ` SUBSTR ${d.substr}`;
  if (d.syntax !== undefined)
    text += ` SYNTAX ${d.syntax}${d.syntaxLength === undefined ? '' : `{${d.syntaxLength}}`}`;
  if (d.singleValue) text += ' SINGLE-VALUE';
  if (d.collective) text += ' COLLECTIVE';
  if (d.noUserModification) text += ' NO-USER-MODIFICATION';
  if (d.usage !== 'userApplications') text += ` USAGE ${d.usage}`;
  return `${text}${extensions(d)} )`;
}
function renderObjectClass(d: ObjectClassDescription): string {
  let text = `( ${d.oid}`;
  if (d.names.length > 0) text += qdescrs(d.names);
  if (d.desc !== undefined) text += ` DESC ${qdstring(d.desc)}`;
  if (d.obsolete) text += ' OBSOLETE';
  text += oids('SUP', d.sup);
  text += ` ${d.kind}`;
  text += oids('MUST', d.must) + oids('MAY', d.may);
  return `${text}${extensions(d)} )`;
}

const allAttributeTypes = [...openldapSchema.attributeTypes, ...(openldapSchema.hiddenAttributeTypes ?? [])];

function syntaxError(parse: () => unknown): SchemaSyntaxError {
  try {
    parse();
  } catch (error) {
    if (error instanceof SchemaSyntaxError) return error;
    throw new Error(`expected a SchemaSyntaxError, got ${String(error)}`);
  }
  throw new Error('expected a SchemaSyntaxError, but the description parsed');
}

describe('parseAttributeTypeDescription', () => {
  it.each(allAttributeTypes.map((text) => [text.slice(0, 60), text]))('round-trips %s', (_label, text) => {
    const parsed = parseAttributeTypeDescription(text);
    expect(parsed.raw).toBe(text);
    expect(renderAttributeType(parsed)).toBe(text);
  });

  it('reads every field of a full definition', () => {
    const cn = parseAttributeTypeDescription(
      "( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'RFC4519: common name(s) for which the entity is known by' SUP name )",
    );
    expect(cn).toMatchObject({
      oid: '2.5.4.3',
      names: ['cn', 'commonName'],
      desc: 'RFC4519: common name(s) for which the entity is known by',
      sup: 'name',
      obsolete: false,
      singleValue: false,
      collective: false,
      noUserModification: false,
      usage: 'userApplications',
    });
    expect(cn.equality).toBeUndefined();
    expect(cn.syntax).toBeUndefined();

    const csn = parseAttributeTypeDescription(
      "( 1.3.6.1.4.1.4203.666.1.7 NAME 'entryCSN' EQUALITY CSNMatch ORDERING CSNOrderingMatch SYNTAX 1.3.6.1.4.1.4203.666.11.2.1{64} SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )",
    );
    expect(csn).toMatchObject({
      equality: 'CSNMatch',
      ordering: 'CSNOrderingMatch',
      syntax: '1.3.6.1.4.1.4203.666.11.2.1',
      syntaxLength: 64,
      singleValue: true,
      noUserModification: true,
      usage: 'directoryOperation',
    });
  });

  it('reads a multi-line .schema definition with tabs, lower-case keywords and fields out of order', () => {
    const parsed = parseAttributeTypeDescription(
      "(\t0.9.2342.19200300.100.1.3\n\tNAME ( 'mail' 'rfc822Mailbox' )\n\tsubstr caseIgnoreIA5SubstringsMatch\n\tEQUALITY caseIgnoreIA5Match\n\tSYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )\n",
    );
    expect(parsed.names).toEqual(['mail', 'rfc822Mailbox']);
    expect(parsed.equality).toBe('caseIgnoreIA5Match');
    expect(parsed.substr).toBe('caseIgnoreIA5SubstringsMatch');
    expect(parsed.syntaxLength).toBe(256);
    expect(parsed.raw.startsWith('(\t0.9')).toBe(true);
    expect(parsed.raw.endsWith(')')).toBe(true);
  });

  it('unescapes \\27 and \\5C in quoted strings and keeps extensions', () => {
    const parsed = parseAttributeTypeDescription(
      "( 1.2.3.4 NAME 'x' DESC 'it\\27s a back\\5cslash' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 X-ORIGIN 'RFC 1' X-ORDERED ( 'VALUES' 'SIBLINGS' ) )",
    );
    expect(parsed.desc).toBe("it's a back\\slash");
    expect(parsed.extensions).toEqual({ 'X-ORIGIN': ['RFC 1'], 'X-ORDERED': ['VALUES', 'SIBLINGS'] });
  });

  it('accepts an empty NAME list and OBSOLETE', () => {
    const parsed = parseAttributeTypeDescription('( 1.2.3 NAME ( ) OBSOLETE SUP name )');
    expect(parsed.names).toEqual([]);
    expect(parsed.obsolete).toBe(true);
  });

  it.each([
    ['', 'expected', 0],
    ['2.5.4.3 NAME', "expected '(' but found '2.5.4.3'", 0],
    ["( NAME 'cn' SUP name )", "expected the OID (a numeric OID) but found 'NAME'", 2],
    ["( 2.5.04.3 NAME 'cn' SUP name )", "expected the OID (a numeric OID) but found '2.5.04.3'", 2],
    ["( 2.5.4.3 NAME 'cn SUP name )", 'unterminated quoted string', 15],
    ["( 2.5.4.3 NAME 'cn' DESC 'a\\x' SUP name )", 'invalid escape in quoted string', 27],
    ["( 2.5.4.3 NAME 'cn' FOO name )", "unknown keyword 'FOO'", 20],
    ["( 2.5.4.3 NAME 'cn' SUP name SUP name )", 'SUP given more than once', 29],
    ["( 2.5.4.3 NAME 'cn' SUP name ) x", "unexpected 'x' after the closing ')'", 31],
    ["( 2.5.4.3 NAME 'cn' SUP name", "expected a keyword or ')' but found end of description", 28],
    ["( 2.5.4.3 NAME 'cn' SUP name USAGE user )", "invalid USAGE 'user'", 35],
    ["( 2.5.4.3 NAME 'cn' )", 'an attribute type needs SUP or SYNTAX', 0],
    [
      "( 2.5.4.3 NAME 'cn' SUP name NO-USER-MODIFICATION )",
      'NO-USER-MODIFICATION requires an operational USAGE',
      29,
    ],
    [
      "( 2.5.4.3 NAME 'cn' SUP name COLLECTIVE USAGE dSAOperation )",
      'COLLECTIVE requires USAGE userApplications',
      46,
    ],
    ["( 2.5.4.3 NAME '1cn' SUP name )", "invalid name '1cn'", 15],
    ['( 2.5.4.3 NAME cn SUP name )', "expected a quoted name but found 'cn'", 15],
    ["( 2.5.4.3 NAME 'cn' SUP n_ame )", "expected a supertype (a name or numeric OID) but found 'n_ame'", 24],
    [
      "( 2.5.4.3 NAME 'cn' SYNTAX 1.3.6{0} )",
      "expected a syntax OID (numeric OID with optional {length}) but found '1.3.6{0}'",
      27,
    ],
    ["( 2.5.4.3 NAME 'cn' SYNTAX caseIgnore )", 'expected a syntax OID', 27],
    ["( 2.5.4.3 NAME 'cn' DESC ( 'a' ) SUP name )", "expected a quoted description but found '('", 25],
    ["( 2.5.4.3 NAME 'cn' SUP name X-ORIGIN RFC )", "expected values for X-ORIGIN but found 'RFC'", 38],
  ])('rejects %j: %s', (text, reason, position) => {
    const error = syntaxError(() => parseAttributeTypeDescription(text));
    expect(error.reason).toContain(reason);
    expect(error.position).toBe(position);
    expect(error.text).toBe(text);
    expect(error.message).toContain(`at position ${position}`);
    expect(error.message).toContain('invalid attribute type description');
  });

  it('throws SchemaSyntaxError (and nothing else) for every truncation of every definition', () => {
    let checked = 0;
    for (const text of allAttributeTypes) {
      for (let length = 0; length < text.length; length++) {
        const error = syntaxError(() => parseAttributeTypeDescription(text.slice(0, length)));
        expect(error.position).toBeLessThanOrEqual(length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });
});

describe('parseObjectClassDescription', () => {
  it.each(openldapSchema.objectClasses.map((text) => [text.slice(0, 60), text]))(
    'round-trips %s',
    (_label, text) => {
      const parsed = parseObjectClassDescription(text);
      expect(parsed.raw).toBe(text);
      expect(renderObjectClass(parsed)).toBe(text);
    },
  );

  it('reads SUP lists, kind, MUST and MAY', () => {
    const parsed = parseObjectClassDescription(
      "( 0.9.2342.19200300.100.4.20 NAME 'pilotOrganization' SUP ( organization $ organizationalUnit ) STRUCTURAL MAY buildingName )",
    );
    expect(parsed).toMatchObject({
      oid: '0.9.2342.19200300.100.4.20',
      names: ['pilotOrganization'],
      sup: ['organization', 'organizationalUnit'],
      kind: 'STRUCTURAL',
      must: [],
      may: ['buildingName'],
    });
  });

  it('defaults the kind to STRUCTURAL (RFC 4512 §4.1.1)', () => {
    expect(parseObjectClassDescription("( 1.2.3 NAME 'x' SUP top MUST cn )").kind).toBe('STRUCTURAL');
    expect(parseObjectClassDescription("( 1.2.3 NAME 'x' ABSTRACT )").kind).toBe('ABSTRACT');
    expect(parseObjectClassDescription("( 1.2.3 NAME 'x' auxiliary )").kind).toBe('AUXILIARY');
  });

  it.each([
    ["( 1.2.3 NAME 'x' ABSTRACT AUXILIARY )", 'AUXILIARY conflicts with ABSTRACT', 26],
    ["( 1.2.3 NAME 'x' MUST ( cn sn ) )", "expected '$' or ')' but found 'sn'", 27],
    [
      "( 1.2.3 NAME 'x' MUST ( cn $ ) )",
      "expected a required attribute type (a name or numeric OID) but found ')'",
      29,
    ],
    ["( 1.2.3 NAME 'x' MAY ( cn $ sn", "expected '$' or ')' but found end of description", 30],
    ["( 1.2.3 NAME 'x' SYNTAX 1.2.3 )", "unknown keyword 'SYNTAX'", 17],
    ["( 1.2.3 NAME 'x' MUST cn MUST sn )", 'MUST given more than once', 25],
  ])('rejects %j: %s', (text, reason, position) => {
    const error = syntaxError(() => parseObjectClassDescription(text));
    expect(error.reason).toContain(reason);
    expect(error.position).toBe(position);
    expect(error.message).toContain('invalid object class description');
  });

  it('throws SchemaSyntaxError for every truncation of every definition', () => {
    for (const text of openldapSchema.objectClasses) {
      for (let length = 0; length < text.length; length++) {
        syntaxError(() => parseObjectClassDescription(text.slice(0, length)));
      }
    }
  });
});
