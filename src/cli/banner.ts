/** What `ldapmock serve` prints on start: where it listens, who can bind, and lines to paste. */
import type { MockServer } from '../server/index.js';

export interface BannerOptions {
  readonly caPath: string;
  readonly rootPassword: string;
  /** The profile's embedded fixture is served (so its accounts can be named). */
  readonly defaultFixture: boolean;
}

export function banner(server: MockServer, options: BannerOptions): string {
  const { caPath } = options;
  const tls = `LDAPTLS_CACERT=${caPath}`;
  const ad = server.profile.name !== 'openldap';
  const administrator = ad
    ? options.defaultFixture
      ? 'Administrator@corp.example.com / Admin-Passw0rd!'
      : '(the Domain Admins of your data)'
    : `${server.rootDN} / ${options.rootPassword}`;
  const lines = [
    `ldapmock ${server.profile.name} profile`,
    `  LDAP (StartTLS): ${server.url}`,
    `  LDAPS:           ${server.ldapsUrl ?? '(off)'}`,
    `  base DN:         ${server.baseDN}`,
    `  CA certificate:  ${caPath}`,
    `  administrator:   ${administrator}`,
    '',
    '  try:',
    ...(options.defaultFixture
      ? ad
        ? adExamples(server, tls)
        : openldapExamples(server, tls, options.rootPassword)
      : []),
    `    ${tls} ldapsearch -x -ZZ -H ${server.url} -b "" -s base namingContexts`,
    '',
    'Ctrl-C stops the server.',
    '',
  ];
  return lines.join('\n');
}

function openldapExamples(server: MockServer, tls: string, rootPassword: string): string[] {
  return [
    `    ldapsearch -x -H ${server.url} -b ${server.baseDN} "(uid=alice)"`,
    `    ldapwhoami -x -H ${server.url} -D uid=alice,ou=people,${server.baseDN} -w alice-password`,
    `    ${tls} ldapwhoami -x -H ${server.ldapsUrl ?? ''} -D ${server.rootDN} -w ${rootPassword}`,
  ];
}

function adExamples(server: MockServer, tls: string): string[] {
  const alice = `CN=alice,CN=Users,${server.baseDN}`;
  return [
    `    ldapsearch -x -H ${server.url} -D alice@corp.example.com -w 'Alpha-Passw0rd!' -b ${server.baseDN} "(sAMAccountName=alice)" memberOf`,
    `    ldapsearch -x -H ${server.url} -D 'CORP\\alice' -w 'Alpha-Passw0rd!' -b ${alice} -s base tokenGroups`,
    `    ldapsearch -x -H ${server.url} -D 'CORP\\alice' -w 'Alpha-Passw0rd!' -b ${server.baseDN} "(member:1.2.840.113556.1.4.1941:=${alice})" cn`,
    `    ldapwhoami -x -H ${server.url} -D locked@corp.example.com -w 'Lima-Passw0rd!'   # 49, data 775`,
    `    ${tls} ldapwhoami -x -H ${server.ldapsUrl ?? ''} -D 'CORP\\Administrator' -w 'Admin-Passw0rd!'`,
  ];
}
