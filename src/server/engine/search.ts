/**
 * Search (RFC 4511 §4.5): the rootDSE and the subschema entry, which are not in the directory;
 * then candidates from the indexes, the filter as the profile reads it (AD's objectCategory and
 * SID forms), the profile's read rules, result order and attribute selection (`*`, `+`, ranges),
 * and AD's continuation references at the domain root.
 */
import { normalizeDN } from '../../core/dn-normalize.js';
import { ResultCode } from '../../core/result-code.js';
import type { Entry } from '../directory/entry.js';
import { compileFilter, type FilterEnvironment } from '../directory/evaluate-filter.js';
import { candidateEntries } from '../directory/search-candidates.js';
import type {
  AttributeValue,
  LdapResult,
  OperationContext,
  SearchRequest,
  SearchSink,
} from '../operations.js';
import { type CandidateAttribute, parseAttributeRequest, selectAttributes } from './attribute-selection.js';
import type { Engine } from './engine.js';
import { refused } from './refusals.js';
import { rootDSEAttributes, subschemaAttributes } from './root-dse.js';

/** The Domain Scope control: no continuation references (AD). */
const domainScopeOid = '1.2.840.113556.1.4.1339';

export async function search(
  engine: Engine,
  ctx: OperationContext,
  request: SearchRequest,
  sink: SearchSink,
): Promise<LdapResult> {
  const { directory, profile } = engine;
  engine.checkControls(ctx);
  const attributes = parseAttributeRequest(
    request.attributes,
    directory.schema,
    profile.plusMeansOperational,
    profile.objectClassAttributeLists === true,
  );
  if (request.baseDN === '' && request.scope === 'base') {
    const roots = directory.roots().map((e) => e.dn);
    const candidates = rootDSEAttributes(profile, roots, engine.subschemaDN, engine.now());
    if (matchesListed(engine, request, candidates)) {
      sink.entry({ dn: '', attributes: selectAttributes(attributes, candidates) });
    }
    return frontendResult(profile);
  }
  engine.requireBound(ctx.session);
  const baseDN = engine.resolveDN(request.baseDN);
  engine.requireDN(baseDN);
  if (normalizeDN(baseDN) === normalizeDN(engine.subschemaDN)) {
    if (request.scope !== 'base' && profile.subschema.baseScopeOnly) return { code: ResultCode.noSuchObject };
    const candidates = subschemaAttributes(profile, directory.schema, engine.subschemaDN);
    if (request.scope === 'base' && matchesListed(engine, request, candidates)) {
      const selected = selectAttributes(attributes, candidates);
      const typesOnly = request.typesOnly && profile.honourTypesOnly;
      sink.entry({
        dn: engine.subschemaDN,
        attributes: typesOnly ? selected.map((a) => ({ type: a.type, values: [] })) : selected,
      });
    }
    return frontendResult(profile);
  }
  const base = engine.requireEntry(baseDN);
  if (profile.tokenGroups && request.scope !== 'base' && attributes.named.has('tokengroups')) {
    return refused(profile.tokenGroups.nonBaseScope);
  }
  const viewer = ctx.session.bindDN;
  const filter =
    profile.rewriteFilter?.(request.filter, {
      namingContext: engine.options.baseDN,
      schema: directory.schema,
    }) ?? request.filter;
  const matches = compileFilter(filter, filterEnvironment(engine, viewer));
  const found: Entry[] = [];
  for (const entry of candidateEntries(directory, base, request.scope, filter, engine.virtual)) {
    if (ctx.signal.aborted) break;
    if (matches(entry) === true) found.push(entry);
  }
  if (profile.order === 'objectGUID') found.sort(byObjectGUID);
  const typesOnly = request.typesOnly && profile.honourTypesOnly;
  const { maxValueRange, rangePastEnd } = profile;
  for (const entry of found) {
    const selected = selectAttributes(
      attributes,
      candidateAttributes(engine, entry, viewer),
      maxValueRange,
      rangePastEnd,
    );
    sink.entry({
      dn: entry.dn,
      attributes: typesOnly ? selected.map((a) => ({ type: a.type, values: [] })) : selected,
    });
  }
  const { scope } = request;
  if (scope !== 'base' && base.parent === '' && !ctx.controls.some((c) => c.oid === domainScopeOid)) {
    for (const uri of profile.rootReferences(base.dn, ctx.session.encrypted, scope)) sink.reference([uri]);
  }
  return { code: ResultCode.success };
}

/** The result of a root DSE or subschema search, outside paging where the profile says so. */
function frontendResult(profile: Engine['profile']): LdapResult {
  return profile.limits.paging.frontendEntriesUnpaged
    ? { code: ResultCode.success, unpaged: true }
    : { code: ResultCode.success };
}

function filterEnvironment(engine: Engine, viewer: string): FilterEnvironment {
  const { directory, profile } = engine;
  return {
    schema: directory.schema,
    directory,
    values: (entry, type, description) => engine.values(entry, type, description),
    extensibleRule: (oid) => profile.extensibleRules.get(oid),
    // A filter on an attribute the viewer may not read matches nothing (slapd's ACL, AD's unicodePwd).
    visible: (type) => engine.readable(type.name.toLowerCase(), viewer),
    strictAssertionSyntax: profile.strictAssertionSyntax === true,
  };
}

function* candidateAttributes(engine: Engine, entry: Entry, viewer: string): Generator<CandidateAttribute> {
  const { directory, profile, virtual } = engine;
  const schema = directory.schema;
  for (const [key, attribute] of entry.attributes) {
    if (!engine.readable(key, viewer, entry)) continue;
    const base = key.split(';')[0]!;
    const type = schema.attributeType(base);
    const options = attribute.type.includes(';') ? attribute.type.slice(attribute.type.indexOf(';')) : '';
    const name = type.known ? type.name + options : attribute.type;
    const linked =
      profile.order === 'objectGUID' && key === profile.memberOfGroups.memberAttribute.toLowerCase();
    const values = linked ? byLinkedGUID(engine, attribute.values) : attribute.values;
    yield { key: base, type: name, operational: type.operational, values };
  }
  for (const key of virtual.keys) {
    const values = virtual.values(entry, key);
    if (values)
      yield { key, type: schema.attributeType(key).name, operational: virtual.isOperational(key), values };
  }
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

/** The rootDSE and the subschema entry are not in the directory: filters test their listed values. */
function matchesListed(
  engine: Engine,
  request: SearchRequest,
  candidates: readonly CandidateAttribute[],
): boolean {
  const byKey = new Map(candidates.map((a) => [a.key, a.values]));
  const env: FilterEnvironment = {
    schema: engine.directory.schema,
    directory: engine.directory,
    values: (_entry, type) => byKey.get(type.name.toLowerCase()),
    extensibleRule: (oid) => engine.profile.extensibleRules.get(oid),
  };
  return compileFilter(request.filter, env)(listedEntry) === true;
}

/** memcmp order of objectGUIDs (entries without one last), the order of Samba's index. */
function compareGuids(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : 1) : -1;
  return Buffer.compare(
    typeof a === 'string' ? Buffer.from(a) : a,
    typeof b === 'string' ? Buffer.from(b) : b,
  );
}

function byObjectGUID(a: Entry, b: Entry): number {
  return compareGuids(a.get('objectguid')?.values[0], b.get('objectguid')?.values[0]);
}

/** Stand-in entry for filters over the rootDSE and subschema, whose values come from a list. */
const listedEntry = { dn: '', ndn: '', parent: '', attributes: new Map() } as unknown as Entry;
