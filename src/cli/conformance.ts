/**
 * `ldapmock conformance`: runs the scenario catalogue against an authenticator — ours, a shipped
 * third-party adapter, a Node module of yours, or any program speaking JSON lines — and reports
 * what it gets wrong. Exit 1 when an applicable scenario fails, 2 on a usage error.
 */
import { writeFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { PROFILE_NAMES, type ProfileName } from '../server/profiles/registry.js';

const REPORTER_CHOICES = ['pretty', 'json', 'junit', 'html', 'markdown'] as const;

interface ConformanceArgs {
  adapter: string[];
  'adapter-cmd': string[];
  profile?: ProfileName[] | undefined;
  topic?: string[] | undefined;
  id?: string[] | undefined;
  shard?: string | undefined;
  reporter: (typeof REPORTER_CHOICES)[number];
  out?: string | undefined;
  list: boolean;
  verbose: boolean;
}

export const conformanceCommand: CommandModule<object, ConformanceArgs> = {
  command: 'conformance',
  describe: 'Run the conformance scenarios against an LDAP authenticator and report what it gets wrong',
  builder: (y) =>
    y
      .usage(
        '$0 conformance [--adapter NAME|PATH]... [--adapter-cmd CMD]... [--profile P] [--topic T] [--id ID] ' +
          '[--shard i/n] [--reporter pretty|json|junit|html|markdown] [--out FILE]\n\n' +
          'Starts a mock server per profile and runs every chosen scenario (escaping, nesting, tokenGroups, ' +
          'paging, TLS, failover, null binds, AD account states…) against the authenticator, each on a ' +
          'clean copy of the data. A scenario the authenticator cannot express is "not applicable", never ' +
          'failed. Several adapters give one report each (the HTML report is their matrix).\n\n' +
          'Adapters: builtin (ldapmock/client, the default), ldapauth-fork, ldap-authentication, ' +
          'passport-ldapauth, activedirectory2 (install the library first), a path to a Node module ' +
          'exporting login(config, username, password), or --adapter-cmd with a program of any language ' +
          'speaking JSON lines on stdin/stdout (see the README).\n\n' +
          'Exit status: 0 every applicable scenario passed; 1 a scenario failed; 2 usage error.',
      )
      .option('adapter', {
        alias: 'a',
        type: 'string',
        array: true,
        default: [] as string[],
        describe:
          'builtin | ldapauth-fork | ldap-authentication | passport-ldapauth | activedirectory2 | PATH (repeatable)',
      })
      .option('adapter-cmd', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'A command speaking the JSON-lines protocol, e.g. "python3 my_auth.py" (repeatable)',
      })
      .option('profile', {
        alias: 'p',
        choices: PROFILE_NAMES,
        array: true,
        describe: 'Only these profiles',
      })
      .option('topic', {
        alias: 't',
        type: 'string',
        array: true,
        describe: 'Only these topics (see --list)',
      })
      .option('id', {
        type: 'string',
        array: true,
        describe: 'Only these scenario ids; a trailing * matches a prefix',
      })
      .option('shard', { type: 'string', describe: 'i/n: run the i-th of n equal shares (CI matrix)' })
      .option('reporter', {
        alias: 'r',
        choices: REPORTER_CHOICES,
        default: 'pretty' as const,
        describe:
          'pretty (terminal), json, junit (XML for CI), html (a self-contained matrix page), markdown (a summary table)',
      })
      .option('out', { alias: 'o', type: 'string', describe: 'Write the report to FILE instead of stdout' })
      .option('list', { type: 'boolean', default: false, describe: 'List the chosen scenarios and exit' })
      .option('verbose', {
        type: 'boolean',
        default: false,
        describe: 'pretty: list not-applicable scenarios too',
      })
      .example('$0 conformance', 'our authenticator against every scenario')
      .example(
        '$0 conformance --adapter ./my-auth.js --reporter junit --out conformance.xml',
        'your Node login code, JUnit for CI',
      )
      .example(
        '$0 conformance --adapter-cmd "python3 my_auth.py" --shard 2/4',
        'a Python authenticator, second of four CI jobs',
      )
      .example(
        '$0 conformance -a builtin -a ldapauth-fork --reporter html --out report.html',
        'two authenticators side by side',
      ) as unknown as Argv<ConformanceArgs>,
  handler: async (args) => {
    // Loaded here, so the other commands start without the server and the catalogue.
    const { CATALOGUE, TOPICS, runConformance, selectScenarios, adaptersFor, REPORTERS, progressBar } =
      await import('../conformance/index.js');
    const unknownTopics = (args.topic ?? []).filter(
      (topic) => !(TOPICS as readonly string[]).includes(topic),
    );
    if (unknownTopics.length > 0)
      usage(`unknown topic ${unknownTopics.join(', ')} (topics: ${TOPICS.join(', ')})`);
    const selection = {
      ...(args.profile && { profiles: args.profile }),
      ...(args.topic && { topics: args.topic as (typeof TOPICS)[number][] }),
      ...(args.id && { ids: args.id }),
      ...(args.shard !== undefined && { shard: args.shard }),
    };
    let chosen: ReturnType<typeof selectScenarios>;
    try {
      chosen = selectScenarios(CATALOGUE, selection);
    } catch (error) {
      return usage((error as Error).message);
    }
    if (args.list) {
      for (const scenario of chosen) process.stdout.write(`${scenario.id}\t${scenario.why}\n`);
      return;
    }
    const adapters = await adaptersFor(args.adapter, args['adapter-cmd']).catch((error: Error) =>
      usage(error.message),
    );
    const reports = [];
    for (const adapter of adapters) {
      if (adapters.length > 1) process.stderr.write(`${adapter.name}…\n`);
      reports.push(await runConformance({ adapter, ...selection, onResult: progressBar(process.stderr) }));
    }
    const text =
      args.reporter === 'pretty'
        ? REPORTERS.pretty(reports, {
            color: !args.out && process.stdout.isTTY === true,
            verbose: args.verbose,
          })
        : REPORTERS[args.reporter](reports);
    if (args.out) {
      writeFileSync(args.out, text);
      const failed = reports.reduce((sum, report) => sum + report.counts.fail, 0);
      process.stderr.write(`wrote ${args.out}${failed > 0 ? ` (${failed} failed)` : ''}\n`);
    } else process.stdout.write(text);
    if (reports.some((report) => report.counts.fail > 0)) process.exitCode = 1;
  },
};

function usage(message: string): never {
  process.stderr.write(`ldapmock conformance: ${message}\n`);
  process.exit(2);
}
