/**
 * The LDAP auth configuration: every parameter of OpenBao's `auth/ldap/config` endpoint
 * (reference/openbao-ldap-auth-api.md), with OpenBao's defaults, in one place.
 *
 * `parseLdapAuthConfig` accepts values the way OpenBao's API does — durations as `"30s"`,
 * `"1m30s"` or a number of seconds; lists as a comma string or an array; booleans as `true` or
 * `"true"`/`"1"`/`"t"`…; numbers as strings — normalises them as OpenBao does (url lower-cased and
 * split on commas, userattr lower-cased, groupattr kept as written, an empty userfilter means the
 * default), and validates everything, reporting every problem at once as `LdapConfigErrors`.
 *
 * Where OpenBao accepts a value that can only fail at login, we reject it here, with the key and
 * the reason: an unknown key (with the closest known one), a URL that is not ldap:// or ldaps://
 * or has no host or a bad port, a template that does not compile, names a field the filter
 * cannot use, or does not render to a valid filter, an invalid certificate or key pair,
 * tls_min_version above tls_max_version, negative timeouts, an unknown dereference_aliases (OpenBao
 * silently uses `never`), userdn/groupdn that are not DNs. Deliberate differences from OpenBao:
 * spaces around the commas of `url` are trimmed (OpenBao fails that URL at dial time), and a URL
 * with user info (`ldap://user:pw@host`) is rejected so that no password sits in a URL.
 *
 * Durations come out in **milliseconds** (what Node's timers and ldapts take).
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import net from 'node:net';
import { parseDN } from '../core/dn.js';
import { parseFilter } from '../core/filter.js';
import type { Filter } from '../core/filter-ast.js';
import { LdapConfigError, LdapConfigErrors } from './config-errors.js';
import { DurationError, parseDuration } from './duration.js';
import { editDistance, squashKey } from './key-distance.js';
import { maskUserInfo, parseLdapUrl } from './ldap-url.js';
import { compileTemplate, type Template, TemplateError } from './template.js';

export type TlsVersion = 'tls10' | 'tls11' | 'tls12' | 'tls13';
export type DereferenceAliases = 'never' | 'searching' | 'finding' | 'always';
export type TokenType = 'default' | 'service' | 'batch';

type BoolInput = boolean | string | number;
type IntInput = number | string;
type DurationInput = number | string;
type ListInput = string | readonly string[];

/**
 * The configuration as a user writes it: every key optional, snake_case exactly as OpenBao's API,
 * values in any form OpenBao accepts. `null` and `undefined` mean "not given".
 */
export interface LdapAuthConfig {
  /** `ldap://127.0.0.1`. One URL, or several separated by commas (or an array), tried in order. */
  url?: ListInput;
  /** false. Keep the case of user and group names for policy mapping. */
  case_sensitive_names?: BoolInput;
  /** 90 s. Per-operation timeout; 0 = none. */
  request_timeout?: DurationInput;
  /** 30 s. Dial timeout per URL before trying the next; 0 = none. */
  connection_timeout?: DurationInput;
  /** false. Upgrade ldap:// connections with StartTLS. */
  starttls?: BoolInput;
  /** tls12. */
  tls_min_version?: string;
  /** tls12. */
  tls_max_version?: string;
  /** false. Skip server certificate verification. */
  insecure_tls?: BoolInput;
  /** "". PEM CA certificate(s) that verify the server; replaces the system trust store. */
  certificate?: string;
  /** "". PEM client certificate (needs client_tls_key). */
  client_tls_cert?: string;
  /** "". PEM private key of client_tls_cert. Secret. */
  client_tls_key?: string;
  /** "". Service account for the user search (a DN, or an AD UPN / DOMAIN\user). */
  binddn?: string;
  /** "". Password of binddn. Secret. */
  bindpass?: string;
  /** "". Base DN of the user search, or the parent of `userattr=<user>` bind DNs. */
  userdn?: string;
  /** cn. Attribute that holds the login name; lower-cased. */
  userattr?: string;
  /** false. Search for the user's DN with an anonymous bind. */
  discoverdn?: BoolInput;
  /** true. Refuse empty passwords before any bind (an empty password is an unauthenticated bind). */
  deny_null_bind?: BoolInput;
  /** "". Bind as `<user>@<upndomain>` (Active Directory). */
  upndomain?: string;
  /** `({{.UserAttr}}={{.Username}})`. User search filter template; "" = the default. */
  userfilter?: string;
  /** false. Search groups over a fresh, never-bound connection. */
  anonymous_group_search?: BoolInput;
  /** `(|(memberUid={{.Username}})(member={{.UserDN}})(uniqueMember={{.UserDN}}))`; "" = no group search. */
  groupfilter?: string;
  /** "". Base DN of the group search; "" = no group search. */
  groupdn?: string;
  /** cn. Attribute of the found entries that names the groups; case kept (matched exactly). */
  groupattr?: string;
  /** false. Use the typed username as the entity alias. */
  username_as_alias?: BoolInput;
  /** false. Read groups from the user's AD tokenGroups attribute. */
  use_token_groups?: BoolInput;
  /** false. Group CN extraction matches only the exact type `CN` (Vault < 1.1.1 behaviour). */
  use_pre111_group_cn_behavior?: BoolInput;
  /** 0. > 0 pages the group search (RFC 2696) with this page size. */
  max_page_size?: IntInput;
  /** never. never | searching | finding | always. */
  dereference_aliases?: string;
  /** []. Policies added to every token. */
  token_policies?: ListInput;
  /** Deprecated alias of token_policies. */
  policies?: ListInput;
  /** false. Do not add the `default` policy. */
  token_no_default_policy?: BoolInput;
  /** 0. Token TTL. */
  token_ttl?: DurationInput;
  /** 0. Token maximum TTL. */
  token_max_ttl?: DurationInput;
  /** 0. Hard cap on the token's lifetime. */
  token_explicit_max_ttl?: DurationInput;
  /** 0. Period of a periodic token. */
  token_period?: DurationInput;
  /** []. CIDR blocks allowed to log in (and to use the token). */
  token_bound_cidrs?: ListInput;
  /** false. Bind the token to the login's source IP (conflicts with token_bound_cidrs). */
  token_strictly_bind_ip?: BoolInput;
  /** 0. Uses per token; 0 = unlimited. */
  token_num_uses?: IntInput;
  /** default. default | service | batch. */
  token_type?: string;
}

/** The validated, normalised configuration. Durations are in milliseconds. */
export interface ResolvedLdapAuthConfig {
  /** Lower-cased, one item per URL, in the order to try. */
  readonly url: readonly string[];
  readonly case_sensitive_names: boolean;
  /** Milliseconds; 0 = no timeout. */
  readonly request_timeout: number;
  /** Milliseconds; 0 = no timeout. */
  readonly connection_timeout: number;
  readonly starttls: boolean;
  readonly tls_min_version: TlsVersion;
  readonly tls_max_version: TlsVersion;
  readonly insecure_tls: boolean;
  readonly certificate: string;
  readonly client_tls_cert: string;
  readonly client_tls_key: string;
  readonly binddn: string;
  readonly bindpass: string;
  readonly userdn: string;
  /** Lower-cased. */
  readonly userattr: string;
  readonly discoverdn: boolean;
  readonly deny_null_bind: boolean;
  readonly upndomain: string;
  /** Never empty: an empty input means DEFAULT_USER_FILTER. */
  readonly userfilter: string;
  readonly anonymous_group_search: boolean;
  /** "" means no group search (OpenBao returns no groups). */
  readonly groupfilter: string;
  readonly groupdn: string;
  /** As written (matched case-sensitively against returned attribute names). */
  readonly groupattr: string;
  readonly username_as_alias: boolean;
  readonly use_token_groups: boolean;
  readonly use_pre111_group_cn_behavior: boolean;
  readonly max_page_size: number;
  readonly dereference_aliases: DereferenceAliases;
  readonly token_policies: readonly string[];
  readonly token_no_default_policy: boolean;
  /** Milliseconds. */
  readonly token_ttl: number;
  /** Milliseconds. */
  readonly token_max_ttl: number;
  /** Milliseconds. */
  readonly token_explicit_max_ttl: number;
  /** Milliseconds. */
  readonly token_period: number;
  readonly token_bound_cidrs: readonly string[];
  readonly token_strictly_bind_ip: boolean;
  readonly token_num_uses: number;
  readonly token_type: TokenType;
}

export const DEFAULT_USER_FILTER = '({{.UserAttr}}={{.Username}})';
export const DEFAULT_GROUP_FILTER =
  '(|(memberUid={{.Username}})(member={{.UserDN}})(uniqueMember={{.UserDN}}))';

/** Fields each filter template may use (the data OpenBao renders it with). */
export const USER_FILTER_FIELDS: readonly string[] = ['UserAttr', 'Username'];
export const GROUP_FILTER_FIELDS: readonly string[] = ['UserDN', 'Username'];

/** OpenBao's defaults for a mount that has never been configured. */
export const defaultLdapAuthConfig: ResolvedLdapAuthConfig = Object.freeze({
  url: Object.freeze(['ldap://127.0.0.1']),
  case_sensitive_names: false,
  request_timeout: 90_000,
  connection_timeout: 30_000,
  starttls: false,
  tls_min_version: 'tls12',
  tls_max_version: 'tls12',
  insecure_tls: false,
  certificate: '',
  client_tls_cert: '',
  client_tls_key: '',
  binddn: '',
  bindpass: '',
  userdn: '',
  userattr: 'cn',
  discoverdn: false,
  deny_null_bind: true,
  upndomain: '',
  userfilter: DEFAULT_USER_FILTER,
  anonymous_group_search: false,
  groupfilter: DEFAULT_GROUP_FILTER,
  groupdn: '',
  groupattr: 'cn',
  username_as_alias: false,
  use_token_groups: false,
  use_pre111_group_cn_behavior: false,
  max_page_size: 0,
  dereference_aliases: 'never',
  token_policies: Object.freeze([]),
  token_no_default_policy: false,
  token_ttl: 0,
  token_max_ttl: 0,
  token_explicit_max_ttl: 0,
  token_period: 0,
  token_bound_cidrs: Object.freeze([]),
  token_strictly_bind_ip: false,
  token_num_uses: 0,
  token_type: 'default',
} satisfies ResolvedLdapAuthConfig);

/** Node's names for the TLS versions (`tls.SecureVersion`). */
export const NODE_TLS_VERSIONS = {
  tls10: 'TLSv1',
  tls11: 'TLSv1.1',
  tls12: 'TLSv1.2',
  tls13: 'TLSv1.3',
} as const satisfies Record<TlsVersion, string>;

/** ldapts' names for the dereference settings (`SearchOptions.derefAliases`). */
export const LDAPTS_DEREF_ALIASES = {
  never: 'never',
  searching: 'search',
  finding: 'find',
  always: 'always',
} as const satisfies Record<DereferenceAliases, string>;

/** The warning OpenBao gives on write and read of such a configuration. */
export const USERATTR_WARNING =
  'userfilter configured does not consider userattr and may result in colliding entity aliases on logins';

// ---------------------------------------------------------------------------------------------
// Value parsers: each returns the value or records a problem and returns undefined
// ---------------------------------------------------------------------------------------------

const SECRET_KEYS: ReadonlySet<string> = new Set(['bindpass', 'client_tls_key']);

class Problems {
  readonly list: LdapConfigError[] = [];
  readonly keys = new Set<string>();
  add(key: string, reason: string): undefined {
    this.list.push(new LdapConfigError(key, reason));
    this.keys.add(key);
    return undefined;
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

/** The value, for an error message: never for a secret key, and shortened. */
function shown(key: string, value: unknown): string {
  if (SECRET_KEYS.has(key)) return '(value not shown)';
  const text = typeof value === 'string' ? value : String(value);
  const json = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  return json;
}

function parseString(key: string, value: unknown, problems: Problems): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return problems.add(key, `expected a string, got ${describeType(value)}`);
}

const TRUE_STRINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_STRINGS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function parseBool(key: string, value: unknown, problems: Problems): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (TRUE_STRINGS.has(value)) return true;
    if (FALSE_STRINGS.has(value)) return false;
    return problems.add(key, `expected a boolean (true or false), got the string ${shown(key, value)}`);
  }
  if (value === 0 || value === 1) return value === 1;
  return problems.add(key, `expected a boolean (true or false), got ${describeType(value)}`);
}

function parseInteger(key: string, value: unknown, problems: Problems, max: number): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^[+-]?[0-9]+$/.test(value.trim())) n = Number(value.trim());
  else if (typeof value === 'string')
    return problems.add(key, `expected a whole number, got ${shown(key, value)}`);
  else return problems.add(key, `expected a whole number, got ${describeType(value)}`);
  if (!Number.isInteger(n)) return problems.add(key, `expected a whole number, got ${n}`);
  if (n < 0) return problems.add(key, `must not be negative, got ${n}`);
  if (n > max) return problems.add(key, `must be at most ${max}, got ${n}`);
  return n;
}

function parseNonNegativeDuration(key: string, value: unknown, problems: Problems): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return problems.add(
      key,
      `expected a duration such as "30s" or a number of seconds, got ${describeType(value)}`,
    );
  }
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    if (error instanceof DurationError) {
      return problems.add(
        key,
        `${error.reason} in ${JSON.stringify(error.input)} (expected e.g. "30s", "1m30s", 30)`,
      );
    }
    throw error;
  }
  if (ms < 0) return problems.add(key, `must not be negative, got ${shown(key, value)}`);
  return ms;
}

/** A comma string or an array of strings → trimmed items, empties dropped. */
function parseList(key: string, value: unknown, problems: Problems): string[] | undefined {
  let items: unknown[];
  if (typeof value === 'string') items = value.split(',');
  else if (Array.isArray(value)) items = value;
  else
    return problems.add(
      key,
      `expected a comma-separated string or an array of strings, got ${describeType(value)}`,
    );
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'string') {
      return problems.add(key, `item ${i + 1} of the list is ${describeType(item)}, expected a string`);
    }
    const trimmed = item.trim();
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}

function parseEnum<T extends string>(
  key: string,
  value: unknown,
  allowed: readonly T[],
  problems: Problems,
): T | undefined {
  if (typeof value !== 'string') {
    return problems.add(key, `expected one of ${allowed.join(', ')}, got ${describeType(value)}`);
  }
  const lower = value.trim().toLowerCase();
  const match = allowed.find((a) => a === lower);
  if (match === undefined)
    return problems.add(key, `expected one of ${allowed.join(', ')}, got ${shown(key, value)}`);
  return match;
}

function parseUrls(key: string, value: unknown, problems: Problems): string[] | undefined {
  let items: unknown[];
  if (typeof value === 'string') items = value.split(',');
  else if (Array.isArray(value)) items = value;
  else
    return problems.add(key, `expected a URL or a comma-separated list of URLs, got ${describeType(value)}`);
  if (items.length === 0) return problems.add(key, 'at least one URL is needed');
  const urls: string[] = [];
  let failed = false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const where = items.length > 1 ? `URL ${i + 1} of ${items.length}` : 'URL';
    if (typeof item !== 'string') {
      problems.add(key, `${where} is ${describeType(item)}, expected a string`);
      failed = true;
      continue;
    }
    const url = item.trim().toLowerCase();
    if (url === '') {
      problems.add(key, `${where} is empty`);
      failed = true;
      continue;
    }
    // OpenBao stores any URL and finds out when it dials: one that cannot be used is one failed
    // entry of the failover (a warning here), never a reason to refuse the whole list.
    urls.push(url);
  }
  return failed ? undefined : urls;
}

/** An attribute description: a descr (letter, letters/digits/hyphens) or a numeric OID, plus ;options. */
function isAttributeDescription(value: string): boolean {
  return /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)+)(?:;[A-Za-z0-9-]+)*$/.test(value);
}

function parseAttribute(
  key: string,
  value: unknown,
  problems: Problems,
  lowerCase: boolean,
): string | undefined {
  const text = parseString(key, value, problems);
  if (text === undefined) return undefined;
  if (text === '') return problems.add(key, 'must not be empty');
  if (!isAttributeDescription(text)) {
    return problems.add(
      key,
      `${shown(key, text)} is not an attribute name (letters, digits and '-', starting with a letter)`,
    );
  }
  return lowerCase ? text.toLowerCase() : text;
}

function parseDNString(key: string, value: unknown, problems: Problems): string | undefined {
  const text = parseString(key, value, problems);
  if (text === undefined || text === '') return text;
  try {
    parseDN(text);
  } catch (error) {
    return problems.add(key, `not a valid DN: ${(error as Error).message}`);
  }
  return text;
}

function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = net.isIP(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

type Parser = (key: string, value: unknown, problems: Problems) => unknown;

const bool: Parser = parseBool;
const str: Parser = parseString;
const duration: Parser = parseNonNegativeDuration;
const TLS_VERSIONS: readonly TlsVersion[] = ['tls10', 'tls11', 'tls12', 'tls13'];
const tlsVersion: Parser = (k, v, p) => parseEnum(k, v, TLS_VERSIONS, p);

/** Every accepted key and how its value is read. `policies` is folded into token_policies. */
const PARSERS: Readonly<Record<keyof LdapAuthConfig, Parser>> = {
  url: parseUrls,
  case_sensitive_names: bool,
  request_timeout: duration,
  connection_timeout: duration,
  starttls: bool,
  tls_min_version: tlsVersion,
  tls_max_version: tlsVersion,
  insecure_tls: bool,
  certificate: str,
  client_tls_cert: str,
  client_tls_key: str,
  binddn: str,
  bindpass: str,
  userdn: parseDNString,
  userattr: (k, v, p) => parseAttribute(k, v, p, true),
  discoverdn: bool,
  deny_null_bind: bool,
  upndomain: str,
  userfilter: (k, v, p) => {
    const text = parseString(k, v, p);
    return text === '' ? DEFAULT_USER_FILTER : text;
  },
  anonymous_group_search: bool,
  groupfilter: str,
  groupdn: parseDNString,
  groupattr: (k, v, p) => parseAttribute(k, v, p, false),
  username_as_alias: bool,
  use_token_groups: bool,
  use_pre111_group_cn_behavior: bool,
  max_page_size: (k, v, p) => parseInteger(k, v, p, 2_147_483_647),
  dereference_aliases: (k, v, p) => parseEnum(k, v, ['never', 'searching', 'finding', 'always'] as const, p),
  token_policies: parseList,
  policies: parseList,
  token_no_default_policy: bool,
  token_ttl: duration,
  token_max_ttl: duration,
  token_explicit_max_ttl: duration,
  token_period: duration,
  token_bound_cidrs: (k, v, p) => {
    const list = parseList(k, v, p);
    if (list === undefined) return undefined;
    const bad = list.filter((c) => !isCidr(c));
    if (bad.length > 0) {
      return p.add(k, `not an IP address or CIDR block: ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
    }
    return list;
  },
  token_strictly_bind_ip: bool,
  token_num_uses: (k, v, p) => parseInteger(k, v, p, Number.MAX_SAFE_INTEGER),
  token_type: (k, v, p) => {
    if (v === '') return 'default';
    return parseEnum(k, v, ['default', 'service', 'batch'] as const, p);
  },
};

const KNOWN_KEYS: readonly string[] = Object.keys(PARSERS);

/** Names other LDAP libraries use for the same settings, to point users at ours. */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  searchbase: 'userdn',
  searchfilter: 'userfilter',
  bindcredentials: 'bindpass',
  bindpassword: 'bindpass',
  groupsearchbase: 'groupdn',
  groupsearchfilter: 'groupfilter',
  usernameattribute: 'userattr',
  rejectunauthorized: 'insecure_tls',
  ca: 'certificate',
  timeout: 'request_timeout',
  connecttimeout: 'connection_timeout',
};

/** The known key closest to `key`, if one is close enough to be a likely typo. */
export function closestKnownKey(key: string): string | undefined {
  const wanted = squashKey(key);
  const foreign = FOREIGN_NAMES[wanted];
  if (foreign !== undefined) return foreign;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of KNOWN_KEYS) {
    const candidate = squashKey(known);
    if (candidate === wanted) return known;
    let distance = editDistance(wanted, candidate);
    if (wanted.length >= 6 && (wanted.startsWith(candidate) || candidate.startsWith(wanted))) {
      distance = Math.min(distance, 1);
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = known;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(wanted.length / 4)) ? best : undefined;
}

// ---------------------------------------------------------------------------------------------
// Cross-key checks
// ---------------------------------------------------------------------------------------------

interface PemBlock {
  readonly label: string;
  readonly text: string;
}

/** The PEM blocks of `text`, in order (text between blocks is ignored, as Go's pem.Decode skips it). */
function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let at = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', at);
    if (begin < 0) return blocks;
    const labelEnd = text.indexOf('-----', begin + 11);
    if (labelEnd < 0) return blocks;
    const label = text.slice(begin + 11, labelEnd);
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, labelEnd + 5);
    if (end < 0) {
      blocks.push({ label, text: '' });
      return blocks;
    }
    blocks.push({ label, text: text.slice(begin, end + endMarker.length) });
    at = end + endMarker.length;
  }
}

/** Checks a PEM certificate bundle; returns the first certificate, or records the problem. */
function checkCertificates(key: string, pem: string, problems: Problems): X509Certificate | undefined {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0)
    return problems.add(key, 'no PEM block found (expected -----BEGIN CERTIFICATE-----)');
  let first: X509Certificate | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const which = blocks.length > 1 ? `PEM block ${i + 1} of ${blocks.length}` : 'the PEM block';
    if (block.text === '') return problems.add(key, `${which} (${block.label}) has no END line`);
    if (block.label !== 'CERTIFICATE') {
      return problems.add(key, `${which} is ${JSON.stringify(block.label)}, expected CERTIFICATE`);
    }
    try {
      const certificate = new X509Certificate(block.text);
      first ??= certificate;
    } catch (error) {
      return problems.add(key, `${which} is not a parseable X.509 certificate: ${(error as Error).message}`);
    }
  }
  return first;
}

function checkPrivateKey(pem: string, problems: Problems): KeyObject | undefined {
  // PKCS#8 `ENCRYPTED PRIVATE KEY`, or a legacy PEM with a `Proc-Type: 4,ENCRYPTED` header.
  // Checked by label because OpenSSL reports a missing passphrase as a generic decoder error.
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || pem.includes('Proc-Type: 4,ENCRYPTED')) {
    return problems.add('client_tls_key', 'the private key is encrypted; give it unencrypted');
  }
  try {
    return createPrivateKey(pem);
  } catch {
    // OpenSSL's reason says nothing useful to the user, and must not risk quoting the key.
    return problems.add('client_tls_key', 'not a parseable PEM private key');
  }
}

function attributeNames(filter: Filter, into: Set<string>): void {
  const work: Filter[] = [filter];
  while (work.length > 0) {
    const f = work.pop()!;
    if (f.type === 'and' || f.type === 'or') work.push(...f.filters);
    else if (f.type === 'not') work.push(f.filter);
    else if (f.attribute !== undefined) into.add(f.attribute.toLowerCase());
  }
}

/**
 * Compiles a filter template, checks it uses only `allowed` fields, and renders it with `sample`
 * data to check the result is a filter. Returns the template, or records the problem.
 */
function checkFilterTemplate(
  key: 'userfilter' | 'groupfilter',
  text: string,
  allowed: readonly string[],
  sample: Readonly<Record<string, string>>,
  problems: Problems,
): { template: Template; filter: Filter } | undefined {
  let template: Template;
  try {
    template = compileTemplate(text);
  } catch (error) {
    if (error instanceof TemplateError) return problems.add(key, `invalid template: ${error.message}`);
    throw error;
  }
  const unknown = template.fields.filter((f) => !allowed.includes(f));
  if (unknown.length > 0) {
    return problems.add(
      key,
      `unknown template field ${unknown.map((f) => `.${f}`).join(', ')}; this filter can use ${allowed.map((f) => `{{.${f}}}`).join(' and ')}`,
    );
  }
  let rendered: string;
  try {
    rendered = template.render(sample, { escapeNonAscii: false });
  } catch (error) {
    if (error instanceof TemplateError) return problems.add(key, `invalid template: ${error.message}`);
    throw error;
  }
  try {
    return { template, filter: parseFilter(rendered) };
  } catch (error) {
    return problems.add(
      key,
      `does not render to a valid LDAP filter (${(error as Error).message}); with sample values it renders ${JSON.stringify(rendered)}`,
    );
  }
}

/**
 * OpenBao's warnings for a configuration (given on write and on read): a URL that cannot be
 * dialled (OpenBao only finds out when it dials), and the userattr warning, which fires
 * when the user filter neither uses `{{.UserAttr}}` nor tests the userattr attribute itself.
 * OpenBao decides this by a case-sensitive substring test of the template text; we look at the
 * rendered filter's attribute names instead (case-insensitive, as attribute names are), so
 * `{{ .UserAttr }}` or `(sAMAccountName=…)` with userattr `samaccountname` does not warn.
 */
export function ldapAuthConfigWarnings(config: ResolvedLdapAuthConfig): string[] {
  return [...urlWarnings(config.url), ...userattrWarnings(config)];
}

/** URLs that will fail when dialled (a bad scheme, no host…), each named with its reason. */
function urlWarnings(urls: readonly string[]): string[] {
  return urls.flatMap((url, i) => {
    try {
      parseLdapUrl(url);
      return [];
    } catch (error) {
      const where = urls.length > 1 ? `URL ${i + 1} of ${urls.length}` : 'URL';
      return [
        `url: ${where} ${JSON.stringify(maskUserInfo(url))}: ${(error as Error).message}; it will fail when dialled`,
      ];
    }
  });
}

function userattrWarnings(config: ResolvedLdapAuthConfig): string[] {
  let template: Template;
  let filter: Filter;
  try {
    template = compileTemplate(config.userfilter);
    if (template.fields.includes('UserAttr')) return [];
    filter = parseFilter(
      template.render({ UserAttr: config.userattr, Username: 'x' }, { escapeNonAscii: false }),
    );
  } catch {
    return []; // an invalid filter is an error, reported by parseLdapAuthConfig
  }
  const names = new Set<string>();
  attributeNames(filter, names);
  return names.has(config.userattr.toLowerCase()) ? [] : [USERATTR_WARNING];
}

export interface ParseLdapAuthConfigOptions {
  /**
   * A configuration to update: keys missing from the input keep its values (OpenBao's write
   * merges into the stored config). Default: `defaultLdapAuthConfig`.
   */
  readonly base?: ResolvedLdapAuthConfig | undefined;
}

export interface ParsedLdapAuthConfig {
  readonly config: ResolvedLdapAuthConfig;
  /** OpenBao's configuration warnings (see `ldapAuthConfigWarnings`). */
  readonly warnings: readonly string[];
}

/**
 * Validates and normalises a configuration (see the file comment). Throws `LdapConfigErrors` with
 * every problem found; returns the resolved configuration, frozen, and its warnings.
 */
export function parseLdapAuthConfig(
  input: unknown,
  options: ParseLdapAuthConfigOptions = {},
): ParsedLdapAuthConfig {
  const problems = new Problems();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.add('(config)', `expected an object of settings, got ${describeType(input)}`);
    throw new LdapConfigErrors(problems.list);
  }
  const base = options.base ?? defaultLdapAuthConfig;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (!Object.hasOwn(PARSERS, key)) {
      const suggestion = closestKnownKey(key);
      problems.add(
        key,
        `unknown key${suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`}`,
      );
      continue;
    }
    const parsed = PARSERS[key as keyof LdapAuthConfig](key, value, problems);
    if (parsed !== undefined) patch[key] = parsed;
  }

  // The deprecated `policies` is token_policies under another name.
  if (patch['policies'] !== undefined) {
    const legacy = patch['policies'] as string[];
    const current = patch['token_policies'] as string[] | undefined;
    if (current !== undefined && current.join(',') !== legacy.join(',')) {
      problems.add(
        'policies',
        'deprecated alias of token_policies, and both are given with different values; give only token_policies',
      );
    } else {
      patch['token_policies'] = legacy;
    }
    delete patch['policies'];
  }

  const merged = { ...base, ...patch } as ResolvedLdapAuthConfig;
  const failed = (key: string): boolean => problems.keys.has(key);

  if (
    !failed('tls_min_version') &&
    !failed('tls_max_version') &&
    merged.tls_max_version < merged.tls_min_version
  ) {
    problems.add(
      'tls_max_version',
      `must be greater than or equal to tls_min_version (${merged.tls_max_version} < ${merged.tls_min_version})`,
    );
  }
  if (merged.certificate !== '' && !failed('certificate'))
    checkCertificates('certificate', merged.certificate, problems);

  const hasCert = merged.client_tls_cert !== '';
  const hasKey = merged.client_tls_key !== '';
  if (!failed('client_tls_cert') && !failed('client_tls_key') && hasCert !== hasKey) {
    problems.add(
      hasCert ? 'client_tls_key' : 'client_tls_cert',
      'both client_tls_cert and client_tls_key must be set, or neither',
    );
  } else if (hasCert && hasKey && !failed('client_tls_cert') && !failed('client_tls_key')) {
    const certificate = checkCertificates('client_tls_cert', merged.client_tls_cert, problems);
    const key = checkPrivateKey(merged.client_tls_key, problems);
    if (certificate !== undefined && key !== undefined && !certificate.checkPrivateKey(key)) {
      problems.add('client_tls_key', 'does not match the public key of client_tls_cert');
    }
  }

  if (!failed('userfilter')) {
    const userattr = failed('userattr') ? 'cn' : merged.userattr;
    checkFilterTemplate(
      'userfilter',
      merged.userfilter,
      USER_FILTER_FIELDS,
      { UserAttr: userattr, Username: 'x' },
      problems,
    );
  }
  if (!failed('groupfilter') && merged.groupfilter !== '') {
    checkFilterTemplate(
      'groupfilter',
      merged.groupfilter,
      GROUP_FILTER_FIELDS,
      { UserDN: 'cn=x,dc=example', Username: 'x' },
      problems,
    );
  }

  if (
    !failed('token_ttl') &&
    !failed('token_max_ttl') &&
    merged.token_ttl > 0 &&
    merged.token_max_ttl > 0 &&
    merged.token_ttl > merged.token_max_ttl
  ) {
    problems.add('token_ttl', 'must not be greater than token_max_ttl');
  }
  if (merged.token_strictly_bind_ip && merged.token_bound_cidrs.length > 0 && !failed('token_bound_cidrs')) {
    problems.add('token_strictly_bind_ip', 'conflicts with token_bound_cidrs; set only one of them');
  }

  if (problems.list.length > 0) throw new LdapConfigErrors(problems.list);
  const config: ResolvedLdapAuthConfig = Object.freeze({
    ...merged,
    url: Object.freeze([...merged.url]),
    token_policies: Object.freeze([...merged.token_policies]),
    token_bound_cidrs: Object.freeze([...merged.token_bound_cidrs]),
  });
  return { config, warnings: ldapAuthConfigWarnings(config) };
}
