/**
 * The `ad` profile over real sockets with the ldapts client, against the default AD fixture
 * (fixtures/README.md): bind name forms, the `data` codes of failed binds, lockout, group
 * membership (memberOf, tokenGroups, the in-chain rule), MaxPageSize, range retrieval, root
 * references, extended DNs, unbound operations and unicodePwd writes, as a Windows DC answers
 * them (research/server-anchors.md §B).
 */
import { Attribute, Change, Client, Control, ResultCodeError } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { dateToFiletime } from '../../src/core/filetime.js';
import { decodeGuid } from '../../src/core/guid.js';
import { decodeSid } from '../../src/core/sid.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';

const BASE = 'DC=corp,DC=example,DC=com';
const USERS = `CN=Users,${BASE}`;
const BULK = `OU=bulk,${BASE}`;
const DOMAIN_SID = 'S-1-5-21-2718281828-3141592653-1414213562';
const DOMAIN_SCOPE = '1.2.840.113556.1.4.1339';
const IN_CHAIN = '1.2.840.113556.1.4.1941';
const WHO_AM_I = '1.3.6.1.4.1.4203.1.11.3';

const ALICE = `CN=alice,${USERS}`;
const BOB = `CN=bob,${USERS}`;
const JSMITH = `CN=Smith\\, John,${USERS}`;
const OBRIEN = `CN=o'brien(x),${USERS}`;
const DEVELOPERS = `CN=Developers,${USERS}`;
const ENGINEERING = `CN=Engineering,${USERS}`;
const ANNOUNCEMENTS = `CN=Announcements,${USERS}`;
const BIG_GROUP = `CN=Big Group,${USERS}`;

const PASSWORD = {
  administrator: 'Admin-Passw0rd!',
  alice: 'Alpha-Passw0rd!',
  bob: 'Bravo-Passw0rd!',
  disabled: 'Delta-Passw0rd!',
  locked: 'Lima-Passw0rd!',
  expired: 'Echo-Passw0rd!',
  mustchange: 'Mike-Passw0rd!',
  svc: 'Sierra-Passw0rd!',
} as const;

let server: MockServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startMockServer({ profile: 'ad' });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  await server.reset();
});
afterAll(async () => {
  await server.stop();
});

function client(url = server.url): Client {
  // ldapts speaks TLS from the first byte whenever tlsOptions is set, so only for ldaps://.
  const tls = url.startsWith('ldaps:') ? { tlsOptions: { ca: [server.caCertificate] } } : {};
  const c = new Client({ url, ...tls, timeout: 10_000, connectTimeout: 2000 });
  clients.push(c);
  return c;
}

async function bound(name: string, password: string, url = server.url): Promise<Client> {
  const c = client(url);
  await c.bind(name, password);
  return c;
}

const asAdmin = (url = server.url) => bound('CORP\\Administrator', PASSWORD.administrator, url);
const asAlice = (url = server.url) => bound(ALICE, PASSWORD.alice, url);

/** The result code and text of an operation that must fail (ldapts appends ' Code: 0x..'). */
async function failure(action: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await action;
  } catch (error) {
    if (error instanceof ResultCodeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/** The `data` code of a failed AD bind. */
async function bindData(name: string, password: string): Promise<string | undefined> {
  const { code, message } = await failure(client().bind(name, password));
  expect(code).toBe(49);
  expect(message).toMatch(/^80090308: LdapErr: DSID-[0-9A-F]+, comment: AcceptSecurityContext error, data /);
  return /data ([0-9a-f]+),/.exec(message)?.[1];
}

async function whoami(c: Client): Promise<string> {
  const { value } = await c.exop(WHO_AM_I);
  return value ?? '';
}

/** unicodePwd as AD takes it: the password in double quotes, UTF-16LE. */
function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

function passwordChange(operation: 'add' | 'delete' | 'replace', password: string): Change {
  return new Change({
    operation,
    modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(password)] }),
  });
}

/** A user changing its own password: delete the old value, add the new one, in one modify. */
function selfChange(oldPassword: string, newPassword: string): Change[] {
  return [passwordChange('delete', oldPassword), passwordChange('add', newPassword)];
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

async function dns(c: Client, base: string, filter: string, scope: 'base' | 'one' | 'sub' = 'sub') {
  const { searchEntries } = await c.search(base, { scope, filter, attributes: ['1.1'] });
  return searchEntries.map((e) => e.dn).sort();
}

function stored(dn: string, attribute: string): string | undefined {
  return server.directory.get(dn)?.first(attribute.toLowerCase());
}

function setAttributes(dn: string, values: Record<string, string>): void {
  server.directory.modify(
    dn,
    Object.entries(values).map(([type, value]) => ({ operation: 'replace' as const, type, values: [value] })),
  );
}

/** A FILETIME `minutes` before now. */
function minutesAgo(minutes: number): string {
  return String(dateToFiletime(new Date(Date.now() - minutes * 60_000)));
}

describe('bind name forms', () => {
  test.each([
    ['the DN', ALICE],
    ['the DN in another case and spacing', 'cn=ALICE, cn=users, dc=CORP, dc=example, dc=com'],
    ['the explicit UPN', 'alice@corp.example.com'],
    ['the UPN in upper case', 'ALICE@CORP.EXAMPLE.COM'],
    ['NETBIOS\\sAMAccountName', 'CORP\\alice'],
    ['the NetBIOS name in lower case', 'corp\\ALICE'],
  ])('%s binds alice, and WhoAmI answers u:CORP\\alice', async (_form, name) => {
    const c = await bound(name, PASSWORD.alice);
    expect(await whoami(c)).toBe('u:CORP\\alice');
  });

  test('the implicit UPN sAMAccountName@dnsDomain binds an account whose UPN is something else', async () => {
    // Administrator has no userPrincipalName at all; jsmith's CN differs from its sAMAccountName.
    expect(stored(`CN=Administrator,${USERS}`, 'userPrincipalName')).toBeUndefined();
    const admin = await bound('Administrator@corp.example.com', PASSWORD.administrator);
    expect(await whoami(admin)).toBe('u:CORP\\Administrator');
    setAttributes(BOB, { userPrincipalName: 'robert@other.example' });
    const bob = await bound('bob@corp.example.com', PASSWORD.bob);
    expect(await whoami(bob)).toBe('u:CORP\\bob');
    const byExplicit = await bound('robert@other.example', PASSWORD.bob);
    expect(await whoami(byExplicit)).toBe('u:CORP\\bob');
  });

  test('names needing escapes elsewhere bind as they are: a CN with a comma, an apostrophe', async () => {
    expect(await whoami(await bound(JSMITH, 'Juliett-Passw0rd!'))).toBe('u:CORP\\jsmith');
    expect(await whoami(await bound('CORP\\jsmith', 'Juliett-Passw0rd!'))).toBe('u:CORP\\jsmith');
    expect(await whoami(await bound("o'brien(x)@corp.example.com", 'Oscar-Passw0rd!'))).toBe(
      "u:CORP\\o'brien(x)",
    );
  });

  test('an unknown domain prefix or UPN suffix matches no account: 49 data 52e', async () => {
    expect(await bindData('OTHER\\alice', PASSWORD.alice)).toBe('52e');
    expect(await bindData('alice@other.example', PASSWORD.alice)).toBe('52e');
    expect(await bindData('CORP\\nobody', PASSWORD.alice)).toBe('52e');
    expect(await bindData(`CN=nobody,${USERS}`, PASSWORD.alice)).toBe('52e');
  });

  test('a name that is no DN and no accepted form is a failed logon (49 data 52e), not 34', async () => {
    expect(await bindData('just-a-name', PASSWORD.alice)).toBe('52e');
  });

  test('a UPN two accounts share is ambiguous: the bind fails with 49', async () => {
    for (const cn of ['twin1', 'twin2']) {
      server.directory.add(`CN=${cn},${USERS}`, [
        { type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] },
        { type: 'sAMAccountName', values: [cn] },
        { type: 'userPrincipalName', values: ['twin@corp.example.com'] },
        { type: 'userAccountControl', values: ['512'] },
        { type: 'unicodePwd', values: [unicodePwd('Twin-Passw0rd!')] },
      ]);
    }
    const { code } = await failure(client().bind('twin@corp.example.com', 'Twin-Passw0rd!'));
    expect(code).toBe(49);
    // Each one still binds by a name that is unique.
    expect(await whoami(await bound('CORP\\twin1', 'Twin-Passw0rd!'))).toBe('u:CORP\\twin1');
  });

  test('a failed bind leaves the connection anonymous', async () => {
    const c = await asAlice();
    await c.bind(BOB, 'wrong').catch(() => undefined);
    const { code, message } = await failure(c.search(BASE, { scope: 'base' }));
    expect(code).toBe(1);
    expect(message).toContain('000004DC');
  });
});

describe('an ambiguous explicit UPN fails instead of falling through to the implicit UPN', () => {
  // MS-ADTS 5.1.1.1.1: "If the name field of the BindRequest maps to more than one object, the
  // BindRequest fails with the error invalidCredentials"; only a name that maps to NO object goes
  // on to the next form. Regression: an ambiguous userPrincipalName was treated like a missing one
  // and alice was then resolved by the implicit UPN alice@corp.example.com.
  test('a second account claiming alice@corp.example.com as its UPN makes that name fail', async () => {
    server.directory.add(`CN=impostor,${USERS}`, [
      { type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] },
      { type: 'sAMAccountName', values: ['impostor'] },
      { type: 'userPrincipalName', values: ['alice@corp.example.com'] },
      { type: 'userAccountControl', values: ['512'] },
      { type: 'unicodePwd', values: [unicodePwd('Other-Passw0rd!')] },
    ]);
    const { code } = await failure(client().bind('alice@corp.example.com', PASSWORD.alice));
    expect(code).toBe(49);
  });
});

describe('unauthenticated and anonymous binds', () => {
  test('a name with an empty password binds as anonymous; a search then gets 1 000004DC', async () => {
    for (const name of [ALICE, 'alice@corp.example.com', 'CORP\\alice', 'nobody@corp.example.com']) {
      const c = await bound(name, '');
      expect(await whoami(c)).toBe('');
      const { code, message } = await failure(c.search(USERS, { scope: 'base' }));
      expect(code).toBe(1);
      expect(message).toMatch(
        /^000004DC: LdapErr: DSID-[0-9A-F]+, comment: In order to perform this operation a successful bind must be completed on the connection\., data 0, v\w+\u0000/,
      );
    }
  });

  test('an empty password does not count as a bad password', async () => {
    const before = stored(ALICE, 'badPwdCount');
    await bound(ALICE, '');
    expect(stored(ALICE, 'badPwdCount')).toBe(before);
    expect(stored(ALICE, 'badPasswordTime')).toBe(stored(BOB, 'badPasswordTime'));
  });

  test('an empty name with a password is 49 data 52e', async () => {
    expect(await bindData('', 'something')).toBe('52e');
  });

  test('unbound operations get 1 000004DC: search, compare, modify, add, delete', async () => {
    const c = client();
    const description = new Attribute({ type: 'description', values: ['x'] });
    const attempts = [
      () => c.search(BASE, { scope: 'base' }),
      () => c.compare(ALICE, 'sAMAccountName', 'alice'),
      () => c.modify(ALICE, new Change({ operation: 'replace', modification: description })),
      () => c.add(`CN=new,${USERS}`, { objectClass: ['top', 'container'], cn: 'new' }),
      () => c.del(BOB),
    ];
    for (const attempt of attempts) {
      const { code, message } = await failure(attempt());
      expect(code).toBe(1);
      expect(message).toContain('000004DC');
    }
    expect(server.directory.get(BOB)).toBeDefined();
  });

  test('the rootDSE is readable anonymously: naming contexts and AD capabilities', async () => {
    const { searchEntries } = await client().search('', { scope: 'base', attributes: ['*'] });
    const root = searchEntries[0]!;
    expect(root['defaultNamingContext']).toBe(BASE);
    expect(root['rootDomainNamingContext']).toBe(BASE);
    expect(root['configurationNamingContext']).toBe(`CN=Configuration,${BASE}`);
    expect(asList(root['namingContexts'])).toContain(BASE);
    expect(asList(root['supportedCapabilities'])).toEqual(
      expect.arrayContaining([
        '1.2.840.113556.1.4.800',
        '1.2.840.113556.1.4.1670',
        '1.2.840.113556.1.4.1791',
      ]),
    );
    expect(asList(root['supportedControl'])).toEqual(
      expect.arrayContaining(['1.2.840.113556.1.4.319', DOMAIN_SCOPE, '1.2.840.113556.1.4.529']),
    );
    expect(asList(root['supportedLDAPPolicies'])).toEqual(
      expect.arrayContaining(['MaxPageSize', 'MaxValRange']),
    );
    expect(root['dnsHostName']).toBe('dc1.corp.example.com');
    expect(asList(root['supportedLDAPVersion']).sort()).toEqual(['2', '3']);
  });
});

describe('failed binds: the data code says why', () => {
  test('a wrong password is 52e, and so is an account without a password', async () => {
    expect(await bindData(ALICE, 'wrong')).toBe('52e');
    expect(await bindData('CORP\\alice', 'alpha-passw0rd!')).toBe('52e');
    // Bulk users have no unicodePwd at all.
    expect(await bindData(`CN=bulk0001,${BULK}`, 'anything')).toBe('52e');
  });

  test('the full AD text ends in NUL', async () => {
    const { message } = await failure(client().bind(ALICE, 'wrong'));
    expect(message.replace(/ Code: 0x31$/, '')).toMatch(
      /^80090308: LdapErr: DSID-0C09[0-9A-F]{4}, comment: AcceptSecurityContext error, data 52e, v\w+\u0000$/,
    );
  });

  test('with the right password: 533 disabled, 701 expired, 773 must change', async () => {
    expect(await bindData(`CN=disabled,${USERS}`, PASSWORD.disabled)).toBe('533');
    expect(await bindData('expired@corp.example.com', PASSWORD.expired)).toBe('701');
    expect(await bindData('CORP\\mustchange', PASSWORD.mustchange)).toBe('773');
  });

  test('with a wrong password those states are masked by 52e', async () => {
    expect(await bindData(`CN=disabled,${USERS}`, 'wrong')).toBe('52e');
    expect(await bindData('expired@corp.example.com', 'wrong')).toBe('52e');
    expect(await bindData('CORP\\mustchange', 'wrong')).toBe('52e');
  });

  test('775 for the locked account with the right and with a wrong password', async () => {
    expect(await bindData('locked@corp.example.com', PASSWORD.locked)).toBe('775');
    expect(await bindData('locked@corp.example.com', 'wrong')).toBe('775');
  });

  test('re-enabling the disabled account (UAC 512) lets it bind', async () => {
    setAttributes(`CN=disabled,${USERS}`, { userAccountControl: '512' });
    expect(await whoami(await bound('CORP\\disabled', PASSWORD.disabled))).toBe('u:CORP\\disabled');
  });

  test('accountExpires 0 and 9223372036854775807 both mean never; a future date binds', async () => {
    for (const value of [
      '0',
      '9223372036854775807',
      String(dateToFiletime(new Date(Date.now() + 86_400_000))),
    ]) {
      setAttributes(`CN=expired,${USERS}`, { accountExpires: value });
      await bound('CORP\\expired', PASSWORD.expired);
    }
  });

  test('532 once the domain maxPwdAge makes the password older than allowed', async () => {
    // One day; alice's pwdLastSet is 2025-01-06.
    setAttributes(BASE, { maxPwdAge: '-864000000000' });
    expect(await bindData(ALICE, PASSWORD.alice)).toBe('532');
    expect(await bindData(ALICE, 'wrong')).toBe('52e');
    // DONT_EXPIRE_PASSWORD (svc-ldap, UAC 66048) is exempt; a fresh pwdLastSet is not expired.
    await bound('CORP\\svc-ldap', PASSWORD.svc);
    setAttributes(BOB, { pwdLastSet: minutesAgo(10) });
    await bound('CORP\\bob', PASSWORD.bob);
    // The built-in Administrator (UAC 512) is expired too; svc-ldap reads the constructed flags.
    expect(await bindData('CORP\\Administrator', PASSWORD.administrator)).toBe('532');
    const svc = await bound('CORP\\svc-ldap', PASSWORD.svc);
    const { searchEntries } = await svc.search(ALICE, {
      scope: 'base',
      attributes: ['msDS-User-Account-Control-Computed'],
    });
    expect(Number(searchEntries[0]!['msDS-User-Account-Control-Computed']) & 0x800000).toBe(0x800000);
  });
});

describe('lockout', () => {
  test('5 bad passwords within the window lock the account: then 775 even with the right one', async () => {
    for (let i = 1; i <= 4; i++) {
      expect(await bindData('CORP\\alice', `wrong-${i}`)).toBe('52e');
      expect(stored(ALICE, 'badPwdCount')).toBe(String(i));
      expect(stored(ALICE, 'lockoutTime') ?? '0').toBe('0');
    }
    expect(await bindData('CORP\\alice', 'wrong-5')).toBe('52e');
    expect(stored(ALICE, 'badPwdCount')).toBe('5');
    expect(BigInt(stored(ALICE, 'lockoutTime') ?? '0')).toBeGreaterThan(BigInt(minutesAgo(1)));
    expect(await bindData('CORP\\alice', PASSWORD.alice)).toBe('775');
    expect(await bindData(ALICE, PASSWORD.alice)).toBe('775');

    const admin = await asAdmin();
    const { searchEntries } = await admin.search(ALICE, {
      scope: 'base',
      attributes: ['msDS-User-Account-Control-Computed', 'lockoutTime', 'userAccountControl'],
    });
    const entry = searchEntries[0]!;
    expect(Number(entry['msDS-User-Account-Control-Computed']) & 0x10).toBe(0x10);
    expect(entry['lockoutTime']).not.toBe('0');
    // AD does not keep LOCKOUT up to date in userAccountControl.
    expect(entry['userAccountControl']).toBe('512');
  });

  test('a successful bind resets badPwdCount', async () => {
    await bindData(ALICE, 'wrong');
    await bindData(ALICE, 'wrong');
    expect(stored(ALICE, 'badPwdCount')).toBe('2');
    await bound(ALICE, PASSWORD.alice);
    expect(stored(ALICE, 'badPwdCount')).toBe('0');
    // ...so four more bad passwords do not lock it.
    for (let i = 0; i < 4; i++) await bindData(ALICE, 'wrong');
    await bound(ALICE, PASSWORD.alice);
  });

  test('bad passwords older than the observation window are forgotten', async () => {
    setAttributes(ALICE, { badPwdCount: '4', badPasswordTime: minutesAgo(31) });
    expect(await bindData(ALICE, 'wrong')).toBe('52e');
    expect(stored(ALICE, 'badPwdCount')).toBe('1');
    await bound(ALICE, PASSWORD.alice);
  });

  test('a lock lasts lockoutDuration (30 minutes), then the right password binds', async () => {
    setAttributes(ALICE, { lockoutTime: minutesAgo(29), badPwdCount: '5' });
    expect(await bindData(ALICE, PASSWORD.alice)).toBe('775');
    setAttributes(ALICE, { lockoutTime: minutesAgo(31) });
    await bound(ALICE, PASSWORD.alice);
  });

  test('an administrator unlocks by writing lockoutTime 0', async () => {
    const admin = await asAdmin();
    await admin.modify(
      `CN=locked,${USERS}`,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'lockoutTime', values: ['0'] }),
      }),
    );
    expect(await whoami(await bound('CORP\\locked', PASSWORD.locked))).toBe('u:CORP\\locked');
  });

  test('the locked fixture account shows LOCKOUT in msDS-User-Account-Control-Computed, others not', async () => {
    const admin = await asAdmin();
    const { searchEntries } = await admin.search(USERS, {
      filter: '(|(sAMAccountName=locked)(sAMAccountName=alice))',
      attributes: ['sAMAccountName', 'msDS-User-Account-Control-Computed'],
    });
    const computed = Object.fromEntries(
      searchEntries.map((e) => [e['sAMAccountName'], Number(e['msDS-User-Account-Control-Computed'])]),
    );
    expect(computed).toEqual({ locked: 0x10, alice: 0 });
  });
});

describe('group membership', () => {
  test('memberOf comes back for *, direct groups only, never the primary group', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(ALICE, { scope: 'base', attributes: ['*'] });
    expect(asList(searchEntries[0]!['memberOf']).sort()).toEqual([ANNOUNCEMENTS, DEVELOPERS].sort());
  });

  test('memberOf of a nested group and of a user in no group', async () => {
    const c = await asAlice();
    const developers = await c.search(DEVELOPERS, { scope: 'base', attributes: ['memberOf'] });
    expect(developers.searchEntries[0]!['memberOf']).toBe(ENGINEERING);
    const svc = await c.search(`CN=svc-ldap,${USERS}`, { scope: 'base', attributes: ['memberOf'] });
    expect(svc.searchEntries[0]!['memberOf']).toEqual([]);
  });

  test('memberOf follows writes to member and is searchable', async () => {
    const admin = await asAdmin();
    await admin.modify(
      ENGINEERING,
      new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [ALICE] }) }),
    );
    const { searchEntries } = await admin.search(ALICE, { scope: 'base', attributes: ['memberOf'] });
    expect(asList(searchEntries[0]!['memberOf']).sort()).toEqual(
      [ANNOUNCEMENTS, DEVELOPERS, ENGINEERING].sort(),
    );
    expect(await dns(admin, USERS, `(memberOf=${DEVELOPERS})`)).toEqual([ALICE, JSMITH].sort());
  });

  test('tokenGroups: binary SIDs of every transitive security group and the primary group', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(ALICE, {
      scope: 'base',
      attributes: ['tokenGroups'],
      explicitBufferAttributes: ['tokenGroups'],
    });
    const sids = asList(searchEntries[0]!['tokenGroups'] as Buffer | Buffer[]).map((b) => decodeSid(b));
    expect(sids.sort()).toEqual(
      [
        `${DOMAIN_SID}-1120`, // Developers
        `${DOMAIN_SID}-1121`, // Engineering, through Developers
        `${DOMAIN_SID}-513`, // Domain Users, the primary group
        'S-1-5-32-545', // Builtin\Users, which contains Domain Users
      ].sort(),
    );
    // Announcements (1122) is a distribution group.
    expect(sids).not.toContain(`${DOMAIN_SID}-1122`);
  });

  test('tokenGroups is constructed: never returned for *', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(ALICE, { scope: 'base', attributes: ['*'] });
    expect(searchEntries[0]).not.toHaveProperty('tokenGroups');
    expect(searchEntries[0]).not.toHaveProperty('msDS-User-Account-Control-Computed');
  });

  test.each(['sub', 'one'] as const)('tokenGroups in a %s search is 1 00002120', async (scope) => {
    const c = await asAlice();
    const { code, message } = await failure(
      c.search(USERS, { scope, filter: '(sAMAccountName=alice)', attributes: ['tokenGroups'] }),
    );
    expect(code).toBe(1);
    expect(message).toMatch(/^00002120: SvcErr: DSID-[0-9A-F]+, problem 5012 \(DIR_ERROR\), data 0\n\u0000/);
  });

  test('in-chain rule on member: every group alice is in, at any depth, never the primary group', async () => {
    const c = await asAlice();
    expect(await dns(c, BASE, `(member:${IN_CHAIN}:=${ALICE})`)).toEqual(
      [DEVELOPERS, ENGINEERING, ANNOUNCEMENTS].sort(),
    );
    // Plain equality on member is direct membership only.
    expect(await dns(c, BASE, `(member=${ALICE})`)).toEqual([DEVELOPERS, ANNOUNCEMENTS].sort());
  });

  test('in-chain rule on memberOf: every member of Engineering at any depth', async () => {
    const c = await asAlice();
    expect(await dns(c, BASE, `(memberOf:${IN_CHAIN}:=${ENGINEERING})`)).toEqual(
      [DEVELOPERS, ALICE, JSMITH, BOB, OBRIEN].sort(),
    );
    expect(await dns(c, BASE, `(&(objectClass=user)(memberOf:${IN_CHAIN}:=${ENGINEERING}))`)).toEqual(
      [ALICE, JSMITH, BOB, OBRIEN].sort(),
    );
    // Members through primaryGroupID are not reached.
    expect(await dns(c, USERS, `(memberOf:${IN_CHAIN}:=CN=Domain Users,${USERS})`)).toEqual([]);
  });

  test('the in-chain rule accepts the DN in any case and spacing', async () => {
    const c = await asAlice();
    expect(await dns(c, BASE, `(member:${IN_CHAIN}:=cn=ALICE, cn=users,dc=corp,dc=example,dc=com)`)).toEqual(
      [DEVELOPERS, ENGINEERING, ANNOUNCEMENTS].sort(),
    );
  });

  describe('with a cycle A ∋ B ∋ A and a user in A', () => {
    const A = `CN=Cycle A,${USERS}`;
    const B = `CN=Cycle B,${USERS}`;
    function addCycle() {
      const group = (cn: string, members: string[]) => [
        { type: 'objectClass', values: ['top', 'group'] },
        { type: 'sAMAccountName', values: [cn] },
        { type: 'groupType', values: ['-2147483646'] },
        { type: 'objectSid', values: [encodeTestSid(cn === 'Cycle A' ? 1200 : 1201)] },
        ...(members.length > 0 ? [{ type: 'member', values: members }] : []),
      ];
      server.directory.add(A, group('Cycle A', [BOB]));
      server.directory.add(B, group('Cycle B', [A]));
      server.directory.modify(A, [{ operation: 'add', type: 'member', values: [B] }]);
    }

    test('member in chain from bob terminates and finds both groups and Engineering', async () => {
      addCycle();
      const c = await asAlice();
      expect(await dns(c, BASE, `(member:${IN_CHAIN}:=${BOB})`)).toEqual(
        [A, B, ENGINEERING, ANNOUNCEMENTS].sort(),
      );
    });

    test('memberOf in chain of B terminates and finds A and bob', async () => {
      addCycle();
      const c = await asAlice();
      const found = await dns(c, BASE, `(memberOf:${IN_CHAIN}:=${B})`);
      expect(found).toEqual(expect.arrayContaining([A, BOB]));
      expect(found).not.toContain(ALICE);
    });

    test('tokenGroups of bob terminates and lists both groups once', async () => {
      addCycle();
      const c = await asAlice();
      const { searchEntries } = await c.search(BOB, {
        scope: 'base',
        attributes: ['tokenGroups'],
        explicitBufferAttributes: ['tokenGroups'],
      });
      const sids = asList(searchEntries[0]!['tokenGroups'] as Buffer | Buffer[]).map((b) => decodeSid(b));
      expect(sids.filter((s) => s === `${DOMAIN_SID}-1200`)).toHaveLength(1);
      expect(sids.filter((s) => s === `${DOMAIN_SID}-1201`)).toHaveLength(1);
      expect(sids).toContain(`${DOMAIN_SID}-1121`);
    });
  });
});

describe('in a group cycle the in-chain rule includes the group itself', () => {
  // MS-ADTS 3.1.1.3.4.4.3 EvalTransitiveFilterHelper: for D = A, C = A.memberOf = {B}; A is not
  // in C, so B is visited: B.memberOf = {A} contains V = A, so the filter is TRUE for A itself.
  // Regression: the chain walk used to skip its start entry, so A never matched its own chain.
  const A = `CN=Cycle A,${USERS}`;
  const B = `CN=Cycle B,${USERS}`;
  test('(memberOf:1941:=A) and (member:1941:=A) match A when A ∈ B ∈ A', async () => {
    server.directory.add(A, [
      { type: 'objectClass', values: ['top', 'group'] },
      { type: 'groupType', values: ['-2147483646'] },
    ]);
    server.directory.add(B, [
      { type: 'objectClass', values: ['top', 'group'] },
      { type: 'groupType', values: ['-2147483646'] },
      { type: 'member', values: [A] },
    ]);
    server.directory.modify(A, [{ operation: 'add', type: 'member', values: [B] }]);
    const c = await asAlice();
    expect(await dns(c, USERS, `(memberOf:${IN_CHAIN}:=${A})`)).toEqual([A, B].sort());
    expect(await dns(c, USERS, `(member:${IN_CHAIN}:=${A})`)).toEqual([A, B].sort());
  });
});

/** Binary SID of a domain RID, for groups added by the tests. */
function encodeTestSid(rid: number): Buffer {
  const sid = Buffer.alloc(28);
  sid[0] = 1;
  sid[1] = 5;
  sid.writeUIntBE(5, 2, 6);
  [21, 2718281828, 3141592653, 1414213562, rid].forEach((sub, i) => {
    sid.writeUInt32LE(sub, 8 + 4 * i);
  });
  return sid;
}

describe('bit matching rules on userAccountControl', () => {
  test('.803 (AND) finds the disabled accounts; its negation the enabled ones', async () => {
    const c = await asAlice();
    const disabled = await dns(
      c,
      USERS,
      '(&(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=2))',
    );
    expect(disabled).toEqual([`CN=disabled,${USERS}`, `CN=Guest,${USERS}`, `CN=krbtgt,${USERS}`].sort());
    const enabled = await dns(
      c,
      USERS,
      '(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
    );
    expect(enabled).toContain(ALICE);
    expect(enabled).not.toContain(`CN=disabled,${USERS}`);
    expect(enabled.length + disabled.length).toBe((await dns(c, USERS, '(objectClass=user)')).length);
  });

  test('.803 needs every bit; .804 (OR) needs any', async () => {
    const c = await asAlice();
    // 0x10002: ACCOUNTDISABLE and DONT_EXPIRE_PASSWORD.
    expect(await dns(c, USERS, '(userAccountControl:1.2.840.113556.1.4.803:=65538)')).toEqual([
      `CN=Guest,${USERS}`,
    ]);
    expect(await dns(c, USERS, '(userAccountControl:1.2.840.113556.1.4.804:=65538)')).toEqual(
      [`CN=svc-ldap,${USERS}`, `CN=disabled,${USERS}`, `CN=Guest,${USERS}`, `CN=krbtgt,${USERS}`].sort(),
    );
  });

  test('groupType .803 with the security bit separates security from distribution groups', async () => {
    const c = await asAlice();
    const security = await dns(
      c,
      USERS,
      '(&(objectClass=group)(groupType:1.2.840.113556.1.4.803:=2147483648))',
    );
    expect(security).toContain(DEVELOPERS);
    expect(security).not.toContain(ANNOUNCEMENTS);
  });
});

describe('objectCategory by class name', () => {
  // Regression: `(objectCategory=user)` was read as CN=User,CN=Schema,… and found nobody, so
  // activedirectory2 (whose user filter is built that way) found no user on the mock while real
  // Samba finds the users: a class name means the class's defaultObjectCategory, CN=Person.
  test('user, User and person all mean CN=Person: the user accounts, not the groups', async () => {
    const c = await asAlice();
    const people = await dns(
      c,
      USERS,
      '(objectCategory=CN=Person,CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com)',
    );
    expect(people).toContain(ALICE);
    expect(people).not.toContain(DEVELOPERS);
    for (const name of ['user', 'User', 'person', 'organizationalPerson']) {
      expect(await dns(c, USERS, `(objectCategory=${name})`)).toEqual(people);
    }
  });

  test('group means CN=Group', async () => {
    const c = await asAlice();
    const groups = await dns(c, USERS, '(objectCategory=group)');
    expect(groups).toContain(DEVELOPERS);
    expect(groups).not.toContain(ALICE);
  });
});

describe('extended DNs', () => {
  test('<SID=…> as a base DN, in string and hex form', async () => {
    const c = await asAlice();
    for (const base of [`<SID=${DOMAIN_SID}-1104>`, `<SID=${encodeTestSid(1104).toString('hex')}>`]) {
      const { searchEntries } = await c.search(base, { scope: 'base', attributes: ['sAMAccountName'] });
      expect(searchEntries.map((e) => [e.dn, e['sAMAccountName']])).toEqual([[ALICE, 'alice']]);
    }
  });

  test('<GUID=…> as a base DN, in string and hex form', async () => {
    const guid = server.directory.get(ALICE)!.get('objectguid')!.values[0] as Buffer;
    const c = await asAlice();
    for (const base of [`<GUID=${decodeGuid(guid)}>`, `<GUID=${guid.toString('hex')}>`]) {
      const { searchEntries } = await c.search(base, { scope: 'base', attributes: ['cn'] });
      expect(searchEntries.map((e) => e.dn)).toEqual([ALICE]);
    }
  });

  test('a subtree search based at <SID=…> of a container finds its children', async () => {
    const c = await asAlice();
    const found = await dns(c, `<SID=${DOMAIN_SID}-1120>`, '(objectClass=*)');
    expect(found).toEqual([DEVELOPERS]);
  });

  test('<SID=…> of nothing is 32 with the NameErr text', async () => {
    const c = await asAlice();
    const { code, message } = await failure(c.search(`<SID=${DOMAIN_SID}-999999>`, { scope: 'base' }));
    expect(code).toBe(32);
    expect(message).toMatch(/^0000208D: NameErr: DSID-[0-9A-F]+, problem 2001 \(NO_OBJECT\)/);
  });
});

describe('MaxPageSize', () => {
  test('an unpaged search stops after 1000 entries with 4 sizeLimitExceeded', async () => {
    const c = await asAdmin();
    const error = await failure(c.search(BULK, { filter: '(objectClass=user)', attributes: ['1.1'] }));
    expect(error.code).toBe(4);
    // ldapts keeps the entries of a 4 only when the client itself set a size limit.
    const { searchEntries } = await c.search(BULK, {
      filter: '(objectClass=user)',
      attributes: ['1.1'],
      sizeLimit: 1500,
    });
    expect(searchEntries).toHaveLength(1000);
  });

  test('exactly 1000 entries are no excess: 1000 users then 0', async () => {
    const c = await asAdmin();
    const { searchEntries } = await c.search(BULK, {
      filter: '(&(objectClass=user)(sAMAccountName<=bulk1000))',
      attributes: ['1.1'],
    });
    expect(searchEntries).toHaveLength(1000);
  });

  test('a client size limit below MaxPageSize is honoured', async () => {
    const c = await asAdmin();
    const { searchEntries } = await c.search(BULK, { attributes: ['1.1'], sizeLimit: 10 });
    expect(searchEntries).toHaveLength(10);
  });

  test('paged: a page asked as 2000 comes back as at most 1000, and paging returns everything', async () => {
    const c = await asAdmin();
    const sizes: number[] = [];
    const seen = new Set<string>();
    for await (const page of c.searchPaginated(BULK, {
      filter: '(objectClass=user)',
      attributes: ['1.1'],
      paged: { pageSize: 2000 },
    })) {
      sizes.push(page.searchEntries.length);
      for (const e of page.searchEntries) seen.add(e.dn);
    }
    expect(sizes).toEqual([1000, 600]);
    expect(seen.size).toBe(1600);
  });

  test('paged with pages of 500: all 1601 entries of the OU', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(BULK, { attributes: ['1.1'], paged: { pageSize: 500 } });
    expect(searchEntries).toHaveLength(1601);
  });
});

describe('range retrieval', () => {
  test('a group over 1500 members: member;range=0-1499, then member;range=1500-*', async () => {
    const c = await asAlice();
    const first = await c.search(BIG_GROUP, { scope: 'base', attributes: ['member'] });
    const entry = first.searchEntries[0]!;
    const chunk = asList(entry['member;range=0-1499'] as string | string[]);
    expect(chunk).toHaveLength(1500);
    expect(chunk[0]).toBe(`CN=bulk0001,${BULK}`);
    expect(chunk[1499]).toBe(`CN=bulk1500,${BULK}`);
    expect(entry['member']).toEqual([]);
    const rest = await c.search(BIG_GROUP, { scope: 'base', attributes: ['member;range=1500-*'] });
    const tail = asList(rest.searchEntries[0]!['member;range=1500-*'] as string | string[]);
    expect(tail).toHaveLength(100);
    expect(tail[0]).toBe(`CN=bulk1501,${BULK}`);
    expect(tail[99]).toBe(`CN=bulk1600,${BULK}`);
    expect(new Set([...chunk, ...tail]).size).toBe(1600);
  });

  test('* also ranges the big attribute', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(BIG_GROUP, { scope: 'base', attributes: ['*'] });
    expect(asList(searchEntries[0]!['member;range=0-1499'] as string[])).toHaveLength(1500);
    expect(searchEntries[0]!['cn']).toBe('Big Group');
  });

  test('explicit ranges: 10-19 gives the 11th to 20th values, labelled as asked', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(BIG_GROUP, {
      scope: 'base',
      attributes: ['member;range=10-19'],
    });
    const values = asList(searchEntries[0]!['member;range=10-19'] as string[]);
    expect(values).toEqual(
      Array.from({ length: 10 }, (_, i) => `CN=bulk${String(11 + i).padStart(4, '0')},${BULK}`),
    );
  });

  test('a range asking for more than 1500 values is cut to 1500', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(BIG_GROUP, {
      scope: 'base',
      attributes: ['member;range=50-1999'],
    });
    expect(asList(searchEntries[0]!['member;range=50-1549'] as string[])).toHaveLength(1500);
  });

  test('a range reaching the last value is labelled with *', async () => {
    const c = await asAlice();
    const { searchEntries } = await c.search(BIG_GROUP, {
      scope: 'base',
      attributes: ['member;range=1590-1700'],
    });
    expect(asList(searchEntries[0]!['member;range=1590-*'] as string[])).toHaveLength(10);
  });

  test('a small group comes back whole, without a range, unless one is asked', async () => {
    const c = await asAlice();
    const plain = await c.search(ENGINEERING, { scope: 'base', attributes: ['member'] });
    expect(asList(plain.searchEntries[0]!['member'] as string[])).toHaveLength(3);
    const ranged = await c.search(ENGINEERING, { scope: 'base', attributes: ['member;range=1-*'] });
    expect(asList(ranged.searchEntries[0]!['member;range=1-*'] as string[])).toHaveLength(2);
  });
});

describe('a range starting past the last value is operationsError (Windows)', () => {
  // MS-ADTS 3.1.1.3.4.1.22 (LDAP_SERVER_RANGE_RETRIEVAL_NOERR_OID): without that control, range
  // retrieval on a link attribute with low >= the number of values returns operationsError (1),
  // e.g. member;range=500-* of a 500-member group (the `ad` profile's rangePastEnd; Samba instead
  // sends the ranged attribute with no values).
  test('member;range=3-* of the 3-member Engineering group', async () => {
    const c = await asAlice();
    const { code } = await failure(
      c.search(ENGINEERING, { scope: 'base', attributes: ['member;range=3-*'] }),
    );
    expect(code).toBe(1);
  });
});

describe('continuation references', () => {
  const references = (scheme: string) =>
    [
      `${scheme}://ForestDnsZones.corp.example.com/DC=ForestDnsZones,${BASE}`,
      `${scheme}://DomainDnsZones.corp.example.com/DC=DomainDnsZones,${BASE}`,
      `${scheme}://corp.example.com/CN=Configuration,${BASE}`,
    ].sort();

  test('a subtree search at the domain root returns the other partitions after its entries', async () => {
    const c = await asAlice();
    const { searchEntries, searchReferences } = await c.search(BASE, {
      filter: '(sAMAccountName=alice)',
      attributes: ['1.1'],
    });
    expect(searchEntries.map((e) => e.dn)).toEqual([ALICE]);
    expect([...searchReferences].sort()).toEqual(references('ldap'));
  });

  test('over LDAPS the references are ldaps://', async () => {
    const c = await asAlice(server.ldapsUrl!);
    const { searchReferences } = await c.search(BASE, {
      filter: '(sAMAccountName=alice)',
      attributes: ['1.1'],
    });
    expect([...searchReferences].sort()).toEqual(references('ldaps'));
  });

  test('a one-level search at the root refers with ??base (RFC 4511 §4.5.3)', async () => {
    const c = await asAlice();
    const { searchEntries, searchReferences } = await c.search(BASE, {
      scope: 'one',
      filter: '(cn=Users)',
      attributes: ['1.1'],
    });
    expect(searchEntries.map((e) => e.dn)).toEqual([USERS]);
    expect([...searchReferences].sort()).toEqual(references('ldap').map((uri) => `${uri}??base`));
  });

  test('references come even when no entry matches', async () => {
    const c = await asAlice();
    const { searchEntries, searchReferences } = await c.search(BASE, {
      filter: '(sAMAccountName=nobody)',
      attributes: ['1.1'],
    });
    expect(searchEntries).toEqual([]);
    expect(searchReferences).toHaveLength(3);
  });

  test('the Domain Scope control suppresses them', async () => {
    const c = await asAlice();
    for (const critical of [false, true]) {
      const { searchEntries, searchReferences } = await c.search(
        BASE,
        { filter: '(sAMAccountName=alice)', attributes: ['1.1'] },
        new Control(DOMAIN_SCOPE, { critical }),
      );
      expect(searchEntries).toHaveLength(1);
      expect(searchReferences).toEqual([]);
    }
  });

  test('none below the domain root, nor for a base search of the root', async () => {
    const c = await asAlice();
    const below = await c.search(USERS, { filter: '(sAMAccountName=alice)', attributes: ['1.1'] });
    expect(below.searchEntries).toHaveLength(1);
    expect(below.searchReferences).toEqual([]);
    const root = await c.search(BASE, { scope: 'base', attributes: ['1.1'] });
    expect(root.searchReferences).toEqual([]);
  });
});

describe('WhoAmI', () => {
  test('u:CORP\\<sAMAccountName> whichever name form was used to bind', async () => {
    expect(await whoami(await bound('jsmith@corp.example.com', 'Juliett-Passw0rd!'))).toBe('u:CORP\\jsmith');
    expect(await whoami(await asAdmin())).toBe('u:CORP\\Administrator');
  });
});

describe('unicodePwd', () => {
  test('a user changes its own password over LDAPS; the new one binds, the old one no longer', async () => {
    const c = await asAlice(server.ldapsUrl!);
    await c.modify(ALICE, selfChange(PASSWORD.alice, 'Fresh-Start-42'));
    expect(await whoami(await bound('CORP\\alice', 'Fresh-Start-42'))).toBe('u:CORP\\alice');
    expect(await bindData('CORP\\alice', PASSWORD.alice)).toBe('52e');
    // pwdLastSet moved to now.
    expect(BigInt(stored(ALICE, 'pwdLastSet')!)).toBeGreaterThan(BigInt(minutesAgo(1)));
  });

  test('a change through StartTLS is over TLS too', async () => {
    const c = client();
    await c.startTLS({ ca: [server.caCertificate] });
    await c.bind(ALICE, PASSWORD.alice);
    await c.modify(ALICE, selfChange(PASSWORD.alice, 'Fresh-Start-42'));
    await bound(ALICE, 'Fresh-Start-42');
  });

  test('a wrong old password is 19 00000056 and counts as a bad password', async () => {
    const c = await asAlice(server.ldapsUrl!);
    const { code, message } = await failure(c.modify(ALICE, selfChange('Not-The-Old-1', 'Fresh-Start-42')));
    expect(code).toBe(19);
    expect(message).toMatch(
      /^00000056: AtrErr: DSID-[0-9A-F]+, #1:\n\t0: 00000056: .*\(unicodePwd\)\n\u0000/,
    );
    expect(stored(ALICE, 'badPwdCount')).toBe('1');
    await bound(ALICE, PASSWORD.alice);
  });

  test.each([
    ['too short', 'Ab1!'],
    ['not complex (two classes)', 'onlylowercase1'],
    ['containing the account name', 'xALICEx-99'],
    ['the current password', PASSWORD.alice],
  ])('a new password %s is 19 0000052D', async (_why, candidate) => {
    const c = await asAlice(server.ldapsUrl!);
    const { code, message } = await failure(c.modify(ALICE, selfChange(PASSWORD.alice, candidate)));
    expect(code).toBe(19);
    expect(message).toMatch(
      /^0000052D: AtrErr: DSID-[0-9A-F]+, #1:\n\t0: 0000052D: .*\(unicodePwd\)\n\u0000/,
    );
    await bound(ALICE, PASSWORD.alice);
  });

  test('a password in the history is refused on change: A → B → A', async () => {
    const c = await asAlice(server.ldapsUrl!);
    await c.modify(ALICE, selfChange(PASSWORD.alice, 'Second-Pass-2'));
    await c.modify(ALICE, selfChange('Second-Pass-2', 'Third-Pass-3'));
    const { code, message } = await failure(c.modify(ALICE, selfChange('Third-Pass-3', PASSWORD.alice)));
    expect(code).toBe(19);
    expect(message).toContain('0000052D');
    await bound(ALICE, 'Third-Pass-3');
  });

  test('the history never comes back in a search', async () => {
    const c = await asAlice(server.ldapsUrl!);
    await c.modify(ALICE, selfChange(PASSWORD.alice, 'Second-Pass-2'));
    const admin = await asAdmin();
    const { searchEntries } = await admin.search(ALICE, {
      scope: 'base',
      attributes: ['*', 'ntPwdHistory', 'unicodePwd'],
    });
    // ldapts lists a requested attribute the server did not send as [].
    expect(searchEntries[0]!['ntPwdHistory']).toEqual([]);
    expect(searchEntries[0]!['unicodePwd']).toEqual([]);
    expect(server.directory.get(ALICE)!.get('ntpwdhistory')?.values).toHaveLength(1);
  });

  test('Administrator resets (replace) another user over LDAPS; the new password binds', async () => {
    const admin = await asAdmin(server.ldapsUrl!);
    await admin.modify(BOB, passwordChange('replace', 'Reset-By-Admin-1'));
    expect(await whoami(await bound('bob@corp.example.com', 'Reset-By-Admin-1'))).toBe('u:CORP\\bob');
    expect(await bindData('bob@corp.example.com', PASSWORD.bob)).toBe('52e');
  });

  test('a reset still checks length and complexity', async () => {
    const admin = await asAdmin(server.ldapsUrl!);
    const { code, message } = await failure(admin.modify(BOB, passwordChange('replace', 'short')));
    expect(code).toBe(19);
    expect(message).toContain('0000052D');
  });

  test('a normal user may not reset: neither its own password (replace) nor another user’s', async () => {
    const alice = await asAlice(server.ldapsUrl!);
    const own = await failure(alice.modify(ALICE, passwordChange('replace', 'Fresh-Start-42')));
    expect(own.code).toBe(50);
    expect(own.message).toMatch(/INSUFF_ACCESS_RIGHTS/);
    const other = await failure(alice.modify(BOB, passwordChange('replace', 'Fresh-Start-42')));
    expect(other.code).toBe(50);
    expect(other.message).toMatch(/INSUFF_ACCESS_RIGHTS/);
    await bound(BOB, PASSWORD.bob);
    await bound(ALICE, PASSWORD.alice);
  });

  test('over plain LDAP a change and a reset are 53 00002077', async () => {
    const alice = await asAlice();
    const change = await failure(alice.modify(ALICE, selfChange(PASSWORD.alice, 'Fresh-Start-42')));
    expect(change.code).toBe(53);
    expect(change.message).toMatch(
      /^00002077: SvcErr: DSID-03190F9E, problem 5003 \(WILL_NOT_PERFORM\), data 0\n\u0000/,
    );
    const admin = await asAdmin();
    const reset = await failure(admin.modify(BOB, passwordChange('replace', 'Fresh-Start-42')));
    expect(reset.code).toBe(53);
    expect(reset.message).toContain('00002077');
    await bound(ALICE, PASSWORD.alice);
    await bound(BOB, PASSWORD.bob);
  });

  test('a value that is not quoted UTF-16LE is refused', async () => {
    const admin = await asAdmin(server.ldapsUrl!);
    const bare = new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'unicodePwd', values: [Buffer.from('Fresh-Start-42', 'utf16le')] }),
    });
    const { code } = await failure(admin.modify(BOB, bare));
    expect(code).toBe(53);
    await bound(BOB, PASSWORD.bob);
  });

  test('unicodePwd is never returned by a search, by name, for * or to its owner', async () => {
    for (const c of [await asAdmin(), await asAlice()]) {
      const { searchEntries } = await c.search(ALICE, {
        scope: 'base',
        attributes: ['*', 'unicodePwd'],
        explicitBufferAttributes: ['unicodePwd'],
      });
      expect(searchEntries[0]!['unicodePwd']).toEqual([]);
      expect(Object.keys(searchEntries[0]!).filter((k) => /unicodepwd/i.test(k))).toEqual(['unicodePwd']);
    }
  });

  test('unicodePwd is not matchable in filters: every item on it is Undefined', async () => {
    const admin = await asAdmin();
    expect(await dns(admin, USERS, '(unicodePwd=*)')).toEqual([]);
    // Undefined negated stays Undefined, so the negation finds nothing either.
    expect(await dns(admin, USERS, '(&(sAMAccountName=alice)(!(unicodePwd=*)))')).toEqual([]);
    const value = [...unicodePwd(PASSWORD.alice)].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
    expect(await dns(admin, USERS, `(unicodePwd=${value})`)).toEqual([]);
  });
});
