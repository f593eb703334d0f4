/**
 * slapo-memberof's memberof-dangling: what a write to a group gets when a member value it adds
 * names no entry (a DN under no naming context included). `ignore` (the default) stores it;
 * `drop` leaves it out — a modification left without values is left out whole, while an add
 * left without members fails the schema check as any add would; `error` refuses the write with
 * memberof-dangling-error's code. slapd 2.5 judges this before the entry's existence, place and
 * access on add, and after finding the group but before access on modify (measured).
 */
import type { NewAttribute } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { AttributeValue, ModifyOperation } from '../operations.js';
import type { Engine } from './engine.js';
import { errorOf } from './refusals.js';

/** A modification as the request or the account rules give it. */
interface Change {
  readonly operation: ModifyOperation;
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

/** An add's attributes with dangling members dropped, or the refusal thrown. */
export function danglingOnAdd<A extends NewAttribute>(engine: Engine, attributes: readonly A[]): A[] {
  const classes = attributes
    .filter((a) => engine.directory.attributeKey(a.type) === 'objectclass')
    .flatMap((a) => a.values.map(String));
  if (!judged(engine, classes)) return [...attributes];
  return attributes.flatMap((attribute) => {
    const values = kept(engine, attribute);
    if (values.length === attribute.values.length) return [attribute];
    return values.length > 0 ? [{ ...attribute, values }] : [];
  });
}

/** A modify's changes with dangling members dropped, or the refusal thrown; deletes are never judged. */
export function danglingOnModify<C extends Change>(engine: Engine, group: Entry, changes: readonly C[]): C[] {
  if (!judged(engine, group.strings('objectclass'))) return [...changes];
  return changes.flatMap((change) => {
    if (change.operation !== 'add' && change.operation !== 'replace') return [change];
    const values = kept(engine, change);
    if (values.length === change.values.length) return [change];
    // A replace whose every value is dropped does not empty the attribute: it is not made at all.
    return values.length > 0 ? [{ ...change, values }] : [];
  });
}

/** Whether the profile judges dangling members at all, and the entry is one of its groups. */
function judged(engine: Engine, objectClasses: readonly string[]): boolean {
  const { dangling, objectClasses: groupClasses } = engine.profile.memberOfGroups;
  if (dangling === undefined) return false;
  const wanted = new Set(groupClasses.map((c) => c.toLowerCase()));
  return objectClasses.some((c) => wanted.has(c.toLowerCase()));
}

/** The member values that name an entry; with `error`, the first that does not is refused. */
function kept<V>(engine: Engine, attribute: { readonly type: string; readonly values: readonly V[] }): V[] {
  const { dangling, memberAttribute } = engine.profile.memberOfGroups;
  const { directory } = engine;
  if (directory.attributeKey(attribute.type) !== directory.attributeKey(memberAttribute))
    return [...attribute.values];
  return attribute.values.filter((value) => {
    if (directory.get(String(value)) !== undefined) return true;
    if (dangling !== undefined && dangling !== 'drop') throw errorOf(dangling);
    return false;
  });
}
