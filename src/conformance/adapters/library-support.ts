/**
 * What every third-party adapter needs: the scenario's OpenBao configuration read with OpenBao's
 * defaults (so each adapter maps the same settings a user would have written), the shapes of
 * group filter a library can take, the group names OpenBao would report for the entries found,
 * and the scenario error kind of a library's error.
 */
import type { ConnectionOptions } from 'node:tls';
import {
  NODE_TLS_VERSIONS,
  parseLdapAuthConfig,
  type ResolvedLdapAuthConfig,
} from '../../client/config/index.js';
import { getCN } from '../../client/group-names.js';
import type { Filter } from '../../core/filter-ast.js';
import { parseFilter } from '../../core/filter-parse.js';
import { ConformanceError } from '../adapter.js';
import type { ErrorKind } from '../scenario.js';

/**
 * The OpenBao keys every shipped library adapter maps: URL and TLS, the service account, where
 * users are, the group search, the timeouts. Each adds what else its library can do.
 */
export const LIBRARY_CONFIG_KEYS: readonly string[] = [
  'url',
  'certificate',
  'insecure_tls',
  'tls_min_version',
  'tls_max_version',
  'binddn',
  'bindpass',
  'deny_null_bind',
  'userdn',
  'userattr',
  'upndomain',
  'groupdn',
  'groupfilter',
  'groupattr',
  'connection_timeout',
  'request_timeout',
];

export function notApplicable(reason: string): never {
  throw new ConformanceError('not-applicable', reason);
}

/** The configuration with OpenBao's defaults; a configuration the library could not be given is n/a. */
export function openbaoSettings(config: Readonly<Record<string, unknown>>): ResolvedLdapAuthConfig {
  try {
    return parseLdapAuthConfig(config).config;
  } catch (error) {
    return notApplicable(
      `the configuration is invalid and the library has no check of its own (${(error as Error).message})`,
    );
  }
}

/** How the user's DN is found. */
export type BindMode = 'search' | 'discover' | 'direct' | 'upn';

export function bindMode(settings: ResolvedLdapAuthConfig): BindMode {
  if (settings.discoverdn) return 'discover';
  if (settings.binddn !== '' && settings.bindpass !== '') return 'search';
  return settings.upndomain !== '' ? 'upn' : 'direct';
}

/** Node TLS options for the settings, as a user passes them to an LDAP client library. */
export function tlsOptionsOf(settings: ResolvedLdapAuthConfig): ConnectionOptions {
  return {
    ...(settings.certificate !== '' && { ca: settings.certificate }),
    rejectUnauthorized: !settings.insecure_tls,
    minVersion: NODE_TLS_VERSIONS[settings.tls_min_version],
    maxVersion: NODE_TLS_VERSIONS[settings.tls_max_version],
  };
}

/**
 * userattr as the operator wrote it: OpenBao lower-cases it, but libraries that read the
 * attribute back from an entry (`user.sAMAccountName`) need the server's spelling.
 */
export function userAttribute(
  config: Readonly<Record<string, unknown>>,
  settings: ResolvedLdapAuthConfig,
): string {
  const written = config['userattr'];
  return typeof written === 'string' && written.toLowerCase() === settings.userattr
    ? written
    : settings.userattr;
}

/** The only URL, for libraries that take one; a failover list is not applicable to them. */
export function singleUrl(settings: ResolvedLdapAuthConfig, library: string): string {
  if (settings.url.length !== 1) notApplicable(`${library} takes one URL, not a failover list`);
  return settings.url[0]!;
}

/**
 * The group filter as a library sees it: a single equality on a member attribute (with an
 * optional object class), the AD in-chain rule, tokenGroups, none, or a template the library
 * must render itself.
 */
export type GroupStrategy =
  | { readonly kind: 'none' }
  | { readonly kind: 'tokenGroups' }
  | { readonly kind: 'inChain' }
  | {
      readonly kind: 'member';
      readonly attribute: string;
      readonly objectClass: string | undefined;
      /** What the member attribute holds: the user's DN or the user's name. */
      readonly holds: 'dn' | 'username';
    }
  | { readonly kind: 'template'; readonly template: string };

const IN_CHAIN = '1.2.840.113556.1.4.1941';

export function groupStrategy(settings: ResolvedLdapAuthConfig): GroupStrategy {
  if (settings.use_token_groups) return { kind: 'tokenGroups' };
  if (settings.groupdn === '' || settings.groupfilter === '') return { kind: 'none' };
  const template = settings.groupfilter;
  let filter: Filter;
  try {
    filter = parseFilter(
      template.replaceAll('{{.UserDN}}', 'USERDN').replaceAll('{{.Username}}', 'USERNAME'),
    );
  } catch {
    return { kind: 'template', template };
  }
  const parts = filter.type === 'and' ? filter.filters : [filter];
  let objectClass: string | undefined;
  let member: { attribute: string; holds: 'dn' | 'username' } | undefined;
  let inChain = false;
  for (const part of parts) {
    if (part.type === 'equality' && part.attribute.toLowerCase() === 'objectclass') {
      objectClass = Buffer.from(part.value).toString('utf8');
    } else if (part.type === 'equality' && isPlaceholder(part.value)) {
      member = { attribute: part.attribute, holds: placeholder(part.value) };
    } else if (part.type === 'extensible' && part.matchingRule === IN_CHAIN && isPlaceholder(part.value)) {
      inChain = true;
    } else {
      return { kind: 'template', template };
    }
  }
  if (inChain) return { kind: 'inChain' };
  return member ? { kind: 'member', ...member, objectClass } : { kind: 'template', template };
}

function isPlaceholder(value: Uint8Array): boolean {
  const text = Buffer.from(value).toString('utf8');
  return text === 'USERDN' || text === 'USERNAME';
}

function placeholder(value: Uint8Array): 'dn' | 'username' {
  return Buffer.from(value).toString('utf8') === 'USERDN' ? 'dn' : 'username';
}

/**
 * Group names as OpenBao reports them: each value of groupattr, reduced to its CN when it is a
 * DN (memberOf); the entry's own CN when the attribute is missing.
 */
export function groupNamesOf(
  entries: readonly { readonly dn: string; readonly [attribute: string]: unknown }[],
  groupattr: string,
): string[] {
  const names = entries.flatMap((entry) => {
    const key = Object.keys(entry).find((name) => name.toLowerCase() === groupattr.toLowerCase());
    const raw = key === undefined ? undefined : entry[key];
    const values = raw === undefined ? [entry.dn] : Array.isArray(raw) ? raw : [raw];
    return values.map((value) => getCN(String(value)));
  });
  return [...new Set(names)];
}

/** Node and TLS error codes that mean the server could not be reached or trusted. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
]);

const UNREACHABLE_TEXT =
  /timeout|timed out|ECONNREFUSED|ECONNRESET|socket hang up|connection (closed|reset|refused)|certificate|self[- ]signed|altname|Hostname\/IP|unable to verify|not connected|closed/i;

/** LDAP result codes and the kind of refusal each means to a login. */
const KIND_BY_CODE: ReadonlyMap<number, ErrorKind> = new Map([
  [4, 'group-search-failed'],
  [49, 'denied'],
  [50, 'denied'],
  [51, 'unavailable'],
  [52, 'unavailable'],
  [53, 'denied'],
]);

/** The scenario error kind of an error thrown by an LDAP client library (ldapjs or ldapts). */
export function kindOfLibraryError(error: unknown): ErrorKind {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  // ldapts puts the result code at the end of its messages (` Code: 0x31`), and libraries that
  // rewrap its errors keep only the message.
  const quoted = /Code: 0x([0-9a-f]+)\s*$/i.exec(text);
  const resultCode = typeof code === 'number' ? code : quoted ? Number.parseInt(quoted[1]!, 16) : undefined;
  if (resultCode !== undefined && KIND_BY_CODE.has(resultCode)) return KIND_BY_CODE.get(resultCode)!;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unavailable';
  if (UNREACHABLE_TEXT.test(text)) return 'unavailable';
  return 'failed';
}

/** An error as the adapter reports it: a ConformanceError stays, anything else is classified. */
export function asConformanceError(
  error: unknown,
  kind: ErrorKind = kindOfLibraryError(error),
): ConformanceError {
  if (error instanceof ConformanceError) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ConformanceError(kind, message);
}
