/** The base of every authenticator error: kind, result code, log detail, lockout flag, JSON. */
import { type RedactOptions, redactSecrets } from './redaction.js';

export type LdapAuthErrorKind =
  | 'config'
  | 'ldapResult'
  | 'connection'
  | 'emptyPassword'
  | 'loginDenied'
  | 'accountState'
  | 'rebindFailed'
  | 'userDNSearch'
  | 'groupSearch'
  | 'groupSearchConnect'
  | 'entityAlias'
  | 'permissionDenied'
  | 'directory'
  | 'userNotFound'
  | 'insecureConnection';

interface BaseOptions extends RedactOptions {
  readonly code?: number | undefined;
  readonly detail?: string | undefined;
  readonly countsForLockout?: boolean | undefined;
}

/** Base of every authenticator error. */
export class LdapAuthError extends Error {
  override readonly name: string = 'LdapAuthError';
  readonly kind: LdapAuthErrorKind;
  /** The LDAP result code behind the error, when there is one. */
  readonly code: number | undefined;
  /** For logs only: the specific cause (step, result code, diagnostic, AD reason). Never a secret. */
  readonly detail: string;
  /**
   * True for the failures OpenBao reports as ErrInvalidCredentials, which count towards user
   * lockout: bind failures of every kind, and the service re-bind.
   */
  readonly countsForLockout: boolean;

  /** `message` must already be free of secrets; `detail` is redacted here. */
  constructor(kind: LdapAuthErrorKind, message: string, options: BaseOptions = {}) {
    super(message);
    this.kind = kind;
    this.code = options.code;
    this.detail = redactSecrets(options.detail ?? '', options.redact);
    this.countsForLockout = options.countsForLockout ?? false;
  }

  /** A plain object for structured logs: the fields above, never the cause or a secret. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, kind: this.kind, message: this.message };
    if (this.code !== undefined) json['code'] = this.code;
    if (this.detail !== '') json['detail'] = this.detail;
    json['countsForLockout'] = this.countsForLockout;
    return Object.assign(json, this.jsonFields());
  }

  /** Extra fields a subclass adds to `toJSON`. */
  protected jsonFields(): Record<string, unknown> {
    return {};
  }
}
