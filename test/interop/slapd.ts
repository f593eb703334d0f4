/**
 * Starts and stops a real slapd for an interop suite through scripts/slapd-up.sh and
 * scripts/slapd-down.sh, on a directory and ports of the suite's own. If slapd cannot start, the
 * returned promise rejects with the script's whole output: interop suites fail, they never skip.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/free-port.js';
import type { ProbeTarget } from './probe.js';
import { REPO_ROOT, runScript } from './run-script.js';

export const DEFAULT_OPENLDAP_LDIF = join(REPO_ROOT, 'fixtures/openldap/default.ldif');

export interface SlapdOptions {
  /** State directory, wiped on start and on stop. */
  readonly dir: string;
  readonly port: number;
  readonly ldapsPort: number;
  readonly ldif?: string;
  readonly rootPassword?: string;
  /** size.prtotal: 'hard' (OpenLDAP's default), 'unlimited' or a number. */
  readonly prtotal?: string;
  /** olcTLSVerifyClient (default never). */
  readonly tlsVerifyClient?: 'never' | 'allow' | 'try' | 'demand';
  /** One olcAuthzRegexp rule: `MATCH REPLACEMENT`. */
  readonly authzRegexp?: string;
  /** As Debian's package leaves slapd, before an image's bootstrap folder: no overlays. */
  readonly bare?: boolean;
  /** Naming context and rootdn's password (default dc=example,dc=org / admin). */
  readonly suffix?: string;
  /** Extra schema files (.schema or cn=config .ldif), loaded after inetorgperson (SLAPD_SCHEMA). */
  readonly schema?: readonly string[];
}

export interface SlapdInstance {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caCertificate: string;
  readonly caFile: string;
  readonly baseDN: string;
  readonly rootDN: string;
  readonly rootPassword: string;
  readonly dir: string;
  /** What slapd-up.sh printed (useful in failure messages). */
  readonly startOutput: string;
  stop(): Promise<void>;
}

export async function startSlapd(options: SlapdOptions): Promise<SlapdInstance> {
  const rootPassword = options.rootPassword ?? 'admin';
  const env = {
    SLAPD_DIR: options.dir,
    SLAPD_PORT: String(options.port),
    SLAPD_LDAPS_PORT: String(options.ldapsPort),
    SLAPD_ROOTPW: rootPassword,
    SLAPD_PRTOTAL: options.prtotal ?? 'hard',
    SLAPD_TLS_VERIFY_CLIENT: options.tlsVerifyClient ?? 'never',
    SLAPD_AUTHZ_REGEXP: options.authzRegexp ?? '',
    SLAPD_BARE: options.bare ? '1' : '0',
    ...(options.suffix && { SLAPD_SUFFIX: options.suffix }),
    SLAPD_SCHEMA: (options.schema ?? []).join(':'),
  };
  const started = await runScript('slapd-up.sh', [options.ldif ?? DEFAULT_OPENLDAP_LDIF], env);
  if (!started.ok) {
    // Keep the directory (slapd.log) for the post-mortem, but make sure no daemon is left behind.
    await runScript('slapd-down.sh', [], { SLAPD_DIR: options.dir, KEEP_DIR: '1' });
    throw new Error(`real slapd could not be started for the interop suite:\n${started.output}`);
  }
  const caFile = join(options.dir, 'tls/ca.crt');
  return {
    url: `ldap://127.0.0.1:${options.port}`,
    ldapsUrl: `ldaps://127.0.0.1:${options.ldapsPort}`,
    caCertificate: readFileSync(caFile, 'utf8'),
    caFile,
    baseDN: options.suffix ?? 'dc=example,dc=org',
    rootDN: `cn=admin,${options.suffix ?? 'dc=example,dc=org'}`,
    rootPassword,
    dir: options.dir,
    startOutput: started.output,
    async stop() {
      const stopped = await runScript('slapd-down.sh', [], { SLAPD_DIR: options.dir });
      if (!stopped.ok) throw new Error(`slapd-down.sh failed:\n${stopped.output}`);
    },
  };
}

/** A slapd of its own for one suite: a fresh directory under the temp dir and two free ports. */
export async function startSlapdForSuite(
  suite: string,
  options: Partial<SlapdOptions> = {},
): Promise<SlapdInstance> {
  const port = await freePort();
  let ldapsPort = await freePort();
  while (ldapsPort === port) ldapsPort = await freePort();
  return startSlapd({
    dir: join(tmpdir(), `ldapmock-interop-${suite}-${process.pid}`),
    port,
    ldapsPort,
    ...options,
  });
}

export function slapdTarget(instance: SlapdInstance, name = 'slapd'): ProbeTarget {
  return {
    name,
    url: instance.url,
    ldapsUrl: instance.ldapsUrl,
    caCertificate: instance.caCertificate,
    baseDN: instance.baseDN,
    rootDN: instance.rootDN,
    rootPassword: instance.rootPassword,
  };
}
