/**
 * The LDAP authenticator with the Vault/OpenBao LDAP auth method's semantics
 * (research/openbao-ldaputil.md §4): the login flow reads top to bottom as OpenBao's does, with
 * OpenBao's known bugs done right (filter escaping of the UPN lookup, GHSA-6mwx-4547-5vc9; empty
 * passwords refused before any packet; non-ASCII sent byte-exact).
 */
import { escapeDNValueOpenBao } from '../core/dn-escape.js';
import { escapeFilterValue } from '../core/filter-escape.js';
import { decodeSid } from '../core/sid.js';
import {
  LDAPTS_DEREF_ALIASES,
  type LdapAuthConfig,
  NODE_TLS_VERSIONS,
  parseLdapAuthConfig,
  type ResolvedLdapAuthConfig,
} from './config/index.js';
import { LdapConfigError } from './config-errors.js';
import { type Connection, dial } from './connection.js';
import {
  DirectoryOperationError,
  type DirectoryStep,
  InsecureConnectionError,
  UserNotFoundError,
} from './directory-errors.js';
import {
  DirectorySession,
  type FoundEntry,
  OperationFailed,
  type SearchParameters,
} from './directory-session.js';
import {
  EmptyPasswordError,
  EntityAliasError,
  GroupSearchConnectError,
  GroupSearchError,
  LdapAuthError,
  type LdapFailureDetails,
  loginDenied,
  RebindError,
  UserDNSearchError,
} from './errors.js';
import { extractGroupNames, getCN } from './group-names.js';
import { setPassword } from './password-rotation.js';
import { normalizeUsername, PolicyStore, type PolicyStoreOptions } from './policies.js';
import { type DirectoryProvider, readServerInfo, type ServerInfo } from './server-info.js';
import { compileTemplate, type Template, TemplateError } from './template.js';
import {
  ANY_USER_PLACEHOLDER,
  type AttributeMap,
  checkAttributeMap,
  defaultAttributeMap,
  type ImportedUser,
  isSkipped,
  mapUser,
  type SkippedEntry,
  type UserImport,
  wildcardUserFilter,
} from './user-import.js';
import { WireFilter } from './wire-filter.js';

export interface LoginResult {
  /** The user's DN as found (empty with upndomain when the UPN lookup finds nothing, as OpenBao). */
  readonly userDN: string;
  /** The normalised user name (trimmed; lower-cased unless case_sensitive_names). */
  readonly username: string;
  /** The entity alias name. */
  readonly alias: string;
  /** Local and LDAP groups (OpenBao's allGroups). */
  readonly groups: readonly string[];
  /** The groups found in LDAP alone. */
  readonly ldapGroups: readonly string[];
  readonly policies: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

/** JumpServer's Test Connection: where we got, how protected, what the server is. */
export interface ConnectionTest extends ServerInfo {
  readonly url: string;
  readonly protection: 'ldaps' | 'startTLS' | 'none';
  /** The identity bound as; empty for anonymous. */
  readonly bindDN: string;
  /** Whether the service account finds userdn and groupdn (a base search of each). */
  readonly bases: { readonly userdn: BaseCheck; readonly groupdn: BaseCheck };
}

export type BaseCheck =
  | { readonly status: 'ok'; readonly dn: string }
  | { readonly status: 'unset' }
  | { readonly status: 'failed'; readonly dn: string; readonly error: DirectoryOperationError };

/** JumpServer's Test Login: a refusal is an outcome, not a throw. */
export type LoginTest =
  | { readonly ok: true; readonly result: LoginResult }
  | { readonly ok: false; readonly error: LdapAuthError };

export interface ListUsersOptions {
  /** JumpServer field → LDAP attribute; default `{ username: userattr, name: 'cn', email: 'mail' }`. */
  readonly attributeMap?: AttributeMap;
  /** Entries per page; default max_page_size when > 0, else 500. */
  readonly pageSize?: number;
  /** After each page: the running totals. */
  readonly onProgress?: (progress: {
    readonly pages: number;
    readonly users: number;
    readonly skipped: number;
  }) => void;
}

export interface RotatePasswordOptions {
  /** Infisical's provider; default: read from the root DSE (AD announces itself). */
  readonly provider?: DirectoryProvider;
}

export interface PasswordRotation {
  readonly dn: string;
  readonly provider: DirectoryProvider;
  /** How the password was set. */
  readonly method: 'unicodePwd' | 'passwordModify';
}

export interface LdapAuthenticatorOptions {
  /** Local user and group → policy mappings (OpenBao's `users/` and `groups/`). */
  readonly policies?: Omit<PolicyStoreOptions, 'caseSensitiveNames'>;
}

/** go-ldap's EscapeFilter: every octet ≥ 0x80 hex-escaped too. */
const escapeFilter = (value: string) => escapeFilterValue(value, { escapeNonAscii: true });

export class LdapAuthenticator {
  readonly config: ResolvedLdapAuthConfig;
  /** Configuration warnings, as OpenBao gives them on write. */
  readonly configWarnings: readonly string[];
  readonly policies: PolicyStore;
  private readonly userFilter: Template;
  private readonly groupFilter: Template | undefined;
  private readonly secrets: string[];

  /** Throws LdapConfigErrors naming every key that is wrong, and why. */
  constructor(config: LdapAuthConfig, options: LdapAuthenticatorOptions = {}) {
    const { config: resolved, warnings } = parseLdapAuthConfig(config);
    this.config = resolved;
    this.configWarnings = warnings;
    this.policies = new PolicyStore({
      ...options.policies,
      caseSensitiveNames: resolved.case_sensitive_names,
    });
    this.userFilter = compileTemplate(resolved.userfilter);
    this.groupFilter = resolved.groupfilter === '' ? undefined : compileTemplate(resolved.groupfilter);
    this.secrets = [resolved.bindpass];
  }

  // --- login ------------------------------------------------------------------------------

  async login(rawUsername: string, password: string): Promise<LoginResult> {
    const config = this.config;
    const username = normalizeUsername(rawUsername, config.case_sensitive_names);
    const redact = this.redactions(password);
    // Before any network I/O: an empty password would be an unauthenticated bind, which many
    // servers accept as anonymous (vault#2086).
    if (config.deny_null_bind && password.length === 0) throw new EmptyPasswordError({ username, redact });
    // Samba compares filter values as C strings: `alice\0zzz` would reach alice under another name.
    if (username.includes('\u0000')) {
      throw loginDenied({ step: 'username', username, reason: 'the user name contains NUL', redact });
    }

    const session = await this.open(redact);
    try {
      const bindDN = await this.userBindDN(session, username, redact);
      await this.bindAsUser(session, bindDN, username, password, redact);
      if (this.searchMode() && config.bindpass !== '') await this.rebindService(session, redact);
      const userDN = await this.userDN(session, bindDN, username, redact);
      const ldapGroups = await this.groupsOf(session, userDN, username, redact);
      const resolution = this.policies.resolvePolicies({ username, ldapGroups, config });
      const alias = await this.entityAlias(session, bindDN, username, redact);
      return {
        userDN,
        username,
        alias,
        groups: resolution.groups,
        ldapGroups,
        policies: resolution.policies,
        metadata: { username },
        warnings: resolution.warnings,
      };
    } finally {
      await session.close();
    }
  }

  /** Search mode: the user is found by a search (service account or discoverdn) before binding. */
  private searchMode(): boolean {
    const { discoverdn, binddn, bindpass } = this.config;
    return discoverdn || (binddn !== '' && bindpass !== '');
  }

  /**
   * The secrets to keep out of every error, each also as a username would be normalised: a
   * password typed into the username field comes back in the details trimmed and lower-cased.
   */
  private redactions(...passwords: string[]): string[] {
    const forms = [...this.secrets, ...passwords].flatMap((secret) => [
      secret,
      normalizeUsername(secret, true),
      normalizeUsername(secret, false),
    ]);
    return [...new Set(forms)].filter((form) => form !== '');
  }

  /** Step 5: the DN (or UPN) to bind as. Every failure is the generic login denial. */
  private async userBindDN(session: DirectorySession, username: string, redact: string[]): Promise<string> {
    const config = this.config;
    if (this.searchMode()) {
      await this.serviceBind(session, 'serviceBind', username, redact);
      const entries = await this.findUser(session, username, [config.userattr], 2, redact);
      if (entries.length !== 1) {
        throw loginDenied({
          step: 'userSearch',
          username,
          reason: 'LDAP search for binddn 0 or not unique',
          redact,
        });
      }
      return entries[0]!.dn;
    }
    if (config.upndomain !== '') return `${escapeDNValueOpenBao(username)}@${config.upndomain}`;
    return `${config.userattr}=${escapeDNValueOpenBao(username)},${config.userdn}`;
  }

  /** The service bind: binddn/bindpass, or an unauthenticated bind named binddn without a password. */
  private async serviceBind(
    session: DirectorySession,
    step: 'serviceBind',
    username: string,
    redact: string[],
  ) {
    try {
      await session.bind(this.config.binddn, this.config.bindpass);
    } catch (error) {
      throw loginDenied({ step, username, ...failureOf(error), redact });
    }
  }

  /** The user search of search mode and of the alias lookup: userdn, subtree, the rendered userfilter. */
  private async findUser(
    session: DirectorySession,
    username: string,
    attributes: readonly string[],
    sizeLimit: number,
    redact: string[],
  ): Promise<FoundEntry[]> {
    let filter: WireFilter;
    try {
      filter = this.userFilterFor(username);
    } catch (error) {
      throw loginDenied({ step: 'userFilter', username, reason: (error as Error).message, redact });
    }
    try {
      return await session.search(this.userSearch(filter, attributes, sizeLimit));
    } catch (error) {
      throw loginDenied({ step: 'userSearch', username, ...failureOf(error), redact });
    }
  }

  /** The userfilter rendered for one user name (throws on a template or filter error). */
  private userFilterFor(username: string): WireFilter {
    const config = this.config;
    // upndomain overrides both template fields: the user is found by userPrincipalName.
    const data =
      config.upndomain === ''
        ? { UserAttr: config.userattr, Username: username }
        : { UserAttr: 'userPrincipalName', Username: `${username}@${config.upndomain}` };
    return WireFilter.parse(this.userFilter.render(data, { escapeNonAscii: false }));
  }

  private userSearch(filter: WireFilter, attributes: readonly string[], sizeLimit: number): SearchParameters {
    return {
      base: this.config.userdn,
      scope: 'sub',
      filter,
      attributes,
      sizeLimit,
      derefAliases: derefOf(this.config),
    };
  }

  /** Step 6: bind as the user. An AD `data 775` and friends become AccountStateError. */
  private async bindAsUser(
    session: DirectorySession,
    bindDN: string,
    username: string,
    password: string,
    redact: string[],
  ): Promise<void> {
    try {
      await session.bind(bindDN, password);
    } catch (error) {
      throw loginDenied({ step: 'userBind', username, bindDN, ...failureOf(error), redact });
    }
    // With deny_null_bind off the empty password is sent, as OpenBao does; but a name with no
    // password is an unauthenticated bind (RFC 4513 §5.1.2) that Windows AD answers with success
    // as anonymous. That proves nothing about the user, so it is never a login (vault#2086).
    if (password.length === 0) {
      throw loginDenied({
        step: 'userBind',
        username,
        bindDN,
        reason: 'the server accepted an unauthenticated bind (empty password), which authenticates nobody',
        redact,
      });
    }
  }

  /** Step 7: back to the service account, which may read groups the user may not (vault#2534). */
  private async rebindService(session: DirectorySession, redact: string[]): Promise<void> {
    try {
      await session.bind(this.config.binddn, this.config.bindpass);
    } catch (error) {
      throw new RebindError({ ...failureOf(error), redact });
    }
  }

  /** Step 8: with upndomain the real DN is looked up by a filter-escaped UPN; the last entry wins. */
  private async userDN(session: DirectorySession, bindDN: string, username: string, redact: string[]) {
    const config = this.config;
    if (config.upndomain === '') return bindDN;
    try {
      const entries = await session.search({
        base: config.userdn,
        scope: 'sub',
        // Filter escaping here, not DN escaping: GHSA-6mwx-4547-5vc9.
        filter: `(userPrincipalName=${escapeFilter(username)}@${escapeFilter(config.upndomain)})`,
        attributes: ['1.1'],
        derefAliases: derefOf(config),
      });
      return entries.at(-1)?.dn ?? '';
    } catch (error) {
      throw new UserDNSearchError({ ...failureOf(error), redact });
    }
  }

  /** Steps 9–10: the LDAP groups, by tokenGroups or by the group filter. */
  private async groupsOf(session: DirectorySession, userDN: string, username: string, redact: string[]) {
    const config = this.config;
    let groupSession = session;
    if (config.anonymous_group_search) {
      try {
        groupSession = await this.open(redact);
      } catch (error) {
        throw new GroupSearchConnectError({ reason: (error as Error).message, redact });
      }
    }
    try {
      if (config.use_token_groups) return await this.tokenGroups(groupSession, userDN, redact);
      return await this.filterGroups(groupSession, userDN, username, redact);
    } finally {
      if (groupSession !== session) await groupSession.close();
    }
  }

  private async filterGroups(session: DirectorySession, userDN: string, username: string, redact: string[]) {
    const config = this.config;
    if (!this.groupFilter || config.groupdn === '') return [];
    let filter: WireFilter;
    try {
      filter = WireFilter.parse(
        this.groupFilter.render({ UserDN: userDN, Username: username }, { escapeNonAscii: false }),
      );
    } catch (error) {
      const phase = error instanceof TemplateError ? 'render' : 'template';
      throw new GroupSearchError({ phase, reason: (error as Error).message, redact });
    }
    let entries: FoundEntry[];
    try {
      entries = await session.search({
        base: config.groupdn,
        scope: 'sub',
        filter,
        attributes: [config.groupattr],
        derefAliases: derefOf(config),
        pageSize: config.max_page_size,
      });
    } catch (error) {
      throw new GroupSearchError({ ...failureOf(error), redact });
    }
    const textual = entries.map((entry) => ({ dn: entry.dn, attributes: textAttributes(entry) }));
    return extractGroupNames(textual, {
      groupattr: config.groupattr,
      pre111: config.use_pre111_group_cn_behavior,
    });
  }

  /** AD: the user's tokenGroups SIDs, each resolved with a `<SID=…>` base search (failures skipped). */
  private async tokenGroups(session: DirectorySession, userDN: string, redact: string[]): Promise<string[]> {
    let entries: FoundEntry[];
    try {
      entries = await session.search({
        base: userDN,
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['tokenGroups'],
        sizeLimit: 1,
        binary: ['tokenGroups'],
      });
    } catch (error) {
      throw new GroupSearchError({ ...failureOf(error), redact });
    }
    const raw = entries[0]?.attributes['tokenGroups'];
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const sids = values.flatMap((value) => {
      try {
        return [decodeSid(typeof value === 'string' ? Buffer.from(value, 'latin1') : value)];
      } catch {
        return [];
      }
    });
    const names = await mapConcurrently(sids, 10, async (sid) => {
      try {
        const found = await session.search({
          base: `<SID=${sid}>`,
          scope: 'base',
          filter: '(objectClass=*)',
          attributes: ['1.1'],
          sizeLimit: 1,
        });
        return found[0]
          ? getCN(found[0].dn, { pre111: this.config.use_pre111_group_cn_behavior })
          : undefined;
      } catch {
        return undefined;
      }
    });
    return [...new Set(names.filter((n): n is string => n !== undefined))];
  }

  /** Step 12: the entity alias name. */
  private async entityAlias(session: DirectorySession, bindDN: string, username: string, redact: string[]) {
    const config = this.config;
    if (config.username_as_alias) return username;
    if (!this.searchMode()) return bindDN;
    await this.serviceBind(session, 'serviceBind', username, redact);
    const entries = await this.findUser(session, username, [config.userattr], 2, redact);
    if (entries.length !== 1) throw new EntityAliasError({ problem: 'notUnique', redact });
    const attributes = textAttributes(entries[0]!);
    const names = Object.keys(attributes);
    if (names.length !== 1) throw new EntityAliasError({ problem: 'attributeMissing', redact });
    const values = attributes[names[0]!];
    const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
    if (list.length !== 1 || list[0] === '') {
      throw new EntityAliasError({ problem: 'valueNotUnique', userattr: config.userattr, redact });
    }
    return list[0]!;
  }

  // --- directory tools (JumpServer, Infisical) ---------------------------------------------

  /** Dial (with failover), bind as binddn (anonymous when empty), read the root DSE, find userdn and groupdn. */
  async testConnection(): Promise<ConnectionTest> {
    const redact = this.redactions();
    return this.withServiceSession(redact, async (session) => {
      const info = await this.step('rootDSE', redact, () => readServerInfo(session));
      const { url, protection } = session.connection;
      const bases = {
        userdn: await this.checkBase(session, this.config.userdn, redact),
        groupdn: await this.checkBase(session, this.config.groupdn, redact),
      };
      return { url, protection, bindDN: this.config.binddn, ...info, bases };
    });
  }

  private async checkBase(session: DirectorySession, dn: string, redact: string[]): Promise<BaseCheck> {
    if (dn === '') return { status: 'unset' };
    try {
      await this.step('baseSearch', redact, () =>
        session.search({
          base: dn,
          scope: 'base',
          filter: '(objectClass=*)',
          attributes: ['1.1'],
          sizeLimit: 1,
        }),
      );
      return { status: 'ok', dn };
    } catch (error) {
      if (error instanceof DirectoryOperationError) return { status: 'failed', dn, error };
      throw error;
    }
  }

  /** The whole login; any authenticator error comes back as `{ ok: false, error }`. */
  async testLogin(username: string, password: string): Promise<LoginTest> {
    try {
      return { ok: true, result: await this.login(username, password) };
    } catch (error) {
      if (error instanceof LdapAuthError) return { ok: false, error };
      throw error;
    }
  }

  /** Every entry the userfilter matches with the user name as `*`, paged, mapped to users. */
  async listUsers(options: ListUsersOptions = {}): Promise<UserImport> {
    const map = options.attributeMap ?? defaultAttributeMap(this.config.userattr);
    checkAttributeMap(map);
    const pageSize = options.pageSize ?? (this.config.max_page_size > 0 ? this.config.max_page_size : 500);
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new LdapConfigError('pageSize', `must be a positive integer, got ${pageSize}`);
    }
    let filter: WireFilter;
    try {
      filter = WireFilter.parse(wildcardUserFilter(this.userFilterFor(ANY_USER_PLACEHOLDER).toString()));
    } catch (error) {
      throw new LdapConfigError('userfilter', (error as Error).message);
    }
    const attributes = [...new Set(Object.values(map))];
    const redact = this.redactions();
    const users: ImportedUser[] = [];
    const skipped: SkippedEntry[] = [];
    let pages = 0;
    await this.withServiceSession(redact, (session) =>
      this.step('userList', redact, () =>
        session.searchPages({ ...this.userSearch(filter, attributes, 0), pageSize }, (entries) => {
          for (const entry of entries) {
            const mapped = mapUser(entry.dn, textValues(entry), map);
            if (isSkipped(mapped)) skipped.push(mapped);
            else users.push(mapped);
          }
          pages += 1;
          options.onProgress?.({ pages, users: users.length, skipped: skipped.length });
        }),
      ),
    );
    return { users, skipped };
  }

  /**
   * Sets a user's password as the bound account: AD's unicodePwd or the Password Modify extended
   * operation. Refused on a connection without TLS, before the password is sent.
   */
  async rotatePassword(
    user: string | { readonly dn: string },
    newPassword: string,
    options: RotatePasswordOptions = {},
  ): Promise<PasswordRotation> {
    if (newPassword === '') throw new LdapConfigError('newPassword', 'must not be empty');
    const redact = this.redactions(newPassword);
    return this.withServiceSession(redact, async (session) => {
      const { url, protection } = session.connection;
      if (protection === 'none') throw new InsecureConnectionError({ url, redact });
      const provider =
        options.provider ?? (await this.step('rootDSE', redact, () => readServerInfo(session))).provider;
      const dn = typeof user === 'string' ? await this.uniqueUserDN(session, user, redact) : user.dn;
      await this.step('passwordChange', redact, () => setPassword(session, provider, dn, newPassword));
      return { dn, provider, method: provider === 'active-directory' ? 'unicodePwd' : 'passwordModify' };
    });
  }

  private async uniqueUserDN(session: DirectorySession, rawUsername: string, redact: string[]) {
    const username = normalizeUsername(rawUsername, this.config.case_sensitive_names);
    if (username.includes('\u0000')) throw new UserNotFoundError({ username, matches: 0, redact });
    const entries = await this.step('userSearch', redact, () =>
      session.search(this.userSearch(this.userFilterFor(username), ['1.1'], 2)),
    );
    if (entries.length !== 1) throw new UserNotFoundError({ username, matches: entries.length, redact });
    return entries[0]!.dn;
  }

  /** A connection bound as binddn (none when binddn is empty), closed after `use`. */
  private async withServiceSession<T>(redact: string[], use: (session: DirectorySession) => Promise<T>) {
    const session = await this.open(redact);
    try {
      if (this.config.binddn !== '') {
        await this.step('serviceBind', redact, () => session.bind(this.config.binddn, this.config.bindpass));
      }
      return await use(session);
    } finally {
      await session.close();
    }
  }

  /** Runs one directory operation; an LDAP failure becomes a DirectoryOperationError naming the step. */
  private async step<T>(step: DirectoryStep, redact: string[], operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof LdapAuthError) throw error;
      throw new DirectoryOperationError({ step, ...failureOf(error), redact });
    }
  }

  // --- connections ------------------------------------------------------------------------

  private async open(redact: string[]): Promise<DirectorySession> {
    const connection: Connection = await dial(this.dialSettings());
    return new DirectorySession(connection, redact);
  }

  dialSettings() {
    const config = this.config;
    return {
      urls: config.url,
      startTls: config.starttls,
      tls: {
        ca: config.certificate || undefined,
        clientCertificate:
          config.client_tls_cert !== ''
            ? { cert: config.client_tls_cert, key: config.client_tls_key }
            : undefined,
        minVersion: NODE_TLS_VERSIONS[config.tls_min_version],
        maxVersion: NODE_TLS_VERSIONS[config.tls_max_version],
        insecure: config.insecure_tls,
      },
      connectionTimeoutMs: config.connection_timeout,
      requestTimeoutMs: config.request_timeout,
    };
  }
}

function failureOf(error: unknown): LdapFailureDetails {
  if (error instanceof OperationFailed) {
    const { resultCode, diagnosticMessage, reason } = error.failure;
    // With a result code the error classes write go-ldap's text themselves; the reason would repeat it.
    return resultCode === undefined ? { reason } : { resultCode, diagnosticMessage };
  }
  return { reason: error instanceof Error ? error.message : String(error) };
}

function derefOf(config: ResolvedLdapAuthConfig) {
  return LDAPTS_DEREF_ALIASES[config.dereference_aliases];
}

/** Every attribute as a list of text values. */
function textValues(entry: FoundEntry): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(textAttributes(entry))) {
    out[name] = typeof value === 'string' ? [value] : value;
  }
  return out;
}

/** Attribute values as text, names exactly as the server returned them. */
function textAttributes(entry: FoundEntry): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(entry.attributes)) {
    out[name] = Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v : v.toString('utf8')))
      : typeof value === 'string'
        ? value
        : value.toString('utf8');
  }
  return out;
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
