/**
 * Fuzzing the text parsers (issue 10). For any input, each parser returns a result or throws its
 * own error class, located: LdifError (file:line), FilterSyntaxError (a position in the filter),
 * SchemaFileError (file:line), AuthConfigFileError (`<where>: <reason>` per problem, JSON syntax
 * errors at line and column). Never a TypeError, RangeError or other wrong kind, and never a hang:
 * every parse is timed against a generous bound, and inputs pumped to tens of kilobytes must still
 * parse quickly (a quadratic or backtracking parser would not).
 *
 * Inputs are random text and mutations of valid documents (characters inserted, deleted or
 * replaced, lines duplicated, dropped or swapped, truncation), so they get deep into each parser.
 * `PARSER_FUZZ_RUNS` sets the runs per property (default 1,000); `PROPERTY_SEED` reproduces a run.
 * A synchronous infinite loop cannot be interrupted from inside the test: it shows as a test run
 * that never ends, and the input that caused it is reproduced with the printed seed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import { AuthConfigFileError, openAuthenticator } from '../../src/cli/auth-config-file.js';
import { LdapAuthenticator } from '../../src/client/authenticator.js';
import { defaultLdapAuthConfig } from '../../src/client/config/index.js';
import { filterAst } from '../../src/conformance/arbitraries/filter.js';
import { ldifRecords } from '../../src/conformance/arbitraries/ldif.js';
import { FilterSyntaxError } from '../../src/core/filter-escape.js';
import { formatFilter } from '../../src/core/filter-format.js';
import { parseFilter } from '../../src/core/filter-parse.js';
import { LdifError, type LdifReadResult } from '../../src/core/ldif.js';
import { parseLdif, readLdif } from '../../src/core/ldif-reader.js';
import { writeLdif } from '../../src/core/ldif-writer.js';
import { parseOpenLdapSchemaFile, SchemaFileError } from '../../src/core/openldap-schema-file.js';
import { readSchemaSource } from '../../src/core/schema-source.js';
import { propertySeed } from './seed.js';

const seed = propertySeed('parser-fuzz');
const RUNS = Math.max(1, Number(process.env['PARSER_FUZZ_RUNS'] ?? 1_000));
const PROPERTY = { numRuns: RUNS, seed };
/** Pumped inputs are large: fewer of them. */
const PUMPED = { numRuns: Math.max(1, Math.ceil(RUNS / 40)), seed };
/** Far above what an input needs (about a millisecond, tens for a pumped one): only a blow-up reaches it. */
const MAX_MS = Number(process.env['PARSER_FUZZ_MAX_MS'] ?? 1_000);
/** Characters a pumped input is grown to. */
const PUMPED_LENGTH = 64 * 1024;

// --- running a parser ---------------------------------------------------------------------------

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Runs `parse`, catching what it throws; fails if it took longer than MAX_MS. */
function run<T>(parse: () => T): Outcome<T> {
  const start = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: parse() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const ms = performance.now() - start;
  if (ms > MAX_MS) throw new Error(`parsing took ${ms.toFixed(0)} ms (bound ${MAX_MS} ms)`);
  return outcome;
}

/** The thrown value, re-thrown unless it is of the parser's own class (so the test shows the stray one). */
function expectThrownOf<E>(error: unknown, kind: abstract new (...args: never[]) => E): E {
  if (error instanceof kind) return error;
  throw error;
}

// --- mutating valid documents -------------------------------------------------------------------

type Mutation =
  | { readonly kind: 'insert' | 'replace'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicateLine' | 'dropLine'; readonly at: number }
  | { readonly kind: 'swapLines'; readonly at: number; readonly other: number };

/** Random edits; inserted text is mostly one of the format's own `tokens`, so edits stay meaningful. */
function mutations(tokens: readonly string[]): fc.Arbitrary<Mutation[]> {
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...tokens) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }) },
  );
  const at = fc.nat();
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, text }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        at,
        length: fc.integer({ min: 1, max: 8 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constantFrom('duplicateLine' as const, 'dropLine' as const), at }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), at, other: fc.nat() }) },
  );
  return fc.array(mutation, { maxLength: 8 });
}

function mutate(text: string, edits: readonly Mutation[]): string {
  let out = text;
  for (const edit of edits) {
    const at = edit.at % (out.length + 1);
    switch (edit.kind) {
      case 'insert':
        out = out.slice(0, at) + edit.text + out.slice(at);
        break;
      case 'replace':
        out = out.slice(0, at) + edit.text + out.slice(at + edit.text.length);
        break;
      case 'delete':
        out = out.slice(0, at) + out.slice(at + edit.length);
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'duplicateLine':
      case 'dropLine': {
        const lines = out.split('\n');
        const i = edit.at % lines.length;
        if (edit.kind === 'duplicateLine') lines.splice(i, 0, lines[i]!);
        else lines.splice(i, 1);
        out = lines.join('\n');
        break;
      }
      case 'swapLines': {
        const lines = out.split('\n');
        const i = edit.at % lines.length;
        const j = edit.other % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        out = lines.join('\n');
        break;
      }
    }
  }
  return out;
}

/** Documents of `corpus`, mutated. */
function mutated(corpus: fc.Arbitrary<string>, tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(corpus, mutations(tokens)).map(([text, edits]) => mutate(text, edits));
}

/** An input, and which slice of it `pump` repeats. */
type Pumping = readonly [text: string, from: number, length: number];

/**
 * Inputs to pump. The pumped text is built in the test from these, so that a failure prints the
 * small input and the slice rather than 64 KiB.
 */
function pumping(inputs: fc.Arbitrary<string>): fc.Arbitrary<Pumping> {
  return fc.tuple(inputs, fc.nat(), fc.integer({ min: 1, max: 200 }));
}

/** The slice repeated until the input is PUMPED_LENGTH long: a linear parser does not mind. */
function pump([text, from, length]: Pumping): string {
  const start = from % (text.length + 1);
  const slice = text.slice(start, start + length) || '(';
  const times = Math.ceil((PUMPED_LENGTH - text.length) / slice.length);
  return text.slice(0, start) + slice.repeat(Math.max(1, times)) + text.slice(start);
}

/** Documents with LF or CRLF line ends. */
const withLineEnds = (documents: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(documents, fc.boolean())
    .map(([text, crlf]) => (crlf ? text.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n') : text));

const fixture = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

// --- LDIF ---------------------------------------------------------------------------------------

const LDIF_CORPUS: readonly string[] = [
  [
    'version: 1',
    '',
    '# a comment',
    ' that goes on',
    'dn: cn=alice,ou=people,dc=example,dc=org',
    'objectClass: inetOrgPerson',
    'cn: alice',
    'sn: Liddell',
    'description:: bGluZSBvbmUKbGluZSB0d28=',
    'jpegPhoto:< file:///photo.jpg',
    'telephoneNumber: +1 555',
    ' 0100',
    'mail;lang-en: alice@example.org',
    '',
    'dn: cn=bob,dc=example,dc=org',
    'control: 1.2.840.113556.1.4.805 true',
    'control: 1.2.840.113556.1.4.319 false:: MAUCAQA=',
    'control: 1.3.6.1.4.1.4203.1.10.1',
    'changetype: add',
    'objectClass: person',
    'cn: bob',
    'sn: B',
    '',
  ].join('\n'),
  [
    'dn: cn=alice,ou=people,dc=example,dc=org',
    'changetype: modify',
    'add: mail',
    'mail: a@b',
    '-',
    'delete: description',
    '-',
    'replace: sn',
    'sn: L',
    'sn:: TA==',
    '-',
    'increment: uidNumber',
    'uidNumber: 1',
    '-',
    '',
    'dn:: Y249Y2Fyb2wsZGM9ZXhhbXBsZSxkYz1vcmc=',
    'changetype: modrdn',
    'newrdn: cn=carol2',
    'deleteoldrdn: 1',
    'newsuperior: ou=people,dc=example,dc=org',
    '',
    'dn: cn=dave,dc=example,dc=org',
    'control: 1.2.3 true: plain value',
    'changetype: moddn',
    'newrdn:: Y249ZGF2ZTI=',
    'deleteoldrdn: 0',
    '',
    'DN: cn=eve,dc=example,dc=org',
    'ChangeType: delete',
  ].join('\n'),
  '\uFEFFdn: cn=x\n# c\ncn:  spaced value  \ncn: x\n photo:< file:///p\n\n\ndn: cn=y\nobjectClass: top\n',
  fixture('examples/schema/app.ldif'),
  fixture('examples/schema/app-ad.ldif'),
  fixture('examples/schema/app-users.ldif'),
];

const LDIF_TOKENS: readonly string[] = [
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '\n ',
  ' ',
  ':',
  '::',
  ':<',
  ': ',
  '<',
  '#',
  '\n#',
  '-',
  '\n-\n',
  '=',
  ',',
  ';',
  'AAEC',
  '===',
  '*',
  '\0',
  '\uD800',
  '\uDC00',
  '\uFEFF',
  'é',
  '😀',
  'dn:',
  '\ndn: cn=z\n',
  'version: 1\n',
  'version: 2',
  'changetype: ',
  'changetype: add\n',
  'changetype: modify\n',
  'changetype: modrdn\n',
  'changetype: delete\n',
  'control: ',
  'control: 1.2.3 true\n',
  ' false',
  'add: cn\n',
  'delete: cn\n',
  'replace: cn\n',
  'increment: n\n',
  'newrdn: ',
  'deleteoldrdn: 1\n',
  'newsuperior: ',
  'file:///photo.jpg',
  'http://x/',
];

/** What `attr:< url` lines read: a known file, a failure, a non-Error failure, plain octets. */
const resolvers = fc.constantFrom<((url: string) => Buffer) | undefined>(
  undefined,
  (url) => {
    if (url === 'file:///photo.jpg') return Buffer.from([0xff, 0xd8, 0xff]);
    throw new Error('no such file');
  },
  () => {
    throw 'unreadable';
  },
  () => new Uint8Array([1, 2, 3]) as Buffer,
);

const generatedLdif = fc
  .tuple(ldifRecords(4), fc.oneof(fc.constant(0), fc.integer({ min: 2, max: 120 })), fc.boolean())
  .map(([records, foldWidth, version]) => writeLdif(records, { foldWidth, version }));

const ldifDocuments = withLineEnds(
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...LDIF_CORPUS) },
    { weight: 1, arbitrary: generatedLdif },
  ),
);
const mutatedLdif = mutated(ldifDocuments, LDIF_TOKENS);

/** Lines of LDIF, valid or not, mixed with arbitrary text. */
const randomLdif = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.constantFrom(...LDIF_TOKENS, ...LDIF_CORPUS.flatMap((text) => text.split('\n')).slice(0, 80)),
        fc.string({ unit: 'binary', maxLength: 24 }),
        fc.string({ unit: fc.constantFrom(...':<- #\n\r=dnDN0aA/+'), maxLength: 24 }),
      ),
      { maxLength: 40 },
    ),
    fc.constantFrom('\n', '\r\n', ''),
  )
  .map(([lines, newline]) => lines.join(newline));

/** Physical lines of the input as the reader numbers them: LF-separated. */
function physicalLines(input: string | Uint8Array): number {
  if (typeof input === 'string') return input.split('\n').length;
  let count = 1;
  for (const byte of input) if (byte === 0x0a) count++;
  return count;
}

/** Every error of the result is a located LdifError; every record starts on a real line. */
function expectLocatedLdif(result: LdifReadResult, input: string | Uint8Array, file: string): void {
  const lines = physicalLines(input);
  for (const error of result.errors) {
    expectThrownOf(error, LdifError);
    expect(error.file).toBe(file);
    expect(Number.isInteger(error.line)).toBe(true);
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(lines);
    expect(error.message).toBe(`${file}:${error.line}: ${error.reason}`);
  }
  for (const record of result.records) {
    expect(record.line).toBeGreaterThanOrEqual(1);
    expect(record.line).toBeLessThanOrEqual(lines);
  }
}

/** readLdif never throws; its errors are located; the records it keeps write and read back. */
function checkLdif(input: string | Uint8Array, resolveUrl: ((url: string) => Buffer) | undefined): void {
  const file = 'fuzz.ldif';
  const outcome = run(() => readLdif(input, { fileName: file, resolveUrl }));
  if (!outcome.ok) throw outcome.error;
  expectLocatedLdif(outcome.value, input, file);
  const again = readLdif(writeLdif(outcome.value.records));
  expect(again.errors).toEqual([]);
  expect(again.records).toHaveLength(outcome.value.records.length);

  const strict = run(() => parseLdif(input, { fileName: file, resolveUrl }));
  if (strict.ok) expect(outcome.value.errors).toEqual([]);
  else expect(expectThrownOf(strict.error, LdifError).message).toBe(outcome.value.errors[0]?.message);
}

describe('LDIF reader', () => {
  test.prop([randomLdif, resolvers], PROPERTY)('random text: a result with located errors', (text, resolve) =>
    checkLdif(text, resolve),
  );

  test.prop([mutatedLdif, resolvers], PROPERTY)(
    'mutated valid LDIF (content and change records, controls, base64, URLs, folding, comments, version)',
    (text, resolve) => checkLdif(text, resolve),
  );

  const invalidUtf8 = fc.constantFrom(
    [0xff],
    [0xc3],
    [0x80],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82],
    [0xc0, 0xaf],
    [0x0a],
    [0x0d],
    [0x00],
  );
  const ldifBytes = fc
    .tuple(mutatedLdif, fc.array(fc.tuple(fc.nat(), invalidUtf8), { maxLength: 4 }))
    .map(([text, insertions]) => {
      let bytes = Buffer.from(text, 'utf8');
      for (const [at, inserted] of insertions) {
        const i = at % (bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(inserted), bytes.subarray(i)]);
      }
      return new Uint8Array(bytes);
    });

  test.prop([ldifBytes, resolvers], PROPERTY)('mutated LDIF as bytes, with invalid UTF-8', (bytes, resolve) =>
    checkLdif(bytes, resolve),
  );

  test.prop([pumping(mutatedLdif)], PUMPED)('pumped to 64 KiB, still quick', (input) =>
    checkLdif(pump(input), undefined),
  );
});

// --- filters ------------------------------------------------------------------------------------

const FILTER_CORPUS: readonly string[] = [
  '(&(objectClass=person)(|(uid=alice)(cn=Al*ce*)(!(mail=*))))',
  '(cn:dn:2.5.13.5:=John)',
  '(:caseExactMatch:=x)',
  '(:DN:2.5.13.5:=x)',
  '(sn:=Jensen)',
  '(o:dn:=Ace Industry)',
  '(userAccountControl:1.2.840.113556.1.4.803:=2)',
  '(memberOf:1.2.840.113556.1.4.1941:=cn=g,dc=x)',
  '(cn=\\2a\\28\\29\\5c\\00)',
  '(cn=\\*\\(\\)\\\\)',
  '(cn=*a*b**c*)',
  '(|(cn~=jon)(age>=5)(age<=7))',
  '(cn;lang-en=x)',
  '(2.5.4.3=x)',
  '(seeAlso=cn=a\\5c,b)',
  '(cn=\\e4\\b8\\ad\\C3\\A9)',
  '(cn=中文😀)',
  'uid=alice',
  '  (&\n  (uid=a)\n\t(cn=b)\n)  ',
  `${'(&'.repeat(40)}(uid=a)${')'.repeat(40)}`,
  `${'(!'.repeat(70)}(uid=a)${')'.repeat(70)}`,
];

const FILTER_TOKENS: readonly string[] = [
  '(',
  ')',
  '&',
  '|',
  '!',
  '(&',
  '(|',
  '(!',
  '((',
  '))',
  '()',
  '*',
  '**',
  '\\',
  '\\2a',
  '\\5C',
  '\\g0',
  '\\a',
  '\\(',
  '\\*',
  ':',
  ':dn:',
  ':DN',
  ':=',
  ':1.2.3:',
  ':rule:',
  '~=',
  '>=',
  '<=',
  '=',
  '==',
  ';',
  ';x',
  '.',
  '..',
  '0',
  ' ',
  '\t',
  '\n',
  '\uD800',
  '\uDC00',
  '\0',
  'é',
  '😀',
  '\u0085',
];

const generatedFilters = filterAst({ maxDepth: 4 }).map(formatFilter);
const filterDocuments = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...FILTER_CORPUS) },
  { weight: 2, arbitrary: generatedFilters },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 1, max: 150 }),
        fc.constantFrom('(&', '(|', '(!'),
        fc.constantFrom(...FILTER_CORPUS),
      )
      .map(([depth, open, inner]) => `${open.repeat(depth)}${inner}${')'.repeat(depth)}`),
  },
);
const mutatedFilters = mutated(filterDocuments, FILTER_TOKENS);

const randomFilters = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'()&|!*\\=~<>:;.- \taZ09éx'), maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.constantFrom(...FILTER_TOKENS, 'cn', 'uid', 'x', '2.5.4.3'), { maxLength: 30 })
    .map((parts) => parts.join('')),
);

const filterOptions = fc.option(
  fc.record(
    { maxDepth: fc.integer({ min: 1, max: 100 }), maxLength: fc.integer({ min: 1, max: 2_000 }) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

/** parseFilter gives a Filter that formats and parses back to itself, or a located FilterSyntaxError. */
function checkFilter(text: string, options: { maxDepth?: number; maxLength?: number } | undefined): void {
  const outcome = run(() => parseFilter(text, options));
  if (outcome.ok) {
    const formatted = formatFilter(outcome.value);
    expect(parseFilter(formatted, { maxLength: Number.MAX_SAFE_INTEGER, maxDepth: 1_000 })).toStrictEqual(
      outcome.value,
    );
    return;
  }
  const error = expectThrownOf(outcome.error, FilterSyntaxError);
  expect(error.input).toBe(text);
  expect(Number.isInteger(error.position)).toBe(true);
  expect(error.position).toBeGreaterThanOrEqual(0);
  expect(error.position).toBeLessThanOrEqual(text.length);
  expect(error.message).toBe(`${error.reason} (at position ${error.position})`);
}

describe('filter parser', () => {
  test.prop([randomFilters, filterOptions], PROPERTY)(
    'random text: a Filter or a FilterSyntaxError with its position',
    (text, options) => checkFilter(text, options),
  );

  test.prop([mutatedFilters, filterOptions], PROPERTY)(
    'mutated valid filters (nesting, escapes, extensible match, substrings)',
    (text, options) => checkFilter(text, options),
  );

  test.prop([pumping(mutatedFilters)], PUMPED)('pumped to 64 KiB, still quick', (input) =>
    checkFilter(pump(input), undefined),
  );
});

// --- schema files -------------------------------------------------------------------------------

/** The RFC 4512 descriptions slapd publishes, from the openldap profile's fixture. */
const DESCRIPTIONS = fixture('fixtures/schema/openldap.schema')
  .split('\n')
  .flatMap((line) => {
    const match = /^(attributeTypes|objectClasses|ldapSyntaxes): (.*)$/.exec(line);
    return match ? [{ kind: match[1]!, text: match[2]! }] : [];
  });

const SLAPD_KEYWORD: Record<string, string> = {
  attributeTypes: 'attributetype',
  objectClasses: 'objectclass',
  ldapSyntaxes: 'ldapsyntax',
};

/** A few consecutive descriptions of the fixture. */
const descriptionWindow = fc
  .tuple(fc.nat(DESCRIPTIONS.length - 1), fc.integer({ min: 1, max: 6 }))
  .map(([from, count]) => DESCRIPTIONS.slice(from, from + count));

const SLAPD_CORPUS: readonly string[] = [
  fixture('examples/schema/app.schema'),
  [
    'objectidentifier Root 1.3.6.1.4.1.99999',
    'objectIdentifier Attrs Root:1',
    "attributetype ( Attrs:1 NAME ( 'a' 'b-2' ) DESC 'it\\27s \\5C' OBSOLETE SUP name",
    "  EQUALITY caseIgnoreMatch SYNTAX '1.3.6.1.4.1.1466.115.121.1.15{32}' SINGLE-VALUE COLLECTIVE",
    "  NO-USER-MODIFICATION USAGE directoryOperation X-ORIGIN ( 'x' 'y' ) )",
    "ldapsyntax ( 1.2.3 DESC 'a syntax' X-NOT-HUMAN-READABLE 'TRUE' )",
    "objectclass ( Root:2.1 NAME 'c' SUP ( top $ person ) ABSTRACT MUST ( cn $ a ) MAY b )",
    'attributeype ( 1.2.4 SUP a )',
  ].join('\n'),
];

const slapdWindow = descriptionWindow.map((window) =>
  window
    .map(({ kind, text }) => `${SLAPD_KEYWORD[kind]} ${text.replace(/ (?=[A-Z-]{3,} )/g, '\n\t')}`)
    .join('\n\n'),
);

const SCHEMA_TOKENS: readonly string[] = [
  '(',
  ')',
  "'",
  "''",
  '$',
  '{',
  '}',
  '{0}',
  '\\',
  '\\27',
  '\\5C',
  '\\5',
  ':',
  ':1',
  ' ',
  '\n',
  '\n\t',
  '\n ',
  '\n#',
  '\r\n',
  '\t',
  'NAME ',
  "NAME 'x' ",
  'DESC ',
  'SUP ',
  'SYNTAX ',
  'EQUALITY ',
  'MUST ',
  'MAY ',
  'AUXILIARY ',
  'USAGE ',
  'X-ORIGIN ',
  'OBSOLETE ',
  'SINGLE-VALUE ',
  '1.3.6.1.4.1.1466.115.121.1.15',
  '1.2.3',
  '01.2',
  'Root:',
  'objectidentifier ',
  'objectidentifier Root 1.2.3\n',
  'attributetype ',
  'objectclass ',
  'ldapsyntax ',
  '\0',
  '\uD800',
  '😀',
];

const slapdDocuments = withLineEnds(
  fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...SLAPD_CORPUS) }, { weight: 2, arbitrary: slapdWindow }),
);
const mutatedSlapd = mutated(slapdDocuments, SCHEMA_TOKENS);

/** Schema in LDIF: cn=config entries, a subschema dump, AD schema objects. */
const olcWindow = fc
  .tuple(descriptionWindow, fc.boolean())
  .map(([window, order]) =>
    [
      'dn: cn=fuzz,cn=schema,cn=config',
      'objectClass: olcSchemaConfig',
      'cn: fuzz',
      'olcObjectIdentifier: {0}Root 1.3.6.1.4.1.99999',
      ...window.map(
        ({ kind, text }, i) =>
          `olc${kind[0]!.toUpperCase()}${kind.slice(1)}: ${order ? `{${i}}` : ''}${text}`,
      ),
    ].join('\n'),
  );
const subschemaWindow = descriptionWindow.map((window) =>
  ['dn: cn=Subschema', ...window.map(({ kind, text }) => `${kind}: ${text}`)].join('\n'),
);

const LDIF_SCHEMA_CORPUS: readonly string[] = [
  fixture('examples/schema/app.ldif'),
  fixture('examples/schema/app-ad.ldif'),
  [
    'dn: CN=Fuzz-Attr,CN=Schema,CN=Configuration,DC=X',
    'changetype: ntdsSchemaAdd',
    'objectClass: attributeSchema',
    'attributeID: 1.2.3.4',
    'attributeSyntax: 2.5.5.12',
    'oMSyntax: 64',
    'isSingleValued: TRUE',
    'systemOnly: FALSE',
    'systemFlags: 4',
    'searchFlags: -1',
    'rangeLower: 0',
    'attributeSecurityGUID:: AAAAAAAAAAAAAAAAAAAAAA==',
    '',
    'dn: CN=Fuzz-Class,CN=Schema,CN=Configuration,DC=X',
    'objectClass: classSchema',
    'governsID: 1.2.3.5',
    'subClassOf: fuzzClass',
    'objectClassCategory: 0',
    'defaultObjectCategory: CN=Person,CN=Schema,CN=Configuration,DC=X',
    'systemMustContain: cn',
    'systemAuxiliaryClass: x',
    '',
    'dn: CN=Group,CN=Schema,CN=Configuration,DC=X',
    'changetype: ntdsSchemaModify',
    'replace: mayContain',
    'mayContain: x',
    '-',
    'add: systemMayContain',
    'systemMayContain: y',
    '-',
  ].join('\n'),
];

const LDIF_SCHEMA_TOKENS: readonly string[] = [
  ...LDIF_TOKENS,
  ...SCHEMA_TOKENS,
  'changetype: ntdsSchemaAdd',
  'objectClass: attributeSchema\n',
  'objectClass: classSchema\n',
  'TRUE',
  'FALSE',
  'lDAPDisplayName: ',
  'oMSyntax: 127\n',
  'attributeSyntax: 2.5.5.1\n',
  'objectClassCategory: 4',
  ',CN=Schema,CN=Configuration,',
  'schemaIDGUID:: AAAA\n',
  'add: mustContain\n',
  'olcAttributeTypes: ',
  'attributeTypes: ',
];

const ldifSchemaDocuments = withLineEnds(
  fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...LDIF_SCHEMA_CORPUS) },
    { weight: 1, arbitrary: olcWindow },
    { weight: 1, arbitrary: subschemaWindow },
  ),
);
const mutatedLdifSchema = mutated(ldifSchemaDocuments, LDIF_SCHEMA_TOKENS);

/** Every line a schema error or a description may name: LF-separated lines, at least one. */
const schemaLines = (text: string): number => text.split('\n').length;

function expectLocatedSchemaError(error: unknown, text: string, file: string): void {
  const located = expectThrownOf(error, SchemaFileError);
  expect(located.file).toBe(file);
  expect(Number.isInteger(located.line)).toBe(true);
  expect(located.line).toBeGreaterThanOrEqual(1);
  expect(located.line).toBeLessThanOrEqual(schemaLines(text));
  expect(located.message).toBe(`${file}:${located.line}: ${located.reason}`);
}

function expectLocatedDescriptions(lists: readonly (readonly { line: number }[])[], text: string): void {
  for (const list of lists) {
    for (const { line } of list) {
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(schemaLines(text));
    }
  }
}

/** readSchemaSource: a schema in one of its forms, or a SchemaFileError at a real line. */
function checkSchemaSource(input: string | Uint8Array, text: string): void {
  const file = 'fuzz.schema';
  const outcome = run(() => readSchemaSource(input, file));
  if (!outcome.ok) {
    expectLocatedSchemaError(outcome.error, text, file);
    return;
  }
  const source = outcome.value;
  if (source.form === 'ad-ldif') {
    const { attributes, classes, classChanges } = source.objects;
    expectLocatedDescriptions([attributes, classes, classChanges], text);
  } else {
    const { attributeTypes, objectClasses, ldapSyntaxes } = source.definitions;
    expectLocatedDescriptions([attributeTypes, objectClasses, ldapSyntaxes], text);
  }
}

describe('schema files', () => {
  test.prop([mutatedSlapd], PROPERTY)(
    'slapd.conf form (parseOpenLdapSchemaFile, readSchemaSource): definitions or SchemaFileError at its line',
    (text) => {
      const outcome = run(() => parseOpenLdapSchemaFile(text, 'fuzz.schema'));
      if (outcome.ok) {
        const { attributeTypes, objectClasses, ldapSyntaxes } = outcome.value;
        expectLocatedDescriptions([attributeTypes, objectClasses, ldapSyntaxes], text);
      } else expectLocatedSchemaError(outcome.error, text, 'fuzz.schema');
      checkSchemaSource(text, text);
    },
  );

  test.prop([mutatedLdifSchema, fc.boolean()], PROPERTY)(
    'LDIF form (cn=config, subschema dump, AD objects), as text or bytes: a schema or SchemaFileError at its line',
    (text, asBytes) => checkSchemaSource(asBytes ? Buffer.from(text, 'utf8') : text, text),
  );

  test.prop([pumping(fc.oneof(mutatedSlapd, mutatedLdifSchema))], PUMPED)(
    'pumped to 64 KiB, still quick',
    (input) => {
      const text = pump(input);
      checkSchemaSource(text, text);
    },
  );
});

// --- the authenticator's configuration file -----------------------------------------------------

const folder = mkdtempSync(join(tmpdir(), 'ldapmock-parser-fuzz-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
writeFileSync(join(folder, 'ca.pem'), 'not a certificate\n');
writeFileSync(join(folder, 'bad.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
writeFileSync(join(folder, 'key.pem'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');

/** Appears only as the bindpass value: a JSON syntax error must never quote it. */
const SECRET = 'Fuzz-S3cret-Bindpass';
const CONFIG_KEYS = Object.keys(defaultLdapAuthConfig);
const TOP_LEVEL_KEYS = ['config', 'groups', 'users', 'defaultPolicies'];

const validConfig = {
  config: {
    url: 'ldap://127.0.0.1:389,ldaps://dc2:636',
    binddn: 'cn=admin,dc=example,dc=org',
    bindpass: SECRET,
    userdn: 'ou=people,dc=example,dc=org',
    userattr: 'uid',
    userfilter: '(&(objectClass=person)({{.UserAttr}}={{.Username}}))',
    groupdn: 'ou=groups,dc=example,dc=org',
    groupfilter: '(&(objectClass=groupOfNames)(member={{.UserDN}}))',
    groupattr: 'cn',
    starttls: false,
    insecure_tls: false,
    request_timeout: '30s',
    token_policies: ['default'],
  },
  groups: { admins: { policies: 'admin,ops' } },
  users: { alice: { groups: ['admins'], policies: 'p' } },
  defaultPolicies: 'reader',
};

const AUTH_CORPUS: readonly string[] = [
  JSON.stringify(validConfig, null, 2),
  JSON.stringify(validConfig),
  JSON.stringify(
    {
      ...validConfig,
      config: {
        ...validConfig.config,
        certificate: '@ca.pem',
        client_tls_cert: '@bad.pem',
        client_tls_key: '@key.pem',
        upndomain: 'example.org',
        discoverdn: true,
        case_sensitive_names: 'yes',
      },
    },
    null,
    '\t',
  ),
];

const AUTH_TOKENS: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  '"',
  '""',
  ',',
  ':',
  ' ',
  '\n',
  '\t',
  'null',
  'true',
  '0',
  '-',
  '1e999',
  '.5',
  '"@"',
  '"@ca.pem"',
  '"@missing.pem"',
  '"@bad.pem"',
  '"@key.pem"',
  '\\',
  '\\u',
  '\\u0000',
  '\\n',
  '"__proto__"',
  '"__proto__": {}',
  '"constructor"',
  '\uFEFF',
  '\u2028',
  '"config"',
  '"users"',
  '"groups"',
  '"defaultPolicies"',
  '"url"',
  '"certificate"',
  '"policies"',
  '"token_policies"',
  '{{.UserDN}}',
  '{{',
  '\0',
  '\uD800',
  '😀',
];

const mutatedAuthConfig = mutated(fc.constantFrom(...AUTH_CORPUS), AUTH_TOKENS);

const mappingName = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'Alice', 'alice'),
);
const listValue = fc.oneof(
  fc.string(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 1 }),
);

/** Documents of the right shape with random values: every key's validator sees wrong types. */
const generatedAuthConfig = fc
  .record(
    {
      config: fc.dictionary(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...CONFIG_KEYS, 'policies') },
          { weight: 1, arbitrary: fc.string() },
        ),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom('@ca.pem', '@bad.pem', '@', 'ldap://x', '1s', '{{.Username}}', '(cn={{.UserDN}})'),
        ),
        { maxKeys: 8 },
      ),
      users: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.dictionary(
          mappingName,
          fc.record({ groups: listValue, policies: listValue }, { requiredKeys: [] }),
          { maxKeys: 3 },
        ),
      ),
      groups: fc.dictionary(mappingName, fc.record({ policies: listValue }, { requiredKeys: [] }), {
        maxKeys: 3,
      }),
      defaultPolicies: fc.jsonValue({ maxDepth: 1 }),
      extra: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  )
  .map((document) => JSON.stringify(document, null, 1));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

let fileCount = 0;

/** openAuthenticator: an authenticator, or an AuthConfigFileError whose every problem names where. */
function checkAuthConfig(input: string): void {
  // What the file holds: a lone surrogate has no UTF-8 form and is written as U+FFFD.
  const text = Buffer.from(input, 'utf8').toString('utf8');
  const path = join(folder, `config-${fileCount++ % 8}.json`);
  writeFileSync(path, text);
  const outcome = run(() => openAuthenticator(path));
  let document: unknown;
  let json = true;
  try {
    document = JSON.parse(text);
  } catch {
    json = false;
  }
  if (outcome.ok) {
    expect(outcome.value).toBeInstanceOf(LdapAuthenticator);
    // Accepted: nothing unknown slipped through.
    expect(isObject(document)).toBe(true);
    const doc = document as Record<string, unknown>;
    for (const key of Object.keys(doc)) expect(TOP_LEVEL_KEYS).toContain(key);
    for (const key of Object.keys(doc['config'] as object)) {
      expect([...CONFIG_KEYS, 'policies']).toContain(key);
    }
    // And every mapping of the file is there (a `__proto__` name once went missing).
    const { policies } = outcome.value;
    for (const name of isObject(doc['users']) ? Object.keys(doc['users']) : []) {
      expect(policies.getUser(name), `users.${name}`).toBeDefined();
    }
    for (const name of isObject(doc['groups']) ? Object.keys(doc['groups']) : []) {
      expect(policies.getGroup(name), `groups.${name}`).toBeDefined();
    }
    return;
  }
  const error = expectThrownOf(outcome.error, AuthConfigFileError);
  expect(error.file).toBe(path);
  expect(error.problems.length).toBeGreaterThan(0);
  expect(error.message).toBe(error.problems.map((problem) => `${path}: ${problem}`).join('\n'));
  if (!json) {
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem).toMatch(/^not valid JSON: .* at line \d+, column \d+$/s);
    expect(problem).not.toContain(SECRET.slice(0, 8));
    return;
  }
  if (!isObject(document)) {
    expect(error.problems).toEqual([
      expect.stringMatching(/^expected a JSON object with a "config" key, got /),
    ]);
    return;
  }
  // `<where>: <reason>`, where naming a key of the document (or the config it lacks).
  const config = isObject(document['config']) ? document['config'] : {};
  const places = [
    'config',
    ...Object.keys(document),
    ...Object.keys(config).map((key) => `config.${key}`),
    ...CONFIG_KEYS.map((key) => `config.${key}`),
  ];
  for (const problem of error.problems) {
    const named = places.some((place) => problem.startsWith(`${place}: `) || problem.startsWith(`${place}.`));
    expect(named, problem).toBe(true);
  }
}

describe('authenticator configuration file', () => {
  test.prop([mutatedAuthConfig], PROPERTY)(
    'mutated valid files: an authenticator, or AuthConfigFileError naming the key or line of each problem',
    checkAuthConfig,
  );

  test.prop([generatedAuthConfig], PROPERTY)(
    'documents with random values under the known keys',
    checkAuthConfig,
  );

  test.prop([pumping(mutatedAuthConfig)], PUMPED)('pumped to 64 KiB, still quick', (input) =>
    checkAuthConfig(pump(input)),
  );
});
