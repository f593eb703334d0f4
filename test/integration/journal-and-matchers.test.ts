/**
 * The journal and the verification matchers against real clients (ldapts over sockets): what is
 * recorded, how it is queried, the near-miss diff, the explanations, and no password anywhere.
 */

import { connect as tcpConnect } from 'node:net';
import { type MockServer, startMockServer } from 'ldapmock';
import { ldapmockMatchers } from 'ldapmock/matchers';
import { Attribute, Change, Client } from 'ldapts';
import 'ldapmock/matchers/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tlv } from '../property/wire-arbitraries.js';
import { AD, OL } from './default-fixtures.js';

let server: MockServer;
let ad: MockServer;

beforeAll(async () => {
  [server, ad] = await Promise.all([startMockServer(), startMockServer({ profile: 'ad' })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), ad?.stop()]);
});
beforeEach(async () => {
  await Promise.all([server.reset(), ad.reset()]);
});

/** A client that trusts the server's CA, bound as `dn` over StartTLS (or in clear). */
async function connect(target: MockServer, dn: string, password: string, tls: boolean): Promise<Client> {
  const client = new Client({ url: target.url });
  if (tls) await client.startTLS({ ca: [target.caCertificate] });
  await client.bind(dn, password);
  return client;
}

/** The message an assertion fails with. */
function failure(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the assertion passed');
}

describe('the journal', () => {
  it('records connection, TLS, identity, the filter as sent, scope, attributes, controls and result', async () => {
    const client = await connect(server, OL.alice, OL.alicePassword, true);
    await client.search(OL.people, {
      filter: '(uid=a\\2a)',
      attributes: ['cn', 'mail'],
      paged: { pageSize: 5 },
    });
    await client.unbind();
    const [startTls, bind, search] = server.journal.all();
    expect(startTls).toMatchObject({
      operation: 'extended',
      extendedName: 'startTls',
      tls: false,
      boundAs: '',
    });
    expect(bind).toMatchObject({
      operation: 'bind',
      target: OL.alice,
      tls: true,
      boundAs: '',
      method: 'simple',
      credentials: `<redacted, ${OL.alicePassword.length} bytes>`,
      code: 0,
      result: 'success',
    });
    expect(search).toMatchObject({
      operation: 'search',
      connection: bind!.connection,
      tls: true,
      boundAs: OL.alice,
      target: OL.people,
      filter: '(uid=a\\2a)',
      parsedFilter: { type: 'equality', attribute: 'uid', value: Buffer.from('a*') },
      scope: 'sub',
      attributes: ['cn', 'mail'],
      controls: [{ oid: '1.2.840.113556.1.4.319', name: 'pagedResults', critical: false }],
      entries: 0,
      entryDNs: [],
    });
    expect(search!.seq).toBe(bind!.seq + 1);
    expect(Date.parse(search!.time)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers queries by kind, base, filter and connection; clear() keeps the data', async () => {
    const first = await connect(server, OL.alice, OL.alicePassword, false);
    await first.search(OL.people, { filter: '(uid=bob)' });
    const second = await connect(server, OL.bob, OL.bobPassword, false);
    await second.search(OL.base, { filter: '(UID=BOB)' });
    await Promise.all([first.unbind(), second.unbind()]);
    const journal = server.journal;
    expect(journal.binds().map((b) => b.target)).toEqual([OL.alice, OL.bob]);
    expect(journal.searches({ filter: '(uid=BOB)' })).toHaveLength(1);
    expect(journal.searches({ filter: '(uid=bob)', base: 'OU=People, DC=Example,DC=org' })).toHaveLength(1);
    expect(journal.searches({ filter: /BOB/ })).toHaveLength(1);
    const connection = journal.binds()[1]!.connection;
    expect(journal.byConnection(connection).map((o) => o.operation)).toEqual(['bind', 'search']);
    const lines = journal.toJSONLines().trim().split('\n');
    expect(lines).toHaveLength(journal.size);
    expect(JSON.parse(lines[1]!)).toMatchObject({ operation: 'search', filter: '(uid=bob)' });
    journal.clear();
    expect(journal.all()).toEqual([]);
    expect(server.directory.get(OL.alice)).toBeDefined();
  });

  it('keeps at most `capacity` operations, the newest', async () => {
    const small = await startMockServer({ journal: { capacity: 3 } });
    try {
      const client = await connect(small, OL.alice, OL.alicePassword, false);
      for (const uid of ['a', 'b', 'c', 'd']) await client.search(OL.people, { filter: `(uid=${uid})` });
      await client.unbind();
      expect(small.journal.all().map((o) => o.filter)).toEqual(['(uid=b)', '(uid=c)', '(uid=d)']);
      expect(small.journal.all()[0]!.seq).toBe(3);
    } finally {
      await small.stop();
    }
    await expect(startMockServer({ journal: { capacity: 0 } })).rejects.toThrow(
      /journal capacity must be a positive integer/,
    );
  });

  it('never holds a password: binds, Password Modify, adds and modifies of password attributes', async () => {
    const secret = 'Zebra-Secret-77';
    const admin = await connect(server, OL.admin, OL.adminPassword, false);
    await admin.add(`uid=carol,${OL.people}`, {
      objectClass: 'inetOrgPerson',
      uid: 'carol',
      cn: 'Carol',
      sn: 'C',
      userPassword: secret,
    });
    await admin.modify(`uid=carol,${OL.people}`, [
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'description', values: ['a note'] }),
      }),
    ]);
    await admin.modify(`uid=carol,${OL.people}`, [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'userPassword', values: [secret] }),
      }),
    ]);
    await admin.exop('1.3.6.1.4.1.4203.1.11.1').catch(() => undefined);
    const carol = await connect(server, `uid=carol,${OL.people}`, secret, false);
    await carol.compare(`uid=carol,${OL.people}`, 'userPassword', secret).catch(() => undefined);
    await Promise.all([admin.unbind(), carol.unbind()]);
    const text = `${server.journal.toJSONLines()}${JSON.stringify(server.journal.all())}`;
    expect(text).not.toContain(secret);
    const add = server.journal.find({ operation: 'add' })[0]!;
    expect(add.changes).toContainEqual({
      operation: 'add',
      type: 'userPassword',
      values: ['<redacted, 15 bytes>'],
    });
    expect(add.changes).toContainEqual({ operation: 'add', type: 'cn', values: ['Carol'] });
    const [, replace] = server.journal.find({ operation: 'modify' });
    expect(replace!.changes).toEqual([
      { operation: 'replace', type: 'userPassword', values: ['<redacted, 15 bytes>'] },
    ]);
    expect(server.journal.binds({ dn: `uid=carol,${OL.people}` })[0]!.credentials).toBe(
      '<redacted, 15 bytes>',
    );
  });
});

describe('a client that does not wait for the StartTLS response', () => {
  const message = (id: number, op: Buffer) => tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([id])), op]));
  const startTls = message(1, tlv(0x77, tlv(0x80, Buffer.from('1.3.6.1.4.1.1466.20037'))));
  const bind = message(
    2,
    tlv(
      0x60,
      Buffer.concat([
        tlv(0x02, Buffer.from([3])),
        tlv(0x04, Buffer.from(OL.alice)),
        tlv(0x80, Buffer.from(OL.alicePassword)),
      ]),
    ),
  );

  it('sends its bind in clear: the journal keeps it, unprocessed, and the connection closes', async () => {
    const socket = tcpConnect(server.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(startTls);
    // The StartTLS response arrives; the bind follows in clear instead of a TLS handshake.
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(bind);
    await closed;
    const [start, clear] = server.journal.all();
    expect(start).toMatchObject({ operation: 'extended', extendedName: 'startTls', code: 0 });
    expect(clear).toMatchObject({
      operation: 'bind',
      target: OL.alice,
      tls: false,
      credentials: `<redacted, ${OL.alicePassword.length} bytes>`,
      code: 2,
      diagnosticMessage: 'received in clear after StartTLS, before the TLS handshake: not processed',
    });
    expect(server).toHaveReceivedPasswordInClear();
    expect(server.directory.get(OL.alice)).toBeDefined();
  });

  it('sends it in the same segment as the request: the bind is answered in clear, and journaled so', async () => {
    const socket = tcpConnect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(Buffer.concat([startTls, bind]));
    await expect.poll(() => server.journal.size).toBe(2);
    socket.destroy();
    expect(server.journal.binds()).toMatchObject([{ target: OL.alice, tls: false, code: 0 }]);
    expect(server).toHaveReceivedPasswordInClear();
  });
});

describe('why nothing matched', () => {
  const explain = async (base: string, filter: string, scope: 'base' | 'one' | 'sub' = 'sub') => {
    const client = await connect(server, OL.alice, OL.alicePassword, false);
    await client.search(base, { filter, scope }).catch(() => undefined);
    await client.unbind();
    return server.journal.searches().at(-1)!.explanation!;
  };

  it('names the closest entries and the item each fails, with its values', async () => {
    const why = await explain(OL.base, '(&(objectClass=person)(uid=alcie))');
    expect(why.reason).toBe('filter');
    expect(why.closest![0]).toEqual({
      dn: OL.alice,
      failed: [{ item: '(uid=alcie)', truth: false, values: ['alice'] }],
    });
    expect(why.summary).toBe(
      `no entry in scope matches (&(objectClass=person)(uid=alcie)); the closest is ${OL.alice}, where (uid=alcie) is false (uid: alice)`,
    );
  });

  it('a base that does not exist, a scope that leaves the entry out, a base beside it', async () => {
    expect(await explain(`ou=nowhere,${OL.base}`, '(uid=alice)')).toEqual({
      reason: 'no-such-entry',
      summary: `the base ou=nowhere,${OL.base} does not exist (the closest existing entry is ${OL.base})`,
    });
    expect(await explain(OL.base, '(uid=alice)', 'one')).toMatchObject({
      reason: 'scope',
      elsewhere: [OL.alice],
    });
    expect(await explain(OL.groups, '(uid=alice)')).toMatchObject({ reason: 'base', elsewhere: [OL.alice] });
  });

  it('is worked out when read, and says so when the directory has changed since the search', async () => {
    const client = await connect(server, OL.admin, OL.adminPassword, false);
    await client.search(OL.people, { filter: '(uid=carol)' });
    const search = server.journal.searches().at(-1)!;
    await client.add(`uid=carol,${OL.people}`, {
      objectClass: 'inetOrgPerson',
      uid: 'carol',
      cn: 'Carol',
      sn: 'C',
    });
    await client.unbind();
    expect(search.explanation!.summary).toMatch(
      / \(explained against the directory as it is now: it has changed since\)$/,
    );
  });

  it('entries that match but whose tested attribute the searcher may not read', async () => {
    const client = await connect(ad, AD.alice, AD.alicePassword, false);
    await client.search(AD.users, { filter: '(&(sAMAccountName=alice)(unicodePwd=*))' });
    await client.unbind();
    const why = ad.journal.searches().at(-1)!.explanation!;
    expect(why.reason).toBe('access');
    expect(why.summary).toBe(
      `1 entry in scope matches (&(sAMAccountName=alice)(unicodePwd=*)), but ${AD.alice} may not read unicodePwd`,
    );
  });

  it('a failed bind: a wrong password, or a name nobody has; an empty password on AD stays anonymous', async () => {
    const client = new Client({ url: ad.url });
    await client.bind(AD.alice, 'wrong').catch(() => undefined);
    await client.bind('nobody@corp.example.com', 'wrong').catch(() => undefined);
    await client.bind(AD.alice, '');
    await client.unbind();
    const [wrong, nobody, empty] = ad.journal.binds().map((b) => b.explanation);
    expect(wrong).toMatchObject({
      reason: 'credentials',
      summary: expect.stringMatching(
        /^CN=alice,.* exists; the server refused its credentials \(80090308: .*data 52e/,
      ),
    });
    expect(nobody).toMatchObject({
      reason: 'no-such-entry',
      summary: expect.stringMatching(/^no entry answers to the name nobody@corp\.example\.com/),
    });
    expect(empty).toMatchObject({ reason: 'unauthenticated' });
    expect(ad.journal.binds()[2]).toMatchObject({ code: 0, credentials: '<empty>' });
  });
});

describe('the matchers', () => {
  it('toHaveBound: over TLS or not, and the near-miss diff when no bind matches', async () => {
    const client = await connect(server, OL.alice, OL.alicePassword, false);
    await client.unbind();
    expect(server).toHaveBound(OL.alice);
    expect(server).toHaveBound('UID=Alice, OU=people,dc=example,dc=org', { overTls: false });
    expect(server).not.toHaveBound(OL.bob);
    const message = failure(() => expect(server).toHaveBound(OL.alice, { overTls: true }));
    expect(message).toContain(
      `expected a bind matching { result: "success", overTls: true, dn: "${OL.alice}" }, but the one bind the server received does not match:`,
    );
    expect(message).toMatch(
      /#\d+ conn=\d+ bind "uid=alice,ou=people,dc=example,dc=org" → success \(0\) \[clear\]\n {6}overTls: expected true, got false/,
    );
    expect(message).not.toContain(OL.alicePassword);
  });

  it('toHaveSearched: the filter as sent, and why the closest search found nobody', async () => {
    const client = await connect(server, OL.alice, OL.alicePassword, true);
    await client.search(OL.people, { filter: '(uid=a*)' });
    await client.unbind();
    expect(server).toHaveSearched({ filter: '(uid=a*)', base: OL.people, overTls: true });
    const message = failure(() => expect(server).toHaveSearched({ filter: '(uid=a\\2a)' }));
    expect(message).toContain(
      'expected a search matching { filter: "(uid=a\\\\2a)" }, but the one search the server received does not match:',
    );
    expect(message).toContain('filter: expected (uid=a\\2a), got (uid=a*)');
    const empty = await connect(server, OL.alice, OL.alicePassword, false);
    await empty.search(OL.people, { filter: '(uid=alcie)' });
    await empty.unbind();
    const why = failure(() => expect(server).toHaveSearched({ filter: '(uid=alcie)', entries: 1 }));
    expect(why).toContain('entries: expected 1, got 0');
    expect(why).toContain(
      `why nothing matched: no entry in scope matches (uid=alcie); the closest is ${OL.alice}`,
    );
    expect(failure(() => expect(server).not.toHaveSearched({ filter: '(uid=alcie)' }))).toMatch(
      /^expected no search matching \{ filter: "\(uid=alcie\)" \}, but the server received:\n {2}#\d+ conn=\d+ search/,
    );
  });

  it('toHaveSearchedTimes counts matching searches', async () => {
    const client = await connect(server, OL.alice, OL.alicePassword, false);
    await client.search(OL.people, { filter: '(uid=bob)' });
    await client.search(OL.people, { filter: '(uid=bob)' });
    await client.unbind();
    expect(server).toHaveSearchedTimes(2, { filter: '(uid=bob)' });
    expect(server).toHaveSearchedTimes(0, { filter: '(uid=carol)' });
    expect(failure(() => expect(server).toHaveSearchedTimes(1, { filter: '(uid=bob)' }))).toMatch(
      /^expected 1 search matching \{ filter: "\(uid=bob\)" \}, got 2:/,
    );
  });

  it('toHaveReceivedPasswordInClear: a bind in clear is caught, one after StartTLS is not', async () => {
    const safe = await connect(server, OL.alice, OL.alicePassword, true);
    await safe.unbind();
    expect(server).not.toHaveReceivedPasswordInClear();
    const clear = await connect(server, OL.bob, OL.bobPassword, false);
    await clear.unbind();
    const message = failure(() => expect(server).not.toHaveReceivedPasswordInClear());
    expect(message).toMatch(
      /^expected no password sent without TLS, but the server received one on a connection in clear:\n {2}#\d+ conn=\d+ bind "uid=bob,/,
    );
    expect(message).not.toContain(OL.bobPassword);
  });

  it('follow the protocol jest uses too: called with this.isNot, answering { pass, message }', async () => {
    const client = await connect(server, OL.alice, OL.alicePassword, false);
    await client.unbind();
    const result = ldapmockMatchers.toHaveBound.call({ isNot: false }, server, OL.bob);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain(`dn: expected ${OL.bob}, got ${OL.alice}`);
    expect(ldapmockMatchers.toHaveBound.call({ isNot: false }, server.journal, OL.alice).pass).toBe(true);
    expect(() => ldapmockMatchers.toHaveSearched.call({}, {} as MockServer)).toThrow(
      'toHaveSearched: expected a MockServer (or its journal), got [object Object]',
    );
  });
});
