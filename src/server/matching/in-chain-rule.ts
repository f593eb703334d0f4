/**
 * LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941, MS-ADTS 3.1.1.3.4.4.3): `(A:…:=V)` is
 * true for an entry D when V is reached from D by following the link attribute A, directly or
 * through any chain: `(member:…:=X)` finds every group X is in, nested ones included;
 * `(memberOf:…:=G)` every member of G at any depth; `(manager:…:=B)` everyone who reports to B.
 * The set is computed once per filter with a visited set, so cycles terminate (and an entry in a
 * cycle reaches itself). The primary group (primaryGroupID) is not a link and is never reached.
 */

import type { ExtensibleFilter } from '../../core/filter-ast.js';
import { SyntaxOid } from '../../core/syntaxes.js';
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import type { ExtensibleRule } from '../directory/evaluate-filter.js';

export interface LinkNames {
  /** The forward link whose chains the rule follows (AD: member). */
  readonly link: string;
  /** Its back-link, computed from the forward one (AD: memberOf). */
  readonly backLink: string;
}

/** The rule over a server's link attributes: AD's `member` and its back-link `memberOf`. */
export function inChainRule(names: LinkNames): ExtensibleRule {
  const rule: ExtensibleRule = (filter, env) => {
    const reachable = reachableFrom(names, filter, env.directory);
    if (reachable === undefined) return () => undefined;
    return (entry) => reachable.has(entry.ndn);
  };
  // The set is the search's candidates too: a 100k-group OU is not walked to find a user's 60 groups.
  rule.candidates = (filter, directory) => reachableFrom(names, filter, directory);
  return rule;
}

/** The entries the item matches; undefined when it is Undefined (no attribute, not a link). */
function reachableFrom(
  names: LinkNames,
  filter: ExtensibleFilter,
  directory: Directory,
): ReadonlySet<string> | undefined {
  if (filter.attribute === undefined) return undefined;
  const type = directory.schema.attributeType(filter.attribute);
  // Only DN-valued (link) attributes form chains; on anything else the item is Undefined.
  if (type.syntax !== SyntaxOid.distinguishedName) return undefined;
  const target = directory.get(filter.value.toString('utf8'));
  if (!target) return new Set();
  return type.name.toLowerCase() === names.backLink.toLowerCase()
    ? nestedMembers(directory, directory.attributeKey(names.link), target)
    : linkingEntries(directory, directory.attributeKey(filter.attribute), target);
}

/** Normalised DNs of the groups that contain `start` through `memberAttribute`, at any depth. */
export function containingGroups(directory: Directory, start: Entry, memberAttribute: string): Set<string> {
  return linkingEntries(directory, directory.attributeKey(memberAttribute), start);
}

/** Normalised DNs of every entry whose `key` values lead to `target`, directly or through others. */
function linkingEntries(directory: Directory, key: string, target: Entry): Set<string> {
  const found = new Set<string>();
  const queue = [target];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const ndn of directory.lookup(key, current.dn)) {
      if (found.has(ndn)) continue;
      found.add(ndn);
      const next = directory.getByNdn(ndn);
      if (next) queue.push(next);
    }
  }
  return found;
}

/** Normalised DNs of the members of `group` through `memberKey`, at any depth. */
function nestedMembers(directory: Directory, memberKey: string, group: Entry): Set<string> {
  const found = new Set<string>();
  const queue = [group];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const value of current.get(memberKey)?.values ?? []) {
      const member = directory.get(typeof value === 'string' ? value : value.toString('utf8'));
      if (!member || found.has(member.ndn)) continue;
      found.add(member.ndn);
      queue.push(member);
    }
  }
  return found;
}
