/**
 * Errors of the directory tools beyond login (Test Connection, user import, password rotation).
 * Unlike a login, these may say exactly what failed: the operator asked, not an end user, so there
 * is no account enumeration to avoid. Same rules as the login errors: no constructor takes a password,
 * and every variable text is redacted.
 */
import { LdapAuthError } from './base.js';
import { causeText, describeLdapFailure, type LdapFailureDetails } from './failure-details.js';
import { goQuote } from './go-quote.js';
import { type RedactOptions, redactSecrets } from './redaction.js';

/** The directory step that failed. */
export type DirectoryStep =
  | 'serviceBind'
  | 'rootDSE'
  | 'baseSearch'
  | 'userSearch'
  | 'userList'
  | 'passwordChange';

const STEP_TEXT: Record<DirectoryStep, string> = {
  serviceBind: 'bind as the BindDN user failed',
  rootDSE: 'reading the root DSE failed',
  baseSearch: 'LDAP search for the base entry failed',
  userSearch: 'LDAP search for the user failed',
  userList: 'LDAP search for users failed',
  passwordChange: 'changing the password failed',
};

/** An LDAP operation of a directory tool ended in a non-success result or a network error. */
export class DirectoryOperationError extends LdapAuthError {
  override readonly name: string = 'DirectoryOperationError';
  readonly step: DirectoryStep;
  constructor(details: LdapFailureDetails & { readonly step: DirectoryStep }) {
    super('directory', `${STEP_TEXT[details.step]}: ${causeText(details)}`, {
      code: details.resultCode,
      detail: describeLdapFailure(details).detail,
      redact: details.redact,
    });
    this.step = details.step;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { step: this.step };
  }
}

/** The user to act on matched no entry, or several. */
export class UserNotFoundError extends LdapAuthError {
  override readonly name: string = 'UserNotFoundError';
  readonly matches: number;
  constructor(details: RedactOptions & { readonly username: string; readonly matches: number }) {
    const who = goQuote(redactSecrets(details.username, details.redact));
    super(
      'userNotFound',
      details.matches === 0
        ? `user ${who} not found`
        : `user ${who} is not unique (${details.matches} entries)`,
      { redact: details.redact },
    );
    this.matches = details.matches;
  }
}

/**
 * A password would have crossed the network in clear. Refused before any packet: AD only takes
 * unicodePwd over an encrypted connection, and no directory should be sent one in the clear.
 */
export class InsecureConnectionError extends LdapAuthError {
  override readonly name: string = 'InsecureConnectionError';
  constructor(details: RedactOptions & { readonly url: string }) {
    super(
      'insecureConnection',
      `password rotation needs an encrypted connection: ${goQuote(redactSecrets(details.url, details.redact))} is plain LDAP; use an ldaps:// URL or starttls`,
      { redact: details.redact },
    );
  }
}
