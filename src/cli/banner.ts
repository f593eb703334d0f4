/** What `ldapmock serve` prints on start: where it listens, who can bind, and lines to paste. */
import { formatFaults, type MockServer } from '../server/index.js';
import type { BannerFacts } from '../server/profiles/registry.js';

export interface BannerOptions {
  readonly caPath: string;
  /** The administrator's password when it is the well-known default; undefined hides one the user chose. */
  readonly rootPassword: string | undefined;
  /** The profile's embedded fixture is served (so its accounts can be named). */
  readonly defaultFixture: boolean;
  /** The profile's facts about its embedded fixture (its registry entry). */
  readonly facts: BannerFacts;
}

export function banner(server: MockServer, options: BannerOptions): string {
  const { caPath, facts, defaultFixture } = options;
  const rootPassword = options.rootPassword ?? '<root password>';
  const tls = `LDAPTLS_CACERT=${caPath}`;
  const rootdn = `${server.rootDN} / ${rootPassword}`;
  const administrator = defaultFixture
    ? (facts.administrator ?? rootdn)
    : (facts.administratorOfOtherData ?? rootdn);
  const fill = (line: string) =>
    line.replace(/\{(url|ldapsUrl|base|tls|rootDN|rootPassword)\}/g, (_, name: string) => {
      const values: Record<string, string> = {
        url: server.url,
        ldapsUrl: server.ldapsUrl ?? '',
        base: server.baseDN,
        tls,
        rootDN: server.rootDN,
        rootPassword,
      };
      return values[name]!;
    });
  const faults = formatFaults(server.faults());
  const controlUser = server.rootDN ? `${server.rootDN}:${rootPassword}` : '<administrator>:<password>';
  const lines = [
    `ldapmock ${server.profile.name} profile`,
    `  LDAP (StartTLS): ${server.url}`,
    `  LDAPS:           ${server.ldapsUrl ?? '(off)'}`,
    `  base DN:         ${server.baseDN}`,
    `  CA certificate:  ${caPath}`,
    `  administrator:   ${administrator}`,
    ...(server.controlUrl
      ? [`  control:         ${server.controlUrl}/faults (HTTP Basic as the administrator)`]
      : []),
    ...(server.consoleUrl ? [`  console:         ${server.consoleUrl} (log in as the administrator)`] : []),
    ...(faults.length > 0 ? [`  faults:          ${faults.join(' ')}`] : []),
    '',
    '  try:',
    ...(defaultFixture ? facts.examples.map((line) => `    ${fill(line)}`) : []),
    `    ${tls} ldapsearch -x -ZZ -H ${server.url} -b "" -s base namingContexts`,
    ...(server.controlUrl
      ? [`    curl -u '${controlUser}' -X PUT --data 'busy latency=200ms' ${server.controlUrl}/faults`]
      : []),
    '',
    'Ctrl-C stops the server.',
    '',
  ];
  return lines.join('\n');
}
