/**
 * The entries a search has to test: an equality index narrows a large scope to a handful of
 * entries when the filter (or one branch of a top-level AND) is an equality on a stored
 * attribute, or on a computed one that can name its candidates (memberOf); otherwise the whole
 * scope is walked.
 */

import { isDescendantOrSelf } from '../../core/dn-hierarchy.js';
import type { Filter } from '../../core/filter-ast.js';
import type { SearchScope } from '../operations.js';
import type { Directory } from './directory.js';
import type { Entry } from './entry.js';
import type { ExtensibleRule } from './evaluate-filter.js';

/** Below this many entries a scan is as fast as an index and needs no index memory. */
const indexThreshold = 256;

/** The computed attributes: which they are, and the entries an equality on one can match. */
export interface ComputedIndex {
  readonly keys: ReadonlySet<string>;
  /** Normalised DNs of every entry `(key=value)` can match; undefined when it cannot tell. */
  candidates(key: string, value: Buffer): ReadonlySet<string> | undefined;
}

export function* candidateEntries(
  directory: Directory,
  base: Entry,
  scope: SearchScope,
  filter: Filter,
  computed: ComputedIndex,
  extensibleRule: (oid: string) => ExtensibleRule | undefined = () => undefined,
): Generator<Entry> {
  const indexed =
    scope !== 'base' && directory.size > indexThreshold
      ? indexedCandidates(directory, filter, computed, extensibleRule)
      : undefined;
  if (!indexed) {
    yield* directory.scope(base.ndn, scope);
    return;
  }
  const entries: Entry[] = [];
  for (const ndn of indexed) {
    const entry = directory.getByNdn(ndn);
    if (entry && inScope(entry, base, scope)) entries.push(entry);
  }
  // Parents before children, as a scope walk would return them.
  yield* entries.sort((a, b) => a.depth - b.depth || (a.ndn < b.ndn ? -1 : a.ndn > b.ndn ? 1 : 0));
}

function indexedCandidates(
  directory: Directory,
  filter: Filter,
  computed: ComputedIndex,
  extensibleRule: (oid: string) => ExtensibleRule | undefined,
) {
  const branches = filter.type === 'and' ? filter.filters : [filter];
  let best: ReadonlySet<string> | undefined;
  for (const branch of branches) {
    // With :dn: the DN's own values match too, which no rule's set holds.
    if (branch.type === 'extensible' && branch.matchingRule !== undefined && !branch.dnAttributes) {
      const found = extensibleRule(branch.matchingRule)?.candidates?.(branch, directory);
      if (found && (!best || found.size < best.size)) best = found;
      continue;
    }
    if (branch.type !== 'equality') continue;
    const key = directory.attributeKey(branch.attribute);
    if (key === 'objectclass') continue;
    // A supertype (`name`) matches its subtypes' values too (cn, sn…), which its index lacks.
    if (directory.schema.subtypes(branch.attribute).length > 1 && !computed.keys.has(key)) continue;
    const found = computed.keys.has(key)
      ? computed.candidates(key, branch.value)
      : directory.lookup(key, branch.value);
    if (found && (!best || found.size < best.size)) best = found;
  }
  return best;
}

function inScope(entry: Entry, base: Entry, scope: SearchScope): boolean {
  if (scope === 'one') return entry.parent === base.ndn;
  return isDescendantOrSelf(entry.ndn, base.ndn);
}
