/**
 * Group names from group-search results, as OpenBao derives them (research/openbao-ldaputil.md
 * §6.3): each value of `groupattr` (or, failing that, the entry's own DN) is reduced to its CN.
 *
 * - `groupattr` is matched against the attribute names the server returned **exactly,
 *   case-sensitively**: config `memberof` does not find a returned `memberOf`, and the entry then
 *   falls back to its own DN. OpenBao does this, and the conformance kit checks it.
 * - `getCN` scans the RDNs left to right for the first attribute named `CN` (exact case, with
 *   use_pre111_group_cn_behavior) or `cn` in any case (without); a value that is not a DN, or a DN
 *   without a CN, is returned unchanged.
 * - The result is de-duplicated by exact string (not case-folded). OpenBao returns it in Go map
 *   order, which is random; we keep the order of first appearance, which is one of those orders.
 *
 * DN parsing uses core's parseDN (RFC 4514 with LDAPv2 leniencies). It agrees with go-ldap's
 * ParseDN on the inputs that matter here (plain names fail to parse, spaces around separators
 * are ignored, escapes and `#hex` values are decoded); it is stricter about attribute type
 * syntax and empty RDNs (`a=b,,c=d`), where go-ldap also mostly fails, so such a string is
 * returned unchanged either way.
 */
import { parseDN, type RDN } from '../core/dn-parse.js';

export interface GroupNameOptions {
  /**
   * use_pre111_group_cn_behavior: only an attribute type spelled exactly `CN` counts (so an
   * OpenLDAP `cn=…` value comes back as the whole DN). Default false: `cn` in any case.
   */
  readonly pre111?: boolean | undefined;
}

function tryParseDN(value: string): RDN[] | undefined {
  try {
    return parseDN(value);
  } catch {
    return undefined;
  }
}

function cnOf(rdns: readonly RDN[], pre111: boolean): string | undefined {
  for (const rdn of rdns) {
    for (const ava of rdn) {
      const type = ava.type;
      if (type.length !== 2) continue;
      if (pre111 ? type === 'CN' : type.toLowerCase() === 'cn') return ava.value;
    }
  }
  return undefined;
}

/**
 * OpenBao's getCN: the value of the first CN attribute of the DN `value`, scanning RDNs left to
 * right; `value` itself when it is not a DN, has no RDN, or has no CN.
 */
export function getCN(value: string, options: GroupNameOptions = {}): string {
  const rdns = tryParseDN(value);
  if (rdns === undefined || rdns.length === 0) return value;
  return cnOf(rdns, options.pre111 === true) ?? value;
}

/** One entry of a group search: its DN and its attributes, names as the server returned them. */
export interface GroupSearchEntry {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface GroupNameExtraction extends GroupNameOptions {
  /** The configured groupattr, matched to returned attribute names exactly (case-sensitive). */
  readonly groupattr: string;
}

/**
 * The group names of a group search (OpenBao's filter path): for each entry whose DN parses and
 * is not empty, `getCN` of every `groupattr` value, or of the entry's DN when it has none; then
 * de-duplicated by exact string, in order of first appearance.
 */
export function extractGroupNames(
  entries: Iterable<GroupSearchEntry>,
  options: GroupNameExtraction,
): string[] {
  const pre111 = options.pre111 === true;
  const seen = new Set<string>();
  for (const entry of entries) {
    const entryRdns = tryParseDN(entry.dn);
    if (entryRdns === undefined || entryRdns.length === 0) continue;
    const raw = Object.hasOwn(entry.attributes, options.groupattr)
      ? entry.attributes[options.groupattr]
      : undefined;
    const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
    if (values.length === 0) {
      seen.add(cnOf(entryRdns, pre111) ?? entry.dn);
      continue;
    }
    for (const value of values) seen.add(getCN(value, { pre111 }));
  }
  return [...seen];
}
