/**
 * What the generated differential tests (test/interop/generated/) found the openldap profile
 * answering differently from slapd 2.5 on writes and on assertions, each answer measured against a
 * real slapd loaded with fixtures/openldap/default.ldif: the frontend's checks before any database
 * (values missing, the root DSE, the subschema entry, DNs no database holds, renames onto
 * themselves or into another database, an attribute named twice), values checked per syntax,
 * slapo-ppolicy before access, the texts that name attributes by their canonical names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import type { ProbeSession, SearchParams } from '../interop/probe-session.js';
import { answer, lastObserved } from './observed-session.js';

const BASE = 'dc=example,dc=org';
const PEOPLE = `ou=people,${BASE}`;
const ALICE = `uid=alice,${PEOPLE}`;
const ROOT = [`cn=admin,${BASE}`, 'admin'] as const;
const BOB = [`uid=bob,${PEOPLE}`, 'bob-password'] as const;
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ profile: 'openldap' });
});
afterAll(async () => {
  await server.stop();
});

const run = (as: readonly [string, string] | undefined, act: (session: ProbeSession) => Promise<unknown>) =>
  lastObserved(server, as, act);

describe("slapd's frontend refuses before any database looks", () => {
  const cases: [
    string,
    readonly [string, string] | undefined,
    (s: ProbeSession) => Promise<unknown>,
    string,
  ][] = [
    [
      'a modify/add without values, even on a DN that is no DN',
      undefined,
      (s) => s.modify('m', 'not a dn', [{ operation: 'add', type: 'cn', values: [] }]),
      '2 modify/add operation requires values',
    ],
    [
      'an add attribute without values, before the DN',
      undefined,
      (s) =>
        s.addList('a', 'not a dn', [
          ['objectClass', 'organizationalUnit'],
          ['description', []],
        ]),
      '2 no values for attribute type',
    ],
    [
      'an add of the root DSE',
      ROOT,
      (s) => s.add('a', '', { objectClass: 'organizationalUnit', ou: 'x' }),
      '68 root DSE already exists',
    ],
    [
      'a modify of the root DSE',
      ROOT,
      (s) => s.modify('m', '', [{ operation: 'delete', type: 'description', values: [] }]),
      '53 modify upon the root DSE not supported',
    ],
    ['a delete of the root DSE', ROOT, (s) => s.del('d', ''), '53 cannot delete the root DSE'],
    [
      'a rename of the root DSE',
      ROOT,
      (s) => s.modifyDN('r', '', 'uid=x', { deleteOldRdn: true }),
      '53 cannot rename the root DSE',
    ],
    [
      'a delete below no naming context, even unauthenticated',
      undefined,
      (s) => s.del('d', 'uid=x,dc=elsewhere,dc=test'),
      '53 no global superior knowledge',
    ],
    [
      'a move into another database',
      ROOT,
      (s) => s.modifyDN('r', ALICE, 'uid=alice', { deleteOldRdn: true, newSuperior: 'dc=elsewhere,dc=test' }),
      '71 cannot rename between DSAs',
    ],
    [
      'a move below the entry itself',
      ROOT,
      (s) => s.modifyDN('r', PEOPLE, 'ou=x', { deleteOldRdn: true, newSuperior: ALICE }),
      '53 cannot place an entry below itself',
    ],
    [
      'an add naming one attribute twice',
      ROOT,
      (s) =>
        s.addList('a', `ou=twice,${BASE}`, [
          ['objectClass', 'organizationalUnit'],
          ['ou', 'twice'],
          ['description', 'one'],
          ['DESCRIPTION', 'two'],
        ]),
      "20 attribute 'description' provided more than once",
    ],
    [
      'a class given by OID and by name in one modify',
      ROOT,
      (s) =>
        s.modify('m', ALICE, [
          { operation: 'add', type: 'objectClass', values: ['2.16.840.1.113730.3.2.2', 'INETORGPERSON'] },
        ]),
      '20 objectClass: value #0 provided more than once',
    ],
  ];
  it.each(cases)('%s', async (_name, as, act, expected) => {
    expect(answer(await run(as, act))).toBe(expected);
  });

  it('a rename of an entry whose parent is missing names no matched DN', async () => {
    const observed = (await run(ROOT, (s) =>
      s.modifyDN('r', `uid=x,ou=missing,${BASE}`, 'uid=y', { deleteOldRdn: true }),
    )) as { code: number; matchedDN: string };
    expect([observed.code, observed.matchedDN]).toEqual([32, '']);
  });
});

describe('values are checked per syntax before authentication, as slapd checks them', () => {
  const cases: [string, string, string, string][] = [
    ['an integer with a leading space', 'uidNumber', ' 10001', '21 uidNumber: value #0 invalid per syntax'],
    ['an IA5 String with é', 'mail', 'café@example.org', '21 mail: value #0 invalid per syntax'],
    ['an empty Directory String', 'DESCRIPTION', '', '21 DESCRIPTION: value #0 invalid per syntax'],
    ['a UUID that is none', 'entryUUID', 'lice', '21 entryUUID: value #0 invalid per syntax'],
    [
      'a telephone number with @',
      'telephoneNumber',
      '@@@',
      '21 telephoneNumber: value #0 invalid per syntax',
    ],
    ['a DN of spaces', 'member', ' ', '21 member: value #0 invalid per syntax'],
  ];
  it.each(cases)('%s', async (_name, type, value, expected) => {
    const observed = await run(undefined, (s) =>
      s.modify('m', ALICE, [{ operation: 'replace', type, values: [value] }]),
    );
    expect(answer(observed)).toBe(expected);
  });

  it('a DN whose value its type does not allow is no DN (34)', async () => {
    const observed = await run(ROOT, (s) => s.compare('c', `telephoneNumber=@@@,${BASE}`, 'cn', 'x'));
    expect(answer(observed)).toBe('34 invalid DN');
  });

  it('a compare assertion its syntax does not allow is 21 before the entry is looked up', async () => {
    const observed = await run(ROOT, (s) => s.compare('c', `uid=nobody,${PEOPLE}`, 'mail', 'é'));
    expect(answer(observed)).toBe('21 value does not conform to assertion syntax');
  });
});

describe('slapo-ppolicy and the database', () => {
  it('allows one new password only, before access is checked', async () => {
    const observed = await run(BOB, (s) =>
      s.modify('m', ALICE, [
        { operation: 'add', type: 'userPassword', values: ['one-password', 'two-password'] },
      ]),
    );
    expect(answer(observed)).toBe('19 Password policy only allows one password value');
  });

  it("checks a new entry's password quality before the parent's access", async () => {
    const observed = await run(BOB, (s) =>
      s.add('a', `ou=gen,${BASE}`, { objectClass: 'organizationalUnit', ou: 'gen', userPassword: 'abc' }),
    );
    expect(answer(observed)).toBe('19 Password fails quality checking policy');
  });

  it("dates a new entry's password where the policy ages passwords (pwdMaxAge), not otherwise", async () => {
    const added = async (maxAge: boolean) => {
      const observed = (await run(ROOT, async (s) => {
        if (maxAge) {
          await s.modify('age', `cn=default,ou=policies,${BASE}`, [
            { operation: 'add', type: 'pwdMaxAge', values: ['3600'] },
          ]);
        }
        await s.add('a', `uid=dated,${PEOPLE}`, {
          objectClass: 'inetOrgPerson',
          uid: 'dated',
          cn: 'Dated',
          sn: 'Dated',
          userPassword: 'dated-password',
        });
        await s.search('s', {
          base: `uid=dated,${PEOPLE}`,
          scope: 'base',
          attributes: ['pwdChangedTime'],
        } as SearchParams);
      })) as { entries: Record<string, Record<string, unknown>> };
      return Object.keys(observed.entries[`uid=dated,${PEOPLE}`] ?? {});
    };
    expect(await added(true)).toEqual(['pwdChangedTime']);
    expect(await added(false)).toEqual([]);
  });

  it('names an attribute by its schema name in its texts', async () => {
    const observed = await run(ROOT, (s) =>
      s.modify('m', `uid=locked,${PEOPLE}`, [{ operation: 'delete', type: 'DESCRIPTION', values: ['x'] }]),
    );
    expect(answer(observed)).toBe('16 modify/delete: description: no such attribute');
  });

  it('tells a missing naming value from a missing naming attribute', async () => {
    const observed = await run(ROOT, (s) =>
      s.modify('m', ALICE, [{ operation: 'replace', type: 'uid', values: ['someone-else'] }]),
    );
    expect(answer(observed)).toBe("64 value of naming attribute 'uid' is not present in entry");
  });

  it('refuses a change of the structural class (69) once the new classes form a chain', async () => {
    const observed = await run(ROOT, (s) =>
      s.modify('m', ALICE, [
        { operation: 'replace', type: 'objectClass', values: ['organizationalUnit', 'top'] },
      ]),
    );
    expect(answer(observed)).toBe(
      "69 structural object class modification from 'inetOrgPerson' to 'organizationalUnit' not allowed",
    );
  });
});

describe('searches', () => {
  const count = async (params: Partial<SearchParams> & { filter: string }) => {
    const observed = (await run(ROOT, (s) =>
      s.search('s', { base: ALICE, scope: 'base', attributes: ['cn'], ...params } as SearchParams),
    )) as { count: number; entries: Record<string, Record<string, unknown>> };
    return observed;
  };

  it('an ordering rule in an extensible match holds for a value below the assertion', async () => {
    expect((await count({ filter: '(uidNumber:integerOrderingMatch:=10003)' })).count).toBe(1);
    expect((await count({ filter: '(uidNumber:integerOrderingMatch:=10001)' })).count).toBe(0);
  });

  it('an extensible assertion its rule syntax refuses is Undefined, under NOT too', async () => {
    expect((await count({ filter: '(!(:caseIgnoreIA5Match:=MÜLLER))' })).count).toBe(0);
  });

  it('an extensible match does not see hasSubordinates, which slapd adds on the way out', async () => {
    expect((await count({ filter: '(hasSubordinates:=FALSE)' })).count).toBe(0);
    expect((await count({ filter: '(hasSubordinates=FALSE)' })).count).toBe(1);
  });

  it('a substrings piece its syntax refuses (half a UTF-8 character) is Undefined, under NOT too', async () => {
    expect((await count({ filter: '(!(sn=\\c3*\\a9))' })).count).toBe(0);
  });

  it('an extensible match on objectClass takes a class by OID, and its superclasses without a rule', async () => {
    expect((await count({ filter: '(objectClass:=2.16.840.1.113730.3.2.2)' })).count).toBe(1);
    expect((await count({ filter: '(objectClass:=person)' })).count).toBe(1);
    expect((await count({ filter: '(objectClass:=2.5.6.6)' })).count).toBe(1);
    expect((await count({ filter: '(objectClass:objectIdentifierMatch:=person)' })).count).toBe(0);
  });

  it('cn;lang-en selects only values with that option', async () => {
    const observed = await count({ filter: '(objectClass=*)', attributes: ['cn;lang-en'] });
    expect(observed.entries[ALICE]).toEqual({});
  });
});
