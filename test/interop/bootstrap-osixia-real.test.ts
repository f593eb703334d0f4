/**
 * An osixia-style bootstrap folder (test/fixtures/bootstrap/osixia-style: a cn=config schema, the
 * database's settings, the memberof overlay on groupOfUniqueNames, ppolicy with its default under
 * ou=pwpolicies, templated data with a change record) held to real slapd: applied the way the
 * image applies it (templates filled, the modules it preloads, cn=config over ldapi, the data with
 * ldapmodify -a) and served by `ldapmock serve --bootstrap`; the same probes on both.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { type DevServerProcess, startDevServer } from './dev-server-process.js';
import { runLdapTool } from './ldap-tool.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';
import { observeSortedViews } from './sorted-view-probes.js';

const FOLDER = new URL('../fixtures/bootstrap/osixia-style/', import.meta.url).pathname;
const ENV: Record<string, string> = {
  LDAP_DOMAIN: 'planetexpress.com',
  LDAP_BASE_DN: 'dc=planetexpress,dc=com',
  LDAP_ADMIN_PASSWORD: 'GoodNewsEveryone',
  LDAP_BACKEND: 'mdb',
};
const BASE = ENV['LDAP_BASE_DN']!;
const HERMES = `uid=hermes,ou=people,${BASE}`;

let slapd: SlapdInstance;
let mock: DevServerProcess;
let work: string;

/** The folder's files with their templates filled, as the image's entrypoint does. */
function filled(): { name: string; path: string; text: string }[] {
  return readdirSync(FOLDER)
    .filter((f) => f.endsWith('.ldif'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(FOLDER, name), 'utf8').replace(
        /\{\{\s*(\w+)\s*\}\}/g,
        (_, key: string) => ENV[key]!,
      );
      const path = join(work, name);
      writeFileSync(path, text);
      return { name, path, text };
    });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ldapmock-osixia-'));
  const base = join(work, 'base.ldif');
  // osixia's image creates the base entry and its administrator before the folder.
  writeFileSync(
    base,
    `dn: ${BASE}\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: Example Inc.\ndc: planetexpress\n`,
  );
  slapd = await startSlapdForSuite('bootstrap-osixia', {
    bare: true,
    suffix: BASE,
    rootPassword: ENV['LDAP_ADMIN_PASSWORD']!,
    ldif: base,
  });
  const ldapi = `ldapi://${encodeURIComponent(join(slapd.dir, 'ldapi'))}`;
  const modules = join(work, 'modules.ldif');
  // The modules osixia's image loads itself.
  writeFileSync(
    modules,
    'dn: cn=module{0},cn=config\nchangetype: modify\nadd: olcModuleLoad\nolcModuleLoad: memberof\nolcModuleLoad: ppolicy\n',
  );
  const apply = async (path: string, args: readonly string[]) => {
    const result = await runLdapTool('ldapmodify', [...args, '-f', path], { caFile: slapd.caFile });
    if (result.exitCode !== 0) throw new Error(`ldapmodify ${path}: ${result.stderr}`);
  };
  await apply(modules, ['-Y', 'EXTERNAL', '-Q', '-H', ldapi]);
  for (const file of filled()) {
    const config = /^dn:.*cn=config\s*$/m.test(file.text);
    await apply(
      file.path,
      config
        ? ['-a', '-Y', 'EXTERNAL', '-Q', '-H', ldapi]
        : ['-a', '-x', '-H', slapd.url, '-D', slapd.rootDN, '-w', ENV['LDAP_ADMIN_PASSWORD']!],
    );
  }
  mock = await startDevServer({
    port: await freePort(),
    ldapsPort: await freePort(),
    certDir: join(work, 'mock-certs'),
    extraArgs: [
      '--bootstrap',
      FOLDER,
      ...Object.entries(ENV).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      '--no-control',
      '--quiet',
    ],
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), mock?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

async function observe(url: string): Promise<unknown> {
  const hermes = new Client({ url });
  await hermes.bind(HERMES, 'hermes');
  const self = await hermes.search(HERMES, {
    scope: 'base',
    attributes: ['memberOf', 'description', 'appRole'],
  });
  const staff = await hermes.search(BASE, {
    filter: `(memberOf=cn=admin_staff,ou=groups,${BASE})`,
    attributes: ['uid'],
  });
  const short = await hermes
    .modify(HERMES, [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'userPassword', values: ['abc1'] }),
      }),
    ])
    .then(
      () => 'accepted',
      (error: { code: number; message: string }) =>
        `${error.code} ${error.message.replace(/ Code: 0x[0-9a-f]+$/, '')}`,
    );
  await hermes.unbind();
  const admin = new Client({ url });
  const adminBinds = await admin.bind(`cn=admin,${BASE}`, ENV['LDAP_ADMIN_PASSWORD']!).then(
    () => 'ok',
    (e: { code: number }) => e.code,
  );
  await admin.unbind();
  return { self: self.searchEntries[0], staff: staff.searchEntries.map((e) => e['uid']), short, adminBinds };
}

describe('an osixia-style folder (ppolicy under ou=pwpolicies, memberof on groupOfUniqueNames, a templated base)', () => {
  it('answers the same from slapd and from ldapmock serve --bootstrap', async () => {
    const real = await observe(slapd.url);
    expect(real).toMatchObject({
      self: {
        memberOf: `cn=admin_staff,ou=groups,${BASE}`,
        description: 'Grade 36 bureaucrat',
        appRole: 'bureaucrat',
      },
      staff: ['hermes'],
      short: '19 Password fails quality checking policy',
      adminBinds: 'ok',
    });
    expect(await observe(mock.url)).toEqual(real);
  });

  it('a too-short password gets 19 and the ppolicy control with error=6, as ldapmodify -e ppolicy shows it', async () => {
    const change = `dn: ${HERMES}\nchangetype: modify\nreplace: userPassword\nuserPassword: abc1\n`;
    const attempt = async (url: string, caFile: string) => {
      const result = await runLdapTool(
        'ldapmodify',
        ['-x', '-H', url, '-D', HERMES, '-w', 'hermes', '-e', 'ppolicy'],
        {
          caFile,
          input: change,
        },
      );
      return {
        exitCode: result.exitCode,
        output: `${result.stdout}${result.stderr}`
          .split('\n')
          .filter((l) => /ppolicy|additional info|ldap_modify/.test(l))
          .sort(),
      };
    };
    const real = await attempt(slapd.url, slapd.caFile);
    expect(real.exitCode).toBe(19);
    expect(real.output).toContain('ppolicy: error=6 (Password is too short for policy)');
    expect(await attempt(mock.url, mock.caFile)).toEqual(real);
  });
});

describe('sssvlv: server-side sorting and the virtual list view', () => {
  it('sorts, windows and refuses as slapd does (entries, results, sortResult, VLV and paged controls)', async () => {
    const people = `ou=people,${BASE}`;
    const real = await observeSortedViews(slapd.url, slapd.caFile, HERMES, 'hermes', people);
    expect(real['view: by value']).toMatchObject({
      code: 0,
      entries: ['fry', 'bender', 'leela'],
      view: { position: 3, count: 6, code: 0 },
    });
    expect(real['four keys, three allowed']).toMatchObject({ code: 53, message: 'Too many sort keys' });
    expect(await observeSortedViews(mock.url, mock.caFile, HERMES, 'hermes', people)).toEqual(real);
  });

  it('ldapsearch -E sss and -E sss with -E pr print the same from both', async () => {
    const run = async (url: string, caFile: string, extra: readonly string[]) => {
      const result = await runLdapTool(
        'ldapsearch',
        [
          '-x',
          '-LLL',
          '-H',
          url,
          '-D',
          HERMES,
          '-w',
          'hermes',
          ...extra,
          '-b',
          `ou=people,${BASE}`,
          '(uid=*)',
          'sn',
        ],
        { caFile },
      );
      // Each server makes its own cookies.
      return {
        exitCode: result.exitCode,
        output: `${result.stdout}${result.stderr}`.replace(/cookie=\S+/g, 'cookie=…'),
      };
    };
    for (const extra of [
      ['-E', 'sss=-sn:caseIgnoreOrderingMatch'],
      ['-E', 'sss=sn:caseIgnoreOrderingMatch', '-E', 'pr=2/noprompt'],
      ['-E', '!sss=sn'],
    ]) {
      const real = await run(slapd.url, slapd.caFile, extra);
      expect(real.output).toMatch(/sortResult|No ordering rule/);
      expect(await run(mock.url, mock.caFile, extra)).toEqual(real);
    }
  });
});

describe('unique: mail addresses held by one entry only', () => {
  it('refuses duplicates from add, modify and modrdn with 19 and the search, as slapd does', async () => {
    const people = `ou=people,${BASE}`;
    const changes = {
      'another entry holds it': `dn: uid=fry,${people}\nchangetype: modify\nreplace: mail\nmail: leela@planetexpress.com\n`,
      'in another case': `dn: uid=fry,${people}\nchangetype: modify\nadd: mail\nmail: LEELA@planetexpress.com\n`,
      'a new entry with it': `dn: uid=nibbler,${people}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: nibbler\ncn: Nibbler\nsn: Nibbler\nmail: amy@planetexpress.com\n`,
      'twice in one entry': `dn: uid=nibbler2,${people}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: nibbler2\ncn: Nibbler\nsn: Nibbler\nmail: n@planetexpress.com\nmail: N@planetexpress.com\n`,
      'its own address again': `dn: uid=amy,${people}\nchangetype: modify\nreplace: mail\nmail: amy@planetexpress.com\n`,
      'a new RDN with it': `dn: uid=amy,${people}\nchangetype: modrdn\nnewrdn: mail=fry@planetexpress.com\ndeleteoldrdn: 0\n`,
      'a filter character in it': `dn: uid=fry,${people}\nchangetype: modify\nadd: mail\nmail: fry(*)@planetexpress.com\nmail: amy@planetexpress.com\n`,
    };
    const attempt = async (url: string, caFile: string) => {
      const answers: Record<string, string> = {};
      for (const [name, ldif] of Object.entries(changes)) {
        // As the rootdn: slapo-unique exempts nobody.
        const result = await runLdapTool(
          'ldapmodify',
          ['-x', '-H', url, '-D', `cn=admin,${BASE}`, '-w', ENV['LDAP_ADMIN_PASSWORD']!],
          { caFile, input: ldif },
        );
        answers[name] = `${result.exitCode} ${result.stderr.trim()}`;
      }
      return answers;
    };
    const real = await attempt(slapd.url, slapd.caFile);
    expect(real['another entry holds it']).toContain(
      'non-unique attributes found with (|(mail=leela@planetexpress.com))',
    );
    expect(real['its own address again']).toMatch(/^0/);
    expect(await attempt(mock.url, mock.caFile)).toEqual(real);
  });
});
