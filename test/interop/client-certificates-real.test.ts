/**
 * Mutual TLS and SASL EXTERNAL, held to real slapd: `ldapwhoami -Y EXTERNAL` with a client
 * certificate against slapd with olcTLSVerifyClient allow (a certificate its CA signed) and
 * against `ldapmock serve --tls-verify-client allow` (a certificate `ldapmock cert client`
 * wrote), with and without authz-regexp, over StartTLS and LDAPS, and without a certificate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { issueClientCertificate } from '../../src/server/tls/certificates.js';
import { runCli } from '../integration/cli-process.js';
import { type DevServerProcess, startDevServer } from './dev-server-process.js';
import { runLdapTool } from './ldap-tool.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

const MAP = { match: '^cn=([^,]+)$', replace: 'uid=$1,ou=people,dc=example,dc=org' };

interface Target {
  readonly name: string;
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caFile: string;
  /** LDAPTLS_CERT / LDAPTLS_KEY of alice's certificate for this server. */
  readonly cert: Record<string, string>;
}

let dir: string;
const slapds: SlapdInstance[] = [];
const mocks: DevServerProcess[] = [];
const targets: Record<'plain' | 'mapped', Target[]> = { plain: [], mapped: [] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-mtls-'));
  const certDir = join(dir, 'mock-certs');
  const issued = await runCli(['cert', 'client', '--cn', 'alice', '--cert-dir', certDir]);
  if (issued.code !== 0) throw new Error(`ldapmock cert client failed: ${issued.stderr}`);
  const mockCert = { LDAPTLS_CERT: join(certDir, 'alice.crt'), LDAPTLS_KEY: join(certDir, 'alice.key') };
  for (const kind of ['plain', 'mapped'] as const) {
    const slapd = await startSlapdForSuite(`mtls-${kind}`, {
      tlsVerifyClient: 'allow',
      ...(kind === 'mapped' && { authzRegexp: `"${MAP.match}" "${MAP.replace}"` }),
    });
    slapds.push(slapd);
    const certificate = issueClientCertificate(
      { cert: slapd.caCertificate, key: readFileSync(join(slapd.dir, 'tls/ca.key'), 'utf8') },
      'alice',
    );
    const slapdCert = {
      LDAPTLS_CERT: join(dir, `slapd-${kind}.crt`),
      LDAPTLS_KEY: join(dir, `slapd-${kind}.key`),
    };
    writeFileSync(slapdCert.LDAPTLS_CERT, certificate.cert);
    writeFileSync(slapdCert.LDAPTLS_KEY, certificate.key);
    targets[kind].push({
      name: 'slapd',
      url: slapd.url,
      ldapsUrl: slapd.ldapsUrl,
      caFile: slapd.caFile,
      cert: slapdCert,
    });
    const mock = await startDevServer({
      port: await freePort(),
      ldapsPort: await freePort(),
      certDir,
      extraArgs: [
        '--tls-verify-client',
        'allow',
        '--no-control',
        ...(kind === 'mapped' ? ['--authz-regexp', `"${MAP.match}" "${MAP.replace}"`] : []),
      ],
    });
    mocks.push(mock);
    targets[kind].push({
      name: 'mock',
      url: mock.url,
      ldapsUrl: mock.ldapsUrl,
      caFile: mock.caFile,
      cert: mockCert,
    });
  }
}, 180_000);

afterAll(async () => {
  await Promise.all([...slapds.map((s) => s.stop()), ...mocks.map((m) => m.stop())]);
  rmSync(dir, { recursive: true, force: true });
});

async function whoami(target: Target, args: readonly string[], withCert: boolean): Promise<string> {
  const result = await runLdapTool('ldapwhoami', ['-Y', 'EXTERNAL', ...args], {
    caFile: target.caFile,
    ...(withCert && { env: target.cert }),
  });
  return result.exitCode === 0
    ? result.stdout.trim()
    : `exit ${result.exitCode}: ${result.stderr.trim().split('\n').at(-1)?.trim()}`;
}

describe('ldapwhoami -Y EXTERNAL, the same from slapd and from the mock', () => {
  it('with a client certificate, over StartTLS and LDAPS: the subject', async () => {
    for (const target of targets.plain) {
      expect(await whoami(target, ['-ZZ', '-H', target.url], true), target.name).toBe('dn:cn=alice');
      expect(await whoami(target, ['-H', target.ldapsUrl], true), target.name).toBe('dn:cn=alice');
    }
  });

  it('mapped by authz-regexp to an entry', async () => {
    for (const target of targets.mapped) {
      expect(await whoami(target, ['-ZZ', '-H', target.url], true), target.name).toBe(
        `dn:uid=alice,ou=people,dc=example,dc=org`,
      );
    }
  });

  it('without a certificate: no mechanism available', async () => {
    for (const target of targets.plain) {
      expect(await whoami(target, ['-ZZ', '-H', target.url], false), target.name).toBe(
        'exit 250: additional info: SASL(-4): no mechanism available:',
      );
    }
  });
});
