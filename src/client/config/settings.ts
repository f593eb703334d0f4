/**
 * The LDAP auth configuration: every parameter of OpenBao's `auth/ldap/config` endpoint
 * (reference/openbao-ldap-auth-api.md), as a user writes it and as it is resolved, with
 * OpenBao's defaults, in one place. Durations come out in milliseconds (what Node's timers and
 * ldapts take).
 */
export type TlsVersion = 'tls10' | 'tls11' | 'tls12' | 'tls13';
export type DereferenceAliases = 'never' | 'searching' | 'finding' | 'always';
export type TokenType = 'default' | 'service' | 'batch';

export type BoolInput = boolean | string | number;
export type IntInput = number | string;
export type DurationInput = number | string;
export type ListInput = string | readonly string[];

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
