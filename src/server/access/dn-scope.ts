/**
 * Whether a normalised DN falls under a dn pattern's style, as slapd's ACL code matches `to dn.*`
 * and `by dn.*`: base is the DN itself, one its children, subtree the DN and everything below,
 * children everything strictly below. Works on normal forms, where a separator comma is one not
 * escaped by a backslash.
 */
import { isDescendantOrSelf } from '../../core/dn-hierarchy.js';
import type { DNStyle } from './access-rule.js';

export function inScope(ndn: string, nbase: string, style: Exclude<DNStyle, 'regex'>): boolean {
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
