/**
 * `schema: [files]`: a fixture with an application's own attribute types and classes is refused
 * under the default (strict) checking, with a hint naming --schema, and loads with its schema in
 * each of the three forms; the subschema entry publishes what the files define, and clients'
 * writes are checked against it over the wire (ldapts).
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterEach, describe, expect, test } from 'vitest';
import {
  FixtureError,
  type MockServer,
  SchemaFileError,
  SchemaFileReadError,
  startMockServer,
} from '../../src/server/index.js';

const example = (name: string) => new URL(`../../examples/schema/${name}`, import.meta.url);
const USERS_LDIF = example('app-users.ldif');

const servers: MockServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(options: Parameters<typeof startMockServer>[0]): Promise<MockServer> {
  const server = await startMockServer({ ldapsPort: null, ...options });
  servers.push(server);
  return server;
}

async function bound(server: MockServer, dn: string, password: string): Promise<Client> {
  const client = new Client({ url: server.url });
  clients.push(client);
  await client.bind(dn, password);
  return client;
}

/** `0`, or `code text` of the refusal. */
async function outcome(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
    return '0';
  } catch (error) {
    const { code, message } = error as { code: number; message: string };
    return `${code} ${message.replace(/ ?Code: 0x[0-9a-f]+$/, '')}`;
  }
}

describe('openldap: a fixture with the application’s attributes', () => {
  test('is refused without its schema: file:line, the rule, and a hint naming --schema', async () => {
    const error = await startMockServer({ ldif: [USERS_LDIF], ldapsPort: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FixtureError);
    const { message } = error as FixtureError;
    // slapd refuses an unknown class as an invalid objectClass value before anything else.
    expect(message).toMatch(
      /app-users\.ldif:15: uid=alice,ou=people,dc=example,dc=org: objectClass: value #1 invalid per syntax/,
    );
    expect(message).toMatch(/--schema FILE \(startMockServer: schema: \[files\]/);
    expect(message).toMatch(/--lenient-schema/);
  });

  test.each(['app.schema', 'app.ldif'])('loads with its schema as %s', async (name) => {
    const server = await start({ ldif: [USERS_LDIF], schema: [example(name)] });
    expect(server.directory.get('uid=alice,ou=people,dc=example,dc=org')?.strings('applevel')).toEqual(['7']);
    const client = await bound(server, 'uid=alice,ou=people,dc=example,dc=org', 'alice');
    const found = await client.search('dc=example,dc=org', { filter: '(&(appRank>=5)(appRole=ADMIN))' });
    expect(found.searchEntries.map((e) => e.dn)).toEqual(['uid=alice,ou=people,dc=example,dc=org']);
  });
});

describe('openldap with app.schema, over the wire', () => {
  test('cn=Subschema publishes its types and classes', async () => {
    const server = await start({ schema: [example('app.schema')] });
    const client = await bound(server, 'cn=admin,dc=example,dc=org', 'admin');
    const { searchEntries } = await client.search('cn=Subschema', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['attributeTypes', 'objectClasses'],
    });
    const values = (kind: string) => ([] as string[]).concat(searchEntries[0]![kind] as string | string[]);
    expect(values('attributeTypes')).toContain("( 1.3.6.1.4.1.99999.1.3 NAME 'appTenant' SUP name )");
    expect(values('objectClasses').filter((v) => v.includes('99999.2'))).toHaveLength(2);
  });

  test('strict adds of its classes: a valid one is stored, the invalid ones get slapd’s codes and texts', async () => {
    const server = await start({ schema: [example('app.schema')] });
    const client = await bound(server, 'cn=admin,dc=example,dc=org', 'admin');
    const device = (cn: string, ...extra: Attribute[]) =>
      outcome(
        client.add(`cn=${cn},ou=people,dc=example,dc=org`, [
          new Attribute({ type: 'objectClass', values: ['appDevice'] }),
          new Attribute({ type: 'cn', values: [cn] }),
          ...extra,
        ]),
      );
    const tenant = new Attribute({ type: 'appTenant', values: ['acme'] });
    expect(await device('ok', tenant, new Attribute({ type: 'appLevel', values: ['3'] }))).toBe('0');
    expect(await device('nomust')).toBe("65 object class 'appDevice' requires attribute 'appTenant'");
    expect(await device('undef', tenant, new Attribute({ type: 'appFoo', values: ['x'] }))).toBe(
      '17 appFoo: attribute type undefined',
    );
    expect(await device('syntax', tenant, new Attribute({ type: 'appLevel', values: ['high'] }))).toBe(
      '21 appLevel: value #0 invalid per syntax',
    );
    const { searchEntries } = await client.search('dc=example,dc=org', { filter: '(name=acme)' });
    expect(searchEntries.map((e) => e.dn)).toEqual(['cn=ok,ou=people,dc=example,dc=org']);
  });
});

describe('ad: attributeSchema/classSchema LDIF', () => {
  const BASE = 'DC=corp,DC=example,DC=com';
  const data = [
    `dn: CN=Printer,CN=Users,${BASE}`,
    'objectClass: appDevice',
    'appLevel: 2',
    '',
    `dn: CN=alice,CN=Users,${BASE}`,
    'changetype: modify',
    'add: appRole',
    'appRole: admin',
    '-',
    '',
  ].join('\n');

  test('without it, the data is refused; with it, it loads and CN=Aggregate publishes it', async () => {
    const plain = await start({ profile: 'ad' });
    expect(() => plain.apply(data)).toThrow(/appDevice|appLevel/);
    const server = await start({ profile: 'ad', schema: [example('app-ad.ldif')] });
    server.apply(data);
    const client = await bound(server, 'CORP\\Administrator', 'Admin-Passw0rd!');
    const { searchEntries } = await client.search(BASE, { filter: '(appRole=admin)', attributes: ['cn'] });
    expect(searchEntries.map((e) => e.dn)).toEqual([`CN=alice,CN=Users,${BASE}`]);
    const aggregate = await client.search(`CN=Aggregate,CN=Schema,CN=Configuration,${BASE}`, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['attributeTypes'],
    });
    expect(aggregate.searchEntries[0]!['attributeTypes']).toContain(
      "( 1.3.6.1.4.1.99999.1.2 NAME 'appLevel' SYNTAX '1.3.6.1.4.1.1466.115.121.1.27' SINGLE-VALUE )",
    );
    // Over the wire: user now takes appUser's attributes (its content rule), and nothing else new.
    const alice = `CN=alice,CN=Users,${BASE}`;
    const replace = (type: string, value: string) =>
      outcome(
        client.modify(
          alice,
          new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) }),
        ),
      );
    expect(await replace('appLevel', '5')).toBe('0');
    expect(
      (await client.search(BASE, { filter: '(appLevel>=4)', attributes: ['1.1'] })).searchEntries,
    ).toHaveLength(1);
  });
});

describe('bad schema files', () => {
  test('a missing file names the option and the path', async () => {
    const error = await startMockServer({ schema: ['/nonexistent/app.schema'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaFileReadError);
    expect((error as Error).message).toBe(
      "schema: cannot read schema file '/nonexistent/app.schema': no such file",
    );
  });

  test('a definition the server refuses names file:line and the rule', async () => {
    const text = "# app\nattributetype ( 1.3.6.1.4.1.5.1 NAME 'x1' SUP nosuch )\n";
    const error = await startMockServer({ schema: [text] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaFileError);
    expect((error as Error).message).toBe('<schema #1>:2: attributetype: AttributeType not found: "nosuch"');
  });
});

describe('a filter on a supertype in a large directory (the equality index)', () => {
  test('(name=people) finds ou=people in the default fixture (614 entries), as slapd does', async () => {
    const server = await start({});
    expect(server.directory.size).toBeGreaterThan(256);
    const client = await bound(server, 'cn=admin,dc=example,dc=org', 'admin');
    const { searchEntries } = await client.search('dc=example,dc=org', { filter: '(name=people)' });
    expect(searchEntries.map((e) => e.dn)).toEqual(['ou=people,dc=example,dc=org']);
  });
});
