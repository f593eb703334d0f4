/**
 * `slapd.conf` (slapd.conf(5)): the same settings a bootstrap folder's cn=config records carry,
 * in the older file syntax — directives one per line, an indented line continuing the one above,
 * `database` and `overlay` opening the section the directives after them belong to. What the
 * openldap profile emulates is taken; every other directive is named with its file:line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { uncheckableScheme } from '../accounts/user-password.js';
import { directiveAt, takeAccessDirective } from './access-records.js';
import { BootstrapError } from './bootstrap-error.js';
import type { ServerConfiguration } from './bootstrap-folder.js';
import { defaultLimitsOf, identityLimitOf, SLAPD_DEFAULT_LIMITS } from './limit-values.js';
import { optionOverlay, overlayOption } from './overlay-options.js';
import {
  clientVerificationOf,
  emulatedModule,
  maxKeysOf,
  SSSVLV_DEFAULT_MAX_KEYS,
  uniqueDomainOf,
} from './setting-values.js';
import { serverTlsOf, TLS_FILE_SETTINGS, type TlsFileSettings } from './tls-files.js';

export interface SlapdConf {
  /** Schema files it includes beyond those the profile has built in. */
  readonly schema: string[];
  readonly rootDN?: string;
  readonly rootPassword?: string;
  readonly server: ServerConfiguration;
  readonly notices: string[];
}

/** The schema files every slapd.conf includes, which the openldap profile already holds. */
const BUILT_IN_SCHEMA = new Set(['core.schema', 'cosine.schema', 'inetorgperson.schema', 'nis.schema']);
/** Directives whose value is what the profile does anyway. */
const AS_EMULATED: ReadonlyMap<string, string> = new Map([
  ['ppolicy_hash_cleartext', ''],
  ['memberof-refint', 'true'],
  ['tlsverifyclient', 'never'],
]);

export function readSlapdConf(path: string): SlapdConf {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BootstrapError([
      `${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    ]);
  }
  const file = basename(path);
  const schema: string[] = [];
  const notices: string[] = [];
  const problems: string[] = [];
  const server: ServerConfiguration = {};
  let rootDN: string | undefined;
  let rootPassword: string | undefined;
  let database = '';
  let overlay = '';
  /** The overlays of the current database. */
  const overlays = new Set<string>();
  const tlsFiles: TlsFileSettings = {};
  for (const { line, words } of directives(text)) {
    const [directive = '', ...args] = words;
    const key = directive.toLowerCase();
    const value = args.join(' ');
    const where = `${file}:${line}`;
    const ignored = () => notices.push(`ignored: ${directive} in ${where}`);
    if (AS_EMULATED.has(key) && (AS_EMULATED.get(key) === '' || AS_EMULATED.get(key) === value.toLowerCase()))
      continue;
    // A ppolicy or memberof option reaches its overlay when the database has it, whichever came last.
    const owner = optionOverlay(key);
    if (owner !== undefined) {
      const option = overlays.has(owner)
        ? overlayOption(server, 'slapd.conf', key, value)
        : `not after overlay ${owner} (slapd: unknown directive)`;
      if (option !== true) problems.push(`${where}: ${directive}: ${option}`);
      continue;
    }
    switch (key) {
      case 'include': {
        const target = resolve(dirname(path), args[0] ?? '');
        if (BUILT_IN_SCHEMA.has(basename(target))) break;
        if (existsSync(target)) schema.push(target);
        else problems.push(`${where}: include ${args[0]}: no such file`);
        break;
      }
      case 'moduleload':
        if (!emulatedModule(args[0] ?? '')) ignored();
        break;
      case 'database':
        database = (args[0] ?? '').toLowerCase();
        overlay = '';
        overlays.clear();
        if (!['mdb', 'hdb', 'bdb', 'config', 'monitor'].includes(database)) ignored();
        break;
      case 'overlay':
        overlay = (args[0] ?? '').toLowerCase();
        overlays.add(overlay);
        if (overlay === 'sssvlv') server.sortedViews = { maxKeys: SSSVLV_DEFAULT_MAX_KEYS };
        else if (overlay === 'unique') server.unique = [];
        else if (!['memberof', 'refint', 'ppolicy'].includes(overlay)) ignored();
        break;
      case 'sssvlv-maxkeys': {
        const maxKeys = maxKeysOf(value);
        if (maxKeys === undefined || overlay !== 'sssvlv')
          problems.push(`${where}: sssvlv-maxkeys ${value}: expected a positive number after overlay sssvlv`);
        else server.sortedViews = { maxKeys };
        break;
      }
      case 'unique_uri': {
        const domain = uniqueDomainOf(value);
        if ('problem' in domain || !server.unique || overlay !== 'unique')
          problems.push(
            `${where}: unique_uri: ${'problem' in domain ? domain.problem : 'not after overlay unique'}`,
          );
        else server.unique.push(domain);
        break;
      }
      case 'rootdn':
        if (isData(database)) rootDN = args[0];
        else ignored();
        break;
      case 'rootpw': {
        // Cleartext or a {SCHEME} hash (slappasswd's): the bind checks it as slapd does.
        const scheme = uncheckableScheme(args[0] ?? '');
        if (!isData(database)) ignored();
        else if (scheme) notices.push(`ignored: rootpw in ${where}: its ${scheme} scheme is not emulated`);
        else rootPassword = args[0];
        break;
      }
      case 'memberof-group-oc':
        server.memberOfGroupClass = args[0]!;
        break;
      case 'memberof-member-ad':
        server.memberOfMemberAttribute = args[0]!;
        break;
      case 'ppolicy_default':
        server.passwordPolicyDefault = args[0]!;
        break;
      case 'refint_attributes':
        server.refintAttributes = [...(server.refintAttributes ?? []), ...args];
        break;
      case 'sizelimit':
      case 'timelimit': {
        const limits = defaultLimitsOf(
          key === 'sizelimit' ? 'size' : 'time',
          value,
          server.limits ?? SLAPD_DEFAULT_LIMITS,
        );
        if ('problem' in limits) problems.push(`${where}: ${directive}: ${limits.problem}`);
        else server.limits = limits;
        break;
      }
      case 'limits': {
        const rule = isData(database)
          ? identityLimitOf(value, server.limits ?? SLAPD_DEFAULT_LIMITS)
          : undefined;
        if (rule === undefined) ignored();
        else if (!('problem' in rule)) (server.identityLimits ??= []).push(rule);
        else if (rule.notEmulated) notices.push(`ignored: limits in ${where}: ${rule.problem}`);
        else problems.push(`${where}: limits: ${rule.problem}`);
        break;
      }
      case 'tlscertificatefile':
      case 'tlscertificatekeyfile':
      case 'tlscacertificatefile':
        tlsFiles[TLS_FILE_SETTINGS.get(key)!] = { name: directive, path: value, source: path, where };
        break;
      case 'tlsverifyclient': {
        const verify = clientVerificationOf(value);
        if (verify) server.tlsVerifyClient = verify;
        else problems.push(`${where}: TLSVerifyClient ${value}: expected never, allow, try or demand`);
        break;
      }
      case 'authz-regexp':
        if (args.length === 2)
          server.authzRegexp = [...(server.authzRegexp ?? []), { match: args[0]!, replace: args[1]! }];
        else problems.push(`${where}: authz-regexp takes a match and a replacement`);
        break;
      case 'access':
        takeAccessDirective(server, database, directiveAt(text, line), where, notices);
        break;
      case 'suffix':
        // The naming context comes from the data (or --bootstrap's base); the suffix only names it.
        break;
      default:
        ignored();
    }
  }
  const tls = serverTlsOf(tlsFiles, notices, problems);
  if (tls) server.tls = tls;
  if (problems.length > 0) throw new BootstrapError(problems, 'slapd.conf');
  return {
    schema,
    ...(rootDN !== undefined && { rootDN }),
    ...(rootPassword !== undefined && { rootPassword }),
    server,
    notices,
  };
}

function isData(database: string): boolean {
  return database === 'mdb' || database === 'hdb' || database === 'bdb';
}

/** The directives with their first line: comments and blank lines left out, indented lines joined. */
function directives(text: string): { line: number; words: string[] }[] {
  const out: { line: number; words: string[]; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*#/.test(raw) || raw.trim() === '') return;
    if (/^\s/.test(raw) && out.length > 0) out.at(-1)!.text += ` ${raw.trim()}`;
    else out.push({ line: i + 1, words: [], text: raw.trim() });
  });
  return out.map(({ line, text }) => ({ line, words: words(text) }));
}

/** Words separated by white space; double quotes group, a backslash escapes. */
function words(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    found.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!);
  }
  return found;
}
