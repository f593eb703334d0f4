/** The `ldapmock` command line. */
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { packageFile } from '../server/package-files.js';
import { captureCommand } from './capture.js';
import { certCommand } from './cert.js';
import { conformanceCommand } from './conformance.js';
import { ldifCommand } from './ldif.js';
import { loginCommand } from './login.js';
import { rotatePasswordCommand } from './rotate-password.js';
import { serveCommand } from './serve.js';
import { syncUsersCommand } from './sync-users.js';
import { testConnectionCommand } from './test-connection.js';

await yargs(hideBin(process.argv))
  .scriptName('ldapmock')
  .usage(
    '$0 <command> [options]\n\nA mock LDAP server that behaves like OpenLDAP, Active Directory or Samba AD, and an LDAP authenticator with the Vault/OpenBao semantics.',
  )
  .command(serveCommand)
  .command(ldifCommand)
  .command(loginCommand)
  .command(testConnectionCommand)
  .command(syncUsersCommand)
  .command(rotatePasswordCommand)
  .command(conformanceCommand)
  .command(captureCommand)
  .command(certCommand)
  .demandCommand(
    1,
    'Name a command: serve, ldif validate, login, test-connection, sync-users, rotate-password, conformance, capture, cert. See --help.',
  )
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  // Ours, not the package.json of the folder it runs in (yargs' default looks there).
  .version(packageVersion())
  .wrap(Math.min(110, process.stdout.columns || 80))
  .fail((message, error, y) => {
    // A failing command (a broken --ldif, a port in use) is reported in one line, not as usage.
    if (error) process.stderr.write(`ldapmock: ${error.message}\n`);
    else process.stderr.write(`${y.help().toString()}\n\n${message}\n`);
    process.exit(1);
  })
  .parseAsync();

function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}
