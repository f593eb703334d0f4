/** The `ldapmock` command line. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ldifCommand } from './ldif.js';
import { serveCommand } from './serve.js';

await yargs(hideBin(process.argv))
  .scriptName('ldapmock')
  .usage('$0 <command> [options]\n\nA mock LDAP server that behaves like OpenLDAP, and tools around it.')
  .command(serveCommand)
  .command(ldifCommand)
  .demandCommand(1, 'Name a command: serve, ldif validate. See --help.')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(110, process.stdout.columns || 80))
  .parseAsync();
