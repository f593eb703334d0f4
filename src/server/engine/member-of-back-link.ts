/**
 * olcMemberOfMemberOfAD: the attribute slapo-memberof writes an entry's groups into, memberOf
 * unless configured otherwise. Another one (seeAlso, or a folder's own `isMemberOf`) is a user
 * attribute — custom operational types cannot be defined through cn=config — so slapd 2.5 writes
 * it only where the entry's object classes allow it (its internal write fails the schema check
 * otherwise, silently, and the group write succeeds), and the values a client stored in it stay
 * beside the groups' (measured).
 */
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import type { AttributeValue } from '../operations.js';
import type { Profile } from '../profiles/profile.js';

/** The key of the attribute listing an entry's groups. */
export function backLinkKey(directory: Directory, profile: Profile): string {
  const { backLink } = profile.memberOfGroups;
  return backLink === undefined ? 'memberof' : directory.attributeKey(backLink);
}

/** Whether the back-link is another attribute than memberOf. */
export function isCustomBackLink(key: string): boolean {
  return key !== 'memberof';
}

/** A custom back-link's values: those stored first, then the groups the entry may be given. */
export function customBackLinkValues(
  directory: Directory,
  entry: Entry,
  key: string,
  groups: readonly string[],
): AttributeValue[] | undefined {
  const stored = entry.get(key)?.values ?? [];
  const given = allowedOn(directory, entry, key) ? groups : [];
  const seen = new Set(stored.map((v) => directory.normalizeValue(key, v)));
  const values = [...stored, ...given.filter((g) => !seen.has(directory.normalizeValue(key, g)))];
  return values.length > 0 ? values : undefined;
}

/** Whether the entry's object classes allow the attribute (the schema check of slapd's own write). */
function allowedOn(directory: Directory, entry: Entry, key: string): boolean {
  const { schema } = directory;
  const names = [...entry.attributes.values()].map((a) => a.type);
  const problem = schema.checkEntry(entry.strings('objectclass'), [...names, schema.attributeType(key).name]);
  // Data loaded without strict schema may break other rules; only this attribute's refusal counts.
  return !(problem?.kind === 'attributeNotAllowed' && problem.attribute.toLowerCase() === key.split(';')[0]);
}
