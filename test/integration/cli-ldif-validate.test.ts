/**
 * `ldapmock ldif validate` as a user runs it: exit status, one `path:line: reason` per problem
 * with the line the problem is on, a count line, and OK with the number of records otherwise.
 * Files are named relative to a temp cwd, so the printed path is exactly the one typed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { killSpawned, runCli } from './cli-process.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-validate-'));
});
afterEach(killSpawned);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the lines as a file in the temp dir and returns its (relative) name. */
function ldifFile(name: string, lines: readonly string[]): string {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return name;
}

/** 1-based number of the line that is exactly `text` (it must occur once). */
function lineOf(lines: readonly string[], text: string): number {
  const index = lines.indexOf(text);
  if (index < 0 || lines.indexOf(text, index + 1) >= 0) throw new Error(`'${text}' must occur exactly once`);
  return index + 1;
}

function validate(...files: string[]) {
  return runCli(['ldif', 'validate', ...files], { cwd: dir });
}

const base = [
  'dn: dc=example,dc=org',
  'objectClass: dcObject',
  'objectClass: organization',
  'o: Example',
  'dc: example',
  '',
  'dn: ou=people,dc=example,dc=org',
  'objectClass: organizationalUnit',
  'ou: people',
];

const people = [
  'dn: uid=carol,ou=people,dc=example,dc=org',
  'objectClass: inetOrgPerson',
  'uid: carol',
  'cn: Carol',
  'sn: Carol',
  'description:: Y2Fyb2wncyBlbnRyeQ==',
  '',
  'dn: uid=dave,ou=people,dc=example,dc=org',
  'objectClass: inetOrgPerson',
  'uid: dave',
  'cn: Dave',
  'sn: Dave',
];

describe('a valid file', () => {
  test('exits 0 and prints the record count and OK', async () => {
    const file = ldifFile('valid.ldif', ['version: 1', '', ...base, '', ...people]);
    const result = await validate(file);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('4 records in 1 file: OK\n');
    expect(result.code).toBe(0);
  });

  test('two files validate together when the second is under the base of the first', async () => {
    const first = ldifFile('base.ldif', base);
    const second = ldifFile('people.ldif', people);
    const result = await validate(first, second);
    expect(result.stdout).toBe('4 records in 2 files: OK\n');
    expect(result.code).toBe(0);
  });
});

describe('a file with several problems', () => {
  const lines = [
    ...base,
    '',
    'dn: cn=bad64,dc=example,dc=org',
    'objectClass: person',
    'cn: bad64',
    'sn: bad64',
    'description:: not*base64!',
    '',
    'dn: cn=nocolon,dc=example,dc=org',
    'objectClass: person',
    'cn: nocolon',
    'sn nocolon',
    '',
    'dn: dc=example,dc=org',
    'changetype: modify',
    'replace: description',
    'description: first block never ended',
    'add: seeAlso',
    'seeAlso: cn=nocolon,dc=example,dc=org',
    '-',
    '',
    'dn: cn=twice,dc=example,dc=org',
    'objectClass: person',
    'cn: twice',
    'sn: first',
    '',
    'dn: CN=Twice,DC=Example,DC=org',
    'objectClass: person',
    'cn: Twice',
    'sn: second',
  ];
  const expected = [
    { line: lineOf(lines, 'description:: not*base64!'), reason: /description.*base64/i },
    { line: lineOf(lines, 'sn nocolon'), reason: /no ':'.*"sn nocolon"/ },
    { line: lineOf(lines, 'replace: description'), reason: /'replace: description'.*'-'/ },
    {
      line: lineOf(lines, 'dn: CN=Twice,DC=Example,DC=org'),
      reason: /CN=Twice,DC=Example,DC=org.*already ?exists/i,
    },
  ];

  test('exits 1 and prints every problem as path:line: reason, in line order, then a count', async () => {
    const file = ldifFile('broken.ldif', lines);
    const result = await validate(file);
    expect(result.code).toBe(1);
    const printed = result.stdout.trimEnd().split('\n');
    expect(printed.at(-1)).toBe(`${expected.length} problems found`);
    const problems = printed.slice(0, -1);
    expect(problems).toHaveLength(expected.length);
    problems.forEach((text, i) => {
      const want = expected[i]!;
      const match = /^(.+?):(\d+): (.+)$/.exec(text);
      expect(match, text).not.toBeNull();
      expect(match![1]).toBe(file);
      expect(Number(match![2]), text).toBe(want.line);
      expect(match![3]).toMatch(want.reason);
    });
    expect(result.stdout).not.toMatch(/OK/);
  });

  test('a single problem is counted in the singular', async () => {
    const file = ldifFile('one-problem.ldif', [
      ...base,
      '',
      'dn: cn=x,dc=example,dc=org',
      'objectClass: person',
      'cn x',
    ]);
    const result = await validate(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${file}:13: line has no ':' separator: "cn x"\n1 problem found\n`);
  });

  test('problems in two files are each named by their own file', async () => {
    const first = ldifFile('first.ldif', [
      ...base,
      '',
      'dn: cn=a,dc=example,dc=org',
      'objectClass: person',
      'cn a',
    ]);
    const second = ldifFile('second.ldif', [
      'dn: cn=b,dc=example,dc=org',
      'objectClass: person',
      'cn: b',
      'sn:: %%%',
    ]);
    const result = await validate(first, second);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^first\.ldif:13: line has no ':' separator/m);
    expect(result.stdout).toMatch(/^second\.ldif:4: value of 'sn' is not valid base64/m);
    expect(result.stdout).toMatch(/^2 problems found$/m);
  });
});

describe('the schema, checked as slapd checks it', () => {
  const lines = [...base, '', ...people, 'appRole: admin'];

  test('an entry the schema refuses is a problem on its dn line, with the rule and the way out', async () => {
    const file = ldifFile('app.ldif', lines);
    const result = await validate(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `${file}:${lineOf(lines, 'dn: uid=dave,ou=people,dc=example,dc=org')}: ` +
        'uid=dave,ou=people,dc=example,dc=org: appRole: attribute type undefined\n' +
        '1 problem found\n' +
        "hint: entries are checked against the schema as the emulated server checks them; load your application's " +
        'attribute types and classes with --schema FILE (startMockServer: schema: [files]; OpenLDAP .schema, ' +
        'cn=schema LDIF or AD attributeSchema/classSchema LDIF), or, for data no schema describes, use ' +
        '--lenient-schema (strictSchema: false), which requires only an objectClass\n',
    );
  });

  test('--lenient-schema requires only an objectClass', async () => {
    const file = ldifFile('app-lenient.ldif', lines);
    const result = await validate(file, '--lenient-schema');
    expect(result.stdout).toBe('4 records in 1 file: OK\n');
    expect(result.code).toBe(0);
  });
});

describe("--schema: the application's own schema", () => {
  const examples = join(process.cwd(), 'examples/schema');
  const users = join(examples, 'app-users.ldif');

  test('the data validates with its schema in either form, and not without', async () => {
    for (const schema of ['app.schema', 'app.ldif']) {
      // One path per --schema: the LDIF after it stays a file to validate.
      const result = await validate('--schema', join(examples, schema), users);
      expect(result.stdout).toBe('5 records in 1 file: OK\n');
      expect(result.code).toBe(0);
    }
    const without = await validate(users);
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/--schema FILE/);
  });

  test('--profile ad with AD attributeSchema/classSchema LDIF', async () => {
    const file = ldifFile('ad-app.ldif', [
      'dn: DC=corp,DC=example,DC=com',
      'objectClass: domainDNS',
      'dc: corp',
      '',
      'dn: CN=Printer,DC=corp,DC=example,DC=com',
      'objectClass: appDevice',
      'appLevel: 2',
    ]);
    const result = await validate(file, '--profile', 'ad', '--schema', join(examples, 'app-ad.ldif'));
    expect(result.stdout).toBe('2 records in 1 file: OK\n');
    expect(result.code).toBe(0);
  });

  test('a definition the server refuses is the one problem, at its line', async () => {
    const schema = ldifFile('bad.schema', ['', "attributetype ( 1.3.6.1.4.1.5.1 NAME 'cn' SUP name )"]);
    const result = await validate(ldifFile('ok.ldif', base), '--schema', schema);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'bad.schema:2: attributetype: Inconsistent duplicate attributeType: "cn" (defined built in with OID 2.5.4.3, here with 1.3.6.1.4.1.5.1)\n1 problem found\n',
    );
  });

  test('a missing --schema file exits 1 naming the flag and the path', async () => {
    const result = await validate(ldifFile('ok2.ldif', base), '--schema', 'absent.schema');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("ldapmock: --schema: cannot read schema file 'absent.schema': no such file\n");
  });
});

describe('usage errors', () => {
  test('a missing file exits 1 with a message naming it', async () => {
    const present = ldifFile('present.ldif', base);
    const result = await validate(present, 'no-such-file.ldif');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-such-file\.ldif/);
    expect(result.stderr).toMatch(/no such file/i);
    expect(result.stdout).not.toMatch(/OK/);
  });

  test('no file at all is refused', async () => {
    const result = await validate();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not enough non-option arguments/i);
  });

  test('--help explains the command, its argument and what is checked', async () => {
    const result = await runCli(['ldif', 'validate', '--help'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ldapmock ldif validate <files..>');
    expect(result.stdout).toMatch(/syntax \(RFC 2849\)/);
    expect(result.stdout).toMatch(/parents, duplicates/);
    expect(result.stdout).toMatch(/files\s+LDIF files, loaded in order/);
  });

  test('ldif --help lists the validate command', async () => {
    const result = await runCli(['ldif', '--help'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ldapmock ldif validate <files\.\.>\s+Check LDIF files/);
  });
});

describe('validate reports an entry whose parent is missing', () => {
  // An entry whose parent is not loaded is a problem. Regression: applyRecords added every
  // record with allowRoot: true, so such an entry (a typo in an ou) silently became a new naming
  // context, even inside an existing one.
  test('an entry under a missing ou is a problem on its dn line', async () => {
    const lines = [
      ...base,
      '',
      'dn: uid=erin,ou=peple,dc=example,dc=org',
      'objectClass: inetOrgPerson',
      'uid: erin',
      'cn: Erin',
      'sn: Erin',
    ];
    const file = ldifFile('orphan.ldif', lines);
    const result = await validate(file);
    expect(result.stdout).toMatch(
      new RegExp(`^orphan\\.ldif:${lineOf(lines, 'dn: uid=erin,ou=peple,dc=example,dc=org')}: .*parent`, 'm'),
    );
    expect(result.code).toBe(1);
  });

  test('files are loaded in order: entries given before their base are a problem', async () => {
    const second = ldifFile('people-first.ldif', people);
    const first = ldifFile('base-second.ldif', base);
    const result = await validate(second, first);
    expect(result.stdout).toMatch(/^people-first\.ldif:1: .*parent/m);
    expect(result.code).toBe(1);
  });
});

describe('`ldapmock ldif` without a subcommand shows its own message', () => {
  // Regression: a required `<command>` positional failed first with yargs' generic text, so the
  // demandCommand message 'Name an ldif command: validate' was never printed.
  test('it names the validate command', async () => {
    const result = await runCli(['ldif'], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/validate/);
  });
});
