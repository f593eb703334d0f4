/**
 * The LDAP authenticator with the Vault/OpenBao LDAP auth method's semantics
 * (research/openbao-ldaputil.md §4): the login flow reads top to bottom as OpenBao's does, with
 * OpenBao's known bugs done right (filter escaping of the UPN lookup, GHSA-6mwx-4547-5vc9; empty
 * passwords refused before any packet; non-ASCII sent byte-exact).
 */
import { escapeDNValueOpenBao } from '../core/dn-escape.js';
import { escapeFilterValue } from '../core/filter-escape.js';
import { type LdapAuthConfig, parseLdapAuthConfig, type ResolvedLdapAuthConfig } from './config/index.js';
import { DirectoryAccess } from './directory-access.js';
import { type DirectorySession, type FoundEntry, failureOf, textAttributes } from './directory-session.js';
import {
  type ConnectionTest,
  DirectoryTools,
  type ListUsersOptions,
  type PasswordRotation,
  type RotatePasswordOptions,
} from './directory-tools.js';
import { EntityAliasError, RebindError, UserDNSearchError } from './errors/after-bind.js';
import { LdapAuthError } from './errors/base.js';
import { EmptyPasswordError, loginDenied } from './errors/login.js';
import { GroupSearch } from './group-search.js';
import { normalizeUsername, PolicyStore, type PolicyStoreOptions } from './policies.js';
import type { UserImport } from './user-import.js';
import type { WireFilter } from './wire/wire-filter.js';

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

/** JumpServer's Test Login: a refusal is an outcome, not a throw. */
export type LoginTest =
  | { readonly ok: true; readonly result: LoginResult }
  | { readonly ok: false; readonly error: LdapAuthError };

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
  /** testConnection, listUsers and rotatePassword, also usable on their own. */
  readonly tools: DirectoryTools;
  private readonly access: DirectoryAccess;
  private readonly groups: GroupSearch;

  /** Throws LdapConfigErrors naming every key that is wrong, and why. */
  constructor(config: LdapAuthConfig, options: LdapAuthenticatorOptions = {}) {
    const { config: resolved, warnings } = parseLdapAuthConfig(config);
    this.config = resolved;
    this.configWarnings = warnings;
    this.policies = new PolicyStore({
      ...options.policies,
      caseSensitiveNames: resolved.case_sensitive_names,
    });
    this.access = new DirectoryAccess(resolved);
    this.groups = new GroupSearch(this.access);
    this.tools = new DirectoryTools(this.access);
  }

  // --- login ------------------------------------------------------------------------------

  async login(rawUsername: string, password: string): Promise<LoginResult> {
    const config = this.config;
    const username = normalizeUsername(rawUsername, config.case_sensitive_names);
    const redact = this.access.redactions(password);
    // Before any network I/O: an empty password would be an unauthenticated bind, which many
    // servers accept as anonymous (vault#2086).
    if (config.deny_null_bind && password.length === 0) throw new EmptyPasswordError({ username, redact });
    // Samba compares filter values as C strings: `alice\0zzz` would reach alice under another name.
    if (username.includes('\u0000')) {
      throw loginDenied({ step: 'username', username, reason: 'the user name contains NUL', redact });
    }

    const session = await this.access.open(redact);
    try {
      const bindDN = await this.userBindDN(session, username, redact);
      await this.bindAsUser(session, bindDN, username, password, redact);
      if (this.access.searchMode && config.bindpass !== '') await this.rebindService(session, redact);
      const userDN = await this.userDN(session, bindDN, username, redact);
      const ldapGroups = await this.groups.groupsOf(session, userDN, username, redact);
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

  /** Step 5: the DN (or UPN) to bind as. Every failure is the generic login denial. */
  private async userBindDN(session: DirectorySession, username: string, redact: string[]): Promise<string> {
    const config = this.config;
    if (this.access.searchMode) {
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
      filter = this.access.userFilterFor(username);
    } catch (error) {
      throw loginDenied({ step: 'userFilter', username, reason: (error as Error).message, redact });
    }
    try {
      return await session.search(this.access.userSearch(filter, attributes, sizeLimit));
    } catch (error) {
      throw loginDenied({ step: 'userSearch', username, ...failureOf(error), redact });
    }
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
        derefAliases: this.access.derefAliases,
      });
      return entries.at(-1)?.dn ?? '';
    } catch (error) {
      throw new UserDNSearchError({ ...failureOf(error), redact });
    }
  }

  /** Step 12: the entity alias name. */
  private async entityAlias(session: DirectorySession, bindDN: string, username: string, redact: string[]) {
    const config = this.config;
    if (config.username_as_alias) return username;
    if (!this.access.searchMode) return bindDN;
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

  /** The whole login; any authenticator error comes back as `{ ok: false, error }`. */
  async testLogin(username: string, password: string): Promise<LoginTest> {
    try {
      return { ok: true, result: await this.login(username, password) };
    } catch (error) {
      if (error instanceof LdapAuthError) return { ok: false, error };
      throw error;
    }
  }

  // --- directory tools (JumpServer, Infisical), kept here as the product documents them ---

  testConnection(): Promise<ConnectionTest> {
    return this.tools.testConnection();
  }

  listUsers(options: ListUsersOptions = {}): Promise<UserImport> {
    return this.tools.listUsers(options);
  }

  rotatePassword(
    user: string | { readonly dn: string },
    newPassword: string,
    options: RotatePasswordOptions = {},
  ): Promise<PasswordRotation> {
    return this.tools.rotatePassword(user, newPassword, options);
  }
}
