/**
 * Starts and stops a real Samba AD DC for an interop suite through scripts/samba-ad-up.sh and
 * scripts/samba-ad-down.sh, in a directory of the suite's own. Samba's LDAP ports are fixed
 * (389/636), so DCs running side by side are told apart by their loopback address (127.0.0.x).
 * If Samba cannot start, the returned promise rejects with the script's whole output: interop
 * suites fail, they never skip.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE as AD_BASE, ADMINISTRATOR, userDN } from '../../scripts/gen-ad-fixture.js';
import type { ProbeTarget } from './probe.js';
import { REPO_ROOT, runScript } from './run-script.js';

export const DEFAULT_AD_LDIF = join(REPO_ROOT, 'fixtures/ad/default.ldif');

export interface SambaOptions {
  /** State directory, wiped on start and on stop. */
  readonly dir: string;
  /** Loopback address to serve on (default 127.0.0.1). */
  readonly ip?: string;
  readonly ldif?: string;
}

export interface SambaInstance {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caCertificate: string;
  readonly caFile: string;
  readonly baseDN: string;
  /** The fixture's Administrator: Samba has no rootdn outside the directory. */
  readonly rootDN: string;
  readonly rootPassword: string;
  readonly dir: string;
  /** What samba-ad-up.sh printed (useful in failure messages). */
  readonly startOutput: string;
  stop(): Promise<void>;
}

export async function startSamba(options: SambaOptions): Promise<SambaInstance> {
  const ip = options.ip ?? '127.0.0.1';
  const env = { SAMBA_DIR: options.dir, SAMBA_IP: ip };
  const started = await runScript('samba-ad-up.sh', [options.ldif ?? DEFAULT_AD_LDIF], env);
  if (!started.ok) {
    // Keep the directory (logs, smb.conf) for the post-mortem, but leave no daemon behind.
    await runScript('samba-ad-down.sh', [], { SAMBA_DIR: options.dir, KEEP_DIR: '1' });
    throw new Error(`real Samba AD DC could not be started for the interop suite:\n${started.output}`);
  }
  const caFile = join(options.dir, 'tls/ca.crt');
  return {
    url: `ldap://${ip}:389`,
    ldapsUrl: `ldaps://${ip}:636`,
    caCertificate: readFileSync(caFile, 'utf8'),
    caFile,
    baseDN: AD_BASE,
    rootDN: userDN(ADMINISTRATOR),
    rootPassword: ADMINISTRATOR.password,
    dir: options.dir,
    startOutput: started.output,
    async stop() {
      const stopped = await runScript('samba-ad-down.sh', [], { SAMBA_DIR: options.dir });
      if (!stopped.ok) throw new Error(`samba-ad-down.sh failed:\n${stopped.output}`);
    },
  };
}

/**
 * A Samba DC of its own for one suite, in a fresh directory under the temp dir. Its ports are
 * fixed, so two runs at once need two addresses: LDAPMOCK_SAMBA_IP picks another 127.x.y.z
 * (samba-ad-up.sh adds it to lo).
 */
export function startSambaForSuite(
  suite: string,
  ip = process.env['LDAPMOCK_SAMBA_IP'] ?? '127.0.0.1',
): Promise<SambaInstance> {
  return startSamba({ dir: join(tmpdir(), `ldapmock-interop-samba-${suite}-${process.pid}`), ip });
}

export function sambaTarget(instance: SambaInstance, name = 'samba'): ProbeTarget {
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
