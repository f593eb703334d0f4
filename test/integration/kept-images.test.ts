/**
 * The built package keeps what it works out from the application's data in the image cache
 * (image-cache.ts): a bootstrap folder's configuration, its extended schema, the directory and
 * naming context of its data. A later process serves them — shown by altering the kept entries —
 * until anything they were made from changes: a file, the environment, a certificate file
 * cn=config names. Run on a copy of the package, in processes of their own, with a cache folder
 * of the test's.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { generateCA, issueServerCertificate } from '../../src/server/tls/certificates.js';
import { ACCESS_BASE, MEASURED, observeAccess } from './access-probes.js';
import { copyBuiltPackage } from './built-package-copy.js';
import { REPO_ROOT } from './cli-process.js';

let copy: string;
let work: string;
let cache: string;
let folder: string;
const hermes = 'cn=Hermes Conrad,ou=people,dc=planetexpress,dc=com';

beforeAll(() => {
  copy = copyBuiltPackage('ldapmock-kept-package-');
  return () => rmSync(copy, { recursive: true, force: true });
});

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'ldapmock-kept-'));
  cache = join(work, 'cache');
  folder = join(work, 'folder');
  cpSync(join(REPO_ROOT, 'test/fixtures/bootstrap/rroemhild'), folder, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** What `expression` (of `server`) is on a server the copy starts from the folder, in a process of its own. */
function served(expression: string, env: Record<string, string> = {}, options: object = {}): unknown {
  const script = `
    const { startMockServer } = await import(${JSON.stringify(pathToFileURL(join(copy, 'dist/server/index.js')).href)});
    const server = await startMockServer({ ldapsPort: null, bootstrap: { dirs: ${JSON.stringify(
      ['config', 'data'].map((d) => join(folder, d)),
    )} }, ...${JSON.stringify(options)} });
    process.stdout.write(JSON.stringify(await (async () => ${expression})()));
    await server.stop();`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, LDAPMOCK_CACHE_DIR: cache, ...env },
  });
  return JSON.parse(output) as unknown;
}

const hermesCn = `server.directory.get(${JSON.stringify(hermes)}).first('cn')`;
const kept = (kind: string) => readdirSync(cache).filter((name) => name.startsWith(`${kind}-`));

/** Rewrites the one kept entry of `kind`. */
function alter(kind: string, change: (text: string) => string): void {
  const [name] = kept(kind);
  const file = join(cache, name!);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('a bootstrap folder in the built package', () => {
  test('is read from what an earlier process kept, until a file of it changes', () => {
    expect(served(hermesCn)).toBe('Hermes Conrad');
    expect(kept('bootstrap')).toHaveLength(1);
    expect(kept('schema')).toHaveLength(1);
    expect(kept('directory')).toHaveLength(1);
    alter('directory', (text) => text.replace('"Hermes Conrad"', '"Hermes From The Image"'));
    alter('bootstrap', (text) => text.replace('"notices":[', '"notices":["a kept notice",'));
    expect(served(hermesCn)).toBe('Hermes From The Image');
    expect(served('server.notices')).toContain('a kept notice');

    appendFileSync(join(folder, 'data/10_people_hermes.ldif'), '\n# edited\n');
    expect(served(hermesCn)).toBe('Hermes Conrad');
    expect(served('server.notices')).not.toContain('a kept notice');
  });

  test('is read again when the environment it reads changes', () => {
    served(hermesCn);
    alter('bootstrap', (text) => text.replace('"notices":[', '"notices":["a kept notice",'));
    expect(served('server.notices')).toContain('a kept notice');
    expect(served('server.notices', { LDAP_ORGANISATION: 'Planet Express' })).not.toContain('a kept notice');
  });

  test('keeps nothing the environment gave: the administrator’s password is the environment’s on every start', () => {
    const env = { LDAP_ADMIN_PASSWORD: 'Env-Secret-4711' };
    const bind = (password: string) => `(async () => {
      const { Client } = await import('ldapts');
      const client = new Client({ url: server.url });
      try { await client.bind('cn=admin,dc=planetexpress,dc=com', ${JSON.stringify(password)}); return 'bound'; }
      catch (error) { return error.constructor.name; }
      finally { await client.unbind(); }
    })()`;
    expect(served(bind('Env-Secret-4711'), env)).toBe('bound');
    for (const name of readdirSync(cache))
      expect(readFileSync(join(cache, name), 'utf8')).not.toContain('Env-Secret-4711');
    // Read from the kept entry, with another password in the environment.
    expect(served(bind('Other-Secret-0815'), { LDAP_ADMIN_PASSWORD: 'Other-Secret-0815' })).toBe('bound');
    expect(served(bind('Env-Secret-4711'), { LDAP_ADMIN_PASSWORD: 'Other-Secret-0815' })).toBe(
      'InvalidCredentialsError',
    );
  });

  test('reads the certificate files cn=config names once they are here', () => {
    const tlsLdif = readFileSync(join(folder, 'config/tls.ldif'), 'utf8');
    writeFileSync(
      join(folder, 'config/tls.ldif'),
      tlsLdif.replace('/etc/ldap/ssl/ldap.crt', 'ldap.crt').replace('/etc/ldap/ssl/ldap.key', 'ldap.key'),
    );
    const tlsNotices = 'server.notices.filter((n) => n.includes("olcTLSCertificate"))';
    expect(served(tlsNotices)).toHaveLength(2); // no such files: named, the generated certificate serves
    const pem = issueServerCertificate(generateCA());
    writeFileSync(join(folder, 'config/ldap.crt'), pem.cert);
    writeFileSync(join(folder, 'config/ldap.key'), pem.key);
    expect(served(tlsNotices)).toEqual([]);
  });

  test('serves what a fresh read serves, for every test folder', () => {
    const summary = `({
      profile: JSON.stringify(server.profile),
      notices: server.notices,
      rootDN: server.rootDN,
      baseDN: server.baseDN,
      entries: [...server.directory.all()].map((entry) => [entry.dn, [...entry.attributes.keys()]]),
    })`;
    // Each folder with the environment its tests start it with.
    const folders: [string, Record<string, string>][] = [
      ['access', { LDAP_BASE_DN: 'dc=acme,dc=com' }],
      ['limits', {}],
      ['osixia-style', { LDAP_DOMAIN: 'planetexpress.com' }],
      ['overlay-options', {}],
    ];
    const starts = [
      ...folders.map(([name, env]) => ({ dirs: [join(REPO_ROOT, 'test/fixtures/bootstrap', name)], env })),
      { dirs: ['config', 'data'].map((d) => join(folder, d)), env: {} },
    ];
    for (const bootstrap of starts) {
      const options = { bootstrap };
      const fresh = served(summary, { LDAPMOCK_CACHE_DIR: 'off' }, options);
      expect(served(summary, {}, options)).toEqual(fresh); // read, and kept
      expect(served(summary, {}, options)).toEqual(fresh); // from what was kept
    }
    expect(kept('bootstrap')).toHaveLength(5);
  });

  test('olcAccess rules read from a kept entry answer as slapd did', async () => {
    const before = process.env['LDAPMOCK_CACHE_DIR'];
    process.env['LDAPMOCK_CACHE_DIR'] = cache;
    try {
      const built = (await import(
        pathToFileURL(join(copy, 'dist/server/index.js')).href
      )) as typeof import('../../src/server/index.js');
      const options = {
        ldapsPort: null,
        bootstrap: {
          dirs: [join(REPO_ROOT, 'test/fixtures/bootstrap/access')],
          env: { LDAP_BASE_DN: ACCESS_BASE, LDAP_ADMIN_PASSWORD: 'admin' },
        },
      };
      await (await built.startMockServer(options)).stop(); // reads the folder, keeps what it configures
      expect(kept('bootstrap')).toHaveLength(1);
      const server = await built.startMockServer(options);
      try {
        expect(await observeAccess(server.url)).toEqual(MEASURED);
      } finally {
        await server.stop();
      }
    } finally {
      if (before === undefined) delete process.env['LDAPMOCK_CACHE_DIR'];
      else process.env['LDAPMOCK_CACHE_DIR'] = before;
    }
  });

  test('keeps nothing with LDAPMOCK_CACHE_DIR=off', () => {
    expect(served(hermesCn, { LDAPMOCK_CACHE_DIR: 'off' })).toBe('Hermes Conrad');
    expect(existsSync(cache)).toBe(false);
  });
});
