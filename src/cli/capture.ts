/**
 * `ldapmock capture`: a real directory into an anonymised fixture (src/capture/). Read-only:
 * binds and searches, nothing else. The password comes from stdin or a prompt, never argv.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { PROFILE_NAMES, type ProfileName } from '../server/profiles/registry.js';
import { canPrompt, promptLine, readStdinLine } from './password-input.js';

interface CaptureArgs {
  url: string;
  binddn: string;
  'bindpass-stdin': boolean;
  base?: string | undefined;
  out: string;
  'schema-out'?: string | undefined;
  'max-entries': number;
  profile?: ProfileName | undefined;
  'set-password'?: string | undefined;
  'keep-data': boolean;
  'i-understand-this-copies-personal-data': boolean;
  ca?: string | undefined;
  starttls: boolean;
}

export const captureCommand: CommandModule<object, CaptureArgs> = {
  command: 'capture',
  describe: 'Read a real directory into an anonymised fixture that keeps its shape',
  builder: (y) =>
    y
      .usage(
        '$0 capture --url URL --binddn DN [--bindpass-stdin] --out FILE\n\n' +
          'Reads every entry below --base (paged; ranged attributes such as AD member;range=… completed), ' +
          'read-only: it binds and searches, nothing else. Names, mails, phones, descriptions, SIDs and ' +
          'GUIDs are replaced by consistent pseudonyms that keep length, case and special characters; ' +
          "every account's password becomes one known value; built-in principals keep their names. The " +
          'profile (openldap, ad, samba) is guessed from the rootDSE and written into the header. A report ' +
          'of the shape kept (groups, nesting, cycles, largest groups, custom attributes) goes to stderr.',
      )
      .option('url', {
        type: 'string',
        demandOption: true,
        describe: 'ldap:// or ldaps:// URL of the directory',
      })
      .option('binddn', {
        type: 'string',
        demandOption: true,
        describe: 'Who to bind as (a reader of the whole subtree)',
      })
      .option('bindpass-stdin', {
        type: 'boolean',
        default: false,
        describe: 'Read the bind password from the first line of stdin (else it is asked for on a terminal)',
      })
      .option('base', {
        type: 'string',
        describe: "Subtree to read (default: the server's default naming context)",
      })
      .option('out', { type: 'string', demandOption: true, describe: 'The fixture to write (LDIF)' })
      .option('schema-out', {
        type: 'string',
        describe: "Also write the server's schema definitions the profile lacks (LDIF for --schema)",
      })
      .option('max-entries', { type: 'number', default: 100_000, describe: 'Stop after this many entries' })
      .option('profile', {
        choices: PROFILE_NAMES,
        describe: 'Which server it is (default: guessed from the rootDSE)',
      })
      .option('set-password', {
        type: 'string',
        describe: 'The password every account gets (default Captured-Passw0rd!)',
      })
      .option('ca', { type: 'string', describe: 'PEM file of the CA for LDAPS or StartTLS' })
      .option('starttls', { type: 'boolean', default: false, describe: 'StartTLS before binding' })
      .option('keep-data', {
        type: 'boolean',
        default: false,
        describe: 'Do not anonymise (needs --i-understand-this-copies-personal-data as well)',
      })
      .option('i-understand-this-copies-personal-data', { type: 'boolean', default: false, hidden: true })
      .example(
        "printf '%s\\n' \"$PW\" | $0 capture --url ldaps://dc1.corp.acme.com --ca ca.pem --binddn 'CORP\\reader' --bindpass-stdin --out acme.ldif",
        'your AD, anonymised, then: ldapmock serve --profile ad --ldif acme.ldif',
      ) as unknown as Argv<CaptureArgs>,
  handler: async (args) => {
    const { capture, CaptureError, formatReport } = await import('../capture/index.js');
    const password = args['bindpass-stdin']
      ? await readStdinLine()
      : canPrompt()
        ? await promptLine(`password for ${args.binddn}: `, { hidden: true })
        : '';
    const progress = process.stderr.isTTY
      ? (entries: number) => process.stderr.write(`\rread ${entries} entries…`)
      : undefined;
    try {
      const result = await capture({
        url: args.url,
        bindDN: args.binddn,
        bindPassword: password,
        base: args.base,
        maxEntries: args['max-entries'],
        profile: args.profile,
        password: args['set-password'],
        keepData: args['keep-data'],
        confirmKeepData: args['i-understand-this-copies-personal-data'],
        schema: args['schema-out'] !== undefined,
        ca: args.ca ? readFileSync(args.ca, 'utf8') : undefined,
        startTls: args.starttls,
        onProgress: progress,
      });
      if (progress) process.stderr.write('\n');
      // Written whole or not at all: a capture stopped half-way leaves no half fixture.
      writeFileSync(`${args.out}.partial`, result.ldif);
      renameSync(`${args.out}.partial`, args.out);
      if (args['schema-out'] && result.schemaLdif) writeFileSync(args['schema-out'], result.schemaLdif);
      process.stderr.write(formatReport(result.report));
      process.stderr.write(
        [
          `profile: ${result.profile} (from the rootDSE)`,
          `wrote ${args.out}: ${result.report.entries} entries, base ${result.base}${result.truncated ? ` — stopped at --max-entries ${args['max-entries']}` : ''}`,
          ...(args['schema-out']
            ? [
                result.schemaLdif
                  ? `wrote ${args['schema-out']}`
                  : 'no schema definitions beyond the profile’s own',
              ]
            : []),
          `every account's password: ${result.password}`,
          `serve it: ldapmock serve --profile ${result.profile} --ldif ${args.out}${args['schema-out'] && result.schemaLdif ? ` --schema ${args['schema-out']}` : ''}`,
          '',
        ].join('\n'),
      );
    } catch (error) {
      if (error instanceof CaptureError) {
        process.stderr.write(`capture: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`capture: ${message.split(password).join('[REDACTED]')}\n`);
      process.exitCode = 1;
    }
  },
};
