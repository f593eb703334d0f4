/**
 * `LdapOperationError` and one subclass per LDAP result code that matters to a login, for an LDAP
 * operation that ended with a non-success result. The message is go-ldap's text,
 * `LDAP Result Code 49 "Invalid Credentials": <diagnostic>`, because OpenBao passes that text on.
 */
import { ResultCode } from '../../core/result-code.js';
import { type AdDiagnostic, parseAdDiagnostic } from '../ad-diagnostics.js';
import { LdapAuthError } from './base.js';
import { cleanDiagnosticMessage, goLdapErrorText, goLdapResultName } from './go-ldap-text.js';
import { type RedactOptions, redactSecrets } from './redaction.js';

export interface LdapOperationErrorOptions extends RedactOptions {
  /** The operation that failed, for the detail: `bind`, `search`, `startTLS`, … */
  readonly operation?: string | undefined;
  readonly matchedDN?: string | undefined;
}

/** An LDAP operation ended with a non-success result code. */
export class LdapOperationError extends LdapAuthError {
  override readonly name: string = 'LdapOperationError';
  declare readonly code: number;
  /** go-ldap's name of the code, e.g. `Invalid Credentials`. */
  readonly resultName: string;
  /** The server's diagnostic text, cleaned (see `cleanDiagnosticMessage`) and redacted. */
  readonly diagnosticMessage: string;
  readonly matchedDN: string;
  readonly operation: string | undefined;
  /** The decoded Active Directory diagnostic, when the text is one. */
  readonly adDiagnostic: AdDiagnostic | undefined;

  constructor(code: number, diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
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

export class OperationsError extends LdapOperationError {
  override readonly name: string = 'OperationsError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.operationsError, diagnosticMessage, options);
  }
}
export class ProtocolError extends LdapOperationError {
  override readonly name: string = 'ProtocolError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.protocolError, diagnosticMessage, options);
  }
}
export class TimeLimitExceededError extends LdapOperationError {
  override readonly name: string = 'TimeLimitExceededError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.timeLimitExceeded, diagnosticMessage, options);
  }
}
export class SizeLimitExceededError extends LdapOperationError {
  override readonly name: string = 'SizeLimitExceededError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.sizeLimitExceeded, diagnosticMessage, options);
  }
}
export class AuthMethodNotSupportedError extends LdapOperationError {
  override readonly name: string = 'AuthMethodNotSupportedError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.authMethodNotSupported, diagnosticMessage, options);
  }
}
export class StrongerAuthRequiredError extends LdapOperationError {
  override readonly name: string = 'StrongerAuthRequiredError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.strongerAuthRequired, diagnosticMessage, options);
  }
}
export class ReferralError extends LdapOperationError {
  override readonly name: string = 'ReferralError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.referral, diagnosticMessage, options);
  }
}
export class AdminLimitExceededError extends LdapOperationError {
  override readonly name: string = 'AdminLimitExceededError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.adminLimitExceeded, diagnosticMessage, options);
  }
}
export class UnavailableCriticalExtensionError extends LdapOperationError {
  override readonly name: string = 'UnavailableCriticalExtensionError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.unavailableCriticalExtension, diagnosticMessage, options);
  }
}
export class ConfidentialityRequiredError extends LdapOperationError {
  override readonly name: string = 'ConfidentialityRequiredError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.confidentialityRequired, diagnosticMessage, options);
  }
}
export class ConstraintViolationError extends LdapOperationError {
  override readonly name: string = 'ConstraintViolationError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.constraintViolation, diagnosticMessage, options);
  }
}
export class NoSuchObjectError extends LdapOperationError {
  override readonly name: string = 'NoSuchObjectError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.noSuchObject, diagnosticMessage, options);
  }
}
export class InvalidDNSyntaxError extends LdapOperationError {
  override readonly name: string = 'InvalidDNSyntaxError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.invalidDNSyntax, diagnosticMessage, options);
  }
}
export class InappropriateAuthenticationError extends LdapOperationError {
  override readonly name: string = 'InappropriateAuthenticationError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.inappropriateAuthentication, diagnosticMessage, options);
  }
}
export class InvalidCredentialsError extends LdapOperationError {
  override readonly name: string = 'InvalidCredentialsError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.invalidCredentials, diagnosticMessage, options);
  }
}
export class InsufficientAccessError extends LdapOperationError {
  override readonly name: string = 'InsufficientAccessError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.insufficientAccessRights, diagnosticMessage, options);
  }
}
export class BusyError extends LdapOperationError {
  override readonly name: string = 'BusyError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.busy, diagnosticMessage, options);
  }
}
export class UnavailableError extends LdapOperationError {
  override readonly name: string = 'UnavailableError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.unavailable, diagnosticMessage, options);
  }
}
export class UnwillingToPerformError extends LdapOperationError {
  override readonly name: string = 'UnwillingToPerformError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.unwillingToPerform, diagnosticMessage, options);
  }
}
export class OtherError extends LdapOperationError {
  override readonly name: string = 'OtherError';
  constructor(diagnosticMessage = '', options: LdapOperationErrorOptions = {}) {
    super(ResultCode.other, diagnosticMessage, options);
  }
}

type ResultErrorClass = new (
  diagnosticMessage?: string,
  options?: LdapOperationErrorOptions,
) => LdapOperationError;

const CLASS_BY_CODE: ReadonlyMap<number, ResultErrorClass> = new Map<number, ResultErrorClass>([
  [ResultCode.operationsError, OperationsError],
  [ResultCode.protocolError, ProtocolError],
  [ResultCode.timeLimitExceeded, TimeLimitExceededError],
  [ResultCode.sizeLimitExceeded, SizeLimitExceededError],
  [ResultCode.authMethodNotSupported, AuthMethodNotSupportedError],
  [ResultCode.strongerAuthRequired, StrongerAuthRequiredError],
  [ResultCode.referral, ReferralError],
  [ResultCode.adminLimitExceeded, AdminLimitExceededError],
  [ResultCode.unavailableCriticalExtension, UnavailableCriticalExtensionError],
  [ResultCode.confidentialityRequired, ConfidentialityRequiredError],
  [ResultCode.constraintViolation, ConstraintViolationError],
  [ResultCode.noSuchObject, NoSuchObjectError],
  [ResultCode.invalidDNSyntax, InvalidDNSyntaxError],
  [ResultCode.inappropriateAuthentication, InappropriateAuthenticationError],
  [ResultCode.invalidCredentials, InvalidCredentialsError],
  [ResultCode.insufficientAccessRights, InsufficientAccessError],
  [ResultCode.busy, BusyError],
  [ResultCode.unavailable, UnavailableError],
  [ResultCode.unwillingToPerform, UnwillingToPerformError],
  [ResultCode.other, OtherError],
]);

/** The error for `code`: its subclass when there is one, else a plain `LdapOperationError`. */
export function operationError(
  code: number,
  diagnosticMessage = '',
  options: LdapOperationErrorOptions = {},
): LdapOperationError {
  const Class = CLASS_BY_CODE.get(code);
  return Class === undefined
    ? new LdapOperationError(code, diagnosticMessage, options)
    : new Class(diagnosticMessage, options);
}

/**
 * Converts an error thrown by an LDAP client (ldapts' ResultCodeError: a numeric `code` and a
 * `message` ending in ` Code: 0x..`) into ours; returns undefined for anything else (socket
 * errors have a string `code` such as `ECONNREFUSED`).
 */
export function operationErrorFromThrown(
  thrown: unknown,
  options: LdapOperationErrorOptions = {},
): LdapOperationError | undefined {
  if (thrown instanceof LdapOperationError) return thrown;
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const { code, message } = thrown as { code?: unknown; message?: unknown };
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 0) return undefined;
  return operationError(code, typeof message === 'string' ? message : '', options);
}
