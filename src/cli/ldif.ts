/** `ldapmock ldif validate FILE…`: every problem with file:line, exit 1 if there is any. */
import type { CommandModule } from 'yargs';

interface ValidateArgs {
  files: string[];
  'lenient-schema': boolean;
}

const validate: CommandModule<object, ValidateArgs> = {
  command: 'validate <files..>',
  describe:
    'Check LDIF files: syntax (RFC 2849) and whether they load (parents, duplicates, values, the OpenLDAP schema)',
  builder: (y) =>
    y
      .positional('files', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'LDIF files, loaded in order',
      })
      .option('lenient-schema', {
        type: 'boolean',
        default: false,
        describe: 'Require only an objectClass instead of checking entries against the schema',
      })
      .example('$0 ldif validate users.ldif groups.ldif', 'check two files that load together'),
  handler: async (args) => {
    // Loaded here, so the other commands start without the server.
    const [
      { readSources, toSources, refusedBySchema, SCHEMA_HINT },
      { emptyDirectory, loadRecords },
      { openldapProfile },
    ] = await Promise.all([
      import('../server/fixture-loader.js'),
      import('../server/load-directory.js'),
      import('../server/profiles/openldap.js'),
    ]);
    let sources: ReturnType<typeof toSources>;
    try {
      sources = toSources(args.files);
    } catch (error) {
      process.stderr.write(`ldapmock: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
      return;
    }
    const { records, errors } = readSources(sources);
    // Load the records that parsed, to find what only loading shows (missing parents, duplicates).
    const loadErrors = loadRecords(emptyDirectory(openldapProfile), records, {
      profile: openldapProfile,
      creator: '',
      strictSchema: !args['lenient-schema'],
    });
    const problems = [...errors, ...loadErrors].sort((a, b) =>
      a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1,
    );
    for (const problem of problems) process.stdout.write(`${problem.message}\n`);
    if (problems.length > 0) {
      process.stdout.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} found\n`);
      if (refusedBySchema(loadErrors)) process.stdout.write(`${SCHEMA_HINT}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `${records.length} records in ${sources.length} file${sources.length === 1 ? '' : 's'}: OK\n`,
      );
    }
  },
};

export const ldifCommand: CommandModule = {
  command: 'ldif',
  describe: 'LDIF tools',
  builder: (y) =>
    y.command(validate as unknown as CommandModule).demandCommand(1, 'Name an ldif command: validate'),
  handler: () => {},
};
