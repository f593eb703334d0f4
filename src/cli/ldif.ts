/** `ldapmock ldif validate FILE…`: every problem with file:line, exit 1 if there is any. */
import type { CommandModule } from 'yargs';
import { PROFILE_NAMES, type ProfileName } from '../server/profiles/registry.js';

interface ValidateArgs {
  files: string[];
  profile: ProfileName;
  schema?: string[] | undefined;
  'lenient-schema': boolean;
}

const validate: CommandModule<object, ValidateArgs> = {
  command: 'validate <files..>',
  describe:
    "Check LDIF files: syntax (RFC 2849) and whether they load (parents, duplicates, values, the emulated server's schema)",
  builder: (y) =>
    y
      .positional('files', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'LDIF files, loaded in order',
      })
      .option('profile', {
        choices: PROFILE_NAMES,
        default: 'openldap' as ProfileName,
        describe: 'Server whose schema and rules the files are checked against',
      })
      .option('schema', {
        type: 'string',
        array: true,
        // One path per --schema, so that `--schema app.schema users.ldif` leaves the LDIF alone.
        nargs: 1,
        describe:
          "Your application's schema, added to the server's (repeatable): OpenLDAP .schema, cn=schema LDIF or AD attributeSchema/classSchema LDIF",
      })
      .option('lenient-schema', {
        type: 'boolean',
        default: false,
        describe: 'Require only an objectClass instead of checking entries against the schema',
      })
      .example('$0 ldif validate users.ldif groups.ldif', 'check two files that load together')
      .example('$0 ldif validate --schema app.schema users.ldif', "with your application's own attributes"),
  handler: async (args) => {
    // Loaded here, so the other commands start without the server.
    const [
      { readSources, toSources, refusedBySchema, SCHEMA_HINT },
      { emptyDirectory, loadRecords },
      { PROFILE_REGISTRY },
      { loadSchemaFiles, SchemaFileReadError },
      { SchemaFileError },
    ] = await Promise.all([
      import('../server/fixture-loader.js'),
      import('../server/load-directory.js'),
      import('../server/profiles/registry.js'),
      import('../server/schema-files.js'),
      import('../core/openldap-schema-file.js'),
    ]);
    const fail = (message: string) => {
      process.stderr.write(`ldapmock: ${message}\n`);
      process.exitCode = 1;
    };
    let sources: ReturnType<typeof toSources>;
    try {
      sources = toSources(args.files);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return;
    }
    const profile = await PROFILE_REGISTRY[args.profile].load();
    let schema: ReturnType<typeof loadSchemaFiles>;
    try {
      schema = loadSchemaFiles(profile, args.schema ?? [], '--schema');
    } catch (error) {
      if (error instanceof SchemaFileReadError) return fail(error.message);
      if (!(error instanceof SchemaFileError)) throw error;
      // A definition the server would refuse is a problem of the schema file, at its line.
      process.stdout.write(`${error.message}\n1 problem found\n`);
      process.exitCode = 1;
      return;
    }
    const { records, errors } = readSources(sources);
    // Load the records that parsed, to find what only loading shows (missing parents, duplicates).
    const loadErrors = loadRecords(emptyDirectory(profile, schema), records, {
      profile,
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
