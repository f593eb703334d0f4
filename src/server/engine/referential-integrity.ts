/**
 * slapo-refint: when an entry is deleted or renamed, DN-valued references to it (group members)
 * are removed or rewritten, so groups never point at entries that are gone.
 */
import type { Directory } from '../directory/directory.js';
import type { Profile } from '../profiles/profile.js';

export function updateReferences(
  directory: Directory,
  profile: Profile,
  oldDn: string,
  newDn: string | undefined,
): void {
  for (const attribute of profile.referentialIntegrity) {
    const key = directory.attributeKey(attribute);
    const target = directory.normalizeValue(key, oldDn);
    for (const ndn of [...directory.lookup(key, oldDn)]) {
      const holder = directory.getByNdn(ndn);
      if (!holder) continue;
      const kept = (holder.get(key)?.values ?? []).filter((v) => directory.normalizeValue(key, v) !== target);
      const values = newDn === undefined ? kept : [...kept, newDn];
      // An internal write, as slapd's: no schema check, so a group may lose its last member.
      directory.modify(holder.dn, [{ operation: 'replace', type: attribute, values }]);
    }
  }
}
