/**
 * Whether a normalised DN falls under a DN pattern's style, as slapd matches access rules
 * (`to dn.*`, `by dn.*`) and limits (`dn.*`): base is the DN itself, one its children, subtree the
 * DN and everything below, children everything strictly below. Works on normal forms, where a
 * separator comma is one not escaped by a backslash.
 */
import { isDescendantOrSelf } from './dn-hierarchy.js';

export type DNScopeStyle = 'base' | 'one' | 'subtree' | 'children';

export function inScope(ndn: string, nbase: string, style: DNScopeStyle): boolean {
  switch (style) {
    case 'base':
      return ndn === nbase;
    case 'subtree':
      return isDescendantOrSelf(ndn, nbase);
    case 'children':
      return ndn !== nbase && isDescendantOrSelf(ndn, nbase);
    case 'one': {
      if (ndn === nbase || !isDescendantOrSelf(ndn, nbase)) return false;
      const rdn = nbase === '' ? ndn : ndn.slice(0, ndn.length - nbase.length - 1);
      return !hasSeparator(rdn);
    }
  }
}

/** Whether a normalised DN (or part of one) holds a comma that separates RDNs. */
function hasSeparator(dn: string): boolean {
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\') i++;
    else if (dn[i] === ',') return true;
  }
  return false;
}
