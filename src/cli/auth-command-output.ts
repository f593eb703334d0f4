/**
 * What the authenticator commands share: the --config and --verbose options, which failures are
 * denials (exit 2), and how a failure or a configuration warning is printed on stderr.
 */
import { LdapConfigErrors } from '../client/errors/config.js';
import {
  EmptyPasswordError,
  LdapAuthError,
  LoginDeniedError,
  PermissionDeniedError,
} from '../client/errors/index.js';
import { AuthConfigFileError } from './auth-config-file.js';
import { PromptCancelled } from './password-input.js';

export const EXIT_DENIED = 2;

export const authConfigDescription =
  'JSON file: {"config": {OpenBao auth/ldap/config keys}, "groups": {"<name>": {"policies": "a,b"}}, ' +
  '"users": {"<name>": {"groups": "g", "policies": "p"}}, "defaultPolicies": "p"}; ' +
  'certificate, client_tls_cert and client_tls_key may be "@file" (relative to the config file)';

export const verboseOption = {
  type: 'boolean',
  default: false,
  describe: "On failure, also print the error's detail (step, LDAP result code, server diagnostic)",
} as const;

/** A refusal of the login itself, as opposed to a failure to attempt it. */
export function isDenial(error: unknown): boolean {
  return (
    error instanceof LoginDeniedError ||
    error instanceof EmptyPasswordError ||
    error instanceof PermissionDeniedError
  );
}

/** OpenBao's configuration warnings (e.g. a userfilter that ignores userattr), on stderr. */
export function printConfigWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`ldapmock: warning: ${warning}\n`);
}

/**
 * Prints a failure on stderr: configuration problems one `<file>: <where>: <reason>` line each,
 * anything else as one line (`--verbose` adds the error's detail, which never holds a secret).
 */
export function reportFailure(error: unknown, verbose: boolean): void {
  if (error instanceof AuthConfigFileError) {
    process.stderr.write(`${error.message}\n`);
    return;
  }
  if (error instanceof PromptCancelled) {
    process.stderr.write('ldapmock: cancelled\n');
    return;
  }
  if (error instanceof LdapConfigErrors) {
    for (const problem of error.errors) process.stderr.write(`ldapmock: ${problem.message}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ldapmock: ${oneLine(message)}\n`);
  if (verbose && error instanceof LdapAuthError && error.detail !== '') {
    process.stderr.write(`ldapmock: detail: ${oneLine(error.detail)}\n`);
  }
}

/**
 * A multi-line message on one line: go-multierror's `2 errors occurred:\n\t* a\n\t* b` becomes
 * `2 errors occurred: a; b`.
 */
function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim().replace(/^\* /, ''))
    .filter((line) => line !== '');
  if (lines.length <= 1) return lines[0] ?? '';
  const [first, ...rest] = lines;
  return first!.endsWith(':') ? `${first} ${rest.join('; ')}` : lines.join('; ');
}
