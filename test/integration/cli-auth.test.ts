/**
 * The authenticator commands as a user runs them (`login`, `test-connection`, `sync-users`,
 * `rotate-password`), spawned from source against mock servers started in this process
 * (`openldap` and `ad` profiles), with configuration files written to a temp dir: output formats,
 * every exit status, configuration-file errors, failover, and — the requirement — that no
 * password (service account, user, new password) ever appears in what any run prints. Every run
 * goes through `cli()`, which checks its output against every password of the suite; the last
 * test checks that those runs covered every command and every exit status.
 *
 * The terminal paths (hidden prompt, progress bar) are driven in-process with stand-in TTY
 * streams, as a spawned process here never has a terminal.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { openAuthenticator } from '../../src/cli/auth-config-file.js';
import { canPrompt, PromptCancelled, promptLine, readStdinLine } from '../../src/cli/password-input.js';
import { createProgress, progressLine } from '../../src/cli/progress.js';
import { csvField, usersCsv } from '../../src/cli/sync-users.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { type CliResult, killSpawned, runCli } from './cli-process.js';

// --- passwords: distinctive, so any leak is found by a plain substring search ----------------

const O_BINDPASS = 'Bnd-Pw-8c1e0f-Root';
const CAROL_PW = 'Crl-Pw-5d2a71-User';
const DAVE_PW = 'Dve-Pw-93be44-User';
const WRONG_PW = 'Wrg-Pw-1a9d3c-Bad';
const O_NEW_PW = 'New-Pw-7f0c2d-Rot';
const AD_NEW_PW = 'New-Ad-Pw-4e8b!x';
const AD_SHORT_PW = 'Sh0r!t';
const AD = {
  administrator: 'Admin-Passw0rd!',
  svc: 'Sierra-Passw0rd!',
  alice: 'Alpha-Passw0rd!',
  locked: 'Lima-Passw0rd!',
  disabled: 'Delta-Passw0rd!',
  jsmith: 'Juliett-Passw0rd!',
} as const;
const SECRETS: readonly string[] = [
  O_BINDPASS,
  CAROL_PW,
  DAVE_PW,
  WRONG_PW,
  O_NEW_PW,
  AD_NEW_PW,
  AD_SHORT_PW,
  ...Object.values(AD),
];

const PEOPLE = 'ou=people,dc=example,dc=org';
const AD_BASE = 'DC=corp,DC=example,DC=com';
const AD_USERS = `CN=Users,${AD_BASE}`;

/** Two users with the same sn (for an ambiguous login); carol's cn and description need CSV quoting. */
const EXTRA_LDIF = [
  `dn: uid=carol,${PEOPLE}`,
  'objectClass: inetOrgPerson',
  'uid: carol',
  'cn: Carol "CJ" Jones, Jr.',
  'sn: Shared',
  'mail: carol@example.org',
  `description:: ${Buffer.from('line one\nline two').toString('base64')}`,
  `userPassword: ${CAROL_PW}`,
  '',
  `dn: uid=dave,${PEOPLE}`,
  'objectClass: inetOrgPerson',
  'uid: dave',
  'cn: Dave',
  'sn: Shared',
  `userPassword: ${DAVE_PW}`,
  '',
  'dn: cn=carol-team,ou=groups,dc=example,dc=org',
  'objectClass: groupOfNames',
  'cn: carol-team',
  `member: uid=carol,${PEOPLE}`,
  '',
].join('\n');

/** A test here spawns up to four CLI processes (about a second each, more on a loaded machine). */
const SPAWNING_TEST_TIMEOUT = 60_000;

// --- servers and files --------------------------------------------------------------------------

let dir: string;
let openldap: MockServer;
let ad: MockServer;
/** Accepts TCP connections and never answers: a TLS handshake with it never completes. */
let blackHole: net.Server;
let blackHolePort: number;
const held = new Set<net.Socket>();
let deadPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-cli-auth-'));
  blackHole = net.createServer((socket) => {
    socket.on('error', () => undefined);
    held.add(socket);
  });
  [openldap, ad, deadPort, blackHolePort] = await Promise.all([
    startMockServer({
      profile: 'openldap',
      rootPassword: O_BINDPASS,
      ldif: [new URL('../../fixtures/openldap/default.ldif', import.meta.url), EXTRA_LDIF],
    }),
    startMockServer({ profile: 'ad' }),
    freePort(),
    new Promise<number>((resolve) =>
      blackHole.listen(0, '127.0.0.1', () => resolve((blackHole.address() as net.AddressInfo).port)),
    ),
  ]);
  writeFileSync(join(dir, 'openldap-ca.pem'), openldap.caCertificate);
  writeFileSync(join(dir, 'ad-ca.pem'), ad.caCertificate);
}, 60_000);
afterEach(async () => {
  await killSpawned();
});
afterAll(async () => {
  await Promise.all([openldap?.stop(), ad?.stop()]);
  for (const socket of held) socket.destroy();
  blackHole?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a configuration file in the temp dir; an object is written as JSON. */
function configFile(name: string, content: object | string): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

type Settings = Record<string, unknown>;

function openldapConfig(settings: Settings = {}, rest: Settings = {}) {
  return {
    config: {
      url: openldap.url,
      binddn: 'cn=admin,dc=example,dc=org',
      bindpass: O_BINDPASS,
      userdn: PEOPLE,
      userattr: 'uid',
      groupdn: 'ou=groups,dc=example,dc=org',
      ...settings,
    },
    groups: { developers: { policies: 'dev, reader' }, 'carol-team': { policies: ['carol-pol'] } },
    users: { bob: { groups: 'local-ops', policies: 'bob-pol' } },
    defaultPolicies: 'baseline',
    ...rest,
  };
}

function adConfig(settings: Settings = {}) {
  return {
    config: {
      url: ad.url,
      binddn: 'svc-ldap@corp.example.com',
      bindpass: AD.svc,
      userdn: AD_USERS,
      userattr: 'sAMAccountName',
      groupdn: AD_BASE,
      groupfilter: '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={{.UserDN}}))',
      ...settings,
    },
    groups: { engineering: { policies: 'eng' } },
  };
}

// --- running the CLI ------------------------------------------------------------------------------

interface Run {
  readonly command: string;
  readonly code: number | null;
}
const runs: Run[] = [];

/**
 * Runs `ldapmock ARGS` (with `stdin` piped in when given) and fails at once if any password of
 * the suite is in its stdout or stderr.
 */
async function cli(args: readonly string[], stdin?: string): Promise<CliResult> {
  const result = await runCli(args, stdin === undefined ? {} : { stdin });
  runs.push({ command: args[0] ?? '', code: result.code });
  for (const secret of SECRETS) {
    expect(result.stdout, `stdout of ldapmock ${args.join(' ')}`).not.toContain(secret);
    expect(result.stderr, `stderr of ldapmock ${args.join(' ')}`).not.toContain(secret);
  }
  return result;
}

function login(config: string, username: string, password: string, ...more: string[]) {
  return cli(
    ['login', '--config', config, '--username', username, '--password-stdin', ...more],
    `${password}\n`,
  );
}

const DENIED = 'ldapmock: ldap operation failed: failed to bind as user\n';

// --- login --------------------------------------------------------------------------------------

describe('login', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  test('text output: "Successfully authenticated!" and a Key/Value table of the result', async () => {
    const config = configFile('login-text.json', openldapConfig());
    const result = await login(config, 'carol', CAROL_PW);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'Successfully authenticated!',
        '',
        'Key                    Value',
        '---                    -----',
        'username               carol',
        'alias                  carol',
        `user_dn                uid=carol,${PEOPLE}`,
        'policies               ["baseline" "carol-pol" "default"]',
        'groups                 ["carol-team"]',
        'ldap_groups            ["carol-team"]',
        'token_meta_username    carol',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  });

  test('JSON output is the login result; local user mappings and LDAP groups both count', async () => {
    const config = configFile('login-json.json', openldapConfig());
    const result = await login(config, '  BOB ', 'bob-password', '--format', 'json');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      userDN: `uid=bob,${PEOPLE}`,
      username: 'bob',
      alias: 'bob',
      groups: ['local-ops', 'ops', 'auditors'],
      ldapGroups: ['ops', 'auditors'],
      policies: ['baseline', 'bob-pol', 'default'],
      metadata: { username: 'bob' },
      warnings: [],
    });
    expect(result.code).toBe(0);
  });

  test("a login without LDAP groups prints OpenBao's warning on stderr, the table on stdout", async () => {
    const config = configFile('login-nogroups.json', openldapConfig({ groupdn: '' }));
    const result = await login(config, 'carol', CAROL_PW);
    expect(result.stderr).toBe(
      'WARNING! The following warnings were returned:\n\n' +
        '  * no LDAP groups found in groupDN ""; only policies from locally-defined groups available\n\n',
    );
    expect(result.stdout).toContain('policies               ["baseline" "default"]\n');
    expect(result.code).toBe(0);
  });

  test('a wrong password exits 2 with the generic message; --verbose adds the step and result code', async () => {
    const config = configFile('login-wrong.json', openldapConfig());
    const plain = await login(config, 'carol', WRONG_PW);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toBe(DENIED);
    expect(plain.code).toBe(2);
    const verbose = await login(config, 'carol', WRONG_PW, '--verbose');
    expect(verbose.stderr).toBe(
      `${DENIED}ldapmock: detail: step userBind; user "carol"; bind DN "uid=carol,${PEOPLE}"; LDAP Result Code 49 "Invalid Credentials":\n`,
    );
    expect(verbose.code).toBe(2);
  });

  test('an unknown user and an ambiguous one (two entries) get the same answer, exit 2', async () => {
    const config = configFile('login-unknown.json', openldapConfig());
    const unknown = await login(config, 'nobody', WRONG_PW);
    expect(unknown.stderr).toBe(DENIED);
    expect(unknown.code).toBe(2);
    // carol and dave share sn: Shared.
    const shared = configFile('login-ambiguous.json', openldapConfig({ userattr: 'sn' }));
    const ambiguous = await login(shared, 'Shared', CAROL_PW, '--verbose');
    expect(ambiguous.stderr).toBe(
      `${DENIED}ldapmock: detail: step userSearch; user "shared"; LDAP search for binddn 0 or not unique\n`,
    );
    expect(ambiguous.code).toBe(2);
  });

  test('an empty password is refused (exit 2) before any connection: the server here is unreachable', async () => {
    const config = configFile('login-empty.json', openldapConfig({ url: `ldap://127.0.0.1:${deadPort}` }));
    const result = await login(config, 'carol', '');
    expect(result.stderr).toBe(
      'ldapmock: password cannot be of zero length when passwordless binds are being denied\n',
    );
    expect(result.code).toBe(2);
  });

  test('a locked account exits 2; on AD --verbose names the state (data 775)', async () => {
    const openldapLocked = await login(
      configFile('login-locked.json', openldapConfig()),
      'locked',
      'locked-password',
    );
    expect(openldapLocked.stderr).toBe(DENIED);
    expect(openldapLocked.code).toBe(2);
    const adLocked = await login(
      configFile('login-ad-locked.json', adConfig()),
      'locked',
      AD.locked,
      '--verbose',
    );
    expect(adLocked.stderr.split('\n')[0]).toBe(DENIED.trimEnd());
    expect(adLocked.stderr).toContain('data 775');
    expect(adLocked.stderr).toMatch(/AD data 775: accountLocked\n$/);
    expect(adLocked.code).toBe(2);
    const disabled = await login(
      configFile('login-ad-disabled.json', adConfig()),
      'disabled',
      AD.disabled,
      '--verbose',
    );
    expect(disabled.stderr).toMatch(/AD data 533: accountDisabled\n$/);
    expect(disabled.code).toBe(2);
  });

  test('AD: nested groups through the in-chain rule become policies', async () => {
    const result = await login(
      configFile('login-ad.json', adConfig()),
      'alice',
      AD.alice,
      '--format',
      'json',
    );
    const parsed = JSON.parse(result.stdout) as { userDN: string; ldapGroups: string[]; policies: string[] };
    expect(parsed.userDN).toBe(`CN=alice,${AD_USERS}`);
    expect([...parsed.ldapGroups].sort()).toEqual(['Announcements', 'Developers', 'Engineering']);
    expect(parsed.policies).toEqual(['default', 'eng']);
    expect(result.code).toBe(0);
  });

  test('a dead first URL fails over to the next one', async () => {
    const config = configFile(
      'login-failover.json',
      openldapConfig({ url: `ldap://127.0.0.1:${deadPort},${openldap.url}` }),
    );
    const result = await login(config, 'carol', CAROL_PW);
    expect(result.stdout).toMatch(/^Successfully authenticated!\n/);
    expect(result.code).toBe(0);
  });

  test('a first server that never completes the TLS handshake is left after connection_timeout', async () => {
    const config = configFile(
      'login-hung.json',
      openldapConfig({
        url: [`ldaps://127.0.0.1:${blackHolePort}`, openldap.url],
        certificate: '@openldap-ca.pem',
        connection_timeout: '1s',
      }),
    );
    const started = Date.now();
    const result = await login(config, 'carol', CAROL_PW);
    expect(result.stdout).toMatch(/^Successfully authenticated!\n/);
    expect(result.code).toBe(0);
    // It waited for the first URL's timeout, then moved on.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('every URL down: exit 1 and one line naming each URL and why', async () => {
    const url = `ldap://127.0.0.1:${deadPort}`;
    const config = configFile('login-down.json', openldapConfig({ url: `${url},${url}/` }));
    const result = await login(config, 'carol', CAROL_PW);
    expect(result.stderr.split('\n')).toHaveLength(2); // one line and the final newline
    expect(result.stderr).toMatch(
      new RegExp(
        `^ldapmock: 2 errors occurred: error connecting to host "${url}": LDAP Result Code 200 "Network Error": .*ECONNREFUSED.*; error connecting to host "${url}/": .*ECONNREFUSED`,
      ),
    );
    expect(result.code).toBe(1);
  });

  test('@file PEMs are read relative to the configuration file, not the working directory', async () => {
    const config = configFile(
      'login-ldaps.json',
      openldapConfig({ url: openldap.ldapsUrl, certificate: '@openldap-ca.pem' }),
    );
    const result = await login(config, 'carol', CAROL_PW);
    expect(result.stdout).toMatch(/^Successfully authenticated!\n/);
    expect(result.code).toBe(0);
  });

  test('no terminal and no --password-stdin, or no --username: exit 1 saying what to do', async () => {
    const config = configFile('login-noterm.json', openldapConfig());
    const noPassword = await cli(['login', '--config', config, '--username', 'carol']);
    expect(noPassword.stderr).toBe(
      'ldapmock: stdin is not a terminal to ask for the password; pipe it in with --password-stdin\n',
    );
    expect(noPassword.code).toBe(1);
    const noUser = await cli(['login', '--config', config]);
    expect(noUser.stderr).toBe('ldapmock: no --username given, and stdin is not a terminal to ask for it\n');
    expect(noUser.code).toBe(1);
    const stdinNoUser = await cli(['login', '--config', config, '--password-stdin'], `${CAROL_PW}\n`);
    expect(stdinNoUser.stderr).toBe(
      'ldapmock: --password-stdin needs --username (stdin holds the password)\n',
    );
    expect(stdinNoUser.code).toBe(1);
  });

  test('--password on the command line is refused without repeating it', async () => {
    const config = configFile('login-argpw.json', openldapConfig());
    const result = await cli(['login', '--config', config, '--username', 'carol', '--password', CAROL_PW]);
    expect(result.stderr).toMatch(/^ldapmock: passwords are not accepted as an argument/);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  test('a bindpass typed as the user name is redacted from the detail', async () => {
    // Case-sensitive names: otherwise the name is lower-cased first and no longer matches the secret.
    const config = configFile('login-pw-as-user.json', openldapConfig({ case_sensitive_names: true }));
    const result = await login(config, O_BINDPASS, WRONG_PW, '--verbose');
    expect(result.stderr).toContain('user "[REDACTED]"');
    expect(result.code).toBe(2);
  });
});

// --- configuration files -----------------------------------------------------------------------

describe('configuration file errors (exit 1, every problem as <file>: <where>: <reason>)', {
  timeout: SPAWNING_TEST_TIMEOUT,
}, () => {
  async function problems(name: string, content: object | string | undefined) {
    const path = content === undefined ? join(dir, name) : configFile(name, content);
    const result = await cli(
      ['login', '--config', path, '--username', 'carol', '--password-stdin'],
      `${CAROL_PW}\n`,
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    return { path, lines: result.stderr.split('\n').filter((line) => line !== '') };
  }

  test('a missing file', async () => {
    const { path, lines } = await problems('nowhere.json', undefined);
    expect(lines).toEqual([`${path}: cannot read the file: no such file`]);
  });

  test('invalid JSON, with line and column, and no piece of the text', async () => {
    const { path, lines } = await problems(
      'bad-json.json',
      `{\n  "config": {\n    "bindpass": ${O_BINDPASS}\n  }\n}`,
    );
    expect(lines).toEqual([`${path}: not valid JSON: Unexpected token 'B' at line 3, column 17`]);
  });

  test('invalid JSON at the end of the file or after the value is located too (found by fuzzing)', async () => {
    const cut = await problems('cut-json.json', '{\n  "config": {\n    "starttls": tru');
    expect(cut.lines).toEqual([
      `${cut.path}: not valid JSON: Unexpected end of JSON input at line 3, column 20`,
    ]);
    const after = await problems('after-json.json', '{"config": {}}\n}');
    expect(after.lines).toEqual([
      `${after.path}: not valid JSON: Unexpected non-whitespace character after JSON at line 2, column 1`,
    ]);
  });

  test('a "__proto__" key is a key: unknown in config, a name in users (found by fuzzing)', async () => {
    const config = `{"config": {"url": "ldap://127.0.0.1:1", "__proto__": {"bindpass": "x"}}}`;
    const { path, lines } = await problems('proto.json', config);
    expect(lines).toEqual([`${path}: config.__proto__: unknown key`]);
    const users = configFile('proto-user.json', {
      config: { url: 'ldap://127.0.0.1:1' },
      users: JSON.parse('{"__proto__": {"policies": "p"}}'),
    });
    expect(openAuthenticator(users).policies.getUser('__proto__')?.policies).toEqual(['p']);
  });

  test('every problem at once: unknown keys with suggestions, bad templates, @file not found', async () => {
    const { path, lines } = await problems('many.json', {
      config: {
        url: 'http://127.0.0.1:389',
        bindpassword: O_BINDPASS,
        bindpass: [O_BINDPASS],
        userfilter: '({{.Nope}}=x)',
        groupfilter: '(member={{.UserDN}',
        certificate: '@missing-ca.pem',
      },
      url: 'ldap://x',
      default_policies: 'a',
      users: { alice: { groups: 5, policy: 'x' } },
      groups: { admins: 'a,b' },
    });
    expect(lines).toEqual(
      [
        'url: unknown key; OpenBao settings go inside "config" (did you mean "config.url"?)',
        'default_policies: unknown key; did you mean "defaultPolicies"?',
        `config.certificate: cannot read @missing-ca.pem (${join(dir, 'missing-ca.pem')}): no such file`,
        'config.bindpassword: unknown key; did you mean "bindpass"?',
        'config.bindpass: expected a string, got an array',
        'config.userfilter: unknown template field .Nope; this filter can use {{.UserAttr}} and {{.Username}}',
        'config.groupfilter: invalid template: unclosed action: no matching }} at line 1, column 9 (position 8)',
        'users."alice".groups: expected a comma-separated string or an array of strings, got a number',
        'users."alice".policy: unknown key; expected groups or policies',
        'groups."admins": expected an object such as {"policies": "a,b"}, got a string',
      ].map((line) => `${path}: ${line}`),
    );
  });

  test('no "config" object', async () => {
    const { path, lines } = await problems('noconfig.json', { users: {} });
    expect(lines).toEqual([`${path}: config: missing (the OpenBao auth/ldap/config settings)`]);
    const array = await problems('array.json', '[]');
    expect(array.lines).toEqual([`${array.path}: expected a JSON object with a "config" key, got an array`]);
  });

  test('the same errors from every command', async () => {
    const path = configFile('bad-starttls.json', { config: { url: 'ldap://127.0.0.1:1', starttls: 'yes' } });
    const expected = `${path}: config.starttls: expected a boolean (true or false), got the string "yes"\n`;
    for (const args of [
      ['test-connection', '--config', path],
      ['sync-users', '--config', path],
    ]) {
      const result = await cli(args);
      expect(result.stderr).toBe(expected);
      expect(result.code).toBe(1);
    }
    const rotate = await cli(['rotate-password', '--config', path, '--username', 'dave'], `${O_NEW_PW}\n`);
    expect(rotate.stderr).toBe(expected);
    expect(rotate.code).toBe(1);
  });

  test('a URL that cannot be dialled is a warning and a failed entry of the failover, not a refused file', async () => {
    // OpenBao stores any URL and finds out when it dials (SPEC §6): the next URL still serves.
    const path = configFile('bad-scheme.json', openldapConfig({ url: `https://dc1,${openldap.url}` }));
    const result = await cli(['test-connection', '--config', path]);
    expect(result.stderr).toContain(
      'ldapmock: warning: url: URL 1 of 2 "https://dc1": unsupported scheme "https" (only ldap and ldaps); it will fail when dialled',
    );
    expect(result.stdout).toContain(`connect       ok       ${openldap.url}`);
    expect(result.code).toBe(0);
  });
});

// --- test-connection ------------------------------------------------------------------------------

describe('test-connection', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  test('all checks pass: exit 0, one line per check', async () => {
    const result = await cli(['test-connection', '--config', configFile('tc-ok.json', openldapConfig())]);
    expect(result.stdout).toBe(
      [
        `connect       ok       ${openldap.url} (plain LDAP, not encrypted)`,
        'service bind  ok       cn=admin,dc=example,dc=org',
        'root DSE      ok       openldap; naming contexts: dc=example,dc=org',
        `userdn        ok       ${PEOPLE} exists`,
        'groupdn       ok       ou=groups,dc=example,dc=org exists',
        'all checks passed',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('AD over LDAPS with the CA from @file', async () => {
    const config = configFile('tc-ad.json', adConfig({ url: ad.ldapsUrl, certificate: '@ad-ca.pem' }));
    const result = await cli(['test-connection', '--config', config]);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`connect       ok       ${ad.ldapsUrl} (LDAPS)`);
    expect(lines[1]).toBe('service bind  ok       svc-ldap@corp.example.com');
    expect(lines[2]).toMatch(
      /^root DSE {6}ok {7}active-directory; naming contexts: DC=corp,DC=example,DC=com, /,
    );
    expect(lines[5]).toBe('all checks passed');
    expect(result.code).toBe(0);
  });

  test('a groupdn that does not exist fails that check, exit 1', async () => {
    const config = configFile(
      'tc-nogroups.json',
      openldapConfig({ groupdn: 'ou=nothing,dc=example,dc=org' }),
    );
    const result = await cli(['test-connection', '--config', config]);
    expect(result.stdout).toContain(
      'groupdn       failed   ou=nothing,dc=example,dc=org: LDAP search for the base entry failed: LDAP Result Code 32 "No Such Object":',
    );
    expect(result.stdout).toMatch(/\n1 check failed\n$/);
    expect(result.code).toBe(1);
  });

  test('a wrong bindpass fails the service bind and skips the rest, without showing it', async () => {
    const config = configFile('tc-badbind.json', openldapConfig({ bindpass: WRONG_PW }));
    const result = await cli(['test-connection', '--config', config, '--verbose']);
    expect(result.stdout.split('\n').slice(0, 5)).toEqual([
      'connect       ok       a server answered',
      'service bind  failed   bind as the BindDN user failed: LDAP Result Code 49 "Invalid Credentials": [step serviceBind; LDAP Result Code 49 "Invalid Credentials":]',
      'root DSE      skipped  (service bind failed)',
      'userdn        skipped  (service bind failed)',
      'groupdn       skipped  (service bind failed)',
    ]);
    expect(result.code).toBe(1);
  });

  test('no server reachable: connect fails with each URL', async () => {
    const url = `ldap://127.0.0.1:${deadPort}`;
    const result = await cli([
      'test-connection',
      '--config',
      configFile('tc-down.json', openldapConfig({ url })),
    ]);
    expect(result.stdout).toMatch(
      new RegExp(
        `^connect {7}failed {3}error connecting to host "${url}": LDAP Result Code 200 "Network Error": .*ECONNREFUSED`,
      ),
    );
    expect(result.stdout).toContain('service bind  skipped  (connect failed)\n');
    expect(result.code).toBe(1);
  });
});

// --- sync-users --------------------------------------------------------------------------------------

describe('sync-users', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  test('JSON with the default map (username from userattr, name from cn, email from mail)', async () => {
    const result = await cli(['sync-users', '--config', configFile('sync-json.json', openldapConfig())]);
    const users = JSON.parse(result.stdout) as { username: string }[];
    expect(users.map((u) => u.username).sort()).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
      'escaped',
      'locked',
    ]);
    expect(users.find((u) => u.username === 'carol')).toEqual({
      dn: `uid=carol,${PEOPLE}`,
      username: 'carol',
      name: 'Carol "CJ" Jones, Jr.',
      email: 'carol@example.org',
      is_active: true,
      groups: [],
    });
    expect(result.stderr).toBe('6 users\n');
    expect(result.code).toBe(0);
  });

  test('CSV: a header row, CRLF line ends, quotes, commas and newlines quoted per RFC 4180', async () => {
    const map = JSON.stringify({
      username: 'uid',
      name: 'cn',
      email: 'mail',
      is_active: 'pwdAccountLockedTime',
      groups: 'memberOf',
      comment: 'description',
    });
    const config = configFile('sync-csv.json', openldapConfig());
    const result = await cli(['sync-users', '--config', config, '--format', 'csv', '--map', map]);
    expect(result.stdout.endsWith('\r\n')).toBe(true);
    const rows = result.stdout.slice(0, -2).split('\r\n');
    expect(rows[0]).toBe('name,username,email,is_active,groups,comment,dn');
    expect(rows).toContain(
      `"Carol ""CJ"" Jones, Jr.",carol,carol@example.org,true,carol-team,"line one\nline two","uid=carol,${PEOPLE}"`,
    );
    expect(rows).toContain(`Alice Liddell,alice,alice@example.org,true,developers,,"uid=alice,${PEOPLE}"`);
    expect(rows).toContain(`Lou Locked,locked,locked@example.org,false,,,"uid=locked,${PEOPLE}"`);
    expect(rows).toHaveLength(7);
    // No progress drawing when stderr is not a terminal.
    expect(result.stderr).toBe('6 users\n');
    expect(result.code).toBe(0);
  });

  test('--page-size 1 pages through the same users', async () => {
    const config = configFile('sync-paged.json', openldapConfig());
    const [paged, whole] = await Promise.all([
      cli(['sync-users', '--config', config, '--page-size', '1']),
      cli(['sync-users', '--config', config]),
    ]);
    expect(JSON.parse(paged.stdout)).toEqual(JSON.parse(whole.stdout));
    expect(paged.code).toBe(0);
  });

  test('AD: is_active from userAccountControl, groups from memberOf by CN', async () => {
    const map = JSON.stringify({
      username: 'sAMAccountName',
      is_active: 'userAccountControl',
      groups: 'memberOf',
    });
    const config = configFile(
      'sync-ad.json',
      adConfig({ userfilter: '(&(objectCategory=person)({{.UserAttr}}={{.Username}}))' }),
    );
    const result = await cli(['sync-users', '--config', config, '--map', map]);
    const users = JSON.parse(result.stdout) as { username: string; is_active: boolean; groups: string[] }[];
    const byName = new Map(users.map((u) => [u.username, u]));
    expect(byName.get('alice')).toMatchObject({ is_active: true, groups: ['Developers', 'Announcements'] });
    expect(byName.get('disabled')?.is_active).toBe(false);
    expect(byName.has('Domain Users')).toBe(false);
    expect(result.code).toBe(0);
  });

  test('a bad --map: invalid JSON, or a field JumpServer does not have: exit 1', async () => {
    const config = configFile('sync-badmap.json', openldapConfig());
    const invalid = await cli(['sync-users', '--config', config, '--map', '{username: uid}']);
    expect(invalid.stderr).toMatch(/^ldapmock: --map: not valid JSON: /);
    expect(invalid.code).toBe(1);
    const unknown = await cli([
      'sync-users',
      '--config',
      config,
      '--map',
      '{"username":"uid","title":"title"}',
    ]);
    expect(unknown.stderr).toBe(
      'ldapmock: attributeMap.title: unknown field (fields: name, username, email, is_active, groups, phone, comment)\n',
    );
    expect(unknown.stdout).toBe('');
    expect(unknown.code).toBe(1);
  });

  test('a failing search (service bind refused) exits 1', async () => {
    const config = configFile('sync-badbind.json', openldapConfig({ bindpass: WRONG_PW }));
    const result = await cli(['sync-users', '--config', config]);
    expect(result.stderr).toMatch(/^ldapmock: bind as the BindDN user failed: LDAP Result Code 49/);
    expect(result.code).toBe(1);
  });
});

// --- rotate-password (changes data: one test at a time) -----------------------------------------

describe('rotate-password', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  afterAll(async () => {
    await Promise.all([openldap.reset(), ad.reset()]);
  });

  test('refused over plain LDAP before the password is sent (exit 1)', async () => {
    const config = configFile('rot-plain.json', openldapConfig());
    const result = await cli(['rotate-password', '--config', config, '--username', 'dave'], `${O_NEW_PW}\n`);
    expect(result.stderr).toBe(
      `ldapmock: password rotation needs an encrypted connection: "${openldap.url}" is plain LDAP; use an ldaps:// URL or starttls\n`,
    );
    expect(result.code).toBe(1);
    expect((await login(config, 'dave', DAVE_PW)).code).toBe(0);
  });

  test('OpenLDAP over LDAPS: Password Modify; the new password logs in, the old one no longer', async () => {
    const config = configFile(
      'rot-openldap.json',
      openldapConfig({ url: openldap.ldapsUrl, certificate: '@openldap-ca.pem' }),
    );
    const result = await cli(['rotate-password', '--config', config, '--username', 'dave'], `${O_NEW_PW}\n`);
    expect(result.stdout).toBe(`password rotated for dave (uid=dave,${PEOPLE}, by Password Modify)\n`);
    expect(result.code).toBe(0);
    expect((await login(config, 'dave', O_NEW_PW)).code).toBe(0);
    expect((await login(config, 'dave', DAVE_PW)).code).toBe(2);
  });

  test('AD over StartTLS as Administrator: unicodePwd', async () => {
    const config = configFile(
      'rot-ad.json',
      adConfig({
        starttls: true,
        certificate: '@ad-ca.pem',
        binddn: `CN=Administrator,${AD_USERS}`,
        bindpass: AD.administrator,
      }),
    );
    const result = await cli(
      ['rotate-password', '--config', config, '--username', 'jsmith'],
      `${AD_NEW_PW}\r\n`,
    );
    expect(result.stdout).toBe(`password rotated for jsmith (CN=Smith\\, John,${AD_USERS}, by unicodePwd)\n`);
    expect(result.code).toBe(0);
    expect((await login(config, 'jsmith', AD_NEW_PW)).code).toBe(0);
  });

  test('AD refusals: a password too short, a service account without the right (exit 1)', async () => {
    const admin = configFile(
      'rot-ad-admin.json',
      adConfig({
        url: ad.ldapsUrl,
        certificate: '@ad-ca.pem',
        binddn: `CN=Administrator,${AD_USERS}`,
        bindpass: AD.administrator,
      }),
    );
    const short = await cli(
      ['rotate-password', '--config', admin, '--username', 'alice', '--verbose'],
      `${AD_SHORT_PW}\n`,
    );
    expect(short.stderr).toMatch(
      /^ldapmock: changing the password failed: LDAP Result Code 19 "Constraint Violation": 0000052D/,
    );
    expect(short.code).toBe(1);
    const svc = configFile('rot-ad-svc.json', adConfig({ url: ad.ldapsUrl, certificate: '@ad-ca.pem' }));
    const denied = await cli(['rotate-password', '--config', svc, '--username', 'alice'], `${AD_NEW_PW}\n`);
    expect(denied.stderr).toMatch(
      /^ldapmock: changing the password failed: LDAP Result Code 50 "Insufficient Access Rights"/,
    );
    expect(denied.code).toBe(1);
    expect((await login(svc, 'alice', AD.alice)).code).toBe(0);
  });

  test('an unknown user, or nothing on stdin: exit 1', async () => {
    const config = configFile(
      'rot-errors.json',
      openldapConfig({ url: openldap.ldapsUrl, certificate: '@openldap-ca.pem' }),
    );
    const unknown = await cli(
      ['rotate-password', '--config', config, '--username', 'nobody'],
      `${O_NEW_PW}\n`,
    );
    expect(unknown.stderr).toBe('ldapmock: user "nobody" not found\n');
    expect(unknown.code).toBe(1);
    const empty = await cli(['rotate-password', '--config', config, '--username', 'dave'], '');
    expect(empty.stderr).toBe('ldapmock: the new password is empty (give it on the first line of stdin)\n');
    expect(empty.code).toBe(1);
  });
});

// --- help ----------------------------------------------------------------------------------------

describe('--help explains each command', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  test.each([
    ['login', ['--password-stdin', '--format', 'Exit status: 0 authenticated; 2 refused', '"@file"']],
    ['test-connection', ['Test Connection', 'groupdn']],
    ['sync-users', ['--map', '--page-size', 'RFC 4180', 'userAccountControl']],
    ['rotate-password', ['unicodePwd', 'Password Modify', 'stdin', '--provider']],
  ])('%s --help', async (command, phrases) => {
    const result = await cli([command, '--help']);
    for (const phrase of phrases) expect(result.stdout).toContain(phrase);
    expect(result.code).toBe(0);
  });
});

// --- terminal input and output, in-process ----------------------------------------------------

/** A stand-in terminal: what is written to it is "typed"; raw mode switches are recorded. */
class FakeTerminal extends PassThrough {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    return this;
  }
}

function screen() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

describe('password prompt on a terminal', () => {
  test('hidden: nothing typed is echoed, raw mode is switched on then off', async () => {
    const input = new FakeTerminal();
    const output = screen();
    const answer = promptLine('Password: ', { hidden: true, input, output });
    input.write(`${CAROL_PW}\r`);
    expect(await answer).toBe(CAROL_PW);
    expect(output.text).toBe('Password: \n');
    expect(input.rawModes).toEqual([true, false]);
  });

  test('Backspace, Ctrl-U and arrow-key escape sequences edit the line; chunks may split it', async () => {
    const input = new FakeTerminal();
    const answer = promptLine('Password: ', { hidden: true, input, output: screen() });
    input.write('junk\u0015ab');
    input.write('X\u007fc\u001b[D\u001bOAé😀\u007f');
    input.write('\n');
    expect(await answer).toBe('abcé');
  });

  test('visible (the user name): echoed, with Backspace erasing on screen', async () => {
    const input = new FakeTerminal();
    const output = screen();
    const answer = promptLine('Username: ', { hidden: false, input, output });
    input.write('bobx\u007f\r');
    expect(await answer).toBe('bob');
    expect(output.text).toBe('Username: bobx\b \b\n');
  });

  test('Ctrl-C cancels and restores the terminal; Ctrl-D on an empty line ends it empty', async () => {
    const input = new FakeTerminal();
    const cancelled = promptLine('Password: ', { hidden: true, input, output: screen() });
    input.write('abc\u0003');
    await expect(cancelled).rejects.toBeInstanceOf(PromptCancelled);
    expect(input.rawModes).toEqual([true, false]);
    const eof = new FakeTerminal();
    const empty = promptLine('Password: ', { hidden: true, input: eof, output: screen() });
    eof.write('\u0004');
    expect(await empty).toBe('');
  });

  test('no prompt without a terminal', async () => {
    const pipe = new PassThrough();
    expect(canPrompt(pipe)).toBe(false);
    expect(canPrompt(new FakeTerminal())).toBe(true);
    await expect(promptLine('Password: ', { hidden: true, input: pipe, output: screen() })).rejects.toThrow(
      'no terminal to prompt on',
    );
  });
});

describe('reading one line from stdin', () => {
  test.each([
    ['a line and more lines', ['pw\r\nsecond\n'], 'pw'],
    ['split over chunks', ['p', 'w\nrest'], 'pw'],
    ['no newline before the end', ['pw'], 'pw'],
    ['nothing', [], ''],
    ['an empty line', ['\n'], ''],
  ])('%s', async (_name, chunks, expected) => {
    const input = new PassThrough();
    const line = readStdinLine(input);
    for (const chunk of chunks) input.write(chunk);
    input.end();
    expect(await line).toBe(expected);
  });
});

describe('progress on stderr', () => {
  test('draws nothing when the stream is not a terminal', () => {
    const out = { ...screen(), isTTY: false };
    const progress = createProgress(out, { noun: 'users' });
    progress.update(10);
    progress.update(20, 40);
    progress.finish();
    expect(out.text).toBe('');
  });

  test('on a terminal: a running count, redraws throttled, the line erased at the end', () => {
    let now = 0;
    const out = { ...screen(), isTTY: true, columns: 80 };
    const progress = createProgress(out, { noun: 'users', intervalMs: 100, now: () => now });
    progress.update(500);
    now = 50;
    progress.update(1000); // too soon: not drawn
    now = 150;
    progress.update(1500);
    progress.finish();
    expect(out.text).toBe('\r\u001b[K500 users…\r\u001b[K1500 users…\r\u001b[K');
  });

  test('with a total: a bar and a percentage; the last update always drawn; cut to the width', () => {
    expect(progressLine(800, 1600, 'users')).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50% 800/1600 users`);
    expect(progressLine(1600, 1600, 'users')).toBe(`[${'#'.repeat(30)}] 100% 1600/1600 users`);
    const out = { ...screen(), isTTY: true, columns: 20 };
    const progress = createProgress(out, { noun: 'users', intervalMs: 1000, now: () => 0 });
    progress.update(1, 2);
    progress.update(2, 2);
    expect(out.text).toBe(`\r\u001b[K[${'#'.repeat(15)}---\r\u001b[K[${'#'.repeat(18)}`);
  });
});

describe('CSV fields (RFC 4180)', () => {
  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test('multi-valued groups joined by ";", booleans as true/false, missing values empty', () => {
    const csv = usersCsv([{ dn: 'uid=a,o=x', username: 'a', is_active: false, groups: ['g1', 'g,2'] }], {
      username: 'uid',
      email: 'mail',
      is_active: 'x',
      groups: 'memberOf',
    });
    expect(csv).toBe('username,email,is_active,groups,dn\r\na,,false,"g1;g,2","uid=a,o=x"\r\n');
  });
});

// --- the requirement -------------------------------------------------------------------

test('every command and exit status ran, and no run printed a password', () => {
  const seen = new Set(runs.map((run) => `${run.command} ${run.code}`));
  for (const expected of [
    'login 0',
    'login 1',
    'login 2',
    'test-connection 0',
    'test-connection 1',
    'sync-users 0',
    'sync-users 1',
    'rotate-password 0',
    'rotate-password 1',
  ]) {
    expect(seen, `no run of ${expected}`).toContain(expected);
  }
  // cli() already checked each run's stdout and stderr against every password.
  expect(runs.length).toBeGreaterThan(50);
});
