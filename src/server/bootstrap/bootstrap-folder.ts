/**
 * The bootstrap folder of an OpenLDAP container (osixia/openldap, bitnami/openldap): its `*.ldif`
 * files in name order, as the images apply them, `{{ NAME }}` filled from the environment with
 * the images' defaults. Records under `cn=config` configure the server — the settings emulated
 * are taken (schema additions, the database's rootdn and rootpw), every other one is named, with
 * its file:line, as not emulated — and the rest is data. The base and administrator entries the
 * image creates itself come first, unless the folder has its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeDN } from '../../core/dn-normalize.js';
import type { LdifRecord } from '../../core/ldif.js';
import { readLdif } from '../../core/ldif-reader.js';
import { writeLdif } from '../../core/ldif-writer.js';
import type { LdifSource } from '../fixture-loader.js';

export interface BootstrapOptions {
  /** Folders of `*.ldif` files, applied in order, each in file name order. */
  readonly dirs: readonly string[];
  /** Values for `{{ NAME }}`; before the process environment and the images' defaults. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Bootstrap {
  /** Data, file by file (config records left out, line numbers kept), the image's own entries first. */
  readonly ldif: LdifSource[];
  /** cn=config schema records (olcAttributeTypes, olcObjectClasses), for the schema loader. */
  readonly schema: string[];
  readonly rootDN: string;
  readonly rootPassword: string;
  /** The overlays' settings that change how the openldap profile behaves. */
  readonly server: ServerConfiguration;
  /** One line per setting not emulated: `ignored: olcSizeLimit in 02-config.ldif:4`. */
  readonly notices: string[];
}

/** What cn=config sets that the openldap profile takes (overlays.ts applies it). */
export interface ServerConfiguration {
  /** slapo-memberof: olcMemberOfGroupOC and olcMemberOfMemberAD. */
  memberOfGroupClass?: string;
  memberOfMemberAttribute?: string;
  /** slapo-ppolicy: olcPPolicyDefault. */
  passwordPolicyDefault?: string;
}

export class BootstrapError extends Error {
  override readonly name = 'BootstrapError';
  constructor(readonly problems: readonly string[]) {
    super(`bootstrap folder:\n  ${problems.join('\n  ')}`);
  }
}

/** The images' defaults, derived as osixia's and bitnami's entrypoints derive them. */
export function imageDefaults(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const domain = env['LDAP_DOMAIN'] ?? 'example.org';
  const baseDN = env['LDAP_BASE_DN'] ?? env['LDAP_ROOT'] ?? `dc=${domain.split('.').join(',dc=')}`;
  return {
    LDAP_DOMAIN: domain,
    LDAP_BASE_DN: baseDN,
    LDAP_ROOT: env['LDAP_ROOT'] ?? baseDN,
    LDAP_ORGANISATION: 'Example Inc.',
    LDAP_ADMIN_USERNAME: 'admin',
    LDAP_ADMIN_PASSWORD: 'admin',
    LDAP_BACKEND: 'mdb',
  };
}

const TEMPLATE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const DATABASE_SETTINGS = new Set(['olcrootdn', 'olcrootpw', 'olcsuffix']);
/** Overlay settings whose value is what the openldap profile does anyway: nothing to report. */
const AS_EMULATED: ReadonlyMap<string, string> = new Map([
  ['olcppolicyhashcleartext', 'true'],
  ['olcmemberofrefint', 'true'],
  ['olcmemberofdangling', 'ignore'],
]);
/** Overlay settings emulated, by attribute (lower case), and the configuration key each sets. */
const OVERLAY_SETTINGS: ReadonlyMap<string, keyof ServerConfiguration> = new Map([
  ['olcmemberofgroupoc', 'memberOfGroupClass'],
  ['olcmemberofmemberad', 'memberOfMemberAttribute'],
  ['olcppolicydefault', 'passwordPolicyDefault'],
]);

export function readBootstrap(
  options: BootstrapOptions,
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
): Bootstrap {
  const given: Record<string, string | undefined> = { ...processEnv, ...options.env };
  const env = { ...imageDefaults(given), ...definedOnly(given) };
  const problems: string[] = [];
  const notices: string[] = [];
  const schema: string[] = [];
  const data: LdifSource[] = [];
  const baseDN = env['LDAP_BASE_DN']!;
  let rootDN = `cn=${env['LDAP_ADMIN_USERNAME']},${baseDN}`;
  let rootPassword = env['LDAP_ADMIN_PASSWORD']!;
  let hasBase = false;
  const server: ServerConfiguration = {};
  for (const dir of options.dirs) {
    for (const file of ldifFiles(dir, problems)) {
      const path = join(dir, file);
      const lines = readFileSync(path, 'utf8').split(/\r?\n/);
      const filled = lines.map((line, i) =>
        line.replace(TEMPLATE, (whole, name: string) => {
          const value = env[name];
          if (value !== undefined) return value;
          problems.push(`${path}:${i + 1}: ${whole} is not set (--env ${name}=VALUE, or the environment)`);
          return whole;
        }),
      );
      const { records, errors } = readLdif(filled.join('\n'), { fileName: path });
      for (const error of errors) problems.push(error.message);
      for (const record of records) {
        if (!underConfig(record.dn)) {
          if (sameDN(record.dn, baseDN)) hasBase = true;
          continue;
        }
        commentOut(filled, record.line);
        const where = `${file}:${record.line}`;
        if (isSchemaRecord(record)) {
          schema.push(writeLdif([record]));
          continue;
        }
        for (const [type, value] of settingsOf(record)) {
          const key = type.toLowerCase();
          if (DATABASE_SETTINGS.has(key) && /^olcdatabase=/i.test(record.dn)) {
            if (key === 'olcrootdn') rootDN = value;
            else if (key === 'olcrootpw') {
              if (/^\{[A-Z0-9-]+\}/i.test(value))
                notices.push(
                  `ignored: a hashed olcRootPW in ${where} (give it in clear, or LDAP_ADMIN_PASSWORD)`,
                );
              else rootPassword = value;
            }
            continue;
          }
          if (AS_EMULATED.get(key) === value.toLowerCase()) continue;
          const setting = OVERLAY_SETTINGS.get(key);
          if (setting && /^olcoverlay=/i.test(record.dn)) {
            server[setting] = value;
            continue;
          }
          notices.push(`ignored: ${type} of ${record.dn} in ${where}`);
        }
      }
      data.push({ name: path, text: filled.join('\n') });
    }
  }
  if (problems.length > 0) throw new BootstrapError(problems);
  const image = hasBase
    ? []
    : [{ name: '<the image: base and admin entries>', text: imageEntries(env, rootDN) }];
  return { ldif: [...image, ...data], schema, rootDN, rootPassword, server, notices };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function ldifFiles(dir: string, problems: string[]): string[] {
  try {
    // The images apply them as the shell lists them: byte order.
    return readdirSync(dir)
      .filter((name) => name.endsWith('.ldif'))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    problems.push(
      `${dir}: cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
    return [];
  }
}

function underConfig(dn: string): boolean {
  return /(^|,)\s*cn\s*=\s*config\s*$/i.test(dn);
}

function sameDN(a: string, b: string): boolean {
  try {
    return normalizeDN(a) === normalizeDN(b);
  } catch {
    return false;
  }
}

function isSchemaRecord(record: LdifRecord): boolean {
  return (
    (record.kind === 'content' || record.kind === 'add') &&
    record.attributes.some((a) => /^olc(attributetypes|objectclasses|objectidentifier)$/i.test(a.type))
  );
}

/** The (attribute, value) pairs a config record sets: an add's attributes, a modify's changes. */
function settingsOf(record: LdifRecord): [string, string][] {
  const pairs = (type: string, values: readonly (string | Buffer)[]) =>
    (values.length === 0 ? [''] : values).map((v) => [type, String(v)] as [string, string]);
  if (record.kind === 'content' || record.kind === 'add') {
    return record.attributes
      .filter((a) => !/^(objectclass|cn|olcoverlay|olcdatabase)$/i.test(a.type))
      .flatMap((a) => pairs(a.type, a.values));
  }
  if (record.kind === 'modify') return record.changes.flatMap((c) => pairs(c.type, c.values));
  return [[record.kind, record.dn]];
}

/** The record's lines as comments, so the data keeps every other record at its own line. */
function commentOut(lines: string[], from: number): void {
  for (let i = from - 1; i < lines.length && lines[i]!.trim() !== ''; i++) {
    if (!lines[i]!.startsWith(' ')) lines[i] = `# ${lines[i]}`;
  }
}

/** What osixia's image adds before the folder: the base entry and the administrator's. */
function imageEntries(env: Readonly<Record<string, string>>, rootDN: string): string {
  const base = env['LDAP_BASE_DN']!;
  const dc = /^dc=([^,]+)/i.exec(base)?.[1] ?? 'example';
  const admin = /^cn=([^,]+)/i.exec(rootDN)?.[1] ?? 'admin';
  return [
    `dn: ${base}`,
    'objectClass: top',
    'objectClass: dcObject',
    'objectClass: organization',
    `o: ${env['LDAP_ORGANISATION']}`,
    `dc: ${dc}`,
    '',
    `dn: ${rootDN}`,
    'objectClass: simpleSecurityObject',
    'objectClass: organizationalRole',
    `cn: ${admin}`,
    'description: LDAP administrator',
    `userPassword: ${env['LDAP_ADMIN_PASSWORD']}`,
    '',
  ].join('\n');
}
