/**
 * The authenticator's typed errors, in two families:
 *
 * - `LdapResultCodeError` and one subclass per LDAP result code that matters to a login
 *   (`InvalidCredentialsError` 49, `NoSuchObjectError` 32, …), for an LDAP operation that ended
 *   with a non-success result. Their message is go-ldap's text,
 *   `LDAP Result Code 49 "Invalid Credentials": <diagnostic>`, because OpenBao passes that text on.
 * - The login-level errors OpenBao distinguishes, each with OpenBao's exact client message:
 *   `LoginDeniedError` (and `AccountStateError`), `EmptyPasswordError`, `ConnectionError`,
 *   `RebindError`, `UserDNSearchError`, `GroupSearchError`, `GroupSearchConnectError`,
 *   `EntityAliasError`, `PermissionDeniedError`.
 *
 * `message` is what a client may be shown. `detail` is for logs: which step failed, the result
 * code, the server's diagnostic, the decoded AD reason. No constructor takes a password, and every
 * variable text (diagnostics, reasons, details) passes through `redact`, which replaces each
 * listed secret (give it the password and the bind password) with `[REDACTED]` before the message
 * and stack are built. The raw cause is deliberately not kept (`Error.cause` would be printed by
 * loggers and could carry anything); its code and text go into `detail` instead.
 */
import { type AdDiagnostic, isAdAccountState, parseAdDiagnostic } from './ad-diagnostics.js';

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

/** Options every error accepts. */
export interface RedactOptions {
  /** Secrets that must not appear in any text of the error (empty strings are ignored). */
  readonly redact?: readonly string[] | undefined;
}

const REDACTED = '[REDACTED]';

/** Returns `text` with every occurrence of every non-empty secret replaced by `[REDACTED]`. */
export function redactSecrets(text: string, secrets: readonly string[] | undefined): string {
  if (secrets === undefined) return text;
  let out = text;
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret !== '' && out.includes(secret))
      out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Go's `%q` (strconv.Quote) for the characters met in practice: `"` and `\` escaped, C0 and C1
 * controls and DEL as `\a \b \f \n \r \t \v` or `\xHH` / `\u00HH`, U+2028/U+2029/U+FEFF as `\uHHHH`,
 * an unpaired surrogate as `\ufffd`; everything else as is. OpenBao's messages quote URLs and DNs
 * this way.
 */
export function goQuote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
      out += value[i];
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x0b:
        out += '\\v';
        break;
      default:
        if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
        else if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
          out += `\\u${c.toString(16).padStart(4, '0')}`;
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
          const next = value.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) {
            out += value[i]! + value[i + 1]!;
            i++;
          } else out += '\\ufffd';
        } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
        else out += value[i];
    }
  }
  return `${out}"`;
}

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

// ---------------------------------------------------------------------------------------------
// LDAP result codes
// ---------------------------------------------------------------------------------------------

/** go-ldap's names for result codes (its LDAPResultCodeMap), as they appear in OpenBao's texts. */
const RESULT_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'Success'],
  [1, 'Operations Error'],
  [2, 'Protocol Error'],
  [3, 'Time Limit Exceeded'],
  [4, 'Size Limit Exceeded'],
  [5, 'Compare False'],
  [6, 'Compare True'],
  [7, 'Auth Method Not Supported'],
  [8, 'Strong Auth Required'],
  [10, 'Referral'],
  [11, 'Admin Limit Exceeded'],
  [12, 'Unavailable Critical Extension'],
  [13, 'Confidentiality Required'],
  [14, 'Sasl Bind In Progress'],
  [16, 'No Such Attribute'],
  [17, 'Undefined Attribute Type'],
  [18, 'Inappropriate Matching'],
  [19, 'Constraint Violation'],
  [20, 'Attribute Or Value Exists'],
  [21, 'Invalid Attribute Syntax'],
  [32, 'No Such Object'],
  [33, 'Alias Problem'],
  [34, 'Invalid DN Syntax'],
  [36, 'Alias Dereferencing Problem'],
  [48, 'Inappropriate Authentication'],
  [49, 'Invalid Credentials'],
  [50, 'Insufficient Access Rights'],
  [51, 'Busy'],
  [52, 'Unavailable'],
  [53, 'Unwilling To Perform'],
  [54, 'Loop Detect'],
  [64, 'Naming Violation'],
  [65, 'Object Class Violation'],
  [66, 'Not Allowed On Non Leaf'],
  [67, 'Not Allowed On RDN'],
  [68, 'Entry Already Exists'],
  [69, 'Object Class Mods Prohibited'],
  [71, 'Affects Multiple DSAs'],
  [80, 'Other'],
  [200, 'Network Error'],
  [201, 'Filter Compile Error'],
  [202, 'Filter Decompile Error'],
  [203, 'Debugging Error'],
  [204, 'Unexpected Message'],
  [205, 'Unexpected Response'],
]);

/** go-ldap's name of a result code (`49` → `Invalid Credentials`); `""` for codes it does not name. */
export function goLdapResultName(code: number): string {
  return RESULT_NAMES.get(code) ?? '';
}

/** go-ldap's error text: `LDAP Result Code 49 "Invalid Credentials": <diagnostic>`. */
export function goLdapErrorText(code: number, diagnosticMessage: string): string {
  return `LDAP Result Code ${code} ${goQuote(goLdapResultName(code))}: ${diagnosticMessage}`;
}

/**
 * Removes what ldapts adds to a server's diagnostic message (` Code: 0x31` at the end) and the
 * trailing NUL / newline Active Directory puts there, leaving the server's text.
 */
export function cleanDiagnosticMessage(message: string): string {
  let text = message;
  const at = text.lastIndexOf(' Code: 0x');
  if (at >= 0) {
    const hex = text.slice(at + ' Code: 0x'.length);
    let allHex = hex.length > 0;
    for (let i = 0; i < hex.length && allHex; i++) {
      const c = hex.charCodeAt(i) | 0x20;
      allHex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
    }
    if (allHex) text = text.slice(0, at);
  }
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0 && c !== 0x0a && c !== 0x0d && c !== 0x20) break;
    end--;
  }
  return text.slice(0, end);
}

export interface LdapResultErrorOptions extends RedactOptions {
  /** The operation that failed, for the detail: `bind`, `search`, `startTLS`, … */
  readonly operation?: string | undefined;
  readonly matchedDN?: string | undefined;
}

/** An LDAP operation ended with a non-success result code. */
export class LdapResultCodeError extends LdapAuthError {
  override readonly name: string = 'LdapResultCodeError';
  declare readonly code: number;
  /** go-ldap's name of the code, e.g. `Invalid Credentials`. */
  readonly resultName: string;
  /** The server's diagnostic text, cleaned (see `cleanDiagnosticMessage`) and redacted. */
  readonly diagnosticMessage: string;
  readonly matchedDN: string;
  readonly operation: string | undefined;
  /** The decoded Active Directory diagnostic, when the text is one. */
  readonly adDiagnostic: AdDiagnostic | undefined;

  constructor(code: number, diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    // Redact before cleaning: trimming could cut a secret's last characters and hide it from redaction.
    const diagnostic = cleanDiagnosticMessage(redactSecrets(diagnosticMessage, options.redact));
    const text = goLdapErrorText(code, diagnostic);
    const ad = parseAdDiagnostic(diagnostic);
    const detail =
      (options.operation === undefined ? '' : `${options.operation}: `) +
      text +
      (ad === undefined ? '' : ` [AD data ${ad.data}: ${ad.reason}]`);
    super('ldapResult', text, { code, detail, redact: options.redact });
    this.resultName = goLdapResultName(code);
    this.diagnosticMessage = diagnostic;
    this.matchedDN = redactSecrets(options.matchedDN ?? '', options.redact);
    this.operation = options.operation;
    this.adDiagnostic = ad;
  }

  protected override jsonFields(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      resultName: this.resultName,
      diagnosticMessage: this.diagnosticMessage,
    };
    if (this.matchedDN !== '') json['matchedDN'] = this.matchedDN;
    if (this.operation !== undefined) json['operation'] = this.operation;
    if (this.adDiagnostic !== undefined) json['adDiagnostic'] = this.adDiagnostic;
    return json;
  }
}

export class OperationsError extends LdapResultCodeError {
  override readonly name: string = 'OperationsError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(1, diagnosticMessage, options);
  }
}
export class ProtocolError extends LdapResultCodeError {
  override readonly name: string = 'ProtocolError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(2, diagnosticMessage, options);
  }
}
export class TimeLimitExceededError extends LdapResultCodeError {
  override readonly name: string = 'TimeLimitExceededError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(3, diagnosticMessage, options);
  }
}
export class SizeLimitExceededError extends LdapResultCodeError {
  override readonly name: string = 'SizeLimitExceededError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(4, diagnosticMessage, options);
  }
}
export class AuthMethodNotSupportedError extends LdapResultCodeError {
  override readonly name: string = 'AuthMethodNotSupportedError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(7, diagnosticMessage, options);
  }
}
export class StrongerAuthRequiredError extends LdapResultCodeError {
  override readonly name: string = 'StrongerAuthRequiredError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(8, diagnosticMessage, options);
  }
}
export class ReferralError extends LdapResultCodeError {
  override readonly name: string = 'ReferralError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(10, diagnosticMessage, options);
  }
}
export class AdminLimitExceededError extends LdapResultCodeError {
  override readonly name: string = 'AdminLimitExceededError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(11, diagnosticMessage, options);
  }
}
export class UnavailableCriticalExtensionError extends LdapResultCodeError {
  override readonly name: string = 'UnavailableCriticalExtensionError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(12, diagnosticMessage, options);
  }
}
export class ConfidentialityRequiredError extends LdapResultCodeError {
  override readonly name: string = 'ConfidentialityRequiredError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(13, diagnosticMessage, options);
  }
}
export class ConstraintViolationError extends LdapResultCodeError {
  override readonly name: string = 'ConstraintViolationError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(19, diagnosticMessage, options);
  }
}
export class NoSuchObjectError extends LdapResultCodeError {
  override readonly name: string = 'NoSuchObjectError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(32, diagnosticMessage, options);
  }
}
export class InvalidDNSyntaxError extends LdapResultCodeError {
  override readonly name: string = 'InvalidDNSyntaxError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(34, diagnosticMessage, options);
  }
}
export class InappropriateAuthenticationError extends LdapResultCodeError {
  override readonly name: string = 'InappropriateAuthenticationError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(48, diagnosticMessage, options);
  }
}
export class InvalidCredentialsError extends LdapResultCodeError {
  override readonly name: string = 'InvalidCredentialsError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(49, diagnosticMessage, options);
  }
}
export class InsufficientAccessError extends LdapResultCodeError {
  override readonly name: string = 'InsufficientAccessError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(50, diagnosticMessage, options);
  }
}
export class BusyError extends LdapResultCodeError {
  override readonly name: string = 'BusyError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(51, diagnosticMessage, options);
  }
}
export class UnavailableError extends LdapResultCodeError {
  override readonly name: string = 'UnavailableError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(52, diagnosticMessage, options);
  }
}
export class UnwillingToPerformError extends LdapResultCodeError {
  override readonly name: string = 'UnwillingToPerformError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(53, diagnosticMessage, options);
  }
}
export class OtherError extends LdapResultCodeError {
  override readonly name: string = 'OtherError';
  constructor(diagnosticMessage = '', options: LdapResultErrorOptions = {}) {
    super(80, diagnosticMessage, options);
  }
}

type ResultErrorClass = new (
  diagnosticMessage?: string,
  options?: LdapResultErrorOptions,
) => LdapResultCodeError;

const CLASS_BY_CODE: ReadonlyMap<number, ResultErrorClass> = new Map<number, ResultErrorClass>([
  [1, OperationsError],
  [2, ProtocolError],
  [3, TimeLimitExceededError],
  [4, SizeLimitExceededError],
  [7, AuthMethodNotSupportedError],
  [8, StrongerAuthRequiredError],
  [10, ReferralError],
  [11, AdminLimitExceededError],
  [12, UnavailableCriticalExtensionError],
  [13, ConfidentialityRequiredError],
  [19, ConstraintViolationError],
  [32, NoSuchObjectError],
  [34, InvalidDNSyntaxError],
  [48, InappropriateAuthenticationError],
  [49, InvalidCredentialsError],
  [50, InsufficientAccessError],
  [51, BusyError],
  [52, UnavailableError],
  [53, UnwillingToPerformError],
  [80, OtherError],
]);

/** The error for `code`: its subclass when there is one, else a plain `LdapResultCodeError`. */
export function ldapResultError(
  code: number,
  diagnosticMessage = '',
  options: LdapResultErrorOptions = {},
): LdapResultCodeError {
  const Class = CLASS_BY_CODE.get(code);
  return Class === undefined
    ? new LdapResultCodeError(code, diagnosticMessage, options)
    : new Class(diagnosticMessage, options);
}

/**
 * Converts an error thrown by an LDAP client (ldapts' ResultCodeError: a numeric `code` and a
 * `message` ending in ` Code: 0x..`) into ours; returns undefined for anything else (socket
 * errors have a string `code` such as `ECONNREFUSED`).
 */
export function ldapResultErrorFromThrown(
  thrown: unknown,
  options: LdapResultErrorOptions = {},
): LdapResultCodeError | undefined {
  if (thrown instanceof LdapResultCodeError) return thrown;
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const { code, message } = thrown as { code?: unknown; message?: unknown };
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 0) return undefined;
  return ldapResultError(code, typeof message === 'string' ? message : '', options);
}

// ---------------------------------------------------------------------------------------------
// Login-level errors
// ---------------------------------------------------------------------------------------------

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

export interface LoginDeniedDetails extends RedactOptions {
  readonly step: LoginStep;
  /** What went wrong, for the log: `LDAP search for binddn 0 or not unique`. */
  readonly reason?: string | undefined;
  /** The (normalised) username, for the log. */
  readonly username?: string | undefined;
  /** The DN (or UPN) the failing bind used. */
  readonly bindDN?: string | undefined;
  readonly resultCode?: number | undefined;
  /** The server's diagnostic (ldapts' ` Code: 0x..` suffix is removed). */
  readonly diagnosticMessage?: string | undefined;
}

export function describeLdapFailure(details: LoginDeniedDetails | LdapFailureDetails): {
  detail: string;
  diagnostic: string;
  ad: AdDiagnostic | undefined;
} {
  // Redact each part before quoting it: quoting could change how a secret is spelled.
  const redact = (text: string): string => redactSecrets(text, details.redact);
  const diagnostic = cleanDiagnosticMessage(redact(details.diagnosticMessage ?? ''));
  const ad = parseAdDiagnostic(diagnostic);
  const pieces: string[] = [];
  if ('step' in details) pieces.push(`step ${details.step}`);
  if (details.username !== undefined) pieces.push(`user ${goQuote(redact(details.username))}`);
  if (details.bindDN !== undefined) pieces.push(`bind DN ${goQuote(redact(details.bindDN))}`);
  if (details.reason !== undefined && details.reason !== '') pieces.push(redact(details.reason));
  if (details.resultCode !== undefined) pieces.push(goLdapErrorText(details.resultCode, diagnostic));
  else if (diagnostic !== '') pieces.push(diagnostic);
  if (ad !== undefined) pieces.push(`AD data ${ad.data}: ${ad.reason}`);
  return { detail: pieces.join('; '), diagnostic, ad };
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

/** How one URL of the list failed. */
export interface ConnectionAttempt {
  readonly url: string;
  /**
   * `parse`: the URL did not parse; `scheme`: not ldap/ldaps; `connect`: the TCP or TLS dial
   * failed (or timed out); `startTLS`: the StartTLS operation or its handshake failed.
   */
  readonly failure: 'parse' | 'scheme' | 'connect' | 'startTLS';
  /** The underlying error text (socket error, TLS error, LDAP result text). */
  readonly reason: string;
}

/** `host:port` part of a URL, as OpenBao's scheme message shows it. */
function authorityOf(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return '';
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, start + 3);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start + 3, end);
}

/** OpenBao's line for one failed URL. */
export function connectionAttemptText(attempt: ConnectionAttempt): string {
  switch (attempt.failure) {
    case 'parse':
      return `error parsing url ${goQuote(attempt.url)}: ${attempt.reason}`;
    case 'scheme':
      return `invalid LDAP scheme in url ${goQuote(authorityOf(attempt.url))}`;
    case 'connect':
      return `error connecting to host ${goQuote(attempt.url)}: ${goLdapErrorText(200, attempt.reason)}`;
    case 'startTLS':
      return `error connecting to host ${goQuote(attempt.url)}: ${attempt.reason}`;
  }
}

/**
 * Every URL failed. The message is go-multierror's text, which OpenBao returns to the client
 * verbatim: `2 errors occurred:\n\t* <line>\n\t* <line>\n\n` (`1 error occurred:` for one).
 * Each failure is either a `ConnectionAttempt` (formatted by `connectionAttemptText`) or a line
 * already formatted by the caller.
 */
export class ConnectionError extends LdapAuthError {
  override readonly name: string = 'ConnectionError';
  /** One line per failed URL, in the order tried (redacted). */
  readonly failures: readonly string[];
  /** The failures given as `ConnectionAttempt`s (redacted); pre-formatted lines are not here. */
  readonly attempts: readonly ConnectionAttempt[];

  constructor(failures: readonly (ConnectionAttempt | string)[], options: RedactOptions = {}) {
    const attempts: ConnectionAttempt[] = [];
    const lines: string[] = [];
    for (const failure of failures) {
      if (typeof failure === 'string') {
        lines.push(redactSecrets(failure, options.redact));
        continue;
      }
      // Redact the parts before formatting: quoting could change how a secret is spelled.
      const attempt: ConnectionAttempt = {
        url: redactSecrets(failure.url, options.redact),
        failure: failure.failure,
        reason: redactSecrets(failure.reason, options.redact),
      };
      attempts.push(attempt);
      lines.push(connectionAttemptText(attempt));
    }
    const message =
      lines.length === 0
        ? 'no LDAP URL to connect to'
        : `${lines.length} ${lines.length === 1 ? 'error' : 'errors'} occurred:\n\t* ${lines.join('\n\t* ')}\n\n`;
    super('connection', message, { detail: lines.join('; '), redact: options.redact });
    this.failures = lines;
    this.attempts = attempts;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { failures: this.failures };
  }
}

/** Details of a failed LDAP step after the user bind. */
export interface LdapFailureDetails extends RedactOptions {
  readonly reason?: string | undefined;
  readonly username?: string | undefined;
  readonly bindDN?: string | undefined;
  readonly resultCode?: number | undefined;
  readonly diagnosticMessage?: string | undefined;
}

/**
 * The re-bind as the service account (before the group search) failed. Counts for lockout, as
 * OpenBao returns it as ErrInvalidCredentials.
 */
export class RebindError extends LdapAuthError {
  override readonly name: string = 'RebindError';
  constructor(details: LdapFailureDetails = {}) {
    super('rebindFailed', 'ldap operation failed: failed to re-bind with the BindDN user', {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
      countsForLockout: true,
    });
  }
}

/** The error text of a failed search, as the client sees it after OpenBao's prefix. */
export function causeText(details: LdapFailureDetails): string {
  const diagnostic = cleanDiagnosticMessage(redactSecrets(details.diagnosticMessage ?? '', details.redact));
  if (details.resultCode !== undefined) return goLdapErrorText(details.resultCode, diagnostic);
  return redactSecrets(details.reason ?? diagnostic, details.redact);
}

/** The UPN user-DN search (upndomain set) failed: `LDAP search failed for detecting user: …`. */
export class UserDNSearchError extends LdapAuthError {
  override readonly name: string = 'UserDNSearchError';
  constructor(details: LdapFailureDetails) {
    super('userDNSearch', `LDAP search failed for detecting user: ${causeText(details)}`, {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
  }
}

export interface GroupSearchDetails extends LdapFailureDetails {
  /**
   * `search` (default): the search failed; `template`: the group filter could not be compiled;
   * `render`: it could not be rendered (an unknown field).
   */
  readonly phase?: 'search' | 'template' | 'render' | undefined;
}

/**
 * The group search (or tokenGroups read) failed: `LDAP search failed: <go-ldap text>`, or
 * `LDAP search failed due to template compilation error: …` / `…template parsing error: …`.
 */
export class GroupSearchError extends LdapAuthError {
  override readonly name: string = 'GroupSearchError';
  readonly phase: 'search' | 'template' | 'render';
  constructor(details: GroupSearchDetails) {
    const phase = details.phase ?? 'search';
    const prefix =
      phase === 'search'
        ? 'LDAP search failed'
        : phase === 'template'
          ? 'LDAP search failed due to template compilation error'
          : 'LDAP search failed due to template parsing error';
    super('groupSearch', `${prefix}: ${causeText(details)}`, {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
    this.phase = phase;
  }
}

/** anonymous_group_search is set and the fresh, never-bound connection could not be made. */
export class GroupSearchConnectError extends LdapAuthError {
  override readonly name: string = 'GroupSearchConnectError';
  constructor(details: LdapFailureDetails = {}) {
    super('groupSearchConnect', 'ldap operation failed: failed to connect to LDAP server', {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
  }
}

export type EntityAliasProblem =
  /** The alias search returned zero or several entries. */
  | 'notUnique'
  /** The entry came back without the userattr attribute (or with several attributes). */
  | 'attributeMissing'
  /** The attribute has zero or several values. */
  | 'valueNotUnique'
  /** The alias came out empty. */
  | 'empty';

/** The entity alias could not be determined (OpenBao step 12); not counted for lockout. */
export class EntityAliasError extends LdapAuthError {
  override readonly name: string = 'EntityAliasError';
  readonly problem: EntityAliasProblem;
  constructor(
    details: LdapFailureDetails & { readonly problem: EntityAliasProblem; readonly userattr?: string },
  ) {
    const messages: Record<EntityAliasProblem, string> = {
      notUnique: 'LDAP search for entity alias attribute 0 or not unique',
      attributeMissing: 'LDAP attribute missing for entity alias mapping',
      valueNotUnique: `LDAP entity alias attribute ${redactSecrets(details.userattr ?? '', details.redact)} empty or not unique for entity alias mapping`,
      empty: 'missing entity alias attribute value',
    };
    super('entityAlias', messages[details.problem], {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
    this.problem = details.problem;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { problem: this.problem };
  }
}

/** The client's address is outside token_bound_cidrs (OpenBao answers 403 `permission denied`). */
export class PermissionDeniedError extends LdapAuthError {
  override readonly name: string = 'PermissionDeniedError';
  constructor(details: RedactOptions & { readonly remoteAddress?: string | undefined } = {}) {
    super('permissionDenied', 'permission denied', {
      detail:
        details.remoteAddress === undefined
          ? 'no client address to check against token_bound_cidrs'
          : `client address ${details.remoteAddress} is not in token_bound_cidrs`,
      redact: details.redact,
    });
  }
}
