/**
 * `ldapmock cert client --cn NAME`: a client certificate for mutual TLS, signed by the CA `serve`
 * uses (same --cert-dir), so a server started with --tls-verify-client takes it and SASL EXTERNAL
 * binds as `cn=NAME`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_CERT_DIR, loadOrCreateCA } from './cert-dir.js';

interface CertClientArgs {
  cn: string;
  'cert-dir': string;
}

const clientCommand: CommandModule<object, CertClientArgs> = {
  command: 'client',
  describe: 'Write NAME.crt and NAME.key: a client certificate signed by the CA in --cert-dir',
  builder: (y) =>
    y
      .option('cn', {
        type: 'string',
        demandOption: true,
        describe: "The certificate's subject CN (EXTERNAL binds as cn=NAME)",
      })
      .option('cert-dir', {
        type: 'string',
        default: DEFAULT_CERT_DIR,
        describe:
          'Where the CA is (created if missing) and where the certificate is written; the same as serve --cert-dir',
      })
      .check((args) => {
        if (!/^[\w.@-]+$/.test(args.cn))
          throw new Error(`--cn: '${args.cn}' is not usable as a file name (letters, digits, . _ @ -)`);
        return true;
      })
      .example(
        '$0 cert client --cn alice && LDAPTLS_CERT=.ldapmock/alice.crt LDAPTLS_KEY=.ldapmock/alice.key LDAPTLS_CACERT=.ldapmock/ca.crt ldapwhoami -Y EXTERNAL -ZZ -H ldap://127.0.0.1:1389',
        'dn:cn=alice, from a server started with --tls-verify-client allow',
      ) as unknown as Argv<CertClientArgs>,
  handler: async (args) => {
    const dir = resolve(args['cert-dir']);
    const ca = await loadOrCreateCA(dir);
    const { issueClientCertificate } = await import('../server/tls/certificates.js');
    const issued = issueClientCertificate(ca, args.cn);
    const certPath = resolve(dir, `${args.cn}.crt`);
    const keyPath = resolve(dir, `${args.cn}.key`);
    writeFileSync(certPath, issued.cert);
    writeFileSync(keyPath, issued.key, { mode: 0o600 });
    process.stdout.write(
      `${certPath}\n${keyPath}\nsubject: CN=${args.cn}, signed by ${resolve(dir, 'ca.crt')}\n`,
    );
  },
};

export const certCommand: CommandModule = {
  command: 'cert <kind>',
  describe: 'Certificates for mutual TLS: cert client --cn NAME',
  builder: (y) =>
    y.command(clientCommand).demandCommand(1, 'Name what to issue: cert client --cn NAME. See --help.'),
  handler: () => undefined,
};
