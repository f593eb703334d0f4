/**
 * `ldapmock rotate-password --config FILE --username U`: Infisical's LDAP password rotation. The
 * service account (binddn) sets the user's new password: `unicodePwd` on Active Directory, the
 * Password Modify extended operation elsewhere. The new password is read from stdin (the first
 * line), or asked twice without echo on a terminal; never taken as an argument. The library
 * refuses to send it over a connection without TLS.
 */
import type { Argv, CommandModule } from 'yargs';
import type { DirectoryProvider } from '../client/server-info.js';
import {
  authConfigDescription,
  printConfigWarnings,
  reportFailure,
  verboseOption,
} from './auth-command-output.js';
import { openAuthenticator } from './auth-config-file.js';
import { canPrompt, promptLine, readStdinLine } from './password-input.js';

interface RotatePasswordArgs {
  config: string;
  username: string;
  provider?: DirectoryProvider | undefined;
  verbose: boolean;
}

export const rotatePasswordCommand: CommandModule<object, RotatePasswordArgs> = {
  command: 'rotate-password',
  describe:
    "Set a user's password as the service account (AD unicodePwd or Password Modify); new password on stdin",
  builder: (y) =>
    y
      .usage(
        '$0 rotate-password --config FILE --username U < new-password\n\n' +
          "Infisical's password rotation: binds as binddn, finds the user with the userfilter, and sets " +
          'the password read from the first line of stdin (asked twice, hidden, on a terminal). ' +
          'Active Directory gets unicodePwd, other directories the Password Modify operation ' +
          '(RFC 3062). Refused over plain LDAP: use ldaps:// or starttls. Exit status 0 or 1.',
      )
      .option('config', { alias: 'c', type: 'string', demandOption: true, describe: authConfigDescription })
      .option('username', {
        alias: 'u',
        type: 'string',
        demandOption: true,
        describe: 'The user whose password is set (found like a login finds it)',
      })
      .option('provider', {
        choices: ['active-directory', 'openldap'] as const,
        describe: "Infisical's provider: how the password is set (default: detected from the root DSE)",
      })
      .option('verbose', verboseOption)
      .example(
        'printf \'%s\\n\' "$NEW" | $0 rotate-password -c ad.json -u alice',
        "set alice's password",
      ) as unknown as Argv<RotatePasswordArgs>,
  handler: async (args) => {
    try {
      const authenticator = openAuthenticator(args.config);
      printConfigWarnings(authenticator.configWarnings);
      const newPassword = await readNewPassword();
      if (newPassword === '')
        throw new Error('the new password is empty (give it on the first line of stdin)');
      const rotation = await authenticator.rotatePassword(args.username, newPassword, {
        ...(args.provider && { provider: args.provider }),
      });
      const method = rotation.method === 'unicodePwd' ? 'unicodePwd' : 'Password Modify';
      process.stdout.write(`password rotated for ${args.username} (${rotation.dn}, by ${method})\n`);
    } catch (error) {
      reportFailure(error, args.verbose);
      process.exitCode = 1;
    }
  },
};

async function readNewPassword(): Promise<string> {
  if (!canPrompt()) return readStdinLine();
  const first = await promptLine('New password (will be hidden): ', { hidden: true });
  const again = await promptLine('Repeat the new password: ', { hidden: true });
  if (first !== again) throw new Error('the two passwords differ; nothing was changed');
  return first;
}
