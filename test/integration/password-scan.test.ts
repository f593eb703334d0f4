/**
 * No password in anything ldapmock prints or writes (SPEC §6: "no error or log line ever contains
 * a password"; issue 10). Every command that takes a password — login, test-connection,
 * sync-users, rotate-password, serve (banner, live log, control endpoint), conformance with each
 * reporter and both kinds of adapter — and the conformance runner API are run with distinctive
 * passwords, on success and on failure paths (with --verbose, which adds the error's detail), and
 * every stdout, stderr and report file is collected. The last test searches all of it for every
 * password, case-insensitively (user names are lower-cased, and so are URLs), and wants zero hits.
 *
 * The passwords hold no character that JSON, XML or HTML would escape, so a plain substring
 * search finds them in every report format.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { LdapAuthenticator } from '../../src/client/authenticator.js';
import {
  builtinAdapter,
  CATALOGUE,
  type ConformanceAdapter,
  type ConformanceReport,
  REPORTERS,
  runConformance,
  type Scenario,
} from '../../src/conformance/index.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { type CliResult, killSpawned, runCli, startServe } from './cli-process.js';

// --- the passwords ---------------------------------------------------------------------------------

const ROOT_PW = 'Root-Pw-k3Q9x7'; // the in-process server's rootdn, the configs' bindpass
const SAM_PW = 'Sam-Pw-v8T2m4';
const RORY_PW = 'Rory-Pw-f6D1n8'; // rotated, so the other runs keep sam's
const WRONG_PW = 'Wrong-Pw-h5R1c6';
const WRONG_BIND_PW = 'Bind-Wrong-z2L8';
const URL_PW = 'Url-Pw-j4N7q1'; // typed into a URL's user info
const NEW_PW = 'New-Pw-w9F3s5';
const SERVE_ROOT_PW = 'Serve-Root-b6Y2';
const SERVE_USER_PW = 'Serve-User-d1K8';
const SERVE_NEW_PW = 'Serve-New-p7G4';
const SERVE_WRONG_PW = 'Serve-Wrong-x5C3';
const SERVE_DEFAULT_ROOT_PW = 'Serve-Dflt-r3H9';
const CONF_USER_PW = 'Conf-User-a2M6';
const CONF_WRONG_PW = 'Conf-Wrong-e8P3';
const CONF_BIND_PW = 'Conf-Bind-u4V7';
const CONF_NEW_PW = 'Conf-New-t9B2';

/**
 * The catalogue scenarios the conformance command runs here: a login, a wrong user and a wrong
 * service password, two users of one name, a TLS failure, a rotation (openldap: quick to start).
 */
const CATALOGUE_IDS = [
  'bind-modes/search',
  'bind-modes/wrong-password',
  'bind-modes/wrong-service-password@openldap',
  'ambiguous/two-entries-same-uid',
  'tls/ldaps-untrusted-ca@openldap',
  'rotation/openldap-ldaps',
] as const;

/**
 * The passwords those scenarios use (login, service account, new password), but not the rootdn's
 * `admin`, which is also the value of its DN's RDN (`cn=admin,…`) that reports show as it is.
 */
function cataloguePasswords(): string[] {
  return CATALOGUE.filter((scenario) => (CATALOGUE_IDS as readonly string[]).includes(scenario.id)).flatMap(
    (scenario) => {
      const { action, config } = scenario;
      return [
        'password' in action ? action.password : '',
        action.kind === 'rotatePassword' ? action.newPassword : '',
        typeof config['bindpass'] === 'string' ? config['bindpass'] : '',
      ].filter((secret) => secret.length >= 6);
    },
  );
}

const SECRETS: readonly string[] = [
  ...new Set([
    ROOT_PW,
    SAM_PW,
    RORY_PW,
    WRONG_PW,
    WRONG_BIND_PW,
    URL_PW,
    NEW_PW,
    SERVE_ROOT_PW,
    SERVE_USER_PW,
    SERVE_NEW_PW,
    SERVE_WRONG_PW,
    SERVE_DEFAULT_ROOT_PW,
    CONF_USER_PW,
    CONF_WRONG_PW,
    CONF_BIND_PW,
    CONF_NEW_PW,
    ...cataloguePasswords(),
  ]),
];

/**
 * The default openldap fixture's demo password that `serve`'s banner prints on purpose, in its
 * "try:" lines (`ldapwhoami … -w alice-password`): it is public (fixtures/README.md) and the
 * banner exists to be pasted. It is excluded from the scan of that one banner only; everywhere
 * else (the conformance scenarios log in with it) it counts as a hit.
 */
const BANNER_DEMO_PASSWORD = 'alice-password';

// --- what was printed and written ----------------------------------------------------------------

interface Collected {
  readonly what: string;
  readonly text: string;
  /** Passwords this output may show by design (see BANNER_DEMO_PASSWORD). */
  readonly allowed?: readonly string[];
}
const collected: Collected[] = [];

function collect(what: string, text: string, allowed?: readonly string[]): void {
  collected.push({ what, text, ...(allowed && { allowed }) });
}

/** Where a password occurs in `text` (case-insensitively), as `password @ offset`. */
function hits(text: string, allowed: readonly string[] = []): string[] {
  const lower = text.toLowerCase();
  return SECRETS.filter((secret) => !allowed.includes(secret)).flatMap((secret) => {
    const at = lower.indexOf(secret.toLowerCase());
    return at < 0 ? [] : [`${secret} @ ${at}: …${text.slice(Math.max(0, at - 60), at + 60)}…`];
  });
}

// --- servers, files, processes ---------------------------------------------------------------------

const PEOPLE = 'ou=people,dc=example,dc=org';
const ADMIN = 'cn=admin,dc=example,dc=org';
const SAM = `uid=sam,${PEOPLE}`;
const RORY = `uid=rory,${PEOPLE}`;

const person = (uid: string, password: string) =>
  [
    `dn: uid=${uid},${PEOPLE}`,
    'objectClass: inetOrgPerson',
    `uid: ${uid}`,
    `cn: ${uid}`,
    'sn: Sample',
    `userPassword: ${password}`,
    '',
  ].join('\n');
const SAM_LDIF = person('sam', SAM_PW);

let dir: string;
let openldap: MockServer;
let deadPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-password-scan-'));
  [openldap, deadPort] = await Promise.all([
    startMockServer({
      rootPassword: ROOT_PW,
      ldif: [
        new URL('../../fixtures/openldap/default.ldif', import.meta.url),
        SAM_LDIF,
        person('rory', RORY_PW),
      ],
    }),
    freePort(),
  ]);
  writeFileSync(join(dir, 'ca.pem'), openldap.caCertificate);
});
// Not after each test: the runs below go side by side, and each process ends by itself or is
// killed at its timeout; this only catches what a failing test left behind.
afterAll(async () => {
  await killSpawned();
  await openldap?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

function authConfig(name: string, settings: Record<string, unknown> = {}): string {
  return file(name, {
    config: {
      url: openldap.url,
      binddn: ADMIN,
      bindpass: ROOT_PW,
      userdn: PEOPLE,
      userattr: 'uid',
      groupdn: 'ou=groups,dc=example,dc=org',
      ...settings,
    },
  });
}

/** Runs `ldapmock ARGS` with `stdin` piped in, and collects what it printed. */
async function cli(args: readonly string[], stdin = ''): Promise<CliResult> {
  const result = await runCli(args, { stdin, timeoutMs: 20_000 });
  const what = `ldapmock ${args.join(' ')}`;
  collect(`${what} (stdout)`, result.stdout);
  collect(`${what} (stderr)`, result.stderr);
  return result;
}

const login = (config: string, username: string, password: string, ...more: string[]) =>
  cli(['login', '--config', config, '--username', username, '--password-stdin', ...more], `${password}\n`);

/** Each test spawns several CLI processes at once (about a second each). */
const SPAWNING = { timeout: 60_000 };

// --- the runs ------------------------------------------------------------------------------------

// The runs share nothing (rory alone is rotated, each serve has its own ports and CA folder), so
// they go side by side.
describe.concurrent('every command that takes a password', SPAWNING, () => {
  describe('authenticator commands', () => {
    test('login: success, wrong password, refused service bind, a secret as user name, a URL with a password', async () => {
      const good = authConfig('login.json');
      const badBind = authConfig('login-badbind.json', { bindpass: WRONG_BIND_PW });
      const urlInfo = authConfig('login-url.json', { url: `ldap://svc:${URL_PW}@127.0.0.1:${deadPort}` });
      const [text, wrong, refusedBind, secretAsUser, deadUrl] = await Promise.all([
        login(good, 'sam', SAM_PW),
        login(good, 'sam', WRONG_PW, '--verbose'),
        login(badBind, 'sam', SAM_PW, '--verbose'),
        // The bind password typed as the user name: the detail names the user, redacted.
        login(good, ROOT_PW, WRONG_PW, '--verbose'),
        login(urlInfo, 'sam', SAM_PW, '--verbose'),
      ]);
      // Each run did what it was meant to, so the scan covers the path it names.
      expect(text.stdout).toMatch(/^Successfully authenticated!\n/);
      expect([wrong.code, refusedBind.code, secretAsUser.code]).toEqual([2, 2, 2]);
      expect(wrong.stderr).toContain('detail: step userBind');
      expect(refusedBind.stderr).toContain('detail: step serviceBind');
      expect(secretAsUser.stderr).toContain('user "[REDACTED]"');
      expect(deadUrl.code).toBe(1);
      expect(deadUrl.stderr).toContain('ldap://***@127.0.0.1');
    });

    test('test-connection and sync-users: success, and a refused service bind', async () => {
      const good = authConfig('tools.json');
      const badBind = authConfig('tools-badbind.json', { bindpass: WRONG_BIND_PW });
      // One refusal is enough: both commands report a failed service bind through the same code.
      const [connection, connectionRefused, users] = await Promise.all([
        cli(['test-connection', '--config', good]),
        cli(['test-connection', '--config', badBind, '--verbose']),
        cli(['sync-users', '--config', good, '--format', 'csv']),
      ]);
      expect(connection.code).toBe(0);
      expect(connectionRefused.code).toBe(1);
      expect(users.code).toBe(0);
      expect(users.stdout).toContain(SAM);
    });

    test('rotate-password: refused over plain LDAP, done over LDAPS; the new password then logs in', async () => {
      const plain = authConfig('rotate-plain.json');
      const ldaps = authConfig('rotate-ldaps.json', { url: openldap.ldapsUrl, certificate: '@ca.pem' });
      const refused = await cli(
        ['rotate-password', '--config', plain, '--username', 'rory', '--verbose'],
        `${NEW_PW}\n`,
      );
      expect(refused.code).toBe(1);
      const rotated = await cli(['rotate-password', '--config', ldaps, '--username', 'rory'], `${NEW_PW}\n`);
      expect(rotated.stdout).toContain(`password rotated for rory (${RORY}`);
      // Checked in process: the point is that the rotation really happened, not more output.
      const authenticator = new LdapAuthenticator({ url: openldap.url, userdn: PEOPLE, userattr: 'uid' });
      expect((await authenticator.login('rory', NEW_PW)).userDN).toBe(RORY);
      expect((await authenticator.testLogin('rory', RORY_PW)).ok).toBe(false);
    });
  });

  describe('serve', () => {
    test('own data and root password: banner, live log and control endpoint never show a password', async () => {
      const ldif = file('serve.ldif', SAM_LDIF.replace(SAM_PW, SERVE_USER_PW));
      const serve = await startServe([
        '--ldif',
        new URL('../../fixtures/openldap/default.ldif', import.meta.url).pathname,
        '--ldif',
        ldif,
        '--root-password',
        SERVE_ROOT_PW,
        '--port',
        '0',
        '--ldaps-port',
        '0',
        '--cert-dir',
        join(dir, 'serve-certs-own'),
        '--console',
      ]);
      try {
        // Binds the live log reports: the root, the user, a wrong password, a Password Modify.
        const admin = new LdapAuthenticator({
          url: serve.ldapsUrl,
          certificate: readFileSync(serve.caPath, 'utf8'),
          binddn: serve.adminDN,
          bindpass: SERVE_ROOT_PW,
          userdn: PEOPLE,
          userattr: 'uid',
        });
        expect((await admin.login('sam', SERVE_USER_PW)).userDN).toBe(SAM);
        expect((await admin.testLogin('sam', SERVE_WRONG_PW)).ok).toBe(false);
        await admin.rotatePassword('sam', SERVE_NEW_PW);
        expect((await admin.login('sam', SERVE_NEW_PW)).userDN).toBe(SAM);
        // The control endpoint, with the right and a wrong administrator password.
        const control = /control:\s+(\S+)\/faults/.exec(serve.stdout())?.[1];
        expect(control).toBeDefined();
        const basic = (password: string) => ({
          authorization: `Basic ${Buffer.from(`${serve.adminDN}:${password}`).toString('base64')}`,
        });
        const [allowed, denied] = await Promise.all([
          fetch(`${control}/faults`, { headers: basic(SERVE_ROOT_PW) }),
          fetch(`${control}/faults`, { headers: basic(SERVE_WRONG_PW) }),
        ]);
        expect([allowed.status, denied.status]).toEqual([200, 401]);
        collect('control endpoint answers', `${await allowed.text()}${await denied.text()}`);
        await serve.waitForStderr(/EXT oid=1\.3\.6\.1\.4\.1\.4203\.1\.11\.1 \(passwordModify\) tls → err=0/);
        // The web console: its journal and sam's entry, as the administrator reads them.
        const consoleAnswers = await Promise.all(
          ['/api/journal', `/api/entry?dn=${encodeURIComponent(SAM)}`].map(async (path) => {
            const response = await fetch(`${control}${path}`, { headers: basic(SERVE_ROOT_PW) });
            expect(response.status).toBe(200);
            return response.text();
          }),
        );
        expect(consoleAnswers[0]).toContain('"extendedName":"passwordModify"');
        expect(consoleAnswers[1]).toMatch(/"type":"userPassword","values":\["<redacted, \d+ bytes>"\]/);
        collect('web console answers', consoleAnswers.join('\n'));
      } finally {
        await serve.stop();
        collect('serve (own data) stdout', serve.stdout());
        collect('serve (own data) stderr', serve.stderr());
      }
      // The banner says where the password is, not what it is.
      expect(serve.adminPassword).toBe('<root password>');
    });

    test('the embedded fixture with its own root password: only the fixture’s demo password is printed', async () => {
      const serve = await startServe([
        '--root-password',
        SERVE_DEFAULT_ROOT_PW,
        '--port',
        '0',
        '--ldaps-port',
        '0',
        '--cert-dir',
        join(dir, 'serve-certs-embedded'),
      ]);
      await serve.stop();
      // The exclusion below is exactly what the banner prints on purpose; if it stopped printing
      // it, the exclusion would be stale.
      expect(serve.stdout()).toContain(`-w ${BANNER_DEMO_PASSWORD}`);
      collect('serve (embedded fixture) stdout', serve.stdout(), [BANNER_DEMO_PASSWORD]);
      collect('serve (embedded fixture) stderr', serve.stderr());
    });
  });

  describe('conformance', () => {
    /** An authenticator whose errors repeat both passwords, as some libraries' messages do. */
    const LEAKY_MODULE = `
export const name = 'leaky';
export async function login(config, username, password) {
  throw Object.assign(
    new Error('bind as ' + username + ' with ' + password + ' failed; service password ' + config.bindpass),
    { kind: 'denied' },
  );
}
`;

    /** A JSON-lines program that logs each request to stderr, refuses one login, then dies. */
    const LEAKY_PROGRAM = `
import { createInterface } from 'node:readline';
let logins = 0;
createInterface({ input: process.stdin }).on('line', (line) => {
  process.stderr.write('request: ' + line + '\\n');
  const request = JSON.parse(line);
  const answer = (body) => process.stdout.write(JSON.stringify({ id: request.id, ...body }) + '\\n');
  if (request.action !== 'login') return answer({ error: { kind: 'not-applicable', message: 'login only' } });
  if (++logins === 2) process.exit(3);
  answer({ error: { kind: 'denied', message: 'refused ' + request.username + ' / ' + request.password } });
});
`;

    // Markdown, the fifth format, is rendered by the runner API test below.
    test('the command: each reporter, our adapter and a leaky module, and a leaky program that crashes', async () => {
      const leakyModule = file('leaky-adapter.mjs', LEAKY_MODULE);
      const leakyProgram = file('leaky-program.mjs', LEAKY_PROGRAM);
      const ids = CATALOGUE_IDS.flatMap((id) => ['--id', id]);
      const both = ['-a', 'builtin', '-a', leakyModule, ...ids];
      const out = (name: string) => join(dir, name);
      const runs = await Promise.all([
        cli(['conformance', ...both, '--reporter', 'json', '--out', out('report.json')]),
        cli(['conformance', ...both, '--reporter', 'junit', '--out', out('report.xml')]),
        cli(['conformance', ...both, '--reporter', 'html', '--out', out('report.html')]),
        cli(['conformance', ...both, '--reporter', 'pretty', '--verbose']),
        // Two logins with no password in common: the second one's crash quotes the stderr that
        // logged the first one's request, whose passwords are not that scenario's to redact.
        cli([
          'conformance',
          '--adapter-cmd',
          `node ${leakyProgram}`,
          ...['--id', 'bind-modes/wrong-service-password@openldap', '--id', 'bind-modes/wrong-password'],
          '--reporter',
          'json',
        ]),
      ]);
      // The leaky adapters fail scenarios (exit 1); what matters is that the reports were written.
      for (const run of runs) expect(run.code, run.stderr).toBe(1);
      for (const name of ['report.json', 'report.xml', 'report.html']) {
        collect(`conformance report ${name}`, readFileSync(out(name), 'utf8'));
      }
      // The leaks were there to be redacted: the adapters' messages and the crashed program's stderr.
      const json = readFileSync(out('report.json'), 'utf8');
      expect(json).toContain('with [REDACTED] failed; service password [REDACTED]');
      // One adapter: the JSON report is that adapter's report itself.
      const crashed = JSON.parse(runs[4]!.stdout) as ConformanceReport;
      expect(crashed.results.map((r) => [r.id, r.outcome?.ok === false && r.outcome.message])).toEqual([
        ['bind-modes/wrong-service-password@openldap', expect.stringMatching(/^refused alice/)],
        [
          'bind-modes/wrong-password',
          expect.stringMatching(/^crashed: the adapter program exited \(code 3\): request:/),
        ],
      ]);
    });

    test('the runner API: our adapter and a leaky one, every reporter', async () => {
      const quinn = `uid=quinn,${PEOPLE}`;
      const fixture = `dn: ${quinn}\nobjectClass: inetOrgPerson\nuid: quinn\ncn: Quinn\nsn: Q\nuserPassword: ${CONF_USER_PW}\n`;
      const direct = { url: '$URL', userdn: PEOPLE, userattr: 'uid', groupdn: 'ou=groups,dc=example,dc=org' };
      const scenario = (id: string, rest: Omit<Scenario, 'id' | 'topic' | 'profile' | 'why' | 'fixture'>) =>
        ({
          id: `scan/${id}`,
          topic: 'directory',
          profile: 'openldap',
          why: 'password scan',
          fixture,
          ...rest,
        }) as Scenario;
      const scenarios = [
        scenario('login', {
          config: direct,
          action: { kind: 'login', username: 'quinn', password: CONF_USER_PW },
          expect: { login: { userDN: quinn } },
        }),
        scenario('wrong-password', {
          config: direct,
          action: { kind: 'login', username: 'quinn', password: CONF_WRONG_PW },
          expect: { error: 'denied' },
        }),
        scenario('service-bind-refused', {
          config: { ...direct, binddn: ADMIN, bindpass: CONF_BIND_PW },
          action: { kind: 'login', username: 'quinn', password: CONF_USER_PW },
          expect: { error: 'denied' },
        }),
        // Expected to fail: the report then quotes the outcome in its differences.
        scenario('expected-wrongly', {
          config: direct,
          action: { kind: 'login', username: 'quinn', password: CONF_WRONG_PW },
          expect: { login: { userDN: quinn } },
        }),
        scenario('rotate', {
          // The runner's servers keep the default rootdn password `admin`: not a secret here.
          config: {
            url: '$LDAPS_URL',
            certificate: '$CA',
            binddn: ADMIN,
            bindpass: 'admin',
            userdn: PEOPLE,
            userattr: 'uid',
          },
          action: { kind: 'rotatePassword', username: 'quinn', newPassword: CONF_NEW_PW },
          expect: { rotated: { dn: quinn } },
        }),
      ];
      const leaky: ConformanceAdapter = {
        name: 'leaky',
        login: async (config, username, password) => {
          throw Object.assign(
            new Error(`${username}/${password} refused (bindpass ${String(config['bindpass'])})`),
            {
              kind: 'denied',
            },
          );
        },
        rotatePassword: async (_config, username, newPassword) => {
          throw new Error(`could not set ${newPassword} for ${username}`);
        },
      };
      const reports: ConformanceReport[] = [];
      for (const adapter of [builtinAdapter, leaky])
        reports.push(await runConformance({ adapter, scenarios }));
      const [ours, theirs] = reports;
      // Our adapter passes all but the scenario that expects the wrong thing; the leaky one fails.
      expect(ours!.results.map((r) => r.verdict)).toEqual(['pass', 'pass', 'pass', 'fail', 'pass']);
      expect(theirs!.counts.fail).toBeGreaterThan(0);
      collect('runner API reports (JSON.stringify)', JSON.stringify(reports));
      for (const [name, render] of Object.entries(REPORTERS))
        collect(`runner API ${name} report`, render(reports));
    });
  });
});

// --- the requirement -------------------------------------------------------------------------------

test('zero hits: no password in any output, report or file collected above', () => {
  // Every run above collected something (a skipped or failed run would leave gaps).
  expect(collected.length).toBeGreaterThan(40);
  expect(SECRETS.length).toBeGreaterThan(15);
  const found = collected.flatMap(({ what, text, allowed }) =>
    hits(text, allowed).map((hit) => `${what}: ${hit}`),
  );
  expect(found).toEqual([]);
});
