/**
 * `parseLdapAuthConfig`: a configuration as OpenBao's API takes it, validated and normalised as
 * OpenBao does (url lower-cased and split on commas, userattr lower-cased, groupattr kept as
 * written, an empty userfilter means the default), every problem reported at once as
 * `LdapConfigErrors`.
 *
 * Where OpenBao accepts a value that can only fail at login, we reject it here, with the key and
 * the reason: an unknown key (with the closest known one), a template that does not compile,
 * names a field the filter cannot use, or does not render to a valid filter, an invalid
 * certificate or key pair, tls_min_version above tls_max_version, negative timeouts, an unknown
 * dereference_aliases (OpenBao silently uses `never`), userdn/groupdn that are not DNs. A URL is
 * OpenBao's way: stored, and a warning when it cannot be dialled (one failed entry of the
 * failover); spaces around the commas of `url` are trimmed.
 */
import { LdapConfigErrors } from '../errors/config.js';
import { checkCertificates, checkPrivateKey } from './pem.js';
import {
  DEFAULT_USER_FILTER,
  defaultLdapAuthConfig,
  GROUP_FILTER_FIELDS,
  type LdapAuthConfig,
  type ResolvedLdapAuthConfig,
  type TlsVersion,
  USER_FILTER_FIELDS,
} from './settings.js';
import { closestKnownKey } from './suggestions.js';
import { checkFilterTemplate } from './templates.js';
import {
  describeType,
  isCidr,
  Problems,
  parseAttribute,
  parseBool,
  parseDNString,
  parseEnum,
  parseInteger,
  parseList,
  parseNonNegativeDuration,
  parseString,
  parseUrls,
} from './values.js';
import { ldapAuthConfigWarnings } from './warnings.js';

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
    if (!Object.hasOwn(PARSERS, key)) {
      const suggestion = closestKnownKey(key);
      problems.add(
        key,
        `unknown key${suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`}`,
      );
      continue;
    }
    // A known key set to null is left at its default (as OpenBao treats an absent field).
    if (value === undefined || value === null) continue;
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
