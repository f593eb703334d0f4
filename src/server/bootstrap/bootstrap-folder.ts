/**
 * The bootstrap folder of an OpenLDAP container (osixia/openldap, bitnami/openldap): its `*.ldif`
 * files in name order, as the images apply them, `{{ NAME }}` filled from the environment with
 * the images' defaults. Records under `cn=config` configure the server — the settings emulated
 * are taken (schema additions, the database's rootdn and rootpw), every other one is named, with
 * its file:line, as not emulated — and the rest is data. The base and administrator entries the
 * image creates itself come first, unless the folder has its own; bitnami's image creates its
 * default tree instead, and only when no folder has files (bitnami-image.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeDN } from '../../core/dn-normalize.js';
import type { LdifRecord } from '../../core/ldif.js';
import { readLdif } from '../../core/ldif-reader.js';
import { writeLdif } from '../../core/ldif-writer.js';
import type { AccessConfiguration } from '../access/access-rule.js';
import { uncheckableScheme } from '../accounts/user-password.js';
import type { AuthzRule } from '../engine/engine.js';
import type { LdifSource } from '../fixture-loader.js';
import type { IdentityLimit, LimitSet } from '../profiles/limit-sets.js';
import type { SortedViewRules, UniqueDomain } from '../profiles/overlay-rules.js';
import type { ClientVerification } from '../wire/server-tls.js';
import { takeAccessRecord } from './access-records.js';
import { type BootstrapImage, bitnamiStart, bootstrapImage } from './bitnami-image.js';
import { BootstrapError } from './bootstrap-error.js';
import { partConfigRecords, underConfig } from './config-records.js';
import { type KeptBootstrap, keepBootstrap, keptBootstrapName, readKeptBootstrap } from './kept-bootstrap.js';
import { defaultLimitsOf, identityLimitOf, type LimitProblem, SLAPD_DEFAULT_LIMITS } from './limit-values.js';
import { addOrdered, orderedValue } from './ordered-values.js';
import { environmentRootPassword, imageDefaults, imageSources } from './osixia-image.js';
import { overlayOption } from './overlay-options.js';
import {
  authzRuleOf,
  clientVerificationOf,
  emulatedModule,
  maxKeysOf,
  SSSVLV_DEFAULT_MAX_KEYS,
  uniqueDomainOf,
} from './setting-values.js';
import { fillTemplates } from './templates.js';
import {
  presentTlsFiles,
  type ServerTls,
  serverTlsOf,
  TLS_FILE_SETTINGS,
  type TlsFileSettings,
  tlsFilePath,
} from './tls-files.js';

export interface BootstrapOptions {
  /** Folders of `*.ldif` files, applied in order, each in file name order. */
  readonly dirs: readonly string[];
  /** Values for `{{ NAME }}`; before the process environment and the images' defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Whose conventions: osixia's (the base and admin entries unless the folder has the base) or
   * bitnami's (bitnami-image.ts). Default: bitnami's when the environment sets a variable only
   * bitnami's image reads (LDAP_ROOT, LDAP_USERS, LDAP_CUSTOM_LDIF_DIR…), else osixia's.
   */
  readonly image?: BootstrapImage;
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
  /** slapo-ppolicy: olcPPolicyUseLockout (a locked account's bind control says accountLocked). */
  passwordPolicyUseLockout?: boolean;
  /** slapo-memberof: olcMemberOfDangling, olcMemberOfDanglingError, olcMemberOfMemberOfAD. */
  memberOfDangling?: 'ignore' | 'drop' | 'error';
  memberOfDanglingError?: number;
  memberOfAttribute?: string;
  /** slapo-refint: olcRefintAttribute. */
  refintAttributes?: string[];
  /** olcSizeLimit and olcTimeLimit: the database's soft and hard limits (the rootdn has none). */
  limits?: LimitSet;
  /** olcLimits: other limits for the identities each rule names, first match wins. */
  identityLimits?: IdentityLimit[];
  /** cn=config's olcTLSCertificateFile, olcTLSCertificateKeyFile, olcTLSCACertificateFile, when the files are here. */
  tls?: ServerTls;
  /** cn=config's olcTLSVerifyClient and olcAuthzRegexp. */
  tlsVerifyClient?: ClientVerification;
  authzRegexp?: AuthzRule[];
  /** slapo-sssvlv on the database, with its olcSssVlvMaxKeys (default 5). */
  sortedViews?: SortedViewRules;
  /** slapo-unique on the database: its olcUniqueURI domains. */
  unique?: UniqueDomain[];
  /** olcAccess of the data database and the frontend (access-records.ts); absent when none is set. */
  access?: AccessConfiguration;
}

const DATABASE_SETTINGS = new Set(['olcrootdn', 'olcrootpw', 'olcsuffix']);
/** The data's database (not {0}config, not {-1}frontend): where rootdn and rootpw count. */
const DATA_DATABASE = /^olcdatabase=(\{\d+\})?(mdb|hdb|bdb)\b/i;
/** Overlay settings whose value is what the openldap profile does anyway: nothing to report. */
const AS_EMULATED: ReadonlyMap<string, string> = new Map([
  ['olcppolicyhashcleartext', 'true'],
  ['olcmemberofrefint', 'true'],
  ['olctlsverifyclient', 'never'],
]);
/** Overlay settings emulated, by attribute (lower case), and the configuration key each sets. */
const OVERLAY_SETTINGS: ReadonlyMap<
  string,
  'memberOfGroupClass' | 'memberOfMemberAttribute' | 'passwordPolicyDefault'
> = new Map([
  ['olcmemberofgroupoc', 'memberOfGroupClass'],
  ['olcmemberofmemberad', 'memberOfMemberAttribute'],
  ['olcppolicydefault', 'passwordPolicyDefault'],
]);

export function readBootstrap(
  options: BootstrapOptions,
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
): Bootstrap {
  const given: Record<string, string | undefined> = { ...processEnv, ...options.env };
  const bitnami =
    bootstrapImage(options.image, given) === 'bitnami' ? bitnamiStart(options.dirs, given) : undefined;
  const dirs = bitnami?.dirs ?? options.dirs;
  const problems: string[] = [];
  // The images apply each folder's files in name order, folder after folder.
  const files = dirs.flatMap((dir) =>
    ldifFiles(dir, problems).map((file) => {
      const path = join(dir, file);
      return { file, path, text: readFileSync(path, 'utf8') };
    }),
  );
  const env = { ...imageDefaults(given, dataBaseOf(files)), ...definedOnly(given) };
  const baseDN = bitnami?.baseDN ?? env['LDAP_BASE_DN']!;
  const parted = files.map(({ file, path, text }) => ({
    file,
    path,
    ...partConfigRecords(fillTemplates(text, env, path, problems)),
  }));
  // Each file at its own lines; the image's entries come first unless the folder has the base.
  const data: LdifSource[] = parted.map(({ path, data }) => ({ name: path, text: data }));
  const hasBase = parted.some(({ dataDNs }) => dataDNs.some((dn) => sameDN(dn, baseDN)));
  const withImageEntries = (rootDN: string) => (hasBase ? data : [...imageSources(env, rootDN), ...data]);
  // Bitnami's conventions read more than the folders: only osixia's are kept (kept-bootstrap.ts).
  const keptName = bitnami || problems.length > 0 ? undefined : keptBootstrapName(options, given, files);
  const kept = keptName === undefined ? undefined : readKeptBootstrap(keptName);
  if (kept) return fromKept(kept, env, withImageEntries(kept.rootDN));
  const notices: string[] = [...(bitnami?.notices ?? [])];
  const config = readConfigRecords(
    parted,
    { baseDN, rootDN: bitnami?.rootDN ?? env['LDAP_BINDDN'] ?? `cn=${env['LDAP_ADMIN_USERNAME']},${baseDN}` },
    notices,
    problems,
  );
  const { rootDN, server, tlsFiles } = config;
  const schema = [...(bitnami?.schema ?? []), ...config.schema];
  const rootPassword = config.rootPassword ?? bitnami?.rootPassword ?? environmentRootPassword(env);
  const present = presentTlsFiles(tlsFiles);
  const tls = serverTlsOf(tlsFiles, notices, problems, present);
  if (tls) server.tls = tls;
  if (problems.length > 0) throw new BootstrapError(problems);
  if (keptName !== undefined && !tls) {
    keepBootstrap(keptName, {
      schema,
      rootDN,
      rootPassword: config.rootPassword ?? null,
      server,
      notices,
      certificateFiles: Object.values(tlsFiles).map((setting) => [
        tlsFilePath(setting),
        present.has(setting),
      ]),
    });
  }
  const ldif = !bitnami
    ? withImageEntries(rootDN)
    : bitnami.tree === undefined
      ? data
      : [{ name: '<bitnami/openldap default tree>', text: bitnami.tree }, ...data];
  return { ldif, schema, rootDN, rootPassword, server, notices };
}

/** What a folder's cn=config records set: its schema, the rootdn and rootpw, the server's settings. */
interface ConfigRead {
  readonly schema: string[];
  readonly rootDN: string;
  /** olcRootPW, when a record sets it. */
  readonly rootPassword: string | undefined;
  readonly server: ServerConfiguration;
  /** The certificate files cn=config names (tls-files.ts reads them). */
  readonly tlsFiles: TlsFileSettings;
}

/**
 * Reads the cn=config records of each file: settings taken configure `server`, the others are
 * named in `notices`, a value slapd would refuse is one of the `problems` (file:line).
 */
function readConfigRecords(
  files: readonly { readonly file: string; readonly path: string; readonly config: string | undefined }[],
  image: { readonly baseDN: string; readonly rootDN: string },
  notices: string[],
  problems: string[],
): ConfigRead {
  const { baseDN } = image;
  const schema: string[] = [];
  let rootDN = image.rootDN;
  let rootPassword: string | undefined;
  const server: ServerConfiguration = {};
  const tlsFiles: TlsFileSettings = {};
  for (const { file, path, config } of files) {
    const { records, errors } =
      config === undefined ? { records: [], errors: [] } : readLdif(config, { fileName: path });
    for (const error of errors) problems.push(error.message);
    for (const record of records) {
      const where = `${file}:${record.line}`;
      const definitions = schemaRecord(record);
      if (definitions) {
        schema.push(writeLdif([definitions]));
        continue;
      }
      startOverlay(server, record);
      takeAccessRecord(server, record, where, notices);
      for (const [type, value] of settingsOf(record)) {
        const key = type.toLowerCase();
        if (key === 'olcaccess') continue;
        if (DATABASE_SETTINGS.has(key) && DATA_DATABASE.test(record.dn)) {
          if (key === 'olcrootdn') rootDN = value;
          else if (key === 'olcsuffix') {
            if (!sameDN(value, baseDN))
              notices.push(
                `ignored: olcSuffix ${value} in ${where} (the base is ${baseDN}: set LDAP_BASE_DN)`,
              );
          } else if (key === 'olcrootpw') {
            // Cleartext or a {SCHEME} hash (slappasswd's): the bind checks it as slapd does.
            const scheme = uncheckableScheme(value);
            if (scheme) notices.push(`ignored: olcRootPW in ${where}: its ${scheme} scheme is not emulated`);
            else rootPassword = value;
          }
          continue;
        }
        if (AS_EMULATED.get(key) === value.toLowerCase()) continue;
        const tlsRole = TLS_FILE_SETTINGS.get(key);
        if (tlsRole && /^cn=config$/i.test(record.dn.replace(/\s/g, ''))) {
          tlsFiles[tlsRole] = { name: type, path: value, source: path, where };
          continue;
        }
        if (globalSetting(server, key, value, record.dn)) continue;
        const limit = limitSetting(server, key, value, record.dn);
        if (typeof limit === 'object') {
          if (limit.notEmulated) notices.push(`ignored: ${type} in ${where}: ${limit.problem}`);
          else problems.push(`${path}:${record.line}: ${type}: ${limit.problem}`);
        }
        if (limit !== false) continue;
        if (key === 'olcmoduleload' && emulatedModule(value)) continue;
        const options = /^olcoverlay=/i.test(record.dn)
          ? overlayOption(server, 'cn=config', key, value)
          : false;
        if (typeof options === 'string') problems.push(`${path}:${record.line}: ${type}: ${options}`);
        if (options !== false) continue;
        const overlay = /^olcoverlay=/i.test(record.dn) ? overlaySetting(server, key, value) : false;
        if (typeof overlay === 'string') problems.push(`${path}:${record.line}: ${type}: ${overlay}`);
        if (overlay !== false) continue;
        if (key === 'olcrefintattribute' && /^olcoverlay=/i.test(record.dn)) {
          server.refintAttributes = [...(server.refintAttributes ?? []), value];
          continue;
        }
        const setting = OVERLAY_SETTINGS.get(key);
        if (setting && /^olcoverlay=/i.test(record.dn)) {
          server[setting] = value;
          continue;
        }
        notices.push(`ignored: ${type} of ${record.dn} in ${where}`);
      }
    }
  }
  return { schema, rootDN, rootPassword, server, tlsFiles };
}

/** What a kept entry says, with the data and what the environment gives made afresh. */
function fromKept(kept: KeptBootstrap, env: Readonly<Record<string, string>>, ldif: LdifSource[]): Bootstrap {
  return {
    ldif,
    schema: kept.schema,
    rootDN: kept.rootDN,
    rootPassword: kept.rootPassword ?? environmentRootPassword(env),
    server: kept.server,
    notices: kept.notices,
  };
}

/** The overlays whose presence changes what the server does: an added sssvlv or unique overlay. */
function startOverlay(server: ServerConfiguration, record: LdifRecord): void {
  if (record.kind !== 'add' && record.kind !== 'content') return;
  if (!DATA_DATABASE.test(record.dn.replace(/^olcoverlay=[^,]+,\s*/i, ''))) return;
  const name = /^olcoverlay=(\{\d+\})?([^,]+),/i.exec(record.dn)?.[2]?.toLowerCase();
  if (name === 'sssvlv') server.sortedViews ??= { maxKeys: SSSVLV_DEFAULT_MAX_KEYS };
  if (name === 'unique') server.unique ??= [];
}

/**
 * A setting of the sssvlv or unique overlay: true when taken, false when not one of theirs, and
 * the problem with a value slapd would refuse.
 */
function overlaySetting(server: ServerConfiguration, key: string, value: string): boolean | string {
  if (key === 'olcsssvlvmaxkeys' && server.sortedViews) {
    const maxKeys = maxKeysOf(value);
    if (maxKeys === undefined) return `expected a positive number, got ${JSON.stringify(value)}`;
    server.sortedViews = { maxKeys };
    return true;
  }
  if (key === 'olcuniqueuri' && server.unique) {
    const domain = uniqueDomainOf(value);
    if ('problem' in domain) return domain.problem;
    server.unique.push(domain);
    return true;
  }
  return false;
}

/** Settings of cn=config itself and of the databases that the server takes. */
function globalSetting(server: ServerConfiguration, key: string, value: string, dn: string): boolean {
  const global = /^cn=config$/i.test(dn.replace(/\s/g, ''));
  if (global && key === 'olctlsverifyclient') {
    const verify = clientVerificationOf(value);
    if (verify === undefined) return false;
    server.tlsVerifyClient = verify;
    return true;
  }
  if (global && key === 'olcauthzregexp') {
    const rule = authzRuleOf(value);
    if ('problem' in rule) return false;
    server.authzRegexp = [...(server.authzRegexp ?? []), rule];
    return true;
  }
  return false;
}

/**
 * olcSizeLimit and olcTimeLimit (of cn=config, the frontend or the data's database) and the data
 * database's olcLimits: true when taken, false when not one of them, else the problem.
 */
function limitSetting(
  server: ServerConfiguration,
  key: string,
  value: string,
  dn: string,
): boolean | LimitProblem {
  const frontend = /^cn=config$/i.test(dn.replace(/\s/g, '')) || /^olcdatabase=\{-1\}frontend/i.test(dn);
  if (!frontend && !DATA_DATABASE.test(dn)) return false;
  const current = server.limits ?? SLAPD_DEFAULT_LIMITS;
  if (key === 'olcsizelimit' || key === 'olctimelimit') {
    const limits = defaultLimitsOf(key === 'olcsizelimit' ? 'size' : 'time', value, current);
    if ('problem' in limits) return limits;
    server.limits = limits;
    return true;
  }
  if (key !== 'olclimits' || !DATA_DATABASE.test(dn)) return false;
  const rule = identityLimitOf(orderedValue(value).text, current);
  if ('problem' in rule) return rule;
  addOrdered((server.identityLimits ??= []), [value], () => rule);
  return true;
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

function sameDN(a: string, b: string): boolean {
  try {
    return normalizeDN(a) === normalizeDN(b);
  } catch {
    return false;
  }
}

const SCHEMA_ATTRIBUTE = /^olc(attributetypes|objectclasses|objectidentifier)$/i;

/**
 * Schema definitions a cn=config record carries, as a schema entry the schema loader reads: an
 * added olcSchemaConfig entry, or definitions added to one (rroemhild's `add: olcObjectClasses`
 * to `cn={0}core,cn=schema,cn=config`); undefined for any other record.
 */
function schemaRecord(record: LdifRecord): LdifRecord | undefined {
  if (record.kind === 'content' || record.kind === 'add') {
    return record.attributes.some((a) => SCHEMA_ATTRIBUTE.test(a.type)) ? record : undefined;
  }
  if (record.kind !== 'modify' || !/,cn=schema,cn=config$/i.test(record.dn)) return undefined;
  const added = record.changes.filter((c) => c.operation === 'add' && SCHEMA_ATTRIBUTE.test(c.type));
  if (added.length === 0 || added.length !== record.changes.length) return undefined;
  return {
    kind: 'content',
    dn: record.dn,
    line: record.line,
    attributes: [
      { type: 'objectClass', values: ['olcSchemaConfig'] },
      ...added.map((c) => ({ type: c.type, values: c.values })),
    ],
  };
}

/** The base the folders' data is under: the `dc=` components of the first data record's DN. */
function dataBaseOf(files: readonly { readonly text: string }[]): string | undefined {
  for (const { text } of files) {
    for (const match of text.matchAll(/^dn:\s*(.+)$/gim)) {
      const dn = match[1]!.trim();
      if (underConfig(dn) || dn.includes('{{')) continue;
      const dcs = /((?:^|,)\s*dc=[^,]+)+\s*$/i.exec(dn)?.[0];
      return dcs?.replace(/^,\s*/, '');
    }
  }
  return undefined;
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
