/**
 * `serve`'s --bootstrap, --env and --bootstrap-image as the server's bootstrap option: an image's
 * first start, with the folders given or none (`--env LDAP_USERS=…` alone is bitnami's default
 * tree, as `docker run -e` with no volume is).
 */
import type { BootstrapOptions } from '../server/index.js';

export interface BootstrapFlags {
  bootstrap?: string[] | undefined;
  env?: string[] | undefined;
  'bootstrap-image'?: 'osixia' | 'bitnami' | undefined;
}

export function bootstrapOf(flags: BootstrapFlags): { bootstrap?: BootstrapOptions } {
  const image = flags['bootstrap-image'];
  if (!flags.bootstrap && !flags.env && !image) return {};
  return { bootstrap: { dirs: flags.bootstrap ?? [], env: envOf(flags.env ?? []), ...(image && { image }) } };
}

/** `--env NAME=VALUE` flags as a record. */
function envOf(flags: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    if (equals <= 0) throw new Error(`--env: expected NAME=VALUE, got ${JSON.stringify(flag)}`);
    env[flag.slice(0, equals)] = flag.slice(equals + 1);
  }
  return env;
}
