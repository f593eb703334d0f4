import { formatDN } from '../../core/dn-format.js';
import { parseDN } from '../../core/dn-parse.js';
import type { Engine } from './engine.js';

/** Whether a DN from a request parses; an extended `<SID=…>` form counts where the profile reads them. */
export function parsesAsDN(engine: Engine, dn: string): boolean {
  if (engine.profile.extendedDNs && dn.startsWith('<')) return true;
  try {
    parseDN(dn);
    return true;
  } catch {
    return false;
  }
}

/** A DN's parent, or undefined for a single RDN or a DN that does not parse. */
export function parentOf(dn: string): string | undefined {
  try {
    const rdns = parseDN(dn);
    return rdns.length > 1 ? formatDN(rdns.slice(1)) : undefined;
  } catch {
    return undefined;
  }
}
