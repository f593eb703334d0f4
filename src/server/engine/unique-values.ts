/**
 * slapo-unique: a value of a domain's attributes may be held by one entry only. As slapd's
 * overlay does, each URI of a domain builds one search — `(|(mail=v1)(uid=v2))` from the values
 * an add, a modify (all but its deletes) or a new RDN brings, `(&FILTER(|…))` when the URI has a
 * filter — under the URI's base (the suffix without one), run as the rootdn; any entry found but
 * the one written refuses the write with 19 and the search in the message. The rootdn is not
 * exempt. Operational attributes never count.
 */
import { isDescendantOrSelf } from '../../core/dn-hierarchy.js';
import { normalizeDN } from '../../core/dn-normalize.js';
import type { Filter } from '../../core/filter-ast.js';
import { formatFilter } from '../../core/filter-format.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import { Entry, type StoredAttribute } from '../directory/entry.js';
import { attributeKey } from '../directory/entry-keys.js';
import { compileFilter } from '../directory/evaluate-filter.js';
import { candidateEntries } from '../directory/search-candidates.js';
import { type AttributeValue, valueText } from '../operations.js';
import type { UniqueDomain, UniqueScope } from '../profiles/overlay-rules.js';
import type { Engine } from './engine.js';
import { filterEnvironment } from './search.js';

/** The attributes a write brings, with their values. */
export interface WrittenAttribute {
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

/**
 * Refuses the write to `dn` if a value it brings is held by another entry in one of the domains.
 * `entry`: the entry a URI's filter is tested on (as written, or as it stands before a modify).
 */
export function checkUnique(
  engine: Engine,
  domains: readonly UniqueDomain[],
  dn: string,
  entry: Entry | undefined,
  written: readonly WrittenAttribute[],
): void {
  const ndn = normalizeDN(dn);
  const env = filterEnvironment(engine, engine.options.rootDN);
  for (const domain of domains) {
    for (const uri of domain.uris) {
      const nbase = uri.base === undefined ? suffixOf(engine, ndn) : normalizeDN(uri.base);
      if (nbase === undefined || !isDescendantOrSelf(ndn, nbase)) continue;
      if (uri.filter && entry && compileFilter(uri.filter, env)(entry) !== true) continue;
      const items = assertions(engine, domain, uri, written);
      if (items.length === 0) continue;
      const any: Filter = { type: 'or', filters: items };
      const search: Filter = uri.filter ? { type: 'and', filters: [uri.filter, any] } : any;
      if (heldElsewhere(engine, nbase, uri.scope, search, ndn)) {
        throw new LdapResultError(
          ResultCode.constraintViolation,
          // slapd escapes filter characters in upper-case hex.
          `non-unique attributes found with ${formatFilter(search).replace(/\\[0-9a-f]{2}/g, (h) => h.toUpperCase())}`,
        );
      }
    }
  }
}

/** `(attr=value)` for each value of each attribute the URI covers; `(attr=*)` for none when strict. */
function assertions(
  engine: Engine,
  domain: UniqueDomain,
  uri: UniqueScope,
  written: readonly WrittenAttribute[],
): Filter[] {
  const { schema } = engine.directory;
  const listed = new Set(uri.attributes.map((a) => schema.attributeType(a)));
  const items: Filter[] = [];
  for (const attribute of written) {
    const type = schema.attributeType(attribute.type);
    if (type.operational) continue;
    if (listed.size > 0 && listed.has(type) === domain.ignore) continue;
    if (attribute.values.length === 0) {
      if (domain.strict) items.push({ type: 'present', attribute: type.name });
      continue;
    }
    for (const value of attribute.values) {
      items.push({ type: 'equality', attribute: type.name, value: Buffer.from(valueText(value), 'utf8') });
    }
  }
  return items;
}

/** The entry an add asks for, for a URI's filter to be tested on (slapd tests the request's entry). */
export function requestedEntry(engine: Engine, dn: string, written: readonly WrittenAttribute[]): Entry {
  const { schema } = engine.directory;
  const attributes = new Map<string, StoredAttribute>();
  for (const { type, values } of written) {
    const key = attributeKey(schema, type);
    attributes.set(key, { type, values: [...(attributes.get(key)?.values ?? []), ...values] });
  }
  return new Entry(dn, normalizeDN(dn), '', attributes);
}

/** Whether an entry other than `self` in the scope matches, searched as the rootdn. */
function heldElsewhere(
  engine: Engine,
  nbase: string,
  scope: UniqueScope['scope'],
  filter: Filter,
  self: string,
): boolean {
  const { directory } = engine;
  const base = directory.getByNdn(nbase);
  if (!base) return false;
  const matches = compileFilter(filter, filterEnvironment(engine, engine.options.rootDN));
  const candidates = candidateEntries(
    directory,
    base,
    scope === 'one' ? 'one' : 'sub',
    filter,
    engine.virtual,
    (oid) => engine.profile.extensibleRules.get(oid),
  );
  for (const candidate of candidates) {
    if (candidate.ndn === self || (scope === 'children' && candidate.ndn === nbase)) continue;
    if (matches(candidate) === true) return true;
  }
  return false;
}

/** The naming context a DN is under. */
function suffixOf(engine: Engine, ndn: string): string | undefined {
  return engine.directory
    .roots()
    .map((root) => root.ndn)
    .find((root) => isDescendantOrSelf(ndn, root));
}
