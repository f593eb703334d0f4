/**
 * How one configuration reaches its directory, shared by the login and the directory tools:
 * dialling with failover and TLS, the user search (userdn, subtree, the rendered userfilter), and
 * the secrets every error must keep out.
 */
import { LDAPTS_DEREF_ALIASES, NODE_TLS_VERSIONS, type ResolvedLdapAuthConfig } from './config/index.js';
import { dial } from './connection.js';
import { DirectorySession, type SearchParameters } from './directory-session.js';
import { normalizeUsername } from './policies.js';
import { compileTemplate, type Template } from './template.js';
import { WireFilter } from './wire/wire-filter.js';

export class DirectoryAccess {
  private readonly userFilter: Template;

  constructor(readonly config: ResolvedLdapAuthConfig) {
    this.userFilter = compileTemplate(config.userfilter);
  }

  /** Search mode: the user is found by a search (service account or discoverdn) before binding. */
  get searchMode(): boolean {
    const { discoverdn, binddn, bindpass } = this.config;
    return discoverdn || (binddn !== '' && bindpass !== '');
  }

  /** The `derefAliases` of every search, from dereference_aliases. */
  get derefAliases(): NonNullable<SearchParameters['derefAliases']> {
    return LDAPTS_DEREF_ALIASES[this.config.dereference_aliases];
  }

  /**
   * The secrets to keep out of every error, each also as a username would be normalised: a
   * password typed into the username field comes back in the details trimmed and lower-cased.
   */
  redactions(...passwords: string[]): string[] {
    const forms = [this.config.bindpass, ...passwords].flatMap((secret) => [
      secret,
      normalizeUsername(secret, true),
      normalizeUsername(secret, false),
    ]);
    return [...new Set(forms)].filter((form) => form !== '');
  }

  /** The userfilter rendered for one user name (throws on a template or filter error). */
  userFilterFor(username: string): WireFilter {
    const config = this.config;
    // upndomain overrides both template fields: the user is found by userPrincipalName.
    const data =
      config.upndomain === ''
        ? { UserAttr: config.userattr, Username: username }
        : { UserAttr: 'userPrincipalName', Username: `${username}@${config.upndomain}` };
    return WireFilter.parse(this.userFilter.render(data, { escapeNonAscii: false }));
  }

  /** The user search: userdn, subtree, `filter`. */
  userSearch(filter: WireFilter, attributes: readonly string[], sizeLimit: number): SearchParameters {
    return {
      base: this.config.userdn,
      scope: 'sub',
      filter,
      attributes,
      sizeLimit,
      derefAliases: this.derefAliases,
    };
  }

  /** A connection to the first URL that answers, wrapped to report failures redacted. */
  async open(redact: readonly string[]): Promise<DirectorySession> {
    return new DirectorySession(await dial(this.dialSettings()), redact);
  }

  private dialSettings() {
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
