/**
 * What bitnami/openldap does at its first start (libopenldap.sh's ldap_validate and
 * ldap_initialize), from its environment: the rootdn `cn=$LDAP_ADMIN_USERNAME,$LDAP_ROOT`, the
 * custom schema added before any data, and then either the custom LDIF folder — when it holds
 * anything at all — or, unless LDAP_SKIP_DEFAULT_TREE, its default tree: the root, the users' and
 * groups' ous, one inetOrgPerson/posixAccount per LDAP_USERS with its LDAP_PASSWORDS, and one
 * groupOfNames with every user as a member. Unlike osixia's image it creates no entry for the
 * administrator, nor the base when the folder has data.
 *
 * Only variables given are read: the image's own defaults for folders (/ldifs, /schemas,
 * /schema/custom.ldif) are paths inside the container, and `--bootstrap` plays the part of /ldifs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeDN } from '../../core/dn-normalize.js';
import type { LdifContentRecord } from '../../core/ldif.js';
import { writeLdif } from '../../core/ldif-writer.js';
import { rootpwOfClear } from '../accounts/root-password.js';
import { BootstrapError } from './bootstrap-error.js';

type Env = Readonly<Record<string, string | undefined>>;

export type BootstrapImage = 'osixia' | 'bitnami';

/** The variables of the default tree, unused (the image warns so) when it loads a folder instead. */
const TREE_VARIABLES = [
  'LDAP_USERS',
  'LDAP_PASSWORDS',
  'LDAP_USER_DC',
  'LDAP_USER_OU',
  'LDAP_GROUP_OU',
  'LDAP_GROUP',
];
/** Variables no other image reads: one of them set means the environment is bitnami's. */
const BITNAMI_ONLY = [
  'LDAP_ROOT',
  'LDAP_ADMIN_USERNAME',
  ...TREE_VARIABLES,
  'LDAP_SKIP_DEFAULT_TREE',
  'LDAP_CUSTOM_LDIF_DIR',
  'LDAP_CUSTOM_SCHEMA_FILE',
  'LDAP_CUSTOM_SCHEMA_DIR',
];
/** Switches whose `yes` sets up what ldapmock does not emulate. */
const NOT_EMULATED_WHEN_YES = [
  'LDAP_ENABLE_TLS',
  'LDAP_REQUIRE_TLS',
  'LDAP_CONFIGURE_PPOLICY',
  'LDAP_PPOLICY_USE_LOCKOUT',
  'LDAP_PPOLICY_HASH_CLEARTEXT',
  'LDAP_ENABLE_ACCESSLOG',
  'LDAP_ENABLE_SYNCPROV',
  'LDAP_CONFIG_ADMIN_ENABLED',
  'LDAP_ENABLE_PROXYPROTO',
];
/** The image's LDAP_EXTRA_SCHEMAS default, which the openldap profile has built in. */
const BUILT_IN_SCHEMAS = new Set(['core', 'cosine', 'inetorgperson', 'nis']);

/** Which image's conventions apply: the one asked for, else bitnami's when its environment shows. */
export function bootstrapImage(asked: unknown, env: Env): BootstrapImage {
  if (asked === 'osixia' || asked === 'bitnami') return asked;
  if (asked !== undefined)
    throw new TypeError(`bootstrap.image: expected 'osixia' or 'bitnami', got ${JSON.stringify(asked)}`);
  return BITNAMI_ONLY.some((name) => env[name]) ? 'bitnami' : 'osixia';
}

export interface BitnamiStart {
  readonly baseDN: string;
  readonly rootDN: string;
  /** As a rootpw value (rootpwOfClear): the image hashes LDAP_ADMIN_PASSWORD itself. */
  readonly rootPassword: string;
  /** The folders whose `*.ldif` it adds: the given ones, then LDAP_CUSTOM_LDIF_DIR. */
  readonly dirs: string[];
  /** The default tree, as LDIF, when the image would create it. */
  readonly tree?: string;
  /** LDAP_CUSTOM_SCHEMA_FILE, then LDAP_CUSTOM_SCHEMA_DIR's `*.ldif` (cn=config schema). */
  readonly schema: string[];
  readonly notices: string[];
}

/** The image's start from its environment; BootstrapError naming each bad variable. */
export function bitnamiStart(given: readonly string[], env: Env): BitnamiStart {
  const problems: string[] = [];
  const notices: string[] = [];
  // `${NAME:-default}`: an empty value is as good as none.
  const value = (name: string, fallback: string) => env[name] || fallback;
  for (const name of ['LDAP_SKIP_DEFAULT_TREE', 'LDAP_ENABLE_TLS', 'LDAP_ENABLE_PROXYPROTO']) {
    if (!/^(yes|no)$/i.test(value(name, 'no'))) problems.push(`${name}=${env[name]}: expected yes or no`);
  }
  const users = words(value('LDAP_USERS', 'user01,user02'));
  const passwords = words(value('LDAP_PASSWORDS', 'bitnami1,bitnami2'));
  if (users.length !== passwords.length)
    problems.push(
      `LDAP_USERS names ${users.length} users, LDAP_PASSWORDS has ${passwords.length} passwords: give one password per user`,
    );
  const root = value('LDAP_ROOT', 'dc=example,dc=org');
  const rootPassword = adminPassword(env, problems);
  const dirs = [...given];
  const customDir = env['LDAP_CUSTOM_LDIF_DIR'];
  if (customDir) {
    if (isFolder(customDir)) dirs.push(customDir);
    else problems.push(`LDAP_CUSTOM_LDIF_DIR=${customDir}: no such folder`);
  }
  const schema = customSchema(env, problems);
  if (problems.length > 0) throw new BootstrapError(problems, 'bitnami/openldap environment');

  // is_dir_empty: anything in the folder at all (`ls -A`), not only LDIF, means it is loaded.
  const loadsFolder = dirs.some((dir) => entriesOf(dir).length > 0);
  const skips = isYes(value('LDAP_SKIP_DEFAULT_TREE', 'no'));
  if (loadsFolder || skips) {
    const why = loadsFolder ? 'the folder has files, which it loads instead' : 'LDAP_SKIP_DEFAULT_TREE';
    for (const name of TREE_VARIABLES.filter((n) => env[n])) notices.push(`ignored: ${name} (${why})`);
  }
  notices.push(...notEmulated(env, root));
  const tree = loadsFolder || skips ? undefined : writeLdif(defaultTree({ root, users, passwords, env }));
  return {
    baseDN: root,
    rootDN: `cn=${value('LDAP_ADMIN_USERNAME', 'admin')},${root}`,
    rootPassword,
    dirs,
    ...(tree !== undefined && { tree }),
    schema,
    notices,
  };
}

interface TreeSettings {
  readonly root: string;
  readonly users: readonly string[];
  readonly passwords: readonly string[];
  /** LDAP_USER_DC, LDAP_USER_OU, LDAP_GROUP_OU, LDAP_GROUP. */
  readonly env: Env;
}

/**
 * ldap_create_tree's entries, as it writes them: slapd adds the naming values it leaves out (the
 * ous' `ou: users`/`ou: groups` whatever their RDN, the users' `cn: User1`…), and so does the
 * directory here. Users and groups share one ou when both name the same — LDAP_USER_DC alone, as
 * the images before LDAP_USER_OU and LDAP_GROUP_OU put them (later images add that ou twice and
 * stop at the 68).
 */
function defaultTree(settings: TreeSettings): LdifContentRecord[] {
  const { root, users, passwords, env } = settings;
  const value = (name: string, fallback: string) => env[name] || fallback;
  const userDC = value('LDAP_USER_DC', '');
  const usersOU = `ou=${value('LDAP_USER_OU', userDC || 'users')},${root}`;
  const groupsOU = `ou=${value('LDAP_GROUP_OU', userDC || 'groups')},${root}`;
  const group = value('LDAP_GROUP', 'readers');
  const record = (dn: string, attributes: [string, ...string[]][]): LdifContentRecord => ({
    kind: 'content',
    dn,
    line: 0,
    attributes: attributes.map(([type, ...values]) => ({ type, values })),
  });
  const { dc, o } = rootNames(root);
  const userDN = (user: string) => `cn=${user},${usersOU}`;
  return [
    record(root, [
      ['objectClass', 'dcObject', 'organization'],
      ['dc', dc],
      ['o', o],
    ]),
    record(usersOU, [
      ['objectClass', 'organizationalUnit'],
      ['ou', 'users'],
    ]),
    ...(sameDN(usersOU, groupsOU)
      ? []
      : [
          record(groupsOU, [
            ['objectClass', 'organizationalUnit'],
            ['ou', 'groups'],
          ]),
        ]),
    ...users.map((user, i) =>
      record(userDN(user), [
        ['cn', `User${i + 1}`],
        ['sn', `Bar${i + 1}`],
        ['objectClass', 'inetOrgPerson', 'posixAccount', 'shadowAccount'],
        ['userPassword', passwords[i]!],
        ['uid', user],
        ['uidNumber', String(1000 + i)],
        ['gidNumber', String(1000 + i)],
        ['homeDirectory', `/home/${user}`],
      ]),
    ),
    record(`cn=${group},${groupsOU}`, [
      ['cn', group],
      ['objectClass', 'groupOfNames'],
      ['member', ...users.map(userDN)],
    ]),
  ];
}

/** The root entry's `dc` and `o`: LDAP_ROOT's first non-empty `dc=` and first `o=` (else "example"). */
function rootNames(root: string): { dc: string; o: string } {
  let dc = '';
  let o = 'example';
  for (const part of words(root)) {
    if (part.startsWith('dc=')) dc ||= part.slice(3);
    else if (part.startsWith('o=') && o === 'example') o = part.slice(2);
  }
  return { dc, o };
}

/** `tr ',;' ' '` then `read -a`: items apart on commas, semicolons and blanks, first line only. */
function words(text: string): string[] {
  return (text.split('\n')[0] ?? '').split(/[,;\s]+/).filter(Boolean);
}

function isYes(text: string): boolean {
  return /^(1|yes|true)$/i.test(text);
}

/** LDAP_ADMIN_PASSWORD, or the file LDAP_ADMIN_PASSWORD_FILE names (its trailing newlines cut, as `$(< file)`). */
function adminPassword(env: Env, problems: string[]): string {
  const file = env['LDAP_ADMIN_PASSWORD_FILE'];
  if (!file) return rootpwOfClear(env['LDAP_ADMIN_PASSWORD'] || 'adminpassword');
  try {
    return rootpwOfClear(readFileSync(file, 'utf8').replace(/\n+$/, ''));
  } catch (error) {
    problems.push(`LDAP_ADMIN_PASSWORD_FILE=${file}: cannot read: ${(error as NodeJS.ErrnoException).code}`);
    return '';
  }
}

/** LDAP_CUSTOM_SCHEMA_FILE, then LDAP_CUSTOM_SCHEMA_DIR's `*.ldif` in name order (slapadd -n0 of each). */
function customSchema(env: Env, problems: string[]): string[] {
  const files: string[] = [];
  const file = env['LDAP_CUSTOM_SCHEMA_FILE'];
  if (file) {
    if (isFile(file)) files.push(file);
    else problems.push(`LDAP_CUSTOM_SCHEMA_FILE=${file}: no such file`);
  }
  const dir = env['LDAP_CUSTOM_SCHEMA_DIR'];
  if (dir) {
    if (!isFolder(dir)) problems.push(`LDAP_CUSTOM_SCHEMA_DIR=${dir}: no such folder`);
    else
      files.push(
        ...entriesOf(dir)
          .filter((name) => /\.ldif$/i.test(name) && isFile(join(dir, name)))
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          .map((name) => join(dir, name)),
      );
  }
  return files;
}

/** Variables set to something the image would do and ldapmock does not, each named. */
function notEmulated(env: Env, root: string): string[] {
  const notices: string[] = [];
  const named = (name: string, why = '') => notices.push(`ignored: ${name}=${env[name]}${why}`);
  for (const name of NOT_EMULATED_WHEN_YES) if (isYes(env[name] ?? '')) named(name);
  for (const name of ['LDAP_ALLOW_ANON_BINDING', 'LDAP_ADD_SCHEMAS'])
    if (env[name] && !isYes(env[name])) named(name);
  if (env['LDAP_PASSWORD_HASH'] && env['LDAP_PASSWORD_HASH'] !== '{SSHA}') named('LDAP_PASSWORD_HASH');
  const extra = words(env['LDAP_EXTRA_SCHEMAS'] ?? '').filter((s) => !BUILT_IN_SCHEMAS.has(s.toLowerCase()));
  if (extra.length > 0)
    notices.push(
      `ignored: ${extra.join(', ')} of LDAP_EXTRA_SCHEMAS (give their LDIF as LDAP_CUSTOM_SCHEMA_DIR)`,
    );
  if (env['LDAP_SUFFIX'] && !sameDN(env['LDAP_SUFFIX'], root))
    named('LDAP_SUFFIX', ` (the base is LDAP_ROOT, ${root})`);
  for (const [name, port, flag] of [
    ['LDAP_PORT_NUMBER', '1389', '--port'],
    ['LDAP_LDAPS_PORT_NUMBER', '1636', '--ldaps-port'],
  ] as const) {
    if (env[name] && env[name] !== port) named(name, ` (ldapmock listens where ${flag} says)`);
  }
  return notices;
}

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return []; // a folder that is not there is empty to the image; readBootstrap names it
  }
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function sameDN(a: string, b: string): boolean {
  try {
    return normalizeDN(a) === normalizeDN(b);
  } catch {
    return a.toLowerCase() === b.toLowerCase();
  }
}
