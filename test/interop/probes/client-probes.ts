/**
 * What an application using the ldapts Client sees (errors as thrown, auto-paging), and what the
 * OpenLDAP command-line tools (libldap + GnuTLS, a different TLS stack from Node's) see.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { runLdapTool } from '../ldap-tool.js';
import { decodeValue, normaliseClientError, normaliseLdapToolOutput, type Observed } from '../normalise.js';
import type { Probe, ProbeContext } from '../probe.js';
import { ALICE, ALICE_PASSWORD, BULK, LOCKED, LOCKED_PASSWORD } from './fixture-names.js';

async function withClient(
  context: ProbeContext,
  action: (client: Client) => Promise<Observed>,
): Promise<Observed> {
  // No tlsOptions: ldapts treats their mere presence as "connect with TLS".
  const client = new Client({ url: context.target.url, timeout: 15_000 });
  try {
    return await action(client);
  } catch (error) {
    return normaliseClientError(error);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** A probe running one ldap-utils command; `{url}` and `{ldapsUrl}` in args are replaced. */
function cliProbe(name: string, tool: string, args: readonly string[]): Probe {
  return {
    name: `ldap-utils: ${name}`,
    async run(context) {
      const dir = mkdtempSync(join(tmpdir(), 'ldapmock-probe-'));
      try {
        const caFile = join(dir, 'ca.pem');
        writeFileSync(caFile, context.target.caCertificate);
        const concrete = args.map((a) =>
          a.replace('{url}', context.target.url).replace('{ldapsUrl}', context.target.ldapsUrl),
        );
        const result = await runLdapTool(tool, concrete, { caFile });
        context.observe(`${tool} ${args.join(' ')}`, {
          exitCode: result.exitCode,
          // Lines, so a diff lists the lines only one side printed.
          stdout: normaliseLdapToolOutput(result.stdout).split('\n'),
          stderr: result.stderr.split('\n'),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export const clientProbes: readonly Probe[] = [
  {
    name: 'ldapts Client: bind with a wrong password',
    async run(context) {
      context.observe(
        'bind',
        await withClient(context, async (client) => {
          await client.bind(ALICE, 'wrong');
          return 'bound';
        }),
      );
    },
  },
  {
    name: 'ldapts Client: bind as the locked user',
    async run(context) {
      context.observe(
        'bind',
        await withClient(context, async (client) => {
          await client.bind(LOCKED, LOCKED_PASSWORD);
          return 'bound';
        }),
      );
    },
  },
  {
    name: 'ldapts Client: auto-paged search over ou=bulk (page size 100)',
    async run(context) {
      context.observe(
        'search',
        await withClient(context, async (client) => {
          const { searchEntries } = await client.search(BULK, {
            attributes: ['1.1'],
            paged: { pageSize: 100 },
          });
          return { entries: searchEntries.length };
        }),
      );
    },
  },
  {
    name: 'ldapts Client: search with sizeLimit 10 returns the partial result',
    async run(context) {
      context.observe(
        'search',
        await withClient(context, async (client) => {
          const { searchEntries } = await client.search(BULK, { attributes: ['uid'], sizeLimit: 10 });
          return { entries: searchEntries.length };
        }),
      );
    },
  },
  {
    name: 'ldapts Client: StartTLS, bind, WhoAmI',
    async run(context) {
      context.observe(
        'whoami',
        await withClient(context, async (client) => {
          await client.startTLS({ ca: context.target.caCertificate, host: '127.0.0.1' });
          await client.bind(ALICE, ALICE_PASSWORD);
          const { value } = await client.exop('1.3.6.1.4.1.4203.1.11.3');
          return value === undefined ? null : decodeValue(Buffer.from(value));
        }),
      );
    },
  },
  cliProbe('ldapwhoami with StartTLS (-ZZ)', 'ldapwhoami', [
    '-x',
    '-ZZ',
    '-H',
    '{url}',
    '-D',
    ALICE,
    '-w',
    ALICE_PASSWORD,
  ]),
  cliProbe('ldapsearch over ldaps with memberOf', 'ldapsearch', [
    '-x',
    '-LLL',
    '-o',
    'ldif-wrap=no',
    '-H',
    '{ldapsUrl}',
    '-b',
    ALICE,
    '-s',
    'base',
    'uid',
    'memberOf',
  ]),
  cliProbe('ldapsearch paged over ou=bulk (pr=200/noprompt)', 'ldapsearch', [
    '-x',
    '-H',
    '{url}',
    '-b',
    BULK,
    '-E',
    'pr=200/noprompt',
    '(objectClass=*)',
    '1.1',
  ]),
];
