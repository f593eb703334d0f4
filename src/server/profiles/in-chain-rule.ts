/**
 * LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941, MS-ADTS 3.1.1.3.4.4.3): `(member:…:=X)`
 * matches every group X belongs to directly or through nested groups; `(memberOf:…:=G)` matches
 * every direct or nested member of G. The set is computed once per filter with a visited set, so
 * cyclic groups terminate. Other attributes are not links: the item is Undefined. The primary
 * group (primaryGroupID) is not a link and is never reached, as in AD.
 */
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import type { ExtensibleRule } from '../directory/evaluate-filter.js';

export const inChainRule: ExtensibleRule = (filter, env) => {
  const attribute = filter.attribute?.toLowerCase();
  const start = env.directory.get(filter.value.toString('utf8'));
  if (attribute !== 'member' && attribute !== 'memberof') return () => undefined;
  if (!start) return () => false;
  const reachable =
    attribute === 'member' ? containingGroups(env.directory, start) : nestedMembers(env.directory, start);
  return (entry) => reachable.has(entry.ndn);
};

/** Normalised DNs of the groups that contain `start`, at any depth. */
export function containingGroups(directory: Directory, start: Entry): Set<string> {
  const memberKey = directory.attributeKey('member');
  const found = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const ndn of directory.lookup(memberKey, current.dn)) {
      if (found.has(ndn) || ndn === start.ndn) continue;
      found.add(ndn);
      const group = directory.getByNdn(ndn);
      if (group) queue.push(group);
    }
  }
  return found;
}

/** Normalised DNs of the members of `group`, at any depth. */
function nestedMembers(directory: Directory, group: Entry): Set<string> {
  const memberKey = directory.attributeKey('member');
  const found = new Set<string>();
  const queue = [group];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const value of current.get(memberKey)?.values ?? []) {
      const member = directory.get(typeof value === 'string' ? value : value.toString('utf8'));
      if (!member || found.has(member.ndn) || member.ndn === group.ndn) continue;
      found.add(member.ndn);
      queue.push(member);
    }
  }
  return found;
}
