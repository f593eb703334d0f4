/**
 * `ldapmock sync-users --config FILE`: JumpServer's "Sync Users" on the command line. Lists every
 * user the login's userfilter can match (paged), maps each through the attribute map (JumpServer
 * field → LDAP attribute) and prints them as JSON or CSV (RFC 4180) on stdout. A progress line is
 * drawn on stderr when it is a terminal; entries that cannot become a user are listed on stderr.
 */
import type { Argv, CommandModule } from 'yargs';
import type { ImportedUser } from '../client/user-import.js';
import { type AttributeMap, USER_FIELDS } from '../client/user-import.js';
import {
  authConfigDescription,
  printConfigWarnings,
  reportFailure,
  verboseOption,
} from './auth-command-output.js';
import { openAuthenticator } from './auth-config-file.js';
import { createProgress } from './progress.js';

interface SyncUsersArgs {
  config: string;
  map?: string | undefined;
  format: 'json' | 'csv';
  'page-size'?: number | undefined;
  verbose: boolean;
}

export const syncUsersCommand: CommandModule<object, SyncUsersArgs> = {
  command: 'sync-users',
  describe: 'List the directory users mapped to JumpServer fields (JSON or CSV), as a user import does',
  builder: (y) =>
    y
      .usage(
        '$0 sync-users --config FILE [--map JSON] [--format json|csv] [--page-size N]\n\n' +
          "Runs JumpServer's user import: every entry under userdn that the userfilter matches with the " +
          'user name as a wildcard, read with paged searches, each mapped through --map. Fields: ' +
          `${USER_FIELDS.join(', ')}. is_active comes from userAccountControl (AD) or ` +
          'pwdAccountLockedTime (OpenLDAP); groups from memberOf values, shown by their CN.',
      )
      .option('config', { alias: 'c', type: 'string', demandOption: true, describe: authConfigDescription })
      .option('map', {
        type: 'string',
        describe:
          'Attribute map as JSON, JumpServer field → LDAP attribute, e.g. ' +
          '\'{"username":"sAMAccountName","name":"cn","email":"mail","is_active":"userAccountControl","groups":"memberOf"}\' ' +
          '(default {"username": <userattr>, "name": "cn", "email": "mail"})',
      })
      .option('format', {
        choices: ['json', 'csv'] as const,
        default: 'json' as const,
        describe:
          'json: an array of users; csv: a header row then one row per user (RFC 4180, groups joined by ";")',
      })
      .option('page-size', {
        type: 'number',
        describe: 'Entries per page of the paged search (default max_page_size when > 0, else 500)',
      })
      .option('verbose', verboseOption)
      .example(
        '$0 sync-users -c ad.json --format csv --map \'{"username":"sAMAccountName","email":"mail","is_active":"userAccountControl"}\'',
        'AD users as CSV with their enabled state',
      ) as unknown as Argv<SyncUsersArgs>,
  handler: async (args) => {
    const progress = createProgress(process.stderr, { noun: 'users' });
    try {
      const attributeMap = args.map === undefined ? undefined : parseMapArgument(args.map);
      const authenticator = openAuthenticator(args.config);
      printConfigWarnings(authenticator.configWarnings);
      const pageSize = args['page-size'];
      const { users, skipped } = await authenticator.listUsers({
        ...(attributeMap && { attributeMap }),
        ...(pageSize !== undefined && { pageSize }),
        onProgress: (p) => progress.update(p.users),
      });
      progress.finish();
      const map = attributeMap ?? { username: authenticator.config.userattr, name: 'cn', email: 'mail' };
      process.stdout.write(
        args.format === 'csv' ? usersCsv(users, map) : `${JSON.stringify(users, null, 2)}\n`,
      );
      for (const entry of skipped) process.stderr.write(`ldapmock: skipped ${entry.dn}: ${entry.reason}\n`);
      process.stderr.write(
        `${users.length} user${users.length === 1 ? '' : 's'}${skipped.length > 0 ? `, ${skipped.length} skipped` : ''}\n`,
      );
    } catch (error) {
      progress.finish();
      reportFailure(error, args.verbose);
      process.exitCode = 1;
    }
  },
};

/** `--map` text → an attribute map; the library checks the field names. */
function parseMapArgument(text: string): AttributeMap {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--map: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('--map: expected a JSON object of JumpServer field → LDAP attribute');
  }
  for (const [field, attribute] of Object.entries(value)) {
    if (typeof attribute !== 'string') {
      throw new Error(
        `--map: ${field}: expected an LDAP attribute name (a string), got ${JSON.stringify(attribute)}`,
      );
    }
  }
  return value as AttributeMap;
}

/** The mapped fields in JumpServer's order (username always), then the DN. */
function csvColumns(map: AttributeMap): (keyof ImportedUser)[] {
  return [...USER_FIELDS.filter((field) => field === 'username' || map[field] !== undefined), 'dn'];
}

/** RFC 4180: a header row, CRLF line ends, fields with `"`, `,`, CR or LF quoted, `"` doubled. */
export function usersCsv(users: readonly ImportedUser[], map: AttributeMap): string {
  const columns = csvColumns(map);
  const rows = [columns.map(csvField).join(',')];
  for (const user of users) {
    rows.push(columns.map((column) => csvField(cellText(user[column]))).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

function cellText(value: ImportedUser[keyof ImportedUser]): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  return value.join(';');
}

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
