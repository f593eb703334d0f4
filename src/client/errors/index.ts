/**
 * The authenticator's typed errors (one module per family), in two families:
 *
 * - `LdapOperationError` and one subclass per LDAP result code that matters to a login
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
export * from './after-bind.js';
export * from './base.js';
export * from './config.js';
export * from './connection.js';
export * from './directory.js';
export * from './failure-details.js';
export * from './go-ldap-text.js';
export * from './go-quote.js';
export * from './login.js';
export * from './operation-errors.js';
export * from './redaction.js';
