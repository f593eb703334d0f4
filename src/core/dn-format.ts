/** Writing RDNs as a DN string (RFC 4514 or Active Directory style). */

import { hexOf } from './dn-ber.js';
import { isDigit, isLetter } from './dn-chars.js';
import { type DNValueStyle, escapeDNValue } from './dn-escape.js';
import type { RDN } from './dn-parse.js';

function checkType(type: string, where: string): void {
  const c = type.charCodeAt(0);
  let ok = type.length > 0;
  if (ok && isLetter(c)) {
    for (let i = 1; i < type.length && ok; i++) {
      const d = type.charCodeAt(i);
      ok = isLetter(d) || isDigit(d) || d === 0x2d;
    }
  } else if (ok && isDigit(c)) {
    let prevDot = true;
    for (let i = 0; i < type.length && ok; i++) {
      const d = type.charCodeAt(i);
      if (d === 0x2e) {
        ok = !prevDot;
        prevDot = true;
      } else {
        ok = isDigit(d) && !(prevDot && d === 0x30 && isDigit(type.charCodeAt(i + 1)));
        prevDot = false;
      }
    }
    ok &&= !prevDot;
  } else {
    ok = false;
  }
  if (!ok)
    throw new TypeError(`${where}: attribute type ${JSON.stringify(type)} is not a descr or numeric OID`);
}

/**
 * Write RDNs as a DN string: `type=value` joined by `+` within an RDN and `,` between RDNs.
 * Types are written as given; values are escaped by escapeDNValue(style); AVAs with `ber` are
 * written `#hex` (lower case). Throws TypeError for an empty RDN or an invalid type, because the
 * result would not parse back.
 */
export function formatDN(rdns: readonly RDN[], style: DNValueStyle = 'rfc4514'): string {
  let out = '';
  for (let r = 0; r < rdns.length; r++) {
    const rdn = rdns[r]!;
    if (rdn.length === 0) throw new TypeError(`formatDN: RDN ${r} has no attribute value assertions`);
    if (r > 0) out += ',';
    for (let a = 0; a < rdn.length; a++) {
      const ava = rdn[a]!;
      checkType(ava.type, `formatDN: RDN ${r} AVA ${a}`);
      if (a > 0) out += '+';
      out +=
        ava.type + '=' + (ava.ber === undefined ? escapeDNValue(ava.value, style) : '#' + hexOf(ava.ber));
    }
  }
  return out;
}
