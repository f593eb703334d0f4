/**
 * `ldapmock test-connection --config FILE`: JumpServer's "Test Connection" on the command line.
 * Each check is printed with ok, failed (and why) or skipped, in the order a login needs them:
 * reach a server (URLs in order, with failover), bind as binddn, read the root DSE, then find the
 * userdn and groupdn entries with a base search. Exit 0 when nothing failed, 1 otherwise.
 */
import type { Argv, CommandModule } from 'yargs';
import type { LdapAuthenticator } from '../client/authenticator.js';
import type { BaseCheck, ConnectionTest } from '../client/directory-tools.js';
import { DirectoryOperationError } from '../client/errors/directory.js';
import { ConnectionError, LdapAuthError } from '../client/errors/index.js';
import {
  authConfigDescription,
  printConfigWarnings,
  reportFailure,
  verboseOption,
} from './auth-command-output.js';
import { openAuthenticator } from './auth-config-file.js';

interface TestConnectionArgs {
  config: string;
  verbose: boolean;
}

type CheckName = 'connect' | 'service bind' | 'root DSE' | 'userdn' | 'groupdn';

interface Check {
  readonly name: CheckName;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly text: string;
}

export const testConnectionCommand: CommandModule<object, TestConnectionArgs> = {
  command: 'test-connection',
  describe: 'Check that the configured directory is reachable and the service account and base DNs work',
  builder: (y) =>
    y
      .usage(
        '$0 test-connection --config FILE\n\n' +
          "Runs JumpServer's Test Connection: connect (each URL in order, StartTLS/LDAPS as configured), " +
          'bind as binddn (anonymously when binddn is empty), read the root DSE, and check that userdn ' +
          'and groupdn exist with a base search. Prints each check as ok, failed (with the reason) or ' +
          'skipped. Exit status 0 when no check failed, 1 otherwise.',
      )
      .option('config', { alias: 'c', type: 'string', demandOption: true, describe: authConfigDescription })
      .option('verbose', verboseOption)
      .example(
        '$0 test-connection -c auth.json',
        'five lines: connect, service bind, root DSE, userdn, groupdn',
      ) as unknown as Argv<TestConnectionArgs>,
  handler: async (args) => {
    let authenticator: LdapAuthenticator;
    try {
      authenticator = openAuthenticator(args.config);
    } catch (error) {
      reportFailure(error, args.verbose);
      process.exitCode = 1;
      return;
    }
    printConfigWarnings(authenticator.configWarnings);
    const checks = await runChecks(authenticator, args.verbose);
    const width = Math.max(...checks.map((c) => c.name.length)) + 2;
    for (const check of checks) {
      process.stdout.write(
        `${`${check.name.padEnd(width)}${check.status.padEnd(9)}${check.text}`.trimEnd()}\n`,
      );
    }
    const failed = checks.filter((c) => c.status === 'failed').length;
    process.stdout.write(
      failed === 0 ? 'all checks passed\n' : `${failed} check${failed === 1 ? '' : 's'} failed\n`,
    );
    process.exitCode = failed === 0 ? 0 : 1;
  },
};

async function runChecks(authenticator: LdapAuthenticator, verbose: boolean): Promise<Check[]> {
  const config = authenticator.config;
  const bindText = config.binddn === '' ? 'anonymous' : config.binddn;
  let info: ConnectionTest;
  try {
    info = await authenticator.testConnection();
  } catch (error) {
    return failedAt(error, bindText, verbose);
  }
  const checks: Check[] = [
    { name: 'connect', status: 'ok', text: `${info.url} (${protectionText(info.protection)})` },
    { name: 'service bind', status: 'ok', text: bindText },
    {
      name: 'root DSE',
      status: 'ok',
      text: `${info.provider}${info.vendor ? `, ${info.vendor}` : ''}; naming contexts: ${info.namingContexts.join(', ') || '(none)'}`,
    },
  ];
  checks.push(...baseChecks(authenticator, info, verbose));
  return checks;
}

/** The checks up to the one that failed, and the rest skipped. */
function failedAt(error: unknown, bindText: string, verbose: boolean): Check[] {
  const order: CheckName[] = ['connect', 'service bind', 'root DSE', 'userdn', 'groupdn'];
  let failing: CheckName = 'connect';
  if (error instanceof DirectoryOperationError)
    failing = error.step === 'serviceBind' ? 'service bind' : 'root DSE';
  else if (!(error instanceof ConnectionError)) failing = 'connect';
  const at = order.indexOf(failing);
  return order.map((name, i): Check => {
    if (i < at) return { name, status: 'ok', text: name === 'service bind' ? bindText : 'a server answered' };
    if (i > at) return { name, status: 'skipped', text: `(${failing} failed)` };
    return { name, status: 'failed', text: reasonOf(error, verbose) };
  });
}

function baseChecks(authenticator: LdapAuthenticator, info: ConnectionTest, verbose: boolean): Check[] {
  const groupsUnset = authenticator.config.use_token_groups
    ? 'not set (groups come from tokenGroups)'
    : 'not set (no group search)';
  const check = (name: 'userdn' | 'groupdn', base: BaseCheck, unset: string): Check =>
    base.status === 'ok'
      ? { name, status: 'ok', text: `${base.dn} exists` }
      : base.status === 'unset'
        ? { name, status: 'skipped', text: unset }
        : { name, status: 'failed', text: `${base.dn}: ${reasonOf(base.error, verbose)}` };
  return [check('userdn', info.bases.userdn, 'not set'), check('groupdn', info.bases.groupdn, groupsUnset)];
}

function protectionText(protection: ConnectionTest['protection']): string {
  return protection === 'ldaps'
    ? 'LDAPS'
    : protection === 'startTLS'
      ? 'StartTLS'
      : 'plain LDAP, not encrypted';
}

/** Why a check failed, on one line; with --verbose the error's detail too (errors are redacted). */
function reasonOf(error: unknown, verbose: boolean): string {
  if (error instanceof ConnectionError) return error.failures.join('; ');
  const message = (error instanceof Error ? error.message : String(error)).trim();
  const detail =
    verbose && error instanceof LdapAuthError && error.detail !== '' ? ` [${error.detail.trim()}]` : '';
  return `${message}${detail}`.replaceAll('\n', ' ');
}
