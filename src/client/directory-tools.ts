/**
 * The directory tools beyond login, for the operator rather than the end user: JumpServer's Test
 * Connection and user import, Infisical's password rotation. Unlike a login they say exactly what
 * failed (there is no account enumeration to avoid); every error is still redacted.
 */
import { type LdapAuthConfig, parseLdapAuthConfig, type ResolvedLdapAuthConfig } from './config/index.js';
import { DirectoryAccess } from './directory-access.js';
import { type DirectorySession, failureOf, textValues } from './directory-session.js';
import { LdapAuthError } from './errors/base.js';
import { LdapConfigError } from './errors/config.js';
import {
  DirectoryOperationError,
  type DirectoryStep,
  InsecureConnectionError,
  UserNotFoundError,
} from './errors/directory.js';
import { setPassword } from './password-rotation.js';
import { normalizeUsername } from './policies.js';
import { type DirectoryProvider, readServerInfo, type ServerInfo } from './server-info.js';
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
import { WireFilter } from './wire/wire-filter.js';

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

export class DirectoryTools {
  private readonly access: DirectoryAccess;

  /** Takes the configuration (checked: throws LdapConfigErrors) or the login's directory access. */
  constructor(source: LdapAuthConfig | DirectoryAccess) {
    this.access =
      source instanceof DirectoryAccess ? source : new DirectoryAccess(parseLdapAuthConfig(source).config);
  }

  private get config(): ResolvedLdapAuthConfig {
    return this.access.config;
  }

  /** Dial (with failover), bind as binddn (anonymous when empty), read the root DSE, find userdn and groupdn. */
  async testConnection(): Promise<ConnectionTest> {
    const redact = this.access.redactions();
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
      filter = WireFilter.parse(
        wildcardUserFilter(this.access.userFilterFor(ANY_USER_PLACEHOLDER).toString()),
      );
    } catch (error) {
      throw new LdapConfigError('userfilter', (error as Error).message);
    }
    const attributes = [...new Set(Object.values(map))];
    const redact = this.access.redactions();
    const users: ImportedUser[] = [];
    const skipped: SkippedEntry[] = [];
    let pages = 0;
    await this.withServiceSession(redact, (session) =>
      this.step('userList', redact, () =>
        session.searchPages({ ...this.access.userSearch(filter, attributes, 0), pageSize }, (entries) => {
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
    const redact = this.access.redactions(newPassword);
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
      session.search(this.access.userSearch(this.access.userFilterFor(username), ['1.1'], 2)),
    );
    if (entries.length !== 1) throw new UserNotFoundError({ username, matches: entries.length, redact });
    return entries[0]!.dn;
  }

  /** A connection bound as binddn (none when binddn is empty), closed after `use`. */
  private async withServiceSession<T>(redact: string[], use: (session: DirectorySession) => Promise<T>) {
    const session = await this.access.open(redact);
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
}
