/**
 * The real OpenLDAP command-line tools against the dev server started as a user starts it
 * (`node bin/ldapmock.js serve …`), over ldap://, StartTLS (-ZZ) and ldaps://, trusting the CA
 * the server printed. Every expectation also runs against a real slapd loaded with the same
 * fixture, which proves the expectation is OpenLDAP's behaviour and not a guess.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { startDevServer } from './dev-server-process.js';
import { runLdapTool, type ToolResult } from './ldap-tool.js';
import { startSlapdForSuite } from './slapd.js';

const BASE = 'dc=example,dc=org';
const ROOT_DN = `cn=admin,${BASE}`;
const ALICE = `uid=alice,ou=people,${BASE}`;
const ESCAPED_HEX = `cn=\\23Smith\\2C \\22J\\2BR\\22 Müller\\20,ou=people,${BASE}`;

interface RunningServer {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caFile: string;
  stop(): Promise<void>;
}

interface ServerKind {
  readonly name: string;
  start(): Promise<RunningServer>;
}

const serverKinds: readonly ServerKind[] = [
  {
    name: 'real slapd',
    async start() {
      const slapd = await startSlapdForSuite('ldap-utils');
      return { url: slapd.url, ldapsUrl: slapd.ldapsUrl, caFile: slapd.caFile, stop: () => slapd.stop() };
    },
  },
  {
    name: 'ldapmock serve',
    async start() {
      const certDir = mkdtempSync(join(tmpdir(), 'ldapmock-utils-certs-'));
      const port = await freePort();
      let ldapsPort = await freePort();
      while (ldapsPort === port) ldapsPort = await freePort();
      const server = await startDevServer({ port, ldapsPort, certDir }).catch((error: unknown) => {
        rmSync(certDir, { recursive: true, force: true });
        throw error;
      });
      return {
        url: server.url,
        ldapsUrl: server.ldapsUrl,
        caFile: server.caFile,
        async stop() {
          const exit = await server.stop();
          rmSync(certDir, { recursive: true, force: true });
          if (exit === 'SIGKILL') throw new Error(`ldapmock serve ignored SIGINT:\n${server.output()}`);
        },
      };
    },
  },
];

/** A CA that signed neither server, to prove certificates are really verified. */
function unrelatedCa(dir: string): string {
  const file = join(dir, 'unrelated-ca.pem');
  execFileSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=unrelated CA',
    '-keyout',
    join(dir, 'unrelated-ca.key'),
    '-out',
    file,
  ]);
  return file;
}

function describeResult(result: ToolResult): string {
  return `exit ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

describe.each(serverKinds)('ldap-utils against $name', (kind) => {
  let server: RunningServer | undefined;
  let scratch = '';
  let wrongCa = '';

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'ldapmock-utils-'));
    wrongCa = unrelatedCa(scratch);
    server = await kind.start();
  });

  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await server?.stop();
  });

  function running(): RunningServer {
    if (server === undefined) throw new Error(`${kind.name} did not start`);
    return server;
  }

  async function tool(
    name: string,
    args: readonly string[],
    input?: string,
    caFile?: string,
  ): Promise<ToolResult> {
    const s = running();
    const concrete = args.map((a) => (a === '{url}' ? s.url : a === '{ldapsUrl}' ? s.ldapsUrl : a));
    return runLdapTool(name, concrete, {
      caFile: caFile ?? s.caFile,
      ...(input === undefined ? {} : { input }),
    });
  }

  function expectExit(result: ToolResult, code: number): void {
    expect(result.exitCode, describeResult(result)).toBe(code);
  }

  it('ldapwhoami: anonymous over ldap://', async () => {
    const result = await tool('ldapwhoami', ['-x', '-H', '{url}']);
    expectExit(result, 0);
    expect(result.stdout).toBe('anonymous\n');
  });

  it.each([
    ['ldap://', ['-H', '{url}']],
    ['StartTLS (-ZZ)', ['-ZZ', '-H', '{url}']],
    ['ldaps://', ['-H', '{ldapsUrl}']],
  ])('ldapwhoami: simple bind over %s', async (_, transport) => {
    const result = await tool('ldapwhoami', ['-x', ...transport, '-D', ALICE, '-w', 'alice-password']);
    expectExit(result, 0);
    expect(result.stdout).toBe(`dn:${ALICE}\n`);
  });

  it('ldapwhoami: wrong password exits 49 with no diagnostic text', async () => {
    const result = await tool('ldapwhoami', ['-x', '-H', '{url}', '-D', ALICE, '-w', 'wrong']);
    expectExit(result, 49);
    expect(result.stderr).toBe('ldap_bind: Invalid credentials (49)\n');
  });

  it('ldapwhoami: DN with an empty password is an unauthenticated bind (53)', async () => {
    const result = await tool('ldapwhoami', ['-x', '-H', '{url}', '-D', ALICE, '-w', '']);
    expectExit(result, 53);
    expect(result.stderr).toBe(
      'ldap_bind: Server is unwilling to perform (53)\n\tadditional info: unauthenticated bind (DN with no password) disallowed\n',
    );
  });

  it('ldapwhoami: the ppolicy-locked user gets 49 with its right password', async () => {
    const result = await tool('ldapwhoami', [
      '-x',
      '-H',
      '{url}',
      '-e',
      'ppolicy',
      '-D',
      `uid=locked,ou=people,${BASE}`,
      '-w',
      'locked-password',
    ]);
    expectExit(result, 49);
    expect(result.stderr).toBe('ldap_bind: Invalid credentials (49)\n');
  });

  it('StartTLS with an unrelated CA fails the handshake', async () => {
    const result = await tool('ldapwhoami', ['-x', '-ZZ', '-H', '{url}'], undefined, wrongCa);
    expectExit(result, 1);
    expect(result.stderr).toContain('ldap_start_tls: Connect error (-11)');
  });

  it('ldaps:// with an unrelated CA cannot connect', async () => {
    const result = await tool('ldapwhoami', ['-x', '-H', '{ldapsUrl}'], undefined, wrongCa);
    expectExit(result, 255);
    expect(result.stderr).toContain("Can't contact LDAP server (-1)");
  });

  it('ldapsearch: memberOf only when asked for, in schema case', async () => {
    const result = await tool('ldapsearch', [
      '-x',
      '-LLL',
      '-H',
      '{url}',
      '-b',
      ALICE,
      '-s',
      'base',
      'uid',
      'MEMBEROF',
    ]);
    expectExit(result, 0);
    expect(result.stdout).toBe(`dn: ${ALICE}\nuid: alice\nmemberOf: cn=developers,ou=groups,${BASE}\n\n`);
  });

  it('ldapsearch over StartTLS: a filter value with special and non-ASCII characters', async () => {
    const result = await tool('ldapsearch', [
      '-x',
      '-ZZ',
      '-LLL',
      '-o',
      'ldif-wrap=no',
      '-H',
      '{url}',
      '-b',
      `ou=people,${BASE}`,
      '(cn=#Smith, "J+R" Müller)',
      'cn',
    ]);
    expectExit(result, 0);
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    expect(result.stdout).toBe(`dn:: ${b64(ESCAPED_HEX)}\ncn:: ${b64('#Smith, "J+R" Müller ')}\n\n`);
  });

  it('ldapsearch: 500 entries then "Size limit exceeded" (4) without paging', async () => {
    const result = await tool('ldapsearch', ['-x', '-H', '{url}', '-b', `ou=bulk,${BASE}`, '1.1']);
    expectExit(result, 4);
    expect(result.stdout).toContain('result: 4 Size limit exceeded\n');
    expect(result.stdout).toContain('# numEntries: 500\n');
  });

  it('ldapsearch: paging (pr=100) is capped by the same 500 total', async () => {
    const result = await tool('ldapsearch', [
      '-x',
      '-H',
      '{url}',
      '-b',
      `ou=bulk,${BASE}`,
      '-E',
      'pr=100/noprompt',
      '1.1',
    ]);
    expectExit(result, 4);
    expect(result.stdout).toContain('# numEntries: 500\n');
    expect(result.stdout.match(/^result: 0 Success$/gm)).toHaveLength(5);
    expect(result.stdout).toContain('result: 4 Size limit exceeded\n');
  });

  it('ldapsearch: the rootdn is not size-limited', async () => {
    const result = await tool('ldapsearch', [
      '-x',
      '-H',
      '{url}',
      '-D',
      ROOT_DN,
      '-w',
      'admin',
      '-b',
      `ou=bulk,${BASE}`,
      '1.1',
    ]);
    expectExit(result, 0);
    expect(result.stdout).toContain('# numEntries: 601\n');
  });

  it('ldapsearch: a missing base exits 32 and names the matched DN', async () => {
    const result = await tool('ldapsearch', [
      '-x',
      '-H',
      '{url}',
      '-b',
      `uid=x,ou=missing,ou=people,${BASE}`,
    ]);
    expectExit(result, 32);
    expect(result.stdout).toContain(`result: 32 No such object\nmatchedDN: ou=people,${BASE}\n`);
  });

  it('ldapcompare: TRUE (6) over ldaps://, FALSE (5) over ldap://', async () => {
    const yes = await tool('ldapcompare', ['-x', '-H', '{ldapsUrl}', ALICE, 'uid:alice']);
    expectExit(yes, 6);
    expect(yes.stdout).toBe('TRUE\n');
    const no = await tool('ldapcompare', ['-x', '-H', '{url}', ALICE, 'uid:bob']);
    expectExit(no, 5);
    expect(no.stdout).toBe('FALSE\n');
  });

  it('ldapmodify: add, modify, delete an entry as the rootdn', async () => {
    const dn = `uid=utils-modify,ou=people,${BASE}`;
    const admin = ['-x', '-H', '{url}', '-D', ROOT_DN, '-w', 'admin'];
    const added = await tool(
      'ldapmodify',
      admin,
      `dn: ${dn}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: utils-modify\ncn: Utils\nsn: Modify\n\n` +
        `dn: ${dn}\nchangetype: modify\nreplace: description\ndescription: changed by ldapmodify\n`,
    );
    expectExit(added, 0);
    expect(added.stdout).toBe(`adding new entry "${dn}"\n\nmodifying entry "${dn}"\n\n`);
    const read = await tool('ldapsearch', [
      '-x',
      '-LLL',
      '-H',
      '{url}',
      '-b',
      dn,
      '-s',
      'base',
      'description',
    ]);
    expectExit(read, 0);
    expect(read.stdout).toBe(`dn: ${dn}\ndescription: changed by ldapmodify\n\n`);
    const deleted = await tool('ldapmodify', admin, `dn: ${dn}\nchangetype: delete\n`);
    expectExit(deleted, 0);
    const gone = await tool('ldapsearch', ['-x', '-LLL', '-H', '{url}', '-b', dn, '-s', 'base']);
    expectExit(gone, 32);
  });

  it('ldapmodify: the schema is checked by default (17 undefined type, 65 sn missing), nothing is written', async () => {
    const dn = `uid=utils-schema,ou=people,${BASE}`;
    const admin = ['-x', '-H', '{url}', '-D', ROOT_DN, '-w', 'admin'];
    const person = `dn: ${dn}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: utils-schema\ncn: Utils\n`;
    const undefinedType = await tool('ldapmodify', admin, `${person}sn: Schema\nfooBarBaz: 1\n`);
    expectExit(undefinedType, 17);
    expect(undefinedType.stderr).toContain(
      'ldap_add: Undefined attribute type (17)\n\tadditional info: fooBarBaz: attribute type undefined\n',
    );
    const noSn = await tool('ldapmodify', admin, person);
    expectExit(noSn, 65);
    expect(noSn.stderr).toContain(
      "ldap_add: Object class violation (65)\n\tadditional info: object class 'inetOrgPerson' requires attribute 'sn'\n",
    );
    const modify = await tool(
      'ldapmodify',
      admin,
      `dn: ${ALICE}\nchangetype: modify\nreplace: fooBarBaz\nfooBarBaz: 1\n`,
    );
    expectExit(modify, 17);
    const gone = await tool('ldapsearch', ['-x', '-LLL', '-H', '{url}', '-b', dn, '-s', 'base']);
    expectExit(gone, 32);
  });

  it('ldapmodify increment: two values 2, a type without integer syntax 19, a bad value 21, then +2', async () => {
    const admin = ['-x', '-H', '{url}', '-D', ROOT_DN, '-w', 'admin'];
    const bob = `uid=bob,ou=people,${BASE}`;
    const increment = (type: string, ...values: string[]) =>
      tool(
        'ldapmodify',
        admin,
        `dn: ${bob}\nchangetype: modify\nincrement: ${type}\n${values.map((v) => `${type}: ${v}\n`).join('')}`,
      );
    const two = await increment('uidNumber', '1', '2');
    expectExit(two, 2);
    expect(two.stderr).toContain('additional info: modify/increment operation requires single value\n');
    const text = await increment('description', '1');
    expectExit(text, 19);
    expect(text.stderr).toContain(
      'additional info: description: attribute syntax inappropriate for increment\n',
    );
    const bad = await increment('uidNumber', 'abc');
    expectExit(bad, 21);
    expect(bad.stderr).toContain('additional info: uidNumber: value #0 invalid per syntax\n');
    const read = () =>
      tool('ldapsearch', ['-x', '-LLL', '-H', '{url}', '-b', bob, '-s', 'base', 'uidNumber']);
    const before = Number(/uidNumber: (\d+)/.exec((await read()).stdout)?.[1]);
    try {
      expectExit(await increment('uidNumber', '2'), 0);
      expect((await read()).stdout).toContain(`uidNumber: ${before + 2}\n`);
    } finally {
      await increment('uidNumber', '-2');
    }
  });

  it('ldappasswd: the rootdn sets a password ppolicy would refuse a user; the user stays held to it', async () => {
    const dn = `uid=utils-rootpw,ou=people,${BASE}`;
    const admin = ['-x', '-H', '{url}', '-D', ROOT_DN, '-w', 'admin'];
    const added = await tool(
      'ldapmodify',
      admin,
      `dn: ${dn}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: utils-rootpw\ncn: Utils\nsn: Rootpw\nuserPassword: first-password\n`,
    );
    expectExit(added, 0);
    try {
      expectExit(await tool('ldappasswd', [...admin, '-s', 'abc', dn]), 0);
      const bound = await tool('ldapwhoami', ['-x', '-H', '{url}', '-D', dn, '-w', 'abc']);
      expectExit(bound, 0);
      const own = await tool('ldappasswd', [
        '-x',
        '-H',
        '{url}',
        '-D',
        dn,
        '-w',
        'abc',
        '-a',
        'abc',
        '-s',
        'xyz',
      ]);
      expectExit(own, 1);
      expect(own.stdout).toContain(
        'Result: Constraint violation (19)\nAdditional info: Password fails quality checking policy\n',
      );
    } finally {
      await tool('ldapmodify', admin, `dn: ${dn}\nchangetype: delete\n`);
    }
  });

  it('ldappasswd: changes a password over StartTLS; ppolicy rejects a short one', async () => {
    const dn = `uid=utils-passwd,ou=people,${BASE}`;
    const admin = ['-x', '-H', '{url}', '-D', ROOT_DN, '-w', 'admin'];
    const added = await tool(
      'ldapmodify',
      admin,
      `dn: ${dn}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: utils-passwd\ncn: Utils\nsn: Passwd\nuserPassword: first-password\n`,
    );
    expectExit(added, 0);
    try {
      const self = ['-x', '-ZZ', '-H', '{url}', '-D', dn];
      const short = await tool('ldappasswd', [
        ...self,
        '-w',
        'first-password',
        '-a',
        'first-password',
        '-s',
        'short',
        '-e',
        'ppolicy',
      ]);
      expectExit(short, 1);
      expect(short.stdout).toContain(
        'Result: Constraint violation (19)\nAdditional info: Password fails quality checking policy\n',
      );
      expect(short.stdout).toContain('ppolicy: error=6 (Password is too short for policy)\n');
      const changed = await tool('ldappasswd', [
        ...self,
        '-w',
        'first-password',
        '-a',
        'first-password',
        '-s',
        'second-password',
      ]);
      expectExit(changed, 0);
      const oldBind = await tool('ldapwhoami', ['-x', '-H', '{url}', '-D', dn, '-w', 'first-password']);
      expectExit(oldBind, 49);
      const newBind = await tool('ldapwhoami', ['-x', '-H', '{url}', '-D', dn, '-w', 'second-password']);
      expectExit(newBind, 0);
      expect(newBind.stdout).toBe(`dn:${dn}\n`);
    } finally {
      await tool('ldapmodify', admin, `dn: ${dn}\nchangetype: delete\n`);
    }
  });
});
