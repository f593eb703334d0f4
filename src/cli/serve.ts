/** `ldapmock serve`: the dev server, in the foreground until Ctrl-C. */
import { readFileSync, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Argv, CommandModule, Options } from 'yargs';
import type { ServerLimits } from '../server/limits.js';
// The server is loaded when `serve` runs, so the other commands start without it; the registry
// of profiles names them without loading them.
import { PROFILE_NAMES, PROFILE_REGISTRY, type ProfileName } from '../server/profiles/registry.js';
import { banner } from './banner.js';
import { bootstrapOf } from './bootstrap-flags.js';
import { DEFAULT_CERT_DIR, loadOrCreateCA } from './cert-dir.js';
import { operationLogLine } from './operation-log-line.js';

interface ServeArgs {
  profile: ProfileName;
  ldif?: string[] | undefined;
  bootstrap?: string[] | undefined;
  'slapd-conf'?: string | undefined;
  env?: string[] | undefined;
  'bootstrap-image'?: 'osixia' | 'bitnami' | undefined;
  host: string;
  port: number;
  'ldaps-port': number;
  'cert-dir': string;
  watch: boolean;
  persist?: string | undefined;
  'root-dn'?: string | undefined;
  'root-password'?: string | undefined;
  quiet: boolean;
  log: 'ops' | 'json' | 'none';
  console: boolean;
  'lenient-schema': boolean;
  schema?: string[] | undefined;
  fault?: string[] | undefined;
  control: boolean;
  'control-port': number;
  'tls-cert'?: string | undefined;
  'tls-key'?: string | undefined;
  'tls-ca'?: string | undefined;
  'tls-verify-client': 'never' | 'allow' | 'try' | 'demand';
  'authz-regexp'?: string[] | undefined;
  'max-message-size'?: number | undefined;
  'max-connections'?: number | undefined;
  'max-filter-depth'?: number | undefined;
  'max-filter-size'?: number | undefined;
  'idle-timeout'?: number | undefined;
  'max-outstanding'?: number | undefined;
  'admin-size-limit'?: number | undefined;
}

const DEFAULT_ROOT_PASSWORD = 'admin';
const FAULTS_GROUP = 'Faults (repeatable; switch them later through the control endpoint):';
const TLS_GROUP = 'TLS and client certificates:';

/** Each limit flag and the ServerLimits key it sets. */
const LIMIT_FLAGS = {
  'max-message-size': [
    'maxMessageSize',
    'Largest LDAP message in bytes; a larger one closes the connection (default 16 MiB)',
  ],
  'max-connections': [
    'maxConnections',
    'Open connections; one more is closed at once, as slapd does (default 4096)',
  ],
  'max-filter-depth': [
    'maxFilterDepth',
    'Nesting of and/or/not in a search filter; deeper is answered 2 (default 64)',
  ],
  'max-filter-size': [
    'maxFilterSize',
    'Encoded size of a search filter in bytes; larger is answered 2 (default 1 MiB)',
  ],
  'idle-timeout': [
    'idleTimeout',
    "Seconds before an idle connection is closed; 0 = never (default: the server's, slapd 0, AD and Samba 900)",
  ],
  'max-outstanding': [
    'maxOutstandingOperations',
    'Operations in progress per connection; one more closes it, as slapd does (default 1000)',
  ],
  'admin-size-limit': [
    'adminSizeLimit',
    'Entries per search for the administrator too, who is otherwise unlimited; 0 = off (default)',
  ],
} as const satisfies Record<string, readonly [keyof ServerLimits, string]>;

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Run a mock LDAP server (LDAP + StartTLS, and LDAPS) until Ctrl-C',
  builder: (y) =>
    y
      .option('profile', {
        choices: PROFILE_NAMES,
        default: 'openldap' as ProfileName,
        describe: 'Server to emulate: OpenLDAP (slapd), Windows Active Directory, or a Samba AD DC',
      })
      .option('ldif', {
        type: 'string',
        array: true,
        describe: "LDIF file(s) to load instead of the profile's default fixture",
      })
      .option('bootstrap', {
        type: 'string',
        array: true,
        describe:
          "An OpenLDAP container's bootstrap folder (osixia, bitnami): *.ldif in name order, cn=config records configuring the server, {{ NAME }} filled from --env and the environment (repeatable)",
      })
      .option('slapd-conf', {
        type: 'string',
        describe:
          'A slapd.conf: schema includes, rootdn/rootpw, memberof, refint, ppolicy, unique, sssvlv, sizelimit, timelimit, limits, access, TLSVerifyClient, authz-regexp (other directives are named at start-up)',
      })
      .option('env', {
        type: 'string',
        array: true,
        describe:
          "NAME=VALUE of the image's environment: the {{ NAME }} templates of --bootstrap files, osixia's LDAP_DOMAIN, bitnami's LDAP_ROOT, LDAP_USERS…; without --bootstrap, the image with no folder (repeatable)",
      })
      .option('bootstrap-image', {
        choices: ['osixia', 'bitnami'] as const,
        describe:
          "Whose conventions --bootstrap and --env follow (default: bitnami's when a variable only bitnami reads is set, such as LDAP_ROOT or LDAP_USERS; else osixia's)",
      })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('port', {
        type: 'number',
        default: 1389,
        describe: 'LDAP port (StartTLS available); 0 = a free port',
      })
      .option('ldaps-port', { type: 'number', default: 1636, describe: 'LDAPS port; 0 = a free port' })
      .option('cert-dir', {
        type: 'string',
        default: DEFAULT_CERT_DIR,
        describe:
          'Where the generated CA (ca.crt) is kept; it is reused on later starts so clients keep trusting it',
      })
      .option('watch', {
        type: 'boolean',
        default: false,
        describe:
          'Reload the LDIF files when they change (a broken file is reported; the old data keeps serving)',
      })
      .option('persist', {
        type: 'string',
        describe: 'Load from this LDIF file if it exists and write every change back to it',
      })
      .option('root-dn', { type: 'string', describe: 'Administrator DN (default cn=admin,<base DN>)' })
      .option('root-password', {
        type: 'string',
        describe: `Administrator password (default ${DEFAULT_ROOT_PASSWORD}, or the --bootstrap folder's or --slapd-conf's; shown in the banner only when it is the default)`,
      })
      .option('schema', {
        type: 'string',
        array: true,
        // One path per --schema, so that `--schema app.schema users.ldif` leaves the LDIF alone.
        nargs: 1,
        describe:
          "Your application's schema, added to the emulated server's (repeatable, loaded in order): an OpenLDAP .schema file, cn=schema LDIF, or AD attributeSchema/classSchema LDIF",
      })
      .option('lenient-schema', {
        type: 'boolean',
        default: false,
        describe:
          'Require only an objectClass instead of checking entries against the schema as the real server does (for data with attributes no schema defines)',
      })
      .option('log', {
        choices: ['ops', 'json', 'none'] as const,
        default: 'ops' as const,
        describe:
          "Each operation on stderr: ops = one line in the style of slapd's stats log (coloured on a terminal), json = the journal entry as one JSON line, none = nothing",
      })
      .option('quiet', { type: 'boolean', default: false, describe: 'Same as --log none' })
      .option('tls-cert', {
        type: 'string',
        group: TLS_GROUP,
        describe: 'Server certificate (PEM) instead of one the CA in --cert-dir signs',
      })
      .option('tls-key', {
        type: 'string',
        group: TLS_GROUP,
        describe: 'Its private key (PEM); with --tls-cert',
      })
      .option('tls-ca', {
        type: 'string',
        group: TLS_GROUP,
        describe: 'CA (PEM) that signed --tls-cert, and that client certificates must be signed by',
      })
      .option('tls-verify-client', {
        choices: ['never', 'allow', 'try', 'demand'] as const,
        default: 'never' as const,
        group: TLS_GROUP,
        describe:
          "Client certificates, as slapd's TLSVerifyClient: never asks; allow and try take a verified one (SASL EXTERNAL binds as its subject); demand requires one",
      })
      .option('authz-regexp', {
        type: 'string',
        array: true,
        group: TLS_GROUP,
        describe:
          'Map the certificate subject to the DN EXTERNAL binds as, as slapd\'s authz-regexp: "MATCH REPLACEMENT" (repeatable; the first match wins)',
      })
      .option('console', {
        type: 'boolean',
        default: false,
        describe:
          'Serve the web console on the control endpoint: the live journal (why a search found nothing), the directory with computed attributes, the faults switch (log in as the administrator)',
      })
      .option('fault', {
        type: 'string',
        array: true,
        nargs: 1,
        group: FAULTS_GROUP,
        describe: [
          'refuse           close the ports: clients get ECONNREFUSED',
          'hang             accept connections and never answer',
          '  (ldap:refuse, ldaps:hang … for one listener only)',
          'latency=200ms    add this delay before every operation (ms or s)',
          'drop-after=3     close each connection at its 4th operation',
          'busy             answer every operation 51 (busy)',
          'unavailable      answer every operation 52 (unavailable)',
          'cert=expired     serve an expired certificate (LDAPS and StartTLS)',
          'cert=wrong-host  serve a certificate for another host name',
        ].join('\n'),
      })
      .option('control', {
        type: 'boolean',
        default: true,
        group: FAULTS_GROUP,
        describe:
          'HTTP endpoint on 127.0.0.1 to read and switch faults while running (GET/PUT/DELETE /faults, HTTP Basic as the administrator); --no-control turns it off',
      })
      .option('control-port', {
        type: 'number',
        default: 0,
        group: FAULTS_GROUP,
        describe: 'Port of the control endpoint; 0 = a free port (printed in the banner)',
      })
      .options(
        Object.fromEntries(
          Object.entries(LIMIT_FLAGS).map(([flag, [, describe]]) => [
            flag,
            {
              type: 'number',
              group: 'Limits (what hitting one does, as the emulated server does it):',
              describe,
            },
          ]),
        ) as Record<string, Options>,
      )
      .example('$0 serve', 'OpenLDAP look-alike on ldap://127.0.0.1:1389 and ldaps://127.0.0.1:1636')
      .example(
        '$0 serve --profile ad',
        'Active Directory look-alike: bind as alice@corp.example.com or CORP\\alice',
      )
      .example('$0 serve --ldif ./users.ldif --watch', 'serve your own data and reload it on change')
      .example('$0 serve --fault latency=200ms --fault drop-after=3', 'a slow server that drops connections')
      .example(
        '$0 serve --console',
        'open the printed console URL: the live journal, the directory, the faults',
      )
      .example(
        '$0 serve --log json | jq .filter',
        'every operation as a JSON line, e.g. the filters your app builds',
      )
      .example(
        "curl -u 'cn=admin,dc=example,dc=org:admin' -X PUT --data busy http://127.0.0.1:PORT/faults",
        'switch a running server to answering busy (the banner prints the control URL)',
      )
      .example(
        '$0 serve --schema ./app.schema --ldif ./users.ldif',
        "data with your application's own attribute types and classes, checked as slapd checks them",
      )
      .epilogue(
        "What a start works out from your data (its directory, schema, a folder's configuration) is kept in " +
          '~/.cache/ldapmock, or $LDAPMOCK_CACHE_DIR (off: nothing kept), for the next start on the same files.',
      ) as unknown as Argv<ServeArgs>,
  handler: async (args) => {
    const certDir = resolve(args['cert-dir']);
    const ca = loadOrCreateCA(certDir);
    const {
      startMockServer,
      SchemaFileReadError,
      parseFaults,
      FaultSpecError,
      LimitsError,
      isOrdinaryClose,
      journalJSON,
    } = await import('../server/index.js');
    const { authzRuleOf } = await import('../server/bootstrap/setting-values.js');
    if (args.console && !args.control) {
      throw new Error('--console is served on the control endpoint: drop --no-control');
    }
    const faults = (() => {
      try {
        return parseFaults(args.fault ?? []);
      } catch (error) {
        throw error instanceof FaultSpecError ? new Error(`--fault: ${error.message}`) : error;
      }
    })();
    const server = await startMockServer({
      profile: args.profile,
      ...(args.ldif && { ldif: args.ldif }),
      ...bootstrapOf(args),
      ...(args['slapd-conf'] && { slapdConf: args['slapd-conf'] }),
      host: args.host,
      port: args.port,
      ldapsPort: args['ldaps-port'],
      certificateAuthority: await ca,
      ...(args.persist && { persist: args.persist }),
      ...(args['root-dn'] && { rootDN: args['root-dn'] }),
      // Without the flag the server's own default applies, or a bootstrap folder's or slapd.conf's.
      ...(args['root-password'] !== undefined && { rootPassword: args['root-password'] }),
      strictSchema: !args['lenient-schema'],
      ...(args.schema && { schema: args.schema }),
      faults,
      ...(args.control && { control: { port: args['control-port'], console: args.console } }),
      ...tlsOf(args),
      tlsVerifyClient: args['tls-verify-client'],
      ...(args['authz-regexp'] && {
        authzRegexp: args['authz-regexp'].map((text) => {
          const rule = authzRuleOf(text);
          if ('problem' in rule) throw new Error(`--authz-regexp: ${rule.problem}`);
          return rule;
        }),
      }),
      limits: limitsOf(args),
    }).catch((error: unknown) => {
      // Name the flag the user typed, not the API option.
      if (error instanceof SchemaFileReadError)
        throw new SchemaFileReadError(error.path, error.reason, '--schema');
      if (error instanceof LimitsError) throw new Error(`--${flagOf(error.key)}: ${error.reason}`);
      throw error;
    });
    const stop = async () => {
      process.stderr.write('\nstopping…\n');
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const log = args.quiet ? 'none' : args.log;
    if (log === 'json') server.journal.subscribe((op) => process.stderr.write(`${journalJSON(op)}\n`));
    if (log === 'ops') {
      const colour = process.stderr.isTTY === true && !process.env['NO_COLOR'];
      server.journal.subscribe((op) => process.stderr.write(`${operationLogLine(op, colour)}\n`));
    }
    // Connections the server ended, and why (idle, a limit, a protocol error, a fault); an
    // unbind or a client hanging up is ordinary and not worth a line.
    server.onConnectionEvent((event) => {
      if (event.event === 'opened') return;
      if (event.event === 'rejected') {
        process.stderr.write(`connection from ${event.remote} rejected: ${event.reason}\n`);
      } else if (!isOrdinaryClose(event.reason)) {
        process.stderr.write(`conn=${event.session} closed: ${event.reason}\n`);
      }
    });
    if (args.watch && args.ldif) watchFiles(args.ldif, (files) => server.reload(files));
    for (const notice of server.notices) process.stderr.write(`${notice}\n`);
    // Handlers first: a test harness may signal as soon as it reads the banner.
    const caPath = resolve(certDir, 'ca.crt');
    process.stdout.write(
      banner(server, {
        caPath,
        rootPassword:
          (args['root-password'] ??
            (bootstrapOf(args).bootstrap || args['slapd-conf'] ? undefined : DEFAULT_ROOT_PASSWORD)) ===
          DEFAULT_ROOT_PASSWORD
            ? DEFAULT_ROOT_PASSWORD
            : undefined,
        defaultFixture: args.ldif === undefined && !args.persist && !bootstrapOf(args).bootstrap,
        facts: PROFILE_REGISTRY[args.profile].banner,
      }),
    );
  },
};

/** The limits given as flags (the server checks them; a LimitsError is renamed to its flag). */
function limitsOf(args: ServeArgs): Partial<ServerLimits> {
  const limits: Record<string, number> = {};
  for (const [flag, [key]] of Object.entries(LIMIT_FLAGS)) {
    const value = args[flag as keyof typeof LIMIT_FLAGS];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

function flagOf(key: string): string {
  return Object.entries(LIMIT_FLAGS).find(([, [name]]) => name === key)?.[0] ?? key;
}

/** --tls-cert and --tls-key (both or neither), and --tls-ca. */
function tlsOf(args: ServeArgs): { tls?: { cert: string; key: string; ca?: string } } {
  const cert = args['tls-cert'];
  const key = args['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new Error('--tls-cert and --tls-key go together');
  if (cert === undefined || key === undefined) {
    if (args['tls-ca'] !== undefined)
      throw new Error('--tls-ca needs --tls-cert and --tls-key (the generated certificate has its own CA)');
    return {};
  }
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(
        `--${flag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  };
  return {
    tls: {
      cert: read('tls-cert', cert),
      key: read('tls-key', key),
      ...(args['tls-ca'] !== undefined && { ca: read('tls-ca', args['tls-ca']) }),
    },
  };
}

function watchFiles(files: readonly string[], reload: (files: readonly string[]) => void): void {
  let timer: NodeJS.Timeout | undefined;
  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        reload(files);
        process.stderr.write(`reloaded ${files.join(', ')}\n`);
      } catch (error) {
        process.stderr.write(
          `reload failed, still serving the previous data:\n${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }, 100);
  };
  // Watch the folders, not the files: editors save by writing a new file and renaming it over
  // the old one, and a watch on the old file would never fire again.
  const byFolder = new Map<string, Set<string>>();
  for (const file of files) {
    const folder = dirname(resolve(file));
    byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(basename(file)));
  }
  for (const [folder, names] of byFolder) {
    watch(folder, (_event, name) => {
      if (name !== null && names.has(name.toString())) trigger();
    });
  }
}
