/**
 * `ldapmock login --config FILE`: one LDAP login with the OpenBao semantics, as `vault login
 * -method=ldap` does it, against any directory (the mock, slapd, AD). The password is never an
 * argument: it is asked on the terminal without echo, or read from stdin with --password-stdin.
 *
 * Exit status: 0 logged in; 2 refused (bad credentials, unknown or ambiguous user, an account
 * state such as locked, an empty password under deny_null_bind); 1 anything else (configuration,
 * connection, a failed group search).
 */
import type { Argv, CommandModule } from 'yargs';
import type { LoginResult } from '../client/authenticator.js';
import {
  authConfigDescription,
  EXIT_DENIED,
  isDenial,
  printConfigWarnings,
  reportFailure,
  verboseOption,
} from './auth-command-output.js';
import { openAuthenticator } from './auth-config-file.js';
import { canPrompt, promptLine, readStdinLine } from './password-input.js';

interface LoginArgs {
  config: string;
  username?: string | undefined;
  'password-stdin': boolean;
  password?: string | undefined;
  format: 'text' | 'json';
  verbose: boolean;
}

export const loginCommand: CommandModule<object, LoginArgs> = {
  command: 'login',
  describe: 'Log in to a directory with the Vault/OpenBao LDAP auth semantics and show the policies',
  builder: (y) =>
    y
      .usage(
        '$0 login --config FILE [--username U] [--password-stdin] [--format text|json]\n\n' +
          'Runs one login as the OpenBao LDAP auth method would: find the user (service bind + search, ' +
          'discoverdn or upndomain), bind as the user, search the groups, map groups and users to ' +
          'policies. The password is asked without echo on a terminal, or read from the first line ' +
          'of stdin with --password-stdin; it is never accepted as an argument.\n\n' +
          'Exit status: 0 authenticated; 2 refused (bad credentials, unknown or ambiguous user, ' +
          'locked/disabled/expired account, empty password); 1 configuration or connection error.',
      )
      .option('config', {
        alias: 'c',
        type: 'string',
        demandOption: true,
        describe: authConfigDescription,
      })
      .option('username', {
        alias: 'u',
        type: 'string',
        describe: 'User to log in as (asked on the terminal when left out)',
      })
      .option('password-stdin', {
        type: 'boolean',
        default: false,
        describe: 'Read the password from the first line of stdin instead of asking',
      })
      .option('password', { type: 'string', hidden: true })
      .option('format', {
        choices: ['text', 'json'] as const,
        default: 'text' as const,
        describe: 'text: a table like `vault login`; json: the login result object',
      })
      .option('verbose', verboseOption)
      .example('$0 login -c auth.json -u alice', 'asks for the password, prints the policies')
      .example(
        'printf \'%s\\n\' "$PW" | $0 login -c auth.json -u alice --password-stdin --format json',
        'non-interactive, JSON result',
      ) as unknown as Argv<LoginArgs>,
  handler: async (args) => {
    try {
      if (args.password !== undefined) throw new PasswordArgumentError();
      const authenticator = openAuthenticator(args.config);
      printConfigWarnings(authenticator.configWarnings);
      const username = await readUsername(args);
      const password = await readPassword(args);
      const result = await authenticator.login(username, password);
      if (args.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        if (result.warnings.length > 0) process.stderr.write(warningBlock(result.warnings));
        process.stdout.write(loginTable(result));
      }
    } catch (error) {
      reportFailure(error, args.verbose);
      process.exitCode = isDenial(error) ? EXIT_DENIED : 1;
    }
  },
};

/** `--password` was given: refused, without repeating its value. */
class PasswordArgumentError extends Error {
  constructor() {
    super(
      'passwords are not accepted as an argument (shell history and `ps` would show them); ' +
        'type it at the prompt or pipe it with --password-stdin',
    );
  }
}

async function readUsername(args: LoginArgs): Promise<string> {
  if (args.username !== undefined) return args.username;
  if (args['password-stdin']) throw new Error('--password-stdin needs --username (stdin holds the password)');
  if (!canPrompt()) throw new Error('no --username given, and stdin is not a terminal to ask for it');
  return promptLine('Username: ', { hidden: false });
}

async function readPassword(args: LoginArgs): Promise<string> {
  if (args['password-stdin']) return readStdinLine();
  if (!canPrompt()) {
    throw new Error('stdin is not a terminal to ask for the password; pipe it in with --password-stdin');
  }
  return promptLine('Password (will be hidden): ', { hidden: true });
}

/** Vault's `Key Value` table: the login result a person reads. */
function loginTable(result: LoginResult): string {
  const rows: [string, string][] = [
    ['username', result.username],
    ['alias', result.alias],
    ['user_dn', result.userDN],
    ['policies', goList(result.policies)],
    ['groups', goList(result.groups)],
    ['ldap_groups', goList(result.ldapGroups)],
    ...Object.entries(result.metadata).map(([key, value]): [string, string] => [`token_meta_${key}`, value]),
  ];
  const width = Math.max(3, ...rows.map(([key]) => key.length)) + 4;
  const lines = [
    'Successfully authenticated!',
    '',
    `${'Key'.padEnd(width)}Value`,
    `${'---'.padEnd(width)}-----`,
    ...rows.map(([key, value]) => `${key.padEnd(width)}${value}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A list as Vault prints policies: `["default" "dev"]` (quoted, so names with spaces stay whole). */
function goList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(' ')}]`;
}

function warningBlock(warnings: readonly string[]): string {
  return `WARNING! The following warnings were returned:\n\n${warnings.map((w) => `  * ${w}`).join('\n')}\n\n`;
}
