/**
 * Schema checking is on by default, as slapd always checks: what a client writes and what a
 * fixture holds are refused with slapd's codes and texts, in slapd's order (measured against
 * slapd 2.5; the differential suite's write probes compare the same cases with a real slapd).
 * `strictSchema: false` opts out: then only an objectClass is required.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FixtureError, type MockServer, startMockServer } from '../../src/server/index.js';

const base = 'dc=example,dc=org';
const people = `ou=people,${base}`;
const alice = `uid=alice,${people}`;
const bob = `uid=bob,${people}`;
const person = (uid: string) => [
  new Attribute({ type: 'objectClass', values: ['inetOrgPerson'] }),
  new Attribute({ type: 'uid', values: [uid] }),
  new Attribute({ type: 'cn', values: ['x'] }),
  new Attribute({ type: 'sn', values: ['x'] }),
];
const attribute = (type: string, ...values: string[]) => new Attribute({ type, values });

let server: MockServer;
const clients: Client[] = [];

function client(url = server.url): Client {
  const c = new Client({ url, timeout: 5000, connectTimeout: 2000 });
  clients.push(c);
  return c;
}

async function as(dn?: string, password?: string): Promise<Client> {
  const c = client();
  if (dn) await c.bind(dn, password ?? '');
  return c;
}

const root = () => as(server.rootDN, 'admin');

/** `code text` of the refusal, or `0` when the operation succeeded. */
async function outcome(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
    return '0';
  } catch (error) {
    const { code, message } = error as { code: number; message: string };
    return `${code} ${message.replace(/ ?Code: 0x[0-9a-f]+$/, '')}`;
  }
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  await server.reset();
});

describe('by default (startMockServer with no option, as slapd)', () => {
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(() => server.stop());

  test('an undefined attribute type is 17, on add and on every modify operation', async () => {
    const c = await root();
    const dn = `uid=new,${people}`;
    expect(await outcome(c.add(dn, [...person('new'), attribute('fooBarBaz', '1')]))).toBe(
      '17 fooBarBaz: attribute type undefined',
    );
    for (const operation of ['add', 'replace', 'delete'] as const) {
      const values = operation === 'delete' ? [] : ['1'];
      const change = new Change({ operation, modification: attribute('fooBarBaz', ...values) });
      expect(await outcome(c.modify(bob, change)), operation).toBe('17 fooBarBaz: attribute type undefined');
    }
  });

  test('an object class violation is 65: sn missing, a class still needed removed, no structural class', async () => {
    const c = await root();
    const noSn = person('nosn').filter((a) => a.type !== 'sn');
    expect(await outcome(c.add(`uid=nosn,${people}`, noSn))).toBe(
      "65 object class 'inetOrgPerson' requires attribute 'sn'",
    );
    const removeClass = (value: string) =>
      c.modify(bob, new Change({ operation: 'delete', modification: attribute('objectClass', value) }));
    expect(await outcome(removeClass('posixAccount'))).toBe("65 attribute 'uidNumber' not allowed");
    expect(await outcome(removeClass('inetOrgPerson'))).toBe('65 no structural object class provided');
  });

  test("slapd's order: the request's names and values come before who asks and before the entry", async () => {
    const undefinedType = [...person('alice'), attribute('fooBarBaz', '1')];
    const anonymous = await as();
    expect(await outcome(anonymous.add(`uid=x,${people}`, undefinedType))).toBe(
      '17 fooBarBaz: attribute type undefined',
    );
    const c = await root();
    expect(await outcome(c.add(alice, undefinedType)), 'existing entry').toBe(
      '17 fooBarBaz: attribute type undefined',
    );
    expect(await outcome(c.add(`uid=x,ou=missing,${base}`, undefinedType)), 'missing parent').toBe(
      '17 fooBarBaz: attribute type undefined',
    );
    const noSn = person('alice').filter((a) => a.type !== 'sn');
    expect(await outcome(c.add(alice, noSn)), 'schema before existence').toBe(
      "65 object class 'inetOrgPerson' requires attribute 'sn'",
    );
    const user = await as(bob, 'bob-password');
    expect(await outcome(user.add(`uid=x,${people}`, noSn)), 'schema before access').toBe(
      "65 object class 'inetOrgPerson' requires attribute 'sn'",
    );
    expect(await outcome(user.add(alice, person('alice'))), 'existence before access').toBe('68 ');
    expect(await outcome(user.del(`uid=nobody,${people}`)), 'a missing entry before access').toBe(`32 `);
    const memberOf = new Change({ operation: 'add', modification: attribute('memberOf', 'cn=x') });
    expect(await outcome(user.modify(alice, memberOf)), 'NO-USER-MODIFICATION before access').toBe(
      '19 memberOf: no user modification allowed',
    );
  });

  test('values: several for a single-valued type (19), one given twice (20, its first position)', async () => {
    const c = await root();
    const dn = `uid=values,${people}`;
    expect(await outcome(c.add(dn, [...person('values'), attribute('displayName', 'a', 'b')]))).toBe(
      '19 displayName: multiple values provided',
    );
    const repeated = [
      ...person('values').filter((a) => a.type !== 'cn'),
      attribute('cn', 'c', 'b', 'a', 'c'),
    ];
    expect(await outcome(c.add(dn, repeated))).toBe('20 cn: value #0 provided more than once');
    const replace = new Change({
      operation: 'replace',
      modification: attribute('description', 'a', 'b', 'b'),
    });
    expect(await outcome(c.modify(bob, replace))).toBe('20 description: value #1 provided more than once');
  });

  test('a DN naming an undefined type is 34 (invalid DN; a new RDN: invalid new RDN)', async () => {
    const c = await root();
    expect(await outcome(c.search(`fooBar=x,${base}`, { scope: 'base' }))).toBe('34 invalid DN');
    expect(await outcome(c.del(`fooBar=x,${base}`))).toBe('34 invalid DN');
    expect(await outcome(c.modifyDN(bob, 'fooBar=x'))).toBe('34 invalid new RDN');
    // Renamed as a modify would change it: a second value of a single-valued type is refused.
    expect(await outcome(c.modifyDN(bob, 'uidNumber=5'))).toBe(
      "19 attribute 'uidNumber' cannot have multiple values",
    );
    expect(await outcome(client().bind(`fooBar=x,${base}`, 'x'))).toBe('34 invalid DN');
  });

  test('a fixture the schema refuses fails to load: file:line, the rule in slapd words, the way out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-schema-'));
    try {
      const file = join(dir, 'app.ldif');
      const lines = [
        `dn: ${base}`,
        'objectClass: dcObject',
        'objectClass: organization',
        'o: Example',
        'dc: example',
        '',
        `dn: uid=app,${base}`,
        'objectClass: inetOrgPerson',
        'uid: app',
        'cn: App',
        'sn: App',
        'appRole: admin',
      ];
      writeFileSync(file, `${lines.join('\n')}\n`);
      const error = await startMockServer({ ldif: [file] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FixtureError);
      const message = (error as FixtureError).message;
      expect(message).toContain(`${file}:7: uid=app,${base}: appRole: attribute type undefined`);
      expect(message).toMatch(/--lenient-schema/);
      expect(message).toMatch(/strictSchema: false/);
      const lenient = await startMockServer({ ldif: [file], strictSchema: false });
      expect(lenient.directory.get(`uid=app,${base}`)?.strings('approle')).toEqual(['admin']);
      await lenient.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('strictSchema: false', () => {
  beforeAll(async () => {
    server = await startMockServer({ strictSchema: false });
  });
  afterAll(() => server.stop());

  test('accepts attributes no schema defines and entries classes do not fit; still wants an objectClass', async () => {
    const c = await root();
    expect(
      await outcome(c.add(`uid=custom,${people}`, [...person('custom'), attribute('appRole', 'x')])),
    ).toBe('0');
    const noSn = person('nosn').filter((a) => a.type !== 'sn');
    expect(await outcome(c.add(`uid=nosn,${people}`, noSn))).toBe('0');
    expect(await outcome(c.search(`appId=1,${base}`, { scope: 'base' }))).toMatch(/^32 /);
    const noClass = person('noclass').filter((a) => a.type !== 'objectClass');
    expect(await outcome(c.add(`uid=noclass,${people}`, noClass))).toBe('65 no objectClass attribute');
  });
});
