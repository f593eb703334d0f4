/**
 * Refused writes of the `samba` profile over the wire, as a Samba 4.17 DC answers its
 * Administrator (codes and texts measured on a real DC; the differential suite holds the same
 * cases against one: test/interop/probes-ad/write-probes.ts). Before profiles/samba-violations.ts
 * the profile answered them with slapd's codes and texts (issue 9's table).
 */
import { Attribute, Change, Client, ResultCodeError } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';

const BASE = 'DC=corp,DC=example,DC=com';
const USERS = `CN=Users,${BASE}`;
const ADMINISTRATOR = `CN=Administrator,${USERS}`;
const ALICE = `CN=alice,${USERS}`;
const CONTACT = `CN=probe-contact,${USERS}`;

let server: MockServer;
let admin: Client;

beforeAll(async () => {
  server = await startMockServer({ profile: 'samba' });
});
afterEach(async () => {
  await admin?.unbind().catch(() => undefined);
  await server.reset();
});
afterAll(async () => {
  await server.stop();
});

async function administrator(): Promise<Client> {
  admin = new Client({ url: server.url, timeout: 10_000, connectTimeout: 2000 });
  await admin.bind(ADMINISTRATOR, 'Admin-Passw0rd!');
  await admin.add(CONTACT, { objectClass: 'contact', description: 'one', mail: 'c@corp.example.com' });
  return admin;
}

/** `code text` of an operation that must fail, without ldapts' ' Code: 0x..'. */
async function refusal(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    if (error instanceof ResultCodeError)
      return `${error.code} ${error.message.replace(/ Code: 0x[0-9a-f]+$/, '')}`;
    throw error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

const change = (operation: 'add' | 'delete' | 'replace', type: string, ...values: string[]) =>
  new Change({ operation, modification: new Attribute({ type, values }) });

describe('issue 9: writes on samba answer as Samba does', () => {
  test('a second value of the single-valued mail', async () => {
    const c = await administrator();
    expect(await refusal(c.modify(CONTACT, change('add', 'mail', 'd@x')))).toBe(
      `20 0000200D: SINGLE-VALUE attribute mail on ${CONTACT} specified more than once`,
    );
  });

  test('delete a value not present', async () => {
    const c = await administrator();
    expect(await refusal(c.modify(CONTACT, change('delete', 'description', 'three')))).toBe(
      `16 attribute 'description': no matching attribute value while deleting attribute on '${CONTACT}'`,
    );
  });

  test('replace an undefined attribute', async () => {
    const c = await administrator();
    expect(await refusal(c.modify(CONTACT, change('replace', 'fooBarBaz', 'x')))).toBe(
      `16 acl_modify: attribute 'fooBarBaz' on entry '${CONTACT}' was not found in the schema!`,
    );
  });

  test('delete a missing entry', async () => {
    const c = await administrator();
    expect(await refusal(c.del(`CN=nobody,${USERS}`))).toBe(
      `32 00002030: objectclass: Cannot delete CN=nobody,${USERS}, entry does not exist!`,
    );
  });

  test('a second value of cn, the RDN attribute', async () => {
    const c = await administrator();
    expect(await refusal(c.modify(CONTACT, change('add', 'cn', 'other')))).toBe(
      `67 00002016: Modify of RDN 'CN' on ${CONTACT} not permitted, must use 'rename' operation instead`,
    );
  });
});

describe('more of Samba’s write rules', () => {
  test('an existing entry, named by the DN Samba gives a new one', async () => {
    const c = await administrator();
    expect(await refusal(c.add(CONTACT.toLowerCase(), { objectClass: 'contact' }))).toBe(
      `68 Entry CN=probe-contact,${USERS} already exists`,
    );
  });

  test('a value already there: value #N counts the attribute’s place in the stored object', async () => {
    const c = await administrator();
    expect(await refusal(c.modify(CONTACT, change('add', 'description', 'one')))).toBe(
      `20 attribute 'description': value #2 on '${CONTACT}' already exists`,
    );
  });

  test('values differing only in case are two values; delete matches by the rule', async () => {
    const c = await administrator();
    await c.modify(CONTACT, change('add', 'description', 'ONE'));
    await c.modify(CONTACT, change('delete', 'description', 'one'));
    const { searchEntries } = await c.search(CONTACT, { scope: 'base', attributes: ['description'] });
    expect(searchEntries[0]?.['description']).toBe('ONE');
  });

  test('a new entry’s objectClass holds its superclasses', async () => {
    const c = await administrator();
    const { searchEntries } = await c.search(CONTACT, { scope: 'base', attributes: ['objectClass'] });
    expect(searchEntries[0]?.['objectClass']).toEqual(['top', 'person', 'organizationalPerson', 'contact']);
  });

  test('a non-leaf (its children counted); a member held already (its GUID)', async () => {
    const c = await administrator();
    // OU=bulk: CN=Users, as provisioned, may not be deleted at all (systemFlags).
    expect(await refusal(c.del(`OU=bulk,${BASE}`))).toMatch(
      /^66 00002015: subtree_delete: Unable to delete a non-leaf node \(it has \d+ children\)!$/,
    );
    const group = `CN=Developers,${USERS}`;
    expect(await refusal(c.modify(group, change('add', 'member', ALICE)))).toBe(
      '68 Attribute member already exists for target GUID 0e7485f2-ed3d-5984-b817-6807ba5b3574',
    );
  });
});

describe('openldap: an RDN value its single-valued attribute does not hold', () => {
  test('is refused with 64, as slapd 2.5 does', async () => {
    const slapd = await startMockServer({ profile: 'openldap' });
    const c = new Client({ url: slapd.url });
    try {
      await c.bind(slapd.rootDN, 'admin');
      const dn = `displayName=foo,ou=people,${slapd.baseDN}`;
      expect(
        await refusal(c.add(dn, { objectClass: 'inetOrgPerson', cn: 'x', sn: 'y', displayName: 'bar' })),
      ).toBe(
        "64 value of single-valued naming attribute 'displayName' conflicts with value present in entry",
      );
    } finally {
      await c.unbind().catch(() => undefined);
      await slapd.stop();
    }
  });
});
