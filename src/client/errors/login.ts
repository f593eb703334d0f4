/** The errors of a refused login, each with OpenBao's exact client message. */
import { type AdDiagnostic, isAdAccountState, parseAdDiagnostic } from '../ad-diagnostics.js';
import { LdapAuthError } from './base.js';
import { describeLdapFailure, type LdapFailureDetails } from './failure-details.js';
import { cleanDiagnosticMessage } from './go-ldap-text.js';
import { goQuote } from './go-quote.js';
import { type RedactOptions, redactSecrets } from './redaction.js';

/** The client message of every failed bind, exactly as OpenBao words it. */
export const LOGIN_DENIED_MESSAGE = 'ldap operation failed: failed to bind as user';

/** Which step of the login produced the denial (OpenBao gives all of them the same message). */
export type LoginStep =
  /** The user name cannot be anyone's (it contains NUL); refused before any network I/O. */
  | 'username'
  /** The service-account bind (binddn/bindpass, or the anonymous discoverdn bind) failed. */
  | 'serviceBind'
  /** The user search failed, found no entry, or found more than one. */
  | 'userSearch'
  /** The user filter template could not be rendered. */
  | 'userFilter'
  /** The bind as the user failed (wrong password, locked account, …). */
  | 'userBind';

export interface LoginDeniedDetails extends LdapFailureDetails {
  readonly step: LoginStep;
}

/**
 * A login refused at one of the bind-DN steps or the user bind. The message is always
 * `ldap operation failed: failed to bind as user`, so a client cannot tell a wrong password from
 * an unknown user (account enumeration); `step`, `resultCode`, `adDiagnostic` and `detail` say
 * what happened. Counts for lockout. Build it with `loginDenied()` to get an `AccountStateError`
 * when the AD diagnostic names an account state.
 */
export class LoginDeniedError extends LdapAuthError {
  override readonly name: string = 'LoginDeniedError';
  readonly step: LoginStep;
  readonly resultCode: number | undefined;
  readonly diagnosticMessage: string;
  readonly adDiagnostic: AdDiagnostic | undefined;
  readonly username: string | undefined;
  readonly bindDN: string | undefined;

  constructor(details: LoginDeniedDetails, kind: 'loginDenied' | 'accountState' = 'loginDenied') {
    const { detail, diagnostic, ad } = describeLdapFailure(details);
    super(kind, LOGIN_DENIED_MESSAGE, {
      code: details.resultCode,
      detail,
      redact: details.redact,
      countsForLockout: true,
    });
    this.step = details.step;
    this.resultCode = details.resultCode;
    this.diagnosticMessage = diagnostic;
    this.adDiagnostic = ad;
    this.username =
      details.username === undefined ? undefined : redactSecrets(details.username, details.redact);
    this.bindDN = details.bindDN === undefined ? undefined : redactSecrets(details.bindDN, details.redact);
  }

  protected override jsonFields(): Record<string, unknown> {
    const json: Record<string, unknown> = { step: this.step };
    if (this.resultCode !== undefined) json['resultCode'] = this.resultCode;
    if (this.diagnosticMessage !== '') json['diagnosticMessage'] = this.diagnosticMessage;
    if (this.adDiagnostic !== undefined) json['adDiagnostic'] = this.adDiagnostic;
    if (this.username !== undefined) json['username'] = this.username;
    if (this.bindDN !== undefined) json['bindDN'] = this.bindDN;
    return json;
  }
}

/** States of an account that refuse a login whatever the password's correctness. */
export type AccountState =
  | 'accountLocked'
  | 'accountDisabled'
  | 'accountExpired'
  | 'passwordExpired'
  | 'passwordMustChange'
  | 'invalidLogonHours'
  | 'invalidWorkstation';

export interface AccountStateDetails extends LoginDeniedDetails {
  readonly state: AccountState;
  /** Where the state came from: an AD `data` code, or an OpenLDAP password-policy control. */
  readonly source: 'ad' | 'ppolicy';
}

/**
 * A bind refused because of the account's state (AD `data 775/533/701/532/773/530/531`, or an
 * OpenLDAP ppolicy error). Same client message as `LoginDeniedError`, of which it is a subclass,
 * so an application that shows only `message` leaks nothing; one that wants to say "your account
 * is locked" checks `instanceof AccountStateError` and reads `state`.
 */
export class AccountStateError extends LoginDeniedError {
  override readonly name: string = 'AccountStateError';
  readonly state: AccountState;
  readonly source: 'ad' | 'ppolicy';

  constructor(details: AccountStateDetails) {
    super({ ...details, reason: details.reason ?? `account state ${details.state}` }, 'accountState');
    this.state = details.state;
    this.source = details.source;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { ...super.jsonFields(), state: this.state, source: this.source };
  }
}

/** A `LoginDeniedError`, or an `AccountStateError` when the AD diagnostic names an account state. */
export function loginDenied(details: LoginDeniedDetails): LoginDeniedError {
  const ad = parseAdDiagnostic(cleanDiagnosticMessage(details.diagnosticMessage ?? ''));
  if (ad !== undefined && isAdAccountState(ad.reason)) {
    return new AccountStateError({ ...details, state: ad.reason as AccountState, source: 'ad' });
  }
  return new LoginDeniedError(details);
}

export const EMPTY_PASSWORD_MESSAGE =
  'password cannot be of zero length when passwordless binds are being denied';

/** deny_null_bind is set and the password is empty: refused before any connection is made. */
export class EmptyPasswordError extends LdapAuthError {
  override readonly name: string = 'EmptyPasswordError';
  constructor(options: RedactOptions & { readonly username?: string | undefined } = {}) {
    super('emptyPassword', EMPTY_PASSWORD_MESSAGE, {
      detail:
        options.username === undefined
          ? ''
          : `user ${goQuote(redactSecrets(options.username, options.redact))}`,
    });
  }
}
