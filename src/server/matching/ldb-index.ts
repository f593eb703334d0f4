/**
 * Whether Samba's database (ldb) can answer a filter from its indexes — the attributes the AD
 * schema marks indexed (searchFlags fATTINDEX, published as INDEXED), objectClass, objectGUID and
 * the DN itself — or must scan every entry. Only equality items use an index; an AND needs one
 * indexed part, an OR all of them. It matters where a search fails half-way: ldb evaluates the
 * filter on the entries its index names (or, without one, on every entry in scope), and one item
 * that fails on one of them fails the search — "Indexed and full searches both failed!".
 */
import { isDescendantOrSelf } from '../../core/dn-hierarchy.js';
import type { Filter } from '../../core/filter-ast.js';
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import type { Schema } from '../directory/schema.js';
import { adSchema } from '../directory/schema-ad.js';
import type { SearchScope } from '../operations.js';

let indexed: ReadonlySet<string> | undefined;

function indexedAttributes(): ReadonlySet<string> {
  indexed ??= new Set([
    'objectclass',
    'objectguid',
    'distinguishedname',
    ...(adSchema.published?.['extendedAttributeInfo'] ?? [])
      .filter((info) => /\sINDEXED(\s|\))/.test(info))
      .map((info) => /NAME '([^']+)'/.exec(info)?.[1]?.toLowerCase())
      .filter((name): name is string => name !== undefined),
  ]);
  return indexed;
}

export function ldbIndexed(filter: Filter, schema: Schema): boolean {
  switch (filter.type) {
    case 'equality':
      return indexedAttributes().has(schema.attributeType(filter.attribute).name.toLowerCase());
    case 'and':
      return filter.filters.some((f) => ldbIndexed(f, schema));
    case 'or':
      return filter.filters.length > 0 && filter.filters.every((f) => ldbIndexed(f, schema));
    default:
      return false;
  }
}

/** What ldb's index gives for a filter: entries (normalised DNs), none at all, or no answer (a scan). */
type IndexAnswer = ReadonlySet<string> | 'none' | undefined;

/**
 * ldb_kv_index_dn: an equality on an indexed attribute names its entries; an AND takes a
 * one-entry objectGUID match outright, then intersects its indexed parts in order — none of one
 * part is none of all; it stops once fewer than two entries are left; an OR unites its parts, and
 * one part without an index leaves it without one; nothing else has an index.
 * `lookup`: the entries an equality names, undefined where the directory cannot tell.
 */
function indexAnswer(
  filter: Filter,
  schema: Schema,
  lookup: (f: Filter) => ReadonlySet<string> | undefined,
): IndexAnswer {
  const leaf = (f: Filter): IndexAnswer => {
    if (f.type !== 'equality' || !ldbIndexed(f, schema) || f.attribute.includes(';')) return undefined;
    const found = lookup(f);
    return found === undefined ? undefined : found.size === 0 ? 'none' : found;
  };
  switch (filter.type) {
    case 'equality':
      return leaf(filter);
    case 'and': {
      const guid = filter.filters.find(
        (f) => f.type === 'equality' && schema.attributeType(f.attribute).name.toLowerCase() === 'objectguid',
      );
      const unique = guid && leaf(guid);
      if (unique !== undefined) return unique;
      let list: Set<string> | undefined;
      for (const part of filter.filters) {
        const found = indexAnswer(part, schema, lookup);
        if (found === 'none') return 'none';
        if (found === undefined) continue;
        list = list ? new Set([...list].filter((ndn) => found.has(ndn))) : new Set(found);
        if (list.size === 0) return 'none';
        if (list.size < 2) return list;
      }
      return list;
    }
    case 'or': {
      const union = new Set<string>();
      for (const part of filter.filters) {
        const found = indexAnswer(part, schema, lookup);
        if (found === undefined) return undefined;
        if (found !== 'none') for (const ndn of found) union.add(ndn);
      }
      return union.size === 0 ? 'none' : union;
    }
    default:
      return undefined;
  }
}

/**
 * The entries ldb evaluates a one-level or subtree search's filter on, in scope: a subtree's
 * those its index names (none when it names none), else all; a one-level's the base's children,
 * narrowed by the index only where it names some. `computed`: attributes the directory does not
 * store, whose index this model cannot read (left to a scan).
 */
export function* ldbCandidates(
  directory: Directory,
  base: Entry,
  scope: SearchScope,
  filter: Filter,
  computed: ReadonlySet<string>,
): Generator<Entry> {
  const { schema } = directory;
  const lookup = (f: Filter): ReadonlySet<string> | undefined => {
    if (f.type !== 'equality') return undefined;
    const key = directory.attributeKey(f.attribute);
    if (key === 'distinguishedname') {
      const entry = directory.get(typeof f.value === 'string' ? f.value : f.value.toString('utf8'));
      return new Set(entry ? [entry.ndn] : []);
    }
    if (computed.has(key) || schema.subtypes(f.attribute).length > 1) return undefined;
    return directory.lookup(key, f.value);
  };
  const answer = scope === 'base' ? undefined : indexAnswer(filter, schema, lookup);
  if (answer === 'none' && scope === 'sub') return;
  if (answer === undefined || answer === 'none') {
    yield* directory.scope(base.ndn, scope);
    return;
  }
  const entries: Entry[] = [];
  for (const ndn of answer) {
    const entry = directory.getByNdn(ndn);
    const inScope = scope === 'one' ? entry?.parent === base.ndn : entry && isDescendantOrSelf(ndn, base.ndn);
    if (entry && inScope) entries.push(entry);
  }
  // Parents before children, as the directory's own index gives them (search-candidates.ts).
  yield* entries.sort((a, b) => a.depth - b.depth || (a.ndn < b.ndn ? -1 : a.ndn > b.ndn ? 1 : 0));
}
