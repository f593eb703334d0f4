/**
 * The server's limits, each hit over real sockets, and the control endpoint that switches faults
 * from outside the process. Every limit must end in an answer or a logged close, never a crash.
 */
import net from 'node:net';
import { Client, EqualityFilter, OrFilter } from 'ldapts';
import { afterEach, describe, expect, test } from 'vitest';
import { type ConnectionEvent, type MockServer, startMockServer } from '../../src/server/index.js';

const base = 'dc=example,dc=org';
const admin = `cn=admin,${base}`;
const alice = `uid=alice,ou=people,${base}`;
const servers: MockServer[] = [];
const clients: Client[] = [];

async function start(options: Parameters<typeof startMockServer>[0]): Promise<MockServer> {
  const server = await startMockServer(options);
  servers.push(server);
  return server;
}

function client(server: MockServer, url = server.url): Client {
  const tls = url.startsWith('ldaps:') ? { tlsOptions: { ca: [server.caCertificate] } } : {};
  const c = new Client({ url, ...tls, timeout: 3000, connectTimeout: 1000 });
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** The next connection event that matches, within a time limit. */
function nextEvent(server: MockServer, match: (event: ConnectionEvent) => boolean, ms = 5000) {
  return new Promise<ConnectionEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such connection event')), ms);
    server.onConnectionEvent((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      resolve(event);
    });
  });
}

/** Opens a raw connection; resolves when it is connected, with a promise of its close. */
function rawConnection(port: number): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

describe('limits', () => {
  test('defaults are the documented ones; the idle timeout is the profile’s', async () => {
    const openldap = await start({ ldapsPort: null });
    expect(openldap.limits).toStrictEqual({
      maxMessageSize: 16 * 1024 * 1024,
      maxConnections: 4096,
      maxFilterDepth: 64,
      maxFilterSize: 1024 * 1024,
      idleTimeout: 0,
      maxOutstandingOperations: 1000,
      adminSizeLimit: 0,
    });
    const ad = await start({ profile: 'ad', ldapsPort: null });
    expect(ad.limits.idleTimeout).toBe(900);
  });

  test('a bad limit names the option and why', async () => {
    await expect(startMockServer({ limits: { maxConnections: 0 } })).rejects.toThrow(
      'limits.maxConnections: expected an integer ≥ 1, got 0',
    );
    await expect(startMockServer({ limits: { idleTimeout: 1.5 } })).rejects.toThrow(
      'limits.idleTimeout: expected an integer ≥ 0 (0 = off), got 1.5',
    );
    await expect(startMockServer({ limits: { maxEverything: 1 } as never })).rejects.toThrow(
      'limits.maxEverything: unknown limit',
    );
  });

  test('maxConnections: one more connection is closed at once and logged; the others are served', async () => {
    const server = await start({ ldapsPort: null, limits: { maxConnections: 2 } });
    const held = [client(server), client(server)];
    for (const c of held) await c.bind(alice, 'alice-password');
    const rejected = nextEvent(server, (e) => e.event === 'rejected');
    const extra = await rawConnection(server.port);
    await extra.closed;
    expect(await rejected).toMatchObject({ event: 'rejected', reason: 'more than 2 connections' });
    await held[0]!.unbind();
    // Once one leaves, a new client gets in.
    await client(server).bind(alice, 'alice-password');
  });

  test('idleTimeout: an idle connection is closed and logged; one waiting on an operation is not', async () => {
    const server = await start({ ldapsPort: null, limits: { idleTimeout: 1 }, faults: { latencyMs: 1500 } });
    const busy = client(server);
    const closedIdle = nextEvent(server, (e) => e.event === 'closed' && e.reason.includes('idle'));
    const idle = await rawConnection(server.port);
    // The operation outlasts the idle timeout and still gets its answer.
    await busy.bind(alice, 'alice-password');
    await idle.closed;
    expect(await closedIdle).toMatchObject({ reason: 'idle for 1 s (idle timeout)' });
  });

  test('maxOutstandingOperations: one operation too many closes the connection, as slapd does', async () => {
    const server = await start({
      ldapsPort: null,
      limits: { maxOutstandingOperations: 2 },
      faults: { latencyMs: 300 },
    });
    const c = client(server);
    // Connected first: ldapts opens one socket per call made before it is connected.
    await c.bind(alice, 'alice-password');
    const closed = nextEvent(server, (e) => e.event === 'closed');
    const searches = [1, 2, 3].map(() =>
      c.search(alice, { scope: 'base' }).then(
        () => 'answered',
        () => 'failed',
      ),
    );
    expect(await closed).toMatchObject({ reason: 'more than 2 operations outstanding' });
    expect(await Promise.all(searches)).toStrictEqual(['failed', 'failed', 'failed']);
    // Two at a time is within the limit.
    const within = client(server);
    await within.bind(alice, 'alice-password');
    await Promise.all([within.search(alice, { scope: 'base' }), within.search(alice, { scope: 'base' })]);
  });

  test('maxFilterSize and maxFilterDepth: a larger or deeper filter is answered 2; the connection lives on', async () => {
    const server = await start({ ldapsPort: null, limits: { maxFilterSize: 200, maxFilterDepth: 3 } });
    const c = client(server);
    const wide = new OrFilter({
      filters: Array.from(
        { length: 20 },
        (_, i) => new EqualityFilter({ attribute: 'uid', value: `user${i}` }),
      ),
    });
    await expect(c.search(base, { filter: wide })).rejects.toMatchObject({ code: 2 });
    await expect(c.search(base, { filter: '(!(!(!(uid=alice))))' })).rejects.toMatchObject({ code: 2 });
    const { searchEntries } = await c.search(base, { filter: '(!(!(uid=alice)))' });
    expect(searchEntries.map((e) => e.dn)).toStrictEqual([alice]);
  });

  test('maxMessageSize: a larger message closes that connection (logged); others are served', async () => {
    const server = await start({ ldapsPort: null, limits: { maxMessageSize: 2000 } });
    const c = client(server);
    await c.bind(admin, 'admin');
    const closed = nextEvent(server, (e) => e.event === 'closed');
    await expect(c.modify(alice, [])).resolves.toBeUndefined();
    const big = c.search(base, { filter: new EqualityFilter({ attribute: 'uid', value: 'x'.repeat(3000) }) });
    await expect(big).rejects.toThrow();
    expect(await closed).toMatchObject({
      reason: expect.stringMatching(
        /^notice of disconnection \(2\): message of \d+ bytes exceeds the limit of 2000 bytes$/,
      ),
    });
    await client(server).bind(alice, 'alice-password');
  });

  test('adminSizeLimit: the rootdn, otherwise unlimited, gets partial results and 4', async () => {
    const unguarded = await start({ ldapsPort: null });
    const root = client(unguarded);
    await root.bind(admin, 'admin');
    const all = await root.search(`ou=bulk,${base}`, { filter: '(objectClass=inetOrgPerson)' });
    expect(all.searchEntries.length).toBeGreaterThan(500);

    const guarded = await start({ ldapsPort: null, limits: { adminSizeLimit: 50 } });
    const guardedRoot = client(guarded);
    await guardedRoot.bind(admin, 'admin');
    await expect(
      guardedRoot.search(`ou=bulk,${base}`, { filter: '(objectClass=inetOrgPerson)' }),
    ).rejects.toMatchObject({ code: 4 });
    const entries = guarded.journal.all().find((o) => o.operation === 'search')?.entries;
    expect(entries).toBe(50);
  });
});

describe('faults per listener', () => {
  test('ldaps:refuse closes only the LDAPS port; ldap:hang hangs only plain LDAP', async () => {
    const server = await start({ faults: { refuse: 'ldaps' } });
    await expect(client(server, server.ldapsUrl).bind(alice, 'alice-password')).rejects.toThrow(
      /ECONNREFUSED|connect/i,
    );
    await client(server).bind(alice, 'alice-password');

    await server.setFaults({ hang: 'ldap' });
    await client(server, server.ldapsUrl).bind(alice, 'alice-password');
    const hung = new Client({ url: server.url, timeout: 500, connectTimeout: 500 });
    clients.push(hung);
    await expect(hung.bind(alice, 'alice-password')).rejects.toThrow(/timed out/i);
  });
});

describe('control endpoint', () => {
  const basic = (name: string, password: string) =>
    `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

  async function call(server: MockServer, method: string, auth?: string, body?: string, path = '/faults') {
    const response = await fetch(`${server.controlUrl}${path}`, {
      method,
      headers: auth ? { authorization: auth } : {},
      ...(body !== undefined && { body }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { faults?: string[]; error?: string },
    };
  }

  test('switches faults on a running server, as the rootdn only', async () => {
    const server = await start({ ldapsPort: null, control: {} });
    expect(server.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const rootdn = basic(admin, 'admin');

    expect((await call(server, 'GET')).status).toBe(401);
    expect((await call(server, 'GET', basic(admin, 'wrong'))).status).toBe(401);
    // A user who can bind is not the administrator.
    expect((await call(server, 'PUT', basic(alice, 'alice-password'), 'busy')).status).toBe(401);
    await client(server).bind(alice, 'alice-password');

    expect(await call(server, 'PUT', rootdn, 'busy latency=10ms')).toStrictEqual({
      status: 200,
      body: { faults: ['latency=10ms', 'busy'] },
    });
    await expect(client(server).bind(alice, 'alice-password')).rejects.toMatchObject({ code: 51 });
    expect((await call(server, 'GET', rootdn)).body).toStrictEqual({ faults: ['latency=10ms', 'busy'] });

    expect(await call(server, 'PUT', rootdn, JSON.stringify({ faults: ['unavailable'] }))).toMatchObject({
      body: { faults: ['unavailable'] },
    });
    await expect(client(server).bind(alice, 'alice-password')).rejects.toMatchObject({ code: 52 });

    expect(await call(server, 'DELETE', rootdn)).toStrictEqual({ status: 200, body: { faults: [] } });
    await client(server).bind(alice, 'alice-password');
  });

  test('bad requests say what is wrong and change nothing', async () => {
    const server = await start({ ldapsPort: null, control: {} });
    const rootdn = basic(admin, 'admin');
    await call(server, 'PUT', rootdn, 'busy');
    expect(await call(server, 'PUT', rootdn, 'bogus')).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining("unknown fault 'bogus'") },
    });
    expect(await call(server, 'PUT', rootdn, '{"faults": 3}')).toMatchObject({ status: 400 });
    expect(await call(server, 'PUT', rootdn, '{not json')).toMatchObject({ status: 400 });
    expect(await call(server, 'PUT', rootdn, 'x'.repeat(70_000))).toMatchObject({ status: 413 });
    expect(await call(server, 'POST', rootdn, 'busy')).toMatchObject({ status: 405 });
    expect(await call(server, 'GET', rootdn, undefined, '/other')).toMatchObject({ status: 404 });
    expect(server.faults()).toStrictEqual({ answer: 'busy' });
  });

  test('on ad, a Domain Admin may switch faults; an empty password (an anonymous bind there) may not', async () => {
    const server = await start({ profile: 'ad', ldapsPort: null, control: {} });
    expect((await call(server, 'GET', basic('Administrator@corp.example.com', ''))).status).toBe(401);
    expect((await call(server, 'GET', basic('alice@corp.example.com', 'alice-password'))).status).toBe(401);
    const administrator = basic('Administrator@corp.example.com', 'Admin-Passw0rd!');
    expect(await call(server, 'PUT', administrator, 'ldap:refuse')).toMatchObject({
      status: 200,
      body: { faults: ['ldap:refuse'] },
    });
  });
});
