/**
 * Answers of the samba profile the generated differential run (test/interop/generated/) found
 * wrong, each measured on a Samba 4.17 DC loaded with fixtures/ad/default.ldif: samldb's order
 * over userAccountControl, sAMAccountName and member; how samldb passes userAccountControl on;
 * the LDAP server's checks of a modify DN; the in-chain rule on a type ldb cannot name; objectClass
 * changes reaching the acl module last; a new entry naming itself; the RID pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { runSequence } from '../interop/generated/execute.js';
import type { Change, Operation } from '../interop/generated/operation.js';
import type { Observed } from '../interop/normalise.js';
import type { ProbeTarget } from '../interop/probe.js';

const BASE = 'DC=corp,DC=example,DC=com';
const USERS = `CN=Users,${BASE}`;
const ADMINISTRATOR = `CN=Administrator,${USERS}`;
const DEVELOPERS = `CN=Developers,${USERS}`;
const DOMAIN_CONTROLLERS = `OU=Domain Controllers,${BASE}`;
const RID_SET = `CN=RID Set,CN=DC1,${DOMAIN_CONTROLLERS}`;
const RID_MANAGER = `CN=RID Manager$,CN=System,${BASE}`;

let server: MockServer;
let target: ProbeTarget;

beforeAll(async () => {
  server = await startMockServer({ profile: 'samba' });
  target = {
    name: 'mock',
    url: server.url,
    ldapsUrl: server.ldapsUrl ?? '',
    caCertificate: server.caCertificate,
    baseDN: BASE,
    rootDN: ADMINISTRATOR,
    rootPassword: 'Admin-Passw0rd!',
  };
});
afterAll(async () => {
  await server.stop();
});

const asAdministrator: Operation = { kind: 'bind', dn: ADMINISTRATOR, password: 'Admin-Passw0rd!' };
const asAlice: Operation = { kind: 'bind', dn: `CN=alice,${USERS}`, password: 'Alpha-Passw0rd!' };
const user = (cn: string): Operation => ({
  kind: 'add',
  dn: `CN=${cn},${USERS}`,
  attributes: [
    ['objectClass', ['user']],
    ['sAMAccountName', [cn]],
  ],
});
const modify = (dn: string, ...changes: Change[]): Operation => ({ kind: 'modify', dn, changes });
const change = (operation: Change['operation'], type: string, ...values: string[]): Change => ({
  operation,
  type,
  values,
});
const read = (dn: string, ...attributes: string[]): Operation => ({
  kind: 'search',
  base: dn,
  scope: 'base',
  filter: '(objectClass=*)',
  attributes,
  sizeLimit: 0,
  timeLimit: 0,
  typesOnly: false,
});

/** Each operation's answer: `<code> <text>`, a search's with its entries' attributes. */
async function answers(ops: readonly Operation[]): Promise<unknown[]> {
  try {
    const steps = await runSequence(target, ops);
    return steps.map(({ observed }) => {
      const o = observed as Observed & Record<string, unknown>;
      const result = (o['result'] ?? o) as { code: number; diagnostic: string };
      const head = `${result.code} ${result.diagnostic}`;
      return 'entries' in o ? { result: head, entries: o['entries'] } : head;
    });
  } finally {
    await server.reset();
  }
}

/** The answer of each operation after a bind as Administrator and the given setup. */
async function afterSetup(setup: readonly Operation[], ...ops: Operation[]): Promise<unknown[]> {
  return (await answers([asAdministrator, ...setup, ...ops])).slice(1 + setup.length);
}

const ENTRY = `CN=sx1,${USERS}`;
const CONTROL_DELETED = "53 00002077: samldb: 'userAccountControl' can't be deleted!";
const NAME_DELETED = "53 00002077: samldb: 'samAccountName' can't be deleted/empty!";
const TWO_NAMES = '20 0000200D: samldb: samAccountName has 2 values, should be single-valued!';
const NOT_A_USER = '1 00002020: operations error at ../../source4/dsdb/samdb/ldb_modules/samldb.c:2855';

describe('samldb: userAccountControl, then sAMAccountName, then member', () => {
  it('userAccountControl removed before sAMAccountName removed or doubled', async () => {
    expect(
      await afterSetup(
        [user('sx1')],
        modify(ENTRY, change('delete', 'userAccountControl'), change('delete', 'sAMAccountName')),
        modify(ENTRY, change('replace', 'sAMAccountName', 'a', 'b'), change('replace', 'userAccountControl')),
        modify(
          DEVELOPERS,
          change('delete', 'userAccountControl'),
          change('replace', 'sAMAccountName', 'a', 'b'),
        ),
      ),
    ).toEqual([CONTROL_DELETED, CONTROL_DELETED, CONTROL_DELETED]);
  });

  it('userAccountControl on a group or an OU before any sAMAccountName or member problem', async () => {
    expect(
      await afterSetup(
        [],
        modify(
          DEVELOPERS,
          change('replace', 'sAMAccountName', 'alice'),
          change('replace', 'userAccountControl', '512'),
        ),
        modify(
          DOMAIN_CONTROLLERS,
          change('replace', 'userAccountControl', '512'),
          change('delete', 'sAMAccountName'),
        ),
        modify(DOMAIN_CONTROLLERS, change('delete', 'sAMAccountName'), change('add', 'member', USERS)),
      ),
    ).toEqual([NOT_A_USER, NOT_A_USER, NAME_DELETED]);
  });

  it('sAMAccountName: the values of its adds and replaces together, deletes not counted', async () => {
    expect(
      await afterSetup(
        [user('sx1')],
        modify(ENTRY, change('replace', 'sAMAccountName', 'a', 'b'), change('delete', 'sAMAccountName')),
        modify(
          ENTRY,
          change('replace', 'sAMAccountName', 'sxa'),
          change('replace', 'sAMAccountName', 'alice'),
        ),
        modify(ENTRY, change('delete', 'sAMAccountName', 'sx1')),
        modify(ENTRY, change('delete', 'sAMAccountName', 'sx1'), change('add', 'sAMAccountName', 'alice')),
        modify(ENTRY, change('replace', 'sAMAccountName'), change('replace', 'sAMAccountName', 'suz')),
      ),
    ).toEqual([
      TWO_NAMES,
      TWO_NAMES,
      NAME_DELETED,
      "68 00002071: samldb: samAccountName 'alice' already in use!",
      '0 00000000: Success',
    ]);
  });
});

describe('samldb passes userAccountControl on as its first add or replace with values reads', () => {
  /** On a new user of its own (userAccountControl 546): the modify, then the value left. */
  const on = (cn: string, ...changes: Change[]) => {
    const dn = `CN=${cn},${USERS}`;
    return [user(cn), modify(dn, ...changes), read(dn, 'userAccountControl')];
  };
  const left = (cn: string, value: string) => ({
    result: '0 ',
    entries: { [`CN=${cn},${USERS}`]: { userAccountControl: [value] } },
  });
  const added = '0 00000000: Success';

  it('a changed value follows every change; an unchanged one drops them all', async () => {
    const control = (operation: Change['operation'], ...values: string[]) =>
      change(operation, 'userAccountControl', ...values);
    expect(
      await afterSetup(
        [],
        ...on('u1', control('replace', '66048'), control('delete', '66048')),
        ...on('u2', control('replace', '546'), control('replace', '512')),
        ...on('u3', control('delete', '999'), control('replace', '546')),
        ...on('u4', control('replace', '512'), control('replace')),
        ...on('u5', control('delete', '999'), control('replace', '66048')),
      ),
    ).toEqual([
      added,
      added,
      left('u1', '66048'),
      added,
      added,
      left('u2', '546'),
      added,
      added,
      left('u3', '546'),
      added,
      added,
      left('u4', '512'),
      added,
      `16 attribute 'userAccountControl': no matching attribute value while deleting attribute on 'CN=u5,${USERS}'`,
      left('u5', '546'),
    ]);
  });

  it('the first value only: `514, abc` on an account at 514 changes nothing', async () => {
    const gen = `CN=gen-2,${USERS}`;
    expect(
      await afterSetup(
        [
          {
            kind: 'add',
            dn: gen,
            attributes: [
              ['objectClass', ['user']],
              ['sAMAccountName', ['gen-2']],
              ['userAccountControl', ['514']],
            ],
          },
        ],
        modify(
          gen,
          change('add', 'member', `CN=alice,${USERS}`),
          change('add', 'userAccountControl', '514', 'abc'),
        ),
      ),
    ).toEqual([
      `65 00002014: objectclass_attrs: attribute 'member' on entry '${gen}' does not exist in the specified objectclasses!`,
    ]);
  });
});

describe('the LDAP server’s modify DN checks', () => {
  const rename = (dn: string, newRdn: string, newSuperior?: string): Operation => ({
    kind: 'rename',
    dn,
    newRdn,
    deleteOldRdn: true,
    ...(newSuperior !== undefined && { newSuperior }),
  });

  it('new RDN count, then the old DN’s parent, then the new RDN itself', async () => {
    expect(
      await afterSetup(
        [],
        rename('', 'bad'),
        rename('not a dn', 'bad'),
        rename('', 'CN=a,CN=b'),
        rename(`CN=alice,${USERS}`, ''),
        rename('', 'bad', USERS),
        rename('not a dn', 'bad', USERS),
      ),
    ).toEqual([
      '32 00002030: No such object',
      '32 00002030: No such object',
      '64 00002037: Naming violation',
      '2 00002021: Protocol error',
      '80 00002095: Other',
      '80 00002095: Other',
    ]);
  });
});

describe('the in-chain rule on a type ldb has no name for', () => {
  const search = (scope: 'base' | 'sub', filter: string, attributes = ['1.1']): Operation => ({
    kind: 'search',
    base: `CN=alice,${USERS}`,
    scope,
    filter,
    attributes,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
  });
  const noSuchAttribute =
    '16 0000200A: ldb_wait from ../../source4/ldap_server/ldap_backend.c:892 with LDB_WAIT_ALL: No such attribute (16)';

  it('an OID the request leaves unresolved, a type with options: the search fails', async () => {
    const results = await afterSetup(
      [],
      search('base', '(2.5.4.3:1.2.840.113556.1.4.1941:=alice)'),
      search('sub', '(2.5.4.3:1.2.840.113556.1.4.1941:=alice)'),
      search('base', '(cn;x:1.2.840.113556.1.4.1941:=alice)'),
      search('base', '(cn:1.2.840.113556.1.4.1941:=alice)'),
      search('base', '(2.5.4.3:1.2.840.113556.1.4.1941:=alice)', ['2.5.4.3']),
    );
    expect(results.map((r) => (typeof r === 'string' ? r : (r as { result: string }).result))).toEqual([
      noSuchAttribute,
      '1 00002020: Indexed and full searches both failed!\n',
      noSuchAttribute,
      '0 ',
      '0 ',
    ]);
  });
});

describe('objectClass changes reach the acl module after the objectclass module judged them', () => {
  const bob = `CN=bob,${USERS}`;

  it('a user deleting a class the entry lacks is told so; a valid change is refused access', async () => {
    const results = await answers([
      asAlice,
      modify(bob, change('delete', 'objectClass', 'group')),
      modify(bob, change('add', 'objectClass', 'mailRecipient')),
      modify(bob, change('delete', 'objectClass')),
      modify(bob, change('delete', 'objectClass', 'group'), change('replace', 'description', 'x')),
    ]);
    const noAccess = `50 00002098: Object ${bob} has no write property access\n`;
    expect(results.slice(1)).toEqual([
      "16 0000200A: objectclass: cannot delete this objectclass: 'group'!",
      noAccess,
      noAccess,
      noAccess,
    ]);
  });
});

describe('a new entry naming itself in a DN-syntax attribute', () => {
  const group = (cn: string, name: string, ...extra: [string, string[]][]): Operation => ({
    kind: 'add',
    dn: `CN=${cn},${USERS}`,
    attributes: [['objectClass', ['group']], ['sAMAccountName', [name]], ...extra],
  });

  it('passes extended_dn_store and samldb; repl_meta_data finds no GUID for it', async () => {
    const self = (cn: string) => `CN=${cn},${USERS}`;
    expect(
      await afterSetup(
        [],
        group('gx1', 'gx1', ['member', [self('gx1')]]),
        group('gx2', 'alice', ['member', [self('gx2')]]),
        group('gx3', 'alice', ['member', [self('nonexist')]]),
        group('gx5', 'gx5', ['managedBy', [self('gx5')]]),
      ),
    ).toEqual([
      `32 00002030: Unable to find GUID for DN ${self('gx1')}\n`,
      "68 00002071: samldb: samAccountName 'alice' already in use!",
      "32 00000525: specified dn doesn't exist at ../../source4/dsdb/samdb/ldb_modules/extended_dn_store.c:160:extended_dn_handle_fpo_attr",
      `32 00002030: Unable to find GUID for DN ${self('gx5')}\n`,
    ]);
  });
});

describe('the RID pool', () => {
  it('past the middle of the pool in use (4100-4599) the DC takes the next 500 RIDs', async () => {
    const adds = Array.from({ length: 249 }, (_, i) => user(`rp${i + 1}`));
    const pools = read(RID_SET, 'rIDNextRID', 'rIDAllocationPool', 'rIDPreviousAllocationPool');
    const available = read(RID_MANAGER, 'rIDAvailablePool');
    const results = await afterSetup(adds.slice(0, 248), pools, available, adds[248]!, pools, available);
    const pool = (lo: number, hi: number) => String((BigInt(hi) << 32n) | BigInt(lo));
    const set = (next: string, allocation: string) => ({
      result: '0 ',
      entries: {
        [RID_SET]: {
          rIDNextRID: [next],
          rIDAllocationPool: [allocation],
          rIDPreviousAllocationPool: [pool(4100, 4599)],
        },
      },
    });
    const manager = (lo: number) => ({
      result: '0 ',
      entries: { [RID_MANAGER]: { rIDAvailablePool: [pool(lo, 1073741823)] } },
    });
    // Measured: 4349 leaves the pools; 4350 takes 4600-5099 from the RID Manager.
    expect(results).toEqual([
      set('4349', pool(4100, 4599)),
      manager(4600),
      '0 00000000: Success',
      set('4350', pool(4600, 5099)),
      manager(5100),
    ]);
  });
});
