/**
 * The `samba` profile over real sockets with the ldapts client: the AD fixture under the
 * behaviour of a Samba 4.17 AD DC, which differs from Windows where fixtures/README.md ("What a
 * real Samba 4.17 DC answers") records it — empty passwords, no MaxPageSize or MaxValRange,
 * unicodePwd over plain LDAP, no WhoAmI, its own texts (never ending in NUL).
 */
import { Attribute, Change, Client, ResultCodeError } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { decodeSid } from '../../src/core/sid.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';

const BASE = 'DC=corp,DC=example,DC=com';
const USERS = `CN=Users,${BASE}`;
const BULK = `OU=bulk,${BASE}`;
const ALICE = `CN=alice,${USERS}`;
const BOB = `CN=bob,${USERS}`;
const DOMAIN_SID = 'S-1-5-21-2718281828-3141592653-1414213562';
const WHO_AM_I = '1.3.6.1.4.1.4203.1.11.3';
const ALICE_PASSWORD = 'Alpha-Passw0rd!';
const BOB_PASSWORD = 'Bravo-Passw0rd!';
const ADMIN_PASSWORD = 'Admin-Passw0rd!';
const SAMBA_52E = '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1';

let server: MockServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startMockServer({ profile: 'samba' });
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

/** The result code and text of an operation that must fail, without ldapts' ' Code: 0x..'. */
async function failure(action: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await action;
  } catch (error) {
    if (error instanceof ResultCodeError)
      return { code: error.code, message: error.message.replace(/ Code: 0x[0-9a-f]+$/, '') };
    throw error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

async function bindData(name: string, password: string): Promise<string | undefined> {
  const { code, message } = await failure(client().bind(name, password));
  expect(code).toBe(49);
  expect(message).toMatch(
    /^80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data \w+, v1db1$/,
  );
  return /data ([0-9a-f]+),/.exec(message)?.[1];
}

function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

function passwordChange(operation: 'add' | 'delete' | 'replace', password: string): Change {
  return new Change({
    operation,
    modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(password)] }),
  });
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

describe('binds', () => {
  test('DN, UPN and CORP\\name bind; WhoAmI is not implemented (2)', async () => {
    for (const name of [ALICE, 'ALICE@corp.example.com', 'corp\\alice']) {
      const c = await bound(name, ALICE_PASSWORD);
      const { code, message } = await failure(c.exop(WHO_AM_I));
      expect(code).toBe(2);
      expect(message).toBe(`Extended Operation(${WHO_AM_I}) not supported`);
    }
  });

  test('a name with an empty password is refused: 49 data 52e (Windows binds anonymously)', async () => {
    for (const name of [ALICE, 'alice@corp.example.com', 'CORP\\alice']) {
      const { code, message } = await failure(client().bind(name, ''));
      expect(code).toBe(49);
      expect(message).toBe(SAMBA_52E);
    }
  });

  test('an empty name with a password is 49 data 52e; an empty name and password is anonymous', async () => {
    expect(await bindData('', 'something')).toBe('52e');
    await bound('', '');
  });

  test('data codes as in Windows, with the Samba text and no NUL', async () => {
    expect(await bindData(ALICE, 'wrong')).toBe('52e');
    expect(await bindData('alice', ALICE_PASSWORD)).toBe('52e');
    expect(await bindData('OTHER\\alice', ALICE_PASSWORD)).toBe('52e');
    expect(await bindData('CORP\\disabled', 'Delta-Passw0rd!')).toBe('533');
    expect(await bindData('CORP\\expired', 'Echo-Passw0rd!')).toBe('701');
    expect(await bindData('CORP\\locked', 'Lima-Passw0rd!')).toBe('775');
    expect(await bindData('CORP\\locked', 'wrong')).toBe('775');
  });

  test('pwdLastSet 0 gives 773 with the right password, 52e with a wrong one', async () => {
    // Recorded from Samba 4.17 (fixtures/README.md); SPEC §4 still says such an account binds.
    expect(await bindData('CORP\\mustchange', 'Mike-Passw0rd!')).toBe('773');
    expect(await bindData('CORP\\mustchange', 'wrong')).toBe('52e');
  });

  test('5 bad passwords lock the account: 775 with the right one', async () => {
    for (let i = 0; i < 5; i++) expect(await bindData(BOB, `wrong-${i}`)).toBe('52e');
    expect(await bindData(BOB, BOB_PASSWORD)).toBe('775');
  });

  test('a failed bind keeps the identity of the previous bind on the connection', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    await c.bind(BOB, 'wrong').catch(() => undefined);
    const { searchEntries } = await c.search(ALICE, { scope: 'base', attributes: ['sAMAccountName'] });
    expect(searchEntries[0]!['sAMAccountName']).toBe('alice');
  });
});

describe('unbound operations', () => {
  test('a search is 1 00002020', async () => {
    for (const scope of ['base', 'one', 'sub'] as const) {
      const { code, message } = await failure(client().search(USERS, { scope }));
      expect(code).toBe(1);
      expect(message).toBe('00002020: Operation unavailable without authentication');
    }
  });

  test('a compare succeeds', async () => {
    const c = client();
    expect(await c.compare(ALICE, 'sAMAccountName', 'alice')).toBe(true);
    expect(await c.compare(ALICE, 'sAMAccountName', 'bob')).toBe(false);
  });

  test('a write is 1 00002020', async () => {
    const { code, message } = await failure(
      client().modify(
        ALICE,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'description', values: ['x'] }),
        }),
      ),
    );
    expect(code).toBe(1);
    expect(message).toBe('00002020: Operation unavailable without authentication');
  });

  test('the rootDSE is readable: no supportedExtension, Samba as vendor', async () => {
    const { searchEntries } = await client().search('', { scope: 'base', attributes: ['*'] });
    const root = searchEntries[0]!;
    expect(root['defaultNamingContext']).toBe(BASE);
    expect(root['vendorName']).toBe('Samba Team (https://www.samba.org)');
    expect(root['supportedExtension'] ?? []).toEqual([]);
    expect(asList(root['supportedCapabilities'])).toContain('1.2.840.113556.1.4.800');
  });
});

describe('sizes', () => {
  test('no MaxPageSize: an unpaged search returns all 1601 entries of the bulk OU, result 0', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const { searchEntries } = await c.search(BULK, { attributes: ['1.1'] });
    expect(searchEntries).toHaveLength(1601);
  });

  test('the client size limit is ignored', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const { searchEntries } = await c.search(BULK, {
      filter: '(objectClass=user)',
      attributes: ['1.1'],
      sizeLimit: 10,
    });
    expect(searchEntries).toHaveLength(1600);
  });

  test('a page size above 1000 is honoured', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const sizes: number[] = [];
    for await (const page of c.searchPaginated(BULK, {
      filter: '(objectClass=user)',
      attributes: ['1.1'],
      paged: { pageSize: 1200 },
    })) {
      sizes.push(page.searchEntries.length);
    }
    expect(sizes.filter((n) => n > 0)).toEqual([1200, 400]);
  });

  test('no MaxValRange: a plain member returns all 1600 values; a range still works', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const whole = await c.search(`CN=Big Group,${USERS}`, { scope: 'base', attributes: ['member'] });
    expect(asList(whole.searchEntries[0]!['member'] as string[])).toHaveLength(1600);
    const ranged = await c.search(`CN=Big Group,${USERS}`, {
      scope: 'base',
      attributes: ['member;range=1595-1700'],
    });
    expect(asList(ranged.searchEntries[0]!['member;range=1595-*'] as string[])).toHaveLength(5);
  });
});

describe('groups and references', () => {
  test('memberOf and tokenGroups as in Windows; tokenGroups outside base scope has Samba’s text', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const star = await c.search(ALICE, { scope: 'base', attributes: ['*'] });
    expect(asList(star.searchEntries[0]!['memberOf']).sort()).toEqual(
      [`CN=Announcements,${USERS}`, `CN=Developers,${USERS}`].sort(),
    );
    const base = await c.search(ALICE, {
      scope: 'base',
      attributes: ['tokenGroups'],
      explicitBufferAttributes: ['tokenGroups'],
    });
    const sids = asList(base.searchEntries[0]!['tokenGroups'] as Buffer | Buffer[]).map((b) => decodeSid(b));
    expect(sids.sort()).toEqual(
      [`${DOMAIN_SID}-1120`, `${DOMAIN_SID}-1121`, `${DOMAIN_SID}-513`, 'S-1-5-32-545'].sort(),
    );
    const { code, message } = await failure(
      c.search(USERS, { filter: '(sAMAccountName=alice)', attributes: ['tokenGroups'] }),
    );
    expect(code).toBe(1);
    expect(message).toMatch(/^00002020: operational_search_post_process failed for attribute 'tokenGroups'/);
  });

  test('a text filter value ends at NUL as in Samba; a binary SID (full of zero octets) is compared whole', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const byName = await c.search(USERS, { filter: '(sAMAccountName=alice\\00zzz)', attributes: ['1.1'] });
    expect(byName.searchEntries.map((e) => e.dn)).toEqual([ALICE]);
    // The string SID becomes the binary one (01 05 00 00 …) before the match.
    const bySid = await c.search(USERS, { filter: `(objectSid=${DOMAIN_SID}-1104)`, attributes: ['1.1'] });
    expect(bySid.searchEntries.map((e) => e.dn)).toEqual([ALICE]);
  });

  test('one continuation reference (Configuration) at the domain root', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const { searchReferences } = await c.search(BASE, {
      filter: '(sAMAccountName=alice)',
      attributes: ['1.1'],
    });
    expect(searchReferences).toEqual([`ldap://corp.example.com/CN=Configuration,${BASE}`]);
  });
});

describe('unicodePwd', () => {
  test('a user changes its own password over plain LDAP; the new one binds', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    await c.modify(ALICE, [
      passwordChange('delete', ALICE_PASSWORD),
      passwordChange('add', 'Fresh-Start-42'),
    ]);
    await bound('CORP\\alice', 'Fresh-Start-42');
  });

  test('the old password keeps binding after a change (Samba’s old password allowed period)', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD, server.ldapsUrl!);
    await c.modify(ALICE, [
      passwordChange('delete', ALICE_PASSWORD),
      passwordChange('add', 'Fresh-Start-42'),
    ]);
    await bound(ALICE, ALICE_PASSWORD);
    await bound(ALICE, 'Fresh-Start-42');
  });

  test('an administrator resets over plain LDAP', async () => {
    const admin = await bound('CORP\\Administrator', ADMIN_PASSWORD);
    await admin.modify(BOB, passwordChange('replace', 'Reset-By-Admin-1'));
    await bound(BOB, 'Reset-By-Admin-1');
  });

  test('Samba’s texts: wrong old password, too short, own reset', async () => {
    const c = await bound(ALICE, ALICE_PASSWORD);
    const wrong = await failure(
      c.modify(ALICE, [passwordChange('delete', 'Not-The-Old-1'), passwordChange('add', 'Fresh-Start-42')]),
    );
    expect(wrong).toEqual({
      code: 19,
      message:
        "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!",
    });
    const short = await failure(
      c.modify(ALICE, [passwordChange('delete', ALICE_PASSWORD), passwordChange('add', 'Ab1-')]),
    );
    expect(short).toEqual({
      code: 19,
      message:
        '0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters!',
    });
    const reset = await failure(c.modify(ALICE, passwordChange('replace', 'Fresh-Start-42')));
    expect(reset).toEqual({
      code: 50,
      message: 'error in module acl: insufficient access rights during LDB_MODIFY (50)',
    });
  });

  test('unicodePwd is never returned nor matchable', async () => {
    const admin = await bound('CORP\\Administrator', ADMIN_PASSWORD);
    const { searchEntries } = await admin.search(ALICE, { scope: 'base', attributes: ['*', 'unicodePwd'] });
    expect(searchEntries[0]!['unicodePwd']).toEqual([]);
    const matched = await admin.search(USERS, { filter: '(unicodePwd=*)', attributes: ['1.1'] });
    expect(matched.searchEntries).toEqual([]);
  });
});
