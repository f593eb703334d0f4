/**
 * The attributes a search may return of one entry: the stored ones the viewer may read, in their
 * schema spelling, and the virtual ones (memberOf, tokenGroups…) — each only when the request may
 * select it, so an unrequested memberOf is never computed.
 */
import type { Entry } from '../directory/entry.js';
import type { AttributeValue } from '../operations.js';
import { type AttributeRequest, type CandidateAttribute, mayBeSelected } from './attribute-selection.js';
import type { Engine } from './engine.js';

/**
 * The attributes of an entry the viewer may read and the request may select; virtual ones
 * (memberOf, tokenGroups…) are computed only when they may be selected.
 */
export function* candidateAttributes(
  engine: Engine,
  entry: Entry,
  viewer: string,
  request: AttributeRequest,
): Generator<CandidateAttribute> {
  const { directory, virtual } = engine;
  for (const described of describedAttributes(engine, entry)) {
    // A custom back-link's stored values come out with its computed ones, below.
    if (described.key === virtual.storedToo) continue;
    if (!mayBeSelected(request, described.key, described.operational)) continue;
    if (!engine.readable(described.storedKey, viewer, entry)) continue;
    const { key, type, operational, linked } = described;
    yield {
      key,
      type,
      operational,
      values: linked ? byLinkedGUID(engine, described.values) : described.values,
    };
  }
  for (const key of virtual.keys) {
    const operational = virtual.isOperational(key);
    if (!mayBeSelected(request, key, operational)) continue;
    // Computed attributes (memberOf, entryDN…) are read like stored ones under access rules.
    if (engine.access && !engine.access.readable(viewer, entry, key)) continue;
    const values = virtual.values(entry, key);
    if (values) yield { key, type: directory.schema.attributeType(key).name, operational, values };
  }
}

interface DescribedAttribute extends CandidateAttribute {
  /** The key the entry stores it under (with options), for access checks. */
  readonly storedKey: string;
  /** Linked values Samba returns in objectGUID order. */
  readonly linked: boolean;
}

/**
 * What a stored attribute looks like on the way out (canonical name, kind), worked out once per
 * entry: entries are immutable, and the same entries are read by search after search.
 */
const described = new WeakMap<
  Entry,
  { readonly schema: object; readonly profile: object; readonly attributes: DescribedAttribute[] }
>();

function describedAttributes(engine: Engine, entry: Entry): readonly DescribedAttribute[] {
  const { directory, profile } = engine;
  const schema = directory.schema;
  const cached = described.get(entry);
  if (cached?.schema === schema && cached.profile === profile) return cached.attributes;
  const memberKey = profile.memberOfGroups.memberAttribute.toLowerCase();
  const attributes: DescribedAttribute[] = [];
  for (const [storedKey, attribute] of entry.attributes) {
    const key = storedKey.split(';')[0]!;
    const type = schema.attributeType(key);
    const options = attribute.type.includes(';') ? attribute.type.slice(attribute.type.indexOf(';')) : '';
    attributes.push({
      key,
      storedKey,
      type: type.known ? type.name + options : attribute.type,
      operational: type.operational,
      values: attribute.values,
      linked: profile.order === 'objectGUID' && storedKey === memberKey,
    });
  }
  described.set(entry, { schema, profile, attributes });
  return attributes;
}

/** Linked values (member) in the objectGUID order of the entries they name, as Samba returns them. */
function byLinkedGUID(engine: Engine, values: readonly AttributeValue[]): AttributeValue[] {
  const guid = (value: AttributeValue) =>
    engine.directory.get(typeof value === 'string' ? value : value.toString('utf8'))?.get('objectguid')
      ?.values[0];
  return values
    .map((value) => ({ value, key: guid(value) }))
    .sort((a, b) => compareGuids(a.key, b.key))
    .map((v) => v.value);
}

/** memcmp order of objectGUIDs (entries without one last), the order of Samba's index. */
export function compareGuids(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : 1) : -1;
  return Buffer.compare(
    typeof a === 'string' ? Buffer.from(a) : a,
    typeof b === 'string' ? Buffer.from(b) : b,
  );
}
