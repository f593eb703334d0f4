/**
 * The mock server over real sockets with the ldapts client. Tests named "wire:" each guard one
 * ldapjs-server trap (research/server-anchors.md §A3): they fail if the wire layer falls back to
 * ldapjs' own routing, filter parsing, bind handling or entry encoding.
 */
import net from 'node:net';
import {
  AndFilter,
  Attribute,
  Change,
  Client,
  EqualityFilter,
  ExtensibleFilter,
  InvalidCredentialsError,
} from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';

const base = 'dc=example,dc=org';
const alice = `uid=alice,ou=people,${base}`;
let server: MockServer;
const clients: Client[] = [];

function client(url = server.url): Client {
  // ldapts speaks TLS from the first byte whenever tlsOptions is set, so only for ldaps://.
  const tls = url.startsWith('ldaps:') ? { tlsOptions: { ca: [server.caCertificate] } } : {};
  const c = new Client({ url, ...tls, timeout: 5000, connectTimeout: 2000 });
  clients.push(c);
  return c;
}

async function whoami(c: Client): Promise<string> {
  const { value } = await c.exop('1.3.6.1.4.1.4203.1.11.3');
  return value ?? '';
}

beforeAll(async () => {
  server = await startMockServer();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  await server.reset();
});
afterAll(async () => {
  await server.stop();
});

describe('bind', () => {
  test('a user binds with the right password and WhoAmI names the stored DN', async () => {
    const c = client();
    await c.bind(alice, 'alice-password');
    expect(await whoami(c)).toBe(`dn:${alice}`);
  });

  test('a wrong password is 49 with no diagnostic text, as slapd sends', async () => {
    const error = await client()
      .bind(alice, 'wrong')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidCredentialsError);
    expect((error as Error).message.replace(/ ?Code: 0x[0-9a-f]+$/, '')).toBe('');
  });

  test('wire: a DN with an empty password gets 53 and slapd text (diagnosticMessage is sent)', async () => {
    const error = (await client()
      .bind(alice, '')
      .catch((e: unknown) => e)) as { code: number; message: string };
    expect(error.code).toBe(53);
    expect(error.message).toContain('unauthenticated bind (DN with no password) disallowed');
  });

  test('wire: a failed bind leaves the connection anonymous (RFC 4513 §4)', async () => {
    const c = client();
    await c.bind(alice, 'alice-password');
    await c.bind(`uid=bob,ou=people,${base}`, 'wrong').catch(() => undefined);
    expect(await whoami(c)).toBe('');
  });

  test('wire: an anonymous bind reaches the profile and drops the previous identity', async () => {
    const c = client();
    await c.bind(alice, 'alice-password');
    await c.bind('', '');
    expect(await whoami(c)).toBe('');
  });

  test('wire: a bind name that is not a DN is answered (34 invalid DN), not dropped', async () => {
    const c = client();
    const error = (await c.bind('alice@example.org', 'x').catch((e: unknown) => e)) as { code: number };
    expect(error.code).toBe(34);
    await c.bind(alice, 'alice-password');
    expect(await whoami(c)).toBe(`dn:${alice}`);
  });

  test('wire: a SASL bind gets 7 and the connection survives', async () => {
    const c = client();
    const error = (await c.bind('EXTERNAL').catch((e: unknown) => e)) as { code: number };
    expect(error.code).toBe(7);
    await c.bind(alice, 'alice-password');
    expect(await whoami(c)).toBe(`dn:${alice}`);
  });

  test('the rootdn binds with its configured password', async () => {
    const c = client();
    await c.bind(server.rootDN, 'admin');
    expect(await whoami(c)).toBe(`dn:${server.rootDN}`);
  });
});

describe('search', () => {
  test('wire: attributes requested in any case come back, memberOf included (ldapjs #900/#974)', async () => {
    const c = client();
    const { searchEntries } = await c.search(alice, { scope: 'base', attributes: ['MEMBEROF', 'Mail'] });
    expect(searchEntries[0]).toMatchObject({
      memberOf: `cn=developers,ou=groups,${base}`,
      mail: 'alice@example.org',
    });
  });

  test('memberOf is operational: absent for *, present for +', async () => {
    const c = client();
    const star = await c.search(alice, { scope: 'base', attributes: ['*'] });
    expect(star.searchEntries[0]).not.toHaveProperty('memberOf');
    const plus = await c.search(alice, { scope: 'base', attributes: ['+'] });
    expect(plus.searchEntries[0]).toHaveProperty('memberOf');
    expect(plus.searchEntries[0]).toHaveProperty('entryDN', alice);
  });

  test('wire: a numeric OID in the attribute list is understood (2.5.4.3 = cn)', async () => {
    const { searchEntries } = await client().search(alice, { scope: 'base', attributes: ['2.5.4.3'] });
    expect(searchEntries[0]?.['cn']).toBe('Alice Liddell');
  });

  test('wire: filter values arrive byte-exact (escaped specials, backslash, non-ASCII)', async () => {
    const escaped =
      server.directory.get(`uid=escaped,ou=people,${base}`) ??
      [...server.directory.all()].find((e) => e.first('uid') === 'escaped');
    expect(escaped).toBeDefined();
    const cn = escaped!.first('cn')!;
    const c = client();
    const byFilterObject = await c.search(base, {
      filter: new EqualityFilter({ attribute: 'cn', value: Buffer.from(cn, 'utf8') }),
      attributes: ['uid'],
    });
    expect(byFilterObject.searchEntries.map((e) => e['uid'])).toEqual(['escaped']);
  });

  test('wire: the stored DN is returned as stored, not re-escaped (ldapjs writes \\2c)', async () => {
    const entry = [...server.directory.all()].find((e) => e.first('uid') === 'escaped')!;
    const { searchEntries } = await client().search(base, { filter: '(uid=escaped)', attributes: ['1.1'] });
    expect(searchEntries[0]?.dn).toBe(entry.dn);
    expect(searchEntries[0]?.dn).not.toContain('\\2c');
  });

  test('wire: an extensible value with parentheses does not drop the connection', async () => {
    const c = client();
    const result = await c.search(base, {
      filter: new ExtensibleFilter({
        rule: '1.2.840.113556.1.4.1941',
        matchType: 'member',
        value: 'cn=Smith (Contractor),ou=x',
      }),
    });
    expect(result.searchEntries).toEqual([]);
    expect(await whoami(c)).toBe('');
  });

  test('filters match case-insensitively by the attribute matching rule', async () => {
    const { searchEntries } = await client().search(base, {
      filter: new AndFilter({
        filters: [
          new EqualityFilter({ attribute: 'UID', value: 'ALICE' }),
          new EqualityFilter({ attribute: 'objectclass', value: 'INETORGPERSON' }),
        ],
      }),
    });
    expect(searchEntries.map((e) => e.dn)).toEqual([alice]);
  });

  test('the three scopes', async () => {
    const c = client();
    const people = `ou=people,${base}`;
    const baseScope = await c.search(people, { scope: 'base', attributes: ['1.1'] });
    const one = await c.search(people, { scope: 'one', attributes: ['1.1'] });
    const sub = await c.search(people, { scope: 'sub', attributes: ['1.1'] });
    expect(baseScope.searchEntries.map((e) => e.dn)).toEqual([people]);
    expect(one.searchEntries.length).toBeGreaterThanOrEqual(3);
    expect(one.searchEntries.map((e) => e.dn)).not.toContain(people);
    expect(sub.searchEntries.length).toBe(one.searchEntries.length + 1);
  });

  test('a missing base is 32 with the nearest existing entry as matchedDN', async () => {
    const error = (await client()
      .search(`uid=nobody,ou=people,${base}`, {})
      .catch((e: unknown) => e)) as { code: number; message: string };
    expect(error.code).toBe(32);
  });

  test('an unpaged search over the bulk OU stops at 500 with sizeLimitExceeded; the rootdn is exempt', async () => {
    const error = (await client()
      .search(`ou=bulk,${base}`, { attributes: ['1.1'] })
      .catch((e: unknown) => e)) as { code: number };
    expect(error.code).toBe(4);
    const admin = client();
    await admin.bind(server.rootDN, 'admin');
    const all = await admin.search(`ou=bulk,${base}`, { attributes: ['1.1'] });
    expect(all.searchEntries.length).toBeGreaterThan(600);
  });

  test('paged results: the rootdn pages through everything 100 at a time', async () => {
    const admin = client();
    await admin.bind(server.rootDN, 'admin');
    const pages: number[] = [];
    for await (const page of admin.searchPaginated(`ou=bulk,${base}`, {
      attributes: ['1.1'],
      paged: { pageSize: 100 },
    })) {
      pages.push(page.searchEntries.length);
    }
    expect(pages.slice(0, 6)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(
      server.directory.get(`ou=bulk,${base}`)
        ? [...server.directory.scope(server.directory.get(`ou=bulk,${base}`)!.ndn, 'sub')].length
        : -1,
    );
  });

  test('an unknown critical control fails the search with 12', async () => {
    const c = client();
    const { Control } = await import('ldapts');
    const error = (await c
      .search(base, { scope: 'base' }, new Control('1.2.3.4.5.6', { critical: true }))
      .catch((e: unknown) => e)) as { code: number };
    expect(error.code).toBe(12);
  });

  test('the rootDSE names the naming context and the supported extensions', async () => {
    const { searchEntries } = await client().search('', { scope: 'base', attributes: ['+'] });
    expect(searchEntries[0]?.['namingContexts']).toBe(base);
    expect(searchEntries[0]?.['supportedExtension']).toContain('1.3.6.1.4.1.1466.20037');
    expect(searchEntries[0]?.['subschemaSubentry']).toBe('cn=Subschema');
  });
});

describe('values', () => {
  test('typesOnly returns attribute names without values', async () => {
    const { searchEntries } = await client().search(alice, {
      scope: 'base',
      attributes: ['cn', 'mail'],
      returnAttributeValues: false,
    });
    expect(searchEntries[0]).toMatchObject({ cn: [], mail: [] });
  });

  test('binary values (jpegPhoto) come back byte-exact, including bytes that are not UTF-8', async () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x80, 0xc3, 0x28, 0x00, 0xfe]);
    const admin = client();
    await admin.bind(server.rootDN, 'admin');
    await admin.modify(
      alice,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'jpegPhoto', values: [photo] }),
      }),
    );
    const { searchEntries } = await admin.search(alice, {
      scope: 'base',
      attributes: ['jpegPhoto'],
      explicitBufferAttributes: ['jpegPhoto'],
    });
    expect(searchEntries[0]?.['jpegPhoto']).toEqual(photo);
  });
});

describe('writes', () => {
  test('anonymous users cannot write (8, as slapd); the rootdn can, and refint removes a deleted member', async () => {
    const anon = client();
    const denied = (await anon.del(alice).catch((e: unknown) => e)) as { code: number; message: string };
    expect(denied.code).toBe(8);
    expect(denied.message).toContain('modifications require authentication');
    const admin = client();
    await admin.bind(server.rootDN, 'admin');
    await admin.del(alice);
    const group = await admin.search(`cn=developers,ou=groups,${base}`, {
      scope: 'base',
      attributes: ['member'],
    });
    expect([group.searchEntries[0]?.['member']].flat()).not.toContain(alice);
  });

  test('reset() brings deleted data back', async () => {
    const admin = client();
    await admin.bind(server.rootDN, 'admin');
    await admin.del(alice);
    expect(server.directory.get(alice)).toBeUndefined();
    await server.reset();
    expect(server.directory.get(alice)).toBeDefined();
  });

  test('Password Modify changes the own password; a too short one fails quality', async () => {
    const c = client();
    await c.bind(alice, 'alice-password');
    const short = (await passwordModify(c, 'short').catch((e: unknown) => e)) as {
      code: number;
      message: string;
    };
    expect(short.code).toBe(19);
    expect(short.message).toContain('Password fails quality checking policy');
    await passwordModify(c, 'a-brand-new-password');
    await client().bind(alice, 'a-brand-new-password');
  });
});

describe('ppolicy and the rootdn (slapd: `ldappasswd -D cn=admin… -s abc uid=alice,…` succeeds)', () => {
  const bob = `uid=bob,ou=people,${base}`;

  test('the rootdn sets a password the quality policy refuses a user, by Password Modify and by modify', async () => {
    const admin = client();
    await admin.bind(server.rootDN, 'admin');
    await admin.exop('1.3.6.1.4.1.4203.1.11.1', passwordModifyFor(alice, 'abc'));
    await client().bind(alice, 'abc');
    await admin.modify(
      bob,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'userPassword', values: ['xyz'] }),
      }),
    );
    await client().bind(bob, 'xyz');
    // Bookkeeping as for any change (slapd sets pwdChangedTime for the rootdn's change too).
    const { searchEntries } = await admin.search(alice, { scope: 'base', attributes: ['pwdChangedTime'] });
    expect(searchEntries[0]?.['pwdChangedTime']).toMatch(/^\d{14}Z$/);
  });

  test("a user's own short password set by modify stays refused (19)", async () => {
    const c = client();
    await c.bind(bob, 'bob-password');
    const refused = (await c
      .modify(
        bob,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'userPassword', values: ['abc'] }),
        }),
      )
      .catch((e: unknown) => e)) as { code: number; message: string };
    expect(refused.code).toBe(19);
    expect(refused.message).toContain('Password fails quality checking policy');
  });
});

describe('transport', () => {
  test('StartTLS then bind, with the server CA', async () => {
    const c = client();
    await c.startTLS({ ca: [server.caCertificate] });
    await c.bind(alice, 'alice-password');
    expect(await whoami(c)).toBe(`dn:${alice}`);
  });

  test('LDAPS with the server CA', async () => {
    const c = client(server.ldapsUrl);
    await c.bind(alice, 'alice-password');
    expect(await whoami(c)).toBe(`dn:${alice}`);
  });

  test('a certificate that does not load stops the start, naming the option (the TLS context itself is made on the first handshake)', async () => {
    const started = startMockServer({
      ldapsPort: null,
      tls: { cert: 'not a certificate', key: 'nor a key' },
    });
    await expect(started).rejects.toThrow(/^tls: the certificate, key or CA does not load \(.*PEM/);
    // A given CA signs the certificate on the first handshake: it too is checked at start.
    const signedLater = startMockServer({
      ldapsPort: null,
      certificateAuthority: { cert: server.caCertificate, key: 'not the key' },
    });
    await expect(signedLater).rejects.toThrow(
      /^certificateAuthority: the certificate, key or CA does not load/,
    );
  });

  test('wire: responses are not held back by Nagle (a search round trip is well under 40 ms)', async () => {
    const c = client();
    await c.search(alice, { scope: 'base' });
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await c.search(alice, { scope: 'base' });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    expect(times[7]).toBeLessThan(20);
  });

  test('wire: random bytes close that connection only; other clients are still served', async () => {
    const c = client();
    await c.bind(alice, 'alice-password');
    const closed = await sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(closed).toBe(true);
    expect(await whoami(c)).toBe(`dn:${alice}`);
  });

  test('wire: a message claiming 100 MB is refused at its header and the server lives on', async () => {
    // SEQUENCE with a 4-byte length of 100 000 000, then a few bytes of "content".
    const header = Buffer.from([0x30, 0x84, 0x05, 0xf5, 0xe1, 0x00, 0x02, 0x01, 0x01]);
    const closed = await sendRaw(header);
    expect(closed).toBe(true);
    const c = client();
    await c.bind(alice, 'alice-password');
    expect(await whoami(c)).toBe(`dn:${alice}`);
  });
});

describe('faults', () => {
  test('busy answers 51; clearing the fault restores service', async () => {
    await server.setFaults({ answer: 'busy' });
    const error = (await client()
      .bind(alice, 'alice-password')
      .catch((e: unknown) => e)) as { code: number };
    expect(error.code).toBe(51);
    await server.setFaults({});
    await client().bind(alice, 'alice-password');
  });

  test('refuse closes the listener (ECONNREFUSED) and reopens it on the same port', async () => {
    await server.setFaults({ refuse: true });
    const error = (await client()
      .bind(alice, 'alice-password')
      .catch((e: unknown) => e)) as { code?: string; message: string };
    expect(String(error.message)).toMatch(/ECONNREFUSED|connect/i);
    await server.setFaults({});
    await client().bind(alice, 'alice-password');
  });

  test('the journal records binds without passwords', async () => {
    await client().bind(alice, 'alice-password');
    const bind = server.journal.all().find((o) => o.operation === 'bind');
    expect(bind).toMatchObject({ target: alice, code: 0 });
    expect(JSON.stringify(server.journal.all())).not.toContain('alice-password');
  });
});

async function passwordModify(c: Client, newPassword: string): Promise<void> {
  // PasswdModifyRequestValue ::= SEQUENCE { newPasswd [2] OCTET STRING }
  const value = Buffer.from(newPassword, 'utf8');
  const ber = Buffer.concat([Buffer.from([0x30, value.length + 2, 0x82, value.length]), value]);
  await c.exop('1.3.6.1.4.1.4203.1.11.1', ber);
}

/** PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0], newPasswd [2] } (short values only). */
function passwordModifyFor(userIdentity: string, newPassword: string): Buffer {
  const id = Buffer.from(userIdentity, 'utf8');
  const pw = Buffer.from(newPassword, 'utf8');
  const body = Buffer.concat([Buffer.from([0x80, id.length]), id, Buffer.from([0x82, pw.length]), pw]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** Sends bytes on a fresh connection; resolves true when the server closes it. */
function sendRaw(bytes: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 3000);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
