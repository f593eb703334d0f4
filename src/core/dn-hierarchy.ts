/** Where a DN sits in the tree: its parent, and whether it is at or below another DN. */
import { BACKSLASH, COMMA } from './dn-chars.js';
import type { RDN } from './dn-parse.js';

/** The parent of a DN: all RDNs but the first. The root DN (`[]`) has no parent and gives `[]`. */
export function parentDN(rdns: readonly RDN[]): RDN[] {
  return rdns.slice(1);
}

/**
 * Whether normalised DN `ndn` is `nbase` or below it. Both must come from normalizeDN. The root
 * DN `''` is an ancestor of everything. Works on the strings: `nbase` must be a suffix of `ndn`
 * preceded by a separator comma, i.e. one preceded by an even number of backslashes.
 */
export function isDescendantOrSelf(ndn: string, nbase: string): boolean {
  const baseLength = nbase.length;
  if (baseLength === 0) return true;
  const sep = ndn.length - baseLength - 1;
  if (sep < 0) return sep === -1 && ndn === nbase;
  if (ndn.charCodeAt(sep) !== COMMA || !ndn.endsWith(nbase)) return false;
  let backslashes = 0;
  for (let k = sep - 1; k >= 0 && ndn.charCodeAt(k) === BACKSLASH; k--) backslashes++;
  return backslashes % 2 === 0;
}
