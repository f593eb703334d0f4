/**
 * Fail closed (issue 10): the authenticator never logs in on an ambiguous or partial answer —
 * two user entries, a size- or time-limited search, a referral instead of the entry, AD's
 * anonymous success for an empty password, an untrusted certificate, busy mid-flow, a failed
 * group search. Each refusal is checked through `testLogin`, which must answer `{ ok: false }`
 * with a typed error and no result (so no groups and no policies), and against the server's
 * journal (what was, and was not, sent).
 *
 * Three answers the mock cannot give are served by a scripted server instead (`scriptedDirectory`:
 * our wire layer around a canned handler): a search ended by 3 (timeLimitExceeded) — the mock checks the client's
 * time limit between entries, from after any fault latency, and ldapts asks for 10 s, so only a
 * search taking over 10 s of its own would get 3 —, a search ended by 10 (referral), which no
 * profile sends, and one entry followed by 4 (sizeLimitExceeded), which needs a server limit below
 * the client's 2.
 * Semantics: research/openbao-ldaputil.md §4 (login flow), §6.1 (group search), §9 (known bugs).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LdapAuthenticator } from '../../src/client/authenticator.js';
import type { LdapAuthConfig } from '../../src/client/config/index.js';
import {
  ConnectionError,
  EmptyPasswordError,
  GroupSearchError,
  type LdapAuthError,
  LoginDeniedError,
  RebindError,
} from '../../src/client/errors/index.js';
import { ResultCode } from '../../src/core/result-code.js';
import { type Faults, type JournalEntry, type MockServer, startMockServer } from '../../src/server/index.js';
import { resolveLimits } from '../../src/server/limits.js';
import type { LdapHandler, LdapResult } from '../../src/server/operations.js';
import { openldapProfile } from '../../src/server/profiles/openldap.js';
import { generateCA, issueServerCertificate } from '../../src/server/tls/certificates.js';
import { WireServer } from '../../src/server/wire/listener.js';
import { AD, adSearchConfig, OL, openldapSearchConfig } from './default-fixtures.js';

const DENIED = 'ldap operation failed: failed to bind as user';
const NOT_UNIQUE = 'LDAP search for binddn 0 or not unique';
const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';

/** Mappings that give alice policies, so a wrongful login would show in the result. */
const POLICIES = {
  users: { alice: { policies: 'alice-pol' } },
  groups: { developers: { policies: 'dev' }, engineering: { policies: 'eng' } },
};

let openldap: MockServer;
let ad: MockServer;
/** Each test's journal listeners, stopped after it. */
const disarm: (() => void)[] = [];

beforeAll(async () => {
  [openldap, ad] = await Promise.all([
    startMockServer({ profile: 'openldap' }),
    startMockServer({ profile: 'ad' }),
  ]);
});
afterEach(async () => {
  for (const off of disarm.splice(0)) off();
  await Promise.all([openldap.reset(), ad.reset()]);
});
afterAll(async () => {
  await Promise.all([openldap?.stop(), ad?.stop()]);
});

const olConfig = (extra: LdapAuthConfig = {}) => openldapSearchConfig(openldap.url, extra);
const adConfig = (extra: LdapAuthConfig = {}) => adSearchConfig(ad.url, extra);

/**
 * The error of a refused login. `testLogin` must answer `{ ok: false, error }` and nothing else:
 * no result, so no user DN, groups or policies leak out of a refusal. A login fails the test.
 */
async function refusal(config: LdapAuthConfig, username: string, password: string): Promise<LdapAuthError> {
  const outcome = await new LdapAuthenticator(config, { policies: POLICIES }).testLogin(username, password);
  if (outcome.ok) {
    const { userDN, policies } = outcome.result;
    throw new Error(`expected a refusal, but ${username} logged in as ${userDN} with ${policies.join(',')}`);
  }
  expect(Object.keys(outcome).sort()).toEqual(['error', 'ok']);
  return outcome.error;
}

const binds = (server: MockServer) => server.journal.all().filter((o) => o.operation === 'bind');
const searches = (server: MockServer) => server.journal.all().filter((o) => o.operation === 'search');

/**
 * Switches `faults` on right after the first operation `when` picks. The journal calls its
 * listeners before the answer is written, so the client sees that answer unchanged and the fault
 * from its next operation on.
 */
function faultAfter(server: MockServer, when: (operation: JournalEntry) => boolean, faults: Faults) {
  let armed = true;
  disarm.push(
    server.journal.subscribe((operation) => {
      if (!armed || !when(operation)) return;
      armed = false;
      void server.setFaults(faults);
    }),
  );
}

const succeeded = (operation: JournalEntry, kind: JournalEntry['operation'], target?: string) =>
  operation.operation === kind &&
  operation.code === 0 &&
  (target === undefined || operation.target === target);

// =================================================================================================

describe('1. two user entries match: refused, and neither is bound as', () => {
  it('openldap: a second uid=alice elsewhere under userdn (added to the directory)', async () => {
    openldap.apply(
      [
        'dn: ou=contractors,dc=example,dc=org',
        'objectClass: organizationalUnit',
        'ou: contractors',
        '',
        'dn: uid=alice,ou=contractors,dc=example,dc=org',
        'objectClass: inetOrgPerson',
        'uid: alice',
        'cn: Alice Contractor',
        'sn: Contractor',
        // The same password: the refusal is about the ambiguity, not the credentials.
        'userPassword: alice-password',
        '',
      ].join('\n'),
    );
    const error = await refusal(olConfig({ userdn: OL.base }), 'alice', 'alice-password');
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch', countsForLockout: true });
    expect(error.detail).toContain(NOT_UNIQUE);
    // The server found both (no limit was hit), and the only bind was the service account's.
    expect(searches(openldap).map((o) => [o.code, o.entries])).toEqual([[0, 2]]);
    expect(binds(openldap).map((o) => o.target)).toEqual([OL.admin]);
  });

  it('ad: a userfilter that also matches another account', async () => {
    const error = await refusal(
      adConfig({ userfilter: '(|(sAMAccountName={{.Username}})(sAMAccountName=bob))' }),
      'alice',
      AD.alicePassword,
    );
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch' });
    expect(error.detail).toContain(NOT_UNIQUE);
    expect(searches(ad).map((o) => o.entries)).toEqual([2]);
    expect(binds(ad).map((o) => o.target)).toEqual([AD.service]);
  });
});

describe('2. a size-limited user search (4 sizeLimitExceeded): refused, never the first entry', () => {
  it('openldap: a filter matching 600+ entries stops at the client limit of 2 with result 4', async () => {
    const config = olConfig({
      userdn: OL.base,
      userfilter: '(|({{.UserAttr}}={{.Username}})(objectClass=inetOrgPerson))',
    });
    const error = await refusal(config, 'alice', 'alice-password');
    expect(error).toBeInstanceOf(LoginDeniedError);
    // Refused for the 4 itself, as OpenBao does, not only because two entries came first.
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch', code: 4 });
    // What the server answered: two entries, then sizeLimitExceeded.
    expect(searches(openldap).map((o) => [o.code, o.entries])).toEqual([[4, 2]]);
    expect(binds(openldap).map((o) => o.target)).toEqual([OL.admin]);
  });

  it('ad: the same against the AD profile (the service account is not exempt from limits)', async () => {
    const error = await refusal(
      adConfig({ userfilter: '(|({{.UserAttr}}={{.Username}})(objectClass=user))' }),
      'alice',
      AD.alicePassword,
    );
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ step: 'userSearch', code: 4 });
    expect(searches(ad).map((o) => o.code)).toEqual([4]);
    expect(binds(ad).map((o) => o.target)).toEqual([AD.service]);
  });

  it('one entry then 4 (a server limit below the client’s 2): the one entry is not taken as the user', async () => {
    // OpenBao (go-ldap) returns result 4 as an error whatever came before it; ldapts hands back
    // the partial entries as a success when the request carried a size limit.
    await expectRefusedAtUserSearch({ entries: [SCRIPTED.alice], code: 4 });
  });
});

describe('3. a time-limited user search: refused', () => {
  it('the entry then 3 (timeLimitExceeded), from a scripted server: refused with 3, no user bind', async () => {
    await expectRefusedAtUserSearch({ entries: [SCRIPTED.alice], code: 3 });
  });

  it('the mock slower than request_timeout at the user search: refused, the late answer unused', async () => {
    // The client's own time limit: the search is answered after request_timeout has passed.
    faultAfter(openldap, (o) => succeeded(o, 'bind', OL.admin), { latencyMs: 1_000 });
    const started = performance.now();
    const error = await refusal(olConfig({ request_timeout: '200ms' }), 'alice', 'alice-password');
    expect(performance.now() - started).toBeLessThan(900);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch' });
    expect(error.detail).toMatch(/timeout|timed out/i);
    expect(binds(openldap).map((o) => o.target)).toEqual([OL.admin]);
  });
});

describe('4. a referral instead of the user entry: refused, not chased', () => {
  it('ad at the domain root: no entry, only continuation references', async () => {
    const config = adConfig({ userdn: AD.base });
    const error = await refusal(config, 'carol', AD.alicePassword);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch' });
    expect(error.detail).toContain(NOT_UNIQUE);
    const [search] = searches(ad);
    expect([search?.code, search?.entries]).toEqual([0, 0]);
    // One connection, no bind but the service account's: the references were not followed.
    expect(new Set(ad.journal.all().map((o) => o.connection)).size).toBe(1);
    expect(binds(ad).map((o) => o.target)).toEqual([AD.service]);
    // The same search that finds alice next to the references logs her in: references are not entries.
    await ad.reset();
    expect((await new LdapAuthenticator(config).login('alice', AD.alicePassword)).userDN).toBe(AD.alice);
  });

  it('result 10 (referral) to the user search, from a scripted server: refused with 10', async () => {
    await expectRefusedAtUserSearch({ entries: [], code: 10 });
  });
});

describe('5. AD: a user DN with an empty password is an anonymous bind that succeeds', () => {
  it('deny_null_bind (default true): EmptyPasswordError before any packet', async () => {
    const error = await refusal(adConfig(), 'alice', '');
    expect(error).toBeInstanceOf(EmptyPasswordError);
    expect(error.kind).toBe('emptyPassword');
    expect(ad.journal.all()).toEqual([]);
  });

  // Functions: the server's URL is known only once it has started.
  it.each([
    ['search mode', () => adConfig({ deny_null_bind: false }), AD.alice],
    [
      'UPN bind',
      () => ({ url: ad.url, userdn: AD.users, upndomain: 'corp.example.com', deny_null_bind: false }),
      'alice@corp.example.com',
    ],
  ] as const)(
    'deny_null_bind false, %s: AD answers success, yet refused — OpenBao would log in here (vault#2086); we do not, as SPEC §6 asks for its known bugs',
    async (_mode, config, bindName) => {
      const error = await refusal(config(), 'alice', '');
      expect(error).toBeInstanceOf(LoginDeniedError);
      expect(error).toMatchObject({ message: DENIED, step: 'userBind' });
      expect(error.detail).toContain('unauthenticated bind');
      // The server really did accept the bind: the refusal is the authenticator's own.
      expect(binds(ad).find((o) => o.target === bindName)?.code).toBe(0);
      // Nothing after it: no group search ran as the anonymous session.
      const userBind = ad.journal.all().findIndex((o) => o.operation === 'bind' && o.target === bindName);
      expect(ad.journal.all().slice(userBind + 1)).toEqual([]);
    },
  );
});

describe('6. an untrusted server certificate: a TLS error, and no bind in clear', () => {
  type Case = readonly [string, Faults, string | undefined, RegExp];
  const cases: readonly Case[] = [
    // The reasons are Node's verification error codes.
    ['no CA given (the mock CA is not a system CA)', {}, undefined, /^UNABLE_TO_VERIFY_LEAF_SIGNATURE/],
    ['an expired certificate', { certificate: 'expired' }, 'ca', /^CERT_HAS_EXPIRED/],
    ['a certificate for another host', { certificate: 'wrongHost' }, 'ca', /^ERR_TLS_CERT_ALTNAME_INVALID/],
  ];

  it.each(cases)(
    'LDAPS, %s: ConnectionError, and the server saw no LDAP operation',
    async (_name, faults, ca, reason) => {
      await openldap.setFaults(faults);
      const config = olConfig({
        url: openldap.ldapsUrl!,
        ...(ca && { certificate: openldap.caCertificate }),
      });
      const error = await refusal(config, 'alice', 'alice-password');
      expect(error).toBeInstanceOf(ConnectionError);
      const [attempt] = (error as ConnectionError).attempts;
      expect(attempt?.failure).toBe('connect');
      expect(attempt?.reason).toMatch(reason);
      expect(openldap.journal.all()).toEqual([]);
    },
  );

  it.each(cases)(
    'StartTLS, %s: ConnectionError, and nothing after the StartTLS request (no downgrade)',
    async (_name, faults, ca, reason) => {
      await openldap.setFaults(faults);
      const config = olConfig({ starttls: true, ...(ca && { certificate: openldap.caCertificate }) });
      const error = await refusal(config, 'alice', 'alice-password');
      expect(error).toBeInstanceOf(ConnectionError);
      const [attempt] = (error as ConnectionError).attempts;
      expect(attempt?.failure).toBe('startTLS');
      expect(attempt?.reason).toMatch(reason);
      expect(openldap.journal.all().map((o) => [o.operation, o.target, o.code])).toEqual([
        ['extended', STARTTLS_OID, 0],
      ]);
    },
  );

  it.each([
    ['LDAPS', 'connect'],
    ['StartTLS', 'startTLS'],
  ] as const)(
    '%s to 127.0.0.1, a trusted certificate naming only localhost: refused, the name checked is the URL’s',
    async (transport, failure) => {
      // Node checks an upgraded socket against "localhost" unless told the host: a StartTLS to an
      // IP address must still be checked against that address.
      const ca = generateCA();
      const server = await startMockServer({
        tls: { ...issueServerCertificate(ca, { hostNames: ['localhost'] }), ca: ca.cert },
      });
      try {
        const url = transport === 'LDAPS' ? server.ldapsUrl! : server.url;
        const config = olConfig({ url, starttls: transport === 'StartTLS', certificate: ca.cert });
        const error = await refusal(config, 'alice', 'alice-password');
        expect(error).toBeInstanceOf(ConnectionError);
        const [attempt] = (error as ConnectionError).attempts;
        expect(attempt?.failure).toBe(failure);
        expect(attempt?.reason).toMatch(/IP: 127\.0\.0\.1 is not in the cert's list/);
        expect(server.journal.all().filter((o) => o.operation === 'bind')).toEqual([]);
        // The same certificate is good for the name it carries.
        const byName = olConfig({
          url: url.replace('127.0.0.1', 'localhost'),
          starttls: transport === 'StartTLS',
          certificate: ca.cert,
        });
        expect((await new LdapAuthenticator(byName).login('alice', 'alice-password')).userDN).toBe(OL.alice);
      } finally {
        await server.stop();
      }
    },
  );
});

describe('7. busy (51) mid-flow: refused with an error carrying 51', () => {
  it('at the user search, after the service bind succeeded', async () => {
    faultAfter(ad, (o) => succeeded(o, 'bind', AD.service), { answer: 'busy' });
    const error = await refusal(adConfig(), 'alice', AD.alicePassword);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch', code: 51, resultCode: 51 });
    expect(searches(ad).map((o) => o.code)).toEqual([51]);
    expect(binds(ad).map((o) => o.target)).toEqual([AD.service]);
  });

  it('at the user bind, after the user search found alice', async () => {
    faultAfter(ad, (o) => succeeded(o, 'search'), { answer: 'busy' });
    const error = await refusal(adConfig(), 'alice', AD.alicePassword);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ message: DENIED, step: 'userBind', code: 51 });
    expect(binds(ad).map((o) => [o.target, o.code])).toEqual([
      [AD.service, 0],
      [AD.alice, 51],
    ]);
  });

  it('at the service re-bind, after alice bound: RebindError carrying 51', async () => {
    faultAfter(ad, (o) => succeeded(o, 'bind', AD.alice), { answer: 'busy' });
    const error = await refusal(adConfig(), 'alice', AD.alicePassword);
    expect(error).toBeInstanceOf(RebindError);
    expect(error.code).toBe(51);
    expect(searches(ad)).toHaveLength(1);
  });
});

describe('8. the group search fails: the login is refused, as OpenBao returns `LDAP search failed: …` (research §4 step 10, §6.1)', () => {
  it('busy on the group search only (after the re-bind): GroupSearchError carrying 51', async () => {
    let serviceBinds = 0;
    faultAfter(ad, (o) => succeeded(o, 'bind', AD.service) && ++serviceBinds === 2, { answer: 'busy' });
    const error = await refusal(adConfig(), 'alice', AD.alicePassword);
    expect(error).toBeInstanceOf(GroupSearchError);
    expect(error.message).toMatch(/^LDAP search failed: LDAP Result Code 51 "Busy"/);
    expect(error).toMatchObject({ code: 51, countsForLockout: false });
    // The user was authenticated; only the group search failed, and that alone refuses the login.
    expect(binds(ad).map((o) => [o.target, o.code])).toEqual([
      [AD.service, 0],
      [AD.alice, 0],
      [AD.service, 0],
    ]);
    expect(searches(ad).map((o) => [o.target, o.code])).toEqual([
      [AD.users, 0],
      [AD.base, 51],
    ]);
  });

  it('a groupdn the server does not hold (32): GroupSearchError, not a login with no groups', async () => {
    const error = await refusal(
      olConfig({ groupdn: 'ou=nowhere,dc=example,dc=org' }),
      'alice',
      'alice-password',
    );
    expect(error).toBeInstanceOf(GroupSearchError);
    expect(error.message).toMatch(/^LDAP search failed: LDAP Result Code 32 "No Such Object"/);
    expect(error.code).toBe(32);
    // The empty groupdn is different: OpenBao's guard gives no groups and a warning, not an error.
    const result = await new LdapAuthenticator(olConfig({ groupdn: '' })).login('alice', 'alice-password');
    expect(result.ldapGroups).toEqual([]);
    expect(result.warnings).toEqual([
      'no LDAP groups found in groupDN ""; only policies from locally-defined groups available',
    ]);
  });
});

// --- a scripted directory for the answers the mock cannot give -----------------------------------

const SCRIPTED = {
  base: 'dc=scripted,dc=test',
  svc: 'cn=svc,dc=scripted,dc=test',
  svcPassword: 'svc-secret',
  alice: 'uid=alice,ou=people,dc=scripted,dc=test',
  alicePassword: 'alice-secret',
} as const;

interface ScriptedDirectory {
  readonly config: LdapAuthConfig;
  /** The DNs of the binds that succeeded, in order. */
  readonly binds: readonly string[];
  stop(): Promise<void>;
}

/**
 * A login against a scripted answer to the user search: refused at the user search with the
 * answer's result code, and nobody but the service account ever bound.
 */
async function expectRefusedAtUserSearch(answer: {
  entries: readonly string[];
  code: number;
}): Promise<void> {
  const directory = await scriptedDirectory(answer);
  try {
    const error = await refusal(directory.config, 'alice', SCRIPTED.alicePassword);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch', code: answer.code });
    expect(directory.binds).toEqual([SCRIPTED.svc]);
  } finally {
    await directory.stop();
  }
}

/**
 * Our own wire layer around a canned handler (UnboundID's "canned response" idea): binds by the
 * service account and alice succeed, every search answers `entries`, then `code`. Were the
 * authenticator to take such an answer, alice's bind would succeed and the login would go
 * through, so each refusal above is the authenticator's.
 */
async function scriptedDirectory(answer: {
  entries: readonly string[];
  code: number;
}): Promise<ScriptedDirectory> {
  const passwords = new Map<string, string>([
    [SCRIPTED.svc, SCRIPTED.svcPassword],
    [SCRIPTED.alice, SCRIPTED.alicePassword],
  ]);
  const bound: string[] = [];
  const refused = async (): Promise<LdapResult> => ({ code: ResultCode.unwillingToPerform });
  const handler: LdapHandler = {
    bind: async (_ctx, request) => {
      if (passwords.get(request.name) !== request.password.toString('utf8')) {
        return { code: ResultCode.invalidCredentials };
      }
      bound.push(request.name);
      return { code: ResultCode.success };
    },
    search: async (_ctx, _request, sink) => {
      for (const dn of answer.entries) {
        sink.entry({
          dn,
          attributes: [
            { type: 'objectClass', values: ['inetOrgPerson'] },
            { type: 'uid', values: ['alice'] },
          ],
        });
      }
      return { code: answer.code };
    },
    compare: refused,
    add: refused,
    modify: refused,
    delete: refused,
    modifyDN: refused,
    extended: refused,
  };
  const server = new WireServer({
    host: '127.0.0.1',
    port: 0,
    ldapsPort: null,
    handler,
    certificate: () => issueServerCertificate(generateCA()),
    limits: resolveLimits({}, openldapProfile),
    onInternalError: (error) => {
      throw error;
    },
    onConnectionEvent: () => undefined,
  });
  await server.start();
  return {
    config: {
      url: `ldap://127.0.0.1:${server.port}`,
      binddn: SCRIPTED.svc,
      bindpass: SCRIPTED.svcPassword,
      userdn: SCRIPTED.base,
      userattr: 'uid',
      username_as_alias: true,
    },
    binds: bound,
    stop: () => server.stop(),
  };
}
