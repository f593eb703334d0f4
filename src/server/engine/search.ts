/**
 * Search (RFC 4511 §4.5): the rootDSE and the subschema entry, which are not in the directory;
 * then candidates from the indexes, the filter as the profile reads it (AD's objectCategory and
 * SID forms), the profile's read rules, result order and attribute selection (`*`, `+`, ranges),
 * and AD's continuation references at the domain root.
 */
import { normalizeDN } from '../../core/dn-normalize.js';
import type { Filter } from '../../core/filter-ast.js';
import { ResultCode } from '../../core/result-code.js';
import type { Entry } from '../directory/entry.js';
import { compileFilter, type FilterEnvironment, FilterItemFailure } from '../directory/evaluate-filter.js';
import { candidateEntries } from '../directory/search-candidates.js';
import type {
  EntryAttribute,
  LdapResult,
  OperationContext,
  SearchRequest,
  SearchSink,
} from '../operations.js';
import type { Profile } from '../profiles/profile.js';
import { type CandidateAttribute, parseAttributeRequest, selectAttributes } from './attribute-selection.js';
import type { Engine } from './engine.js';
import { candidateAttributes, compareGuids } from './entry-attributes.js';
import { refused } from './refusals.js';
import { rootDSEAttributes, subschemaAttributes } from './root-dse.js';
import { presentEntry, sortEntries, subentryVisibility } from './search-controls.js';
import { sessionTokenGroups } from './session-token.js';
import { parseSortKeys, sortedView, sortedViewRequest } from './sorted-views.js';
import { TOKEN_GROUPS } from './virtual-attributes.js';

/** The Domain Scope control: no continuation references (AD). */
const domainScopeOid = '1.2.840.113556.1.4.1339';
const pagedResultsOid = '1.2.840.113556.1.4.319';

export async function search(
  engine: Engine,
  ctx: OperationContext,
  request: SearchRequest,
  sink: SearchSink,
): Promise<LdapResult> {
  const { directory, profile } = engine;
  engine.checkControls(ctx);
  const sortKeys = profile.sortedViews ? parseSortKeys(engine, ctx) : undefined;
  const attributes = parseAttributeRequest(
    request.attributes,
    directory.schema,
    profile.plusMeansOperational,
    profile.objectClassAttributeLists === true,
  );
  if (request.baseDN === '' && request.scope === 'base') {
    const roots = directory.roots().map((e) => e.dn);
    const candidates = rootDSEAttributes(profile, roots, engine.subschemaDN, engine.now());
    // slapd offers EXTERNAL on a connection whose TLS client certificate it verified.
    if (profile.bind.saslExternal && ctx.session.clientIdentity !== undefined) withExternal(candidates);
    if (profile.rootDSE.sessionTokenGroups && attributes.named.has('tokengroups')) {
      const values = sessionTokenGroups(engine, ctx.session.bindDN);
      candidates.push({ key: 'tokengroups', type: 'tokenGroups', operational: true, values });
    }
    if (profile.rootDSE.anyFilter || matchesListed(engine, request, candidates)) {
      sink.entry({
        dn: '',
        attributes: typesOnlyIf(request, profile, selectAttributes(attributes, candidates)),
      });
    }
    return profile.limits.paging.rootDSEUnpaged
      ? { code: ResultCode.success, unpaged: true }
      : frontendResult(profile);
  }
  if (profile.invalidBaseDN && !parsesAsBase(request.baseDN)) return refused(profile.invalidBaseDN);
  engine.requireBound(ctx.session);
  const baseDN = engine.resolveDN(request.baseDN);
  engine.requireDN(baseDN);
  if (normalizeDN(baseDN) === normalizeDN(engine.subschemaDN)) {
    if (request.scope !== 'base' && profile.subschema.baseScopeOnly) return { code: ResultCode.noSuchObject };
    const candidates = subschemaAttributes(profile, directory.schema, engine.subschemaDN, engine.started);
    // A subschema entry that is an ordinary leaf (Samba's CN=Aggregate) is its own subtree too.
    const inScope = request.scope === 'base' || (profile.subschema.leaf === true && request.scope === 'sub');
    let matched: boolean;
    try {
      matched = inScope && matchesListed(engine, request, candidates);
    } catch (error) {
      if (!(error instanceof FilterItemFailure) || !profile.filterLeaves) throw error;
      return refused(profile.filterLeaves.failed(error.kind, request.scope));
    }
    // Samba's CN=Aggregate is an object like any other: tokenGroups fails a search that finds it.
    const tokenGroupsFailed =
      matched && request.scope !== 'base' && !pagedAsBase(engine, ctx)
        ? tokenGroupsRefusal(engine, request)
        : undefined;
    if (tokenGroupsFailed?.whenFound) {
      return refused(tokenGroupsAnswer(tokenGroupsFailed, request, request.filter, directory.schema));
    }
    if (matched) {
      sink.entry({
        dn: engine.subschemaDN,
        attributes: typesOnlyIf(request, profile, selectAttributes(attributes, candidates)),
      });
    }
    return frontendResult(profile);
  }
  const view = profile.sortedViews && sortedViewRequest(profile.sortedViews, ctx, sortKeys);
  if (view && 'code' in view) return view;
  const base = engine.requireEntry(baseDN);
  engine.access?.requireSearchBase(ctx.session.bindDN, base);
  const tokenGroupsRefused =
    profile.tokenGroups && request.scope !== 'base' && !pagedAsBase(engine, ctx)
      ? tokenGroupsRefusal(engine, request)
      : undefined;
  if (tokenGroupsRefused && !tokenGroupsRefused.whenFound) return refused(tokenGroupsRefused.nonBaseScope);
  const viewer = ctx.session.bindDN;
  const filter = effectiveFilter(engine, request);
  const env = filterEnvironment(engine, viewer);
  const matches = compileFilter(filter, env);
  const visible = subentryVisibility(engine, ctx);
  const found: Entry[] = [];
  try {
    const entries =
      profile.filterLeaves?.candidates?.(directory, base, request.scope, filter, engine.virtual.keys) ??
      candidateEntries(directory, base, request.scope, filter, engine.virtual, (oid) =>
        profile.extensibleRules.get(oid),
      );
    for (const entry of entries) {
      if (ctx.abort.aborted) break;
      if (matches(entry) === true && (!visible || visible(entry)) && readableEntry(engine, ctx, entry))
        found.push(entry);
    }
  } catch (error) {
    if (!(error instanceof FilterItemFailure) || !profile.filterLeaves) throw error;
    return refused(profile.filterLeaves.failed(error.kind, request.scope));
  }
  if (tokenGroupsRefused && found.length > 0) {
    return refused(tokenGroupsAnswer(tokenGroupsRefused, request, filter, directory.schema));
  }
  if (profile.order === 'objectGUID') found.sort(byObjectGUID);
  let result: LdapResult = { code: ResultCode.success };
  let sent: readonly Entry[] = found;
  if (view) ({ entries: sent, result } = sortedView(view, found));
  else sortEntries(engine, ctx, found);
  const present = presentEntry(engine, ctx, env);
  const { maxValueRange, rangePastEnd } = profile;
  for (const entry of sent) {
    const selected = selectAttributes(
      attributes,
      candidateAttributes(engine, entry, viewer, attributes),
      maxValueRange,
      rangePastEnd,
    );
    sink.entry(
      present
        ? present(entry, typesOnlyIf(request, profile, selected))
        : { dn: entry.dn, attributes: typesOnlyIf(request, profile, selected) },
    );
  }
  const { scope } = request;
  if (scope !== 'base' && base.parent === '' && !ctx.controls.some((c) => c.oid === domainScopeOid)) {
    for (const uri of profile.rootReferences(base.dn, ctx.session.encrypted, scope)) sink.reference([uri]);
  }
  return result;
}

/**
 * The refusal of a token attribute outside a base search, naming the first one requested in its
 * schema spelling where the profile's text names one (Samba: `… for attribute 'tokenGroups' …`).
 */
function tokenGroupsRefusal(engine: Engine, request: SearchRequest): Profile['tokenGroups'] {
  const rules = engine.profile.tokenGroups;
  const asked = request.attributes.find((a) => TOKEN_GROUPS.includes(a.split(';')[0]!.toLowerCase()));
  if (!rules || asked === undefined) return undefined;
  const name = engine.directory.schema.attributeType(asked.split(';')[0]!).name;
  const { code, message } = rules.nonBaseScope;
  return { ...rules, nonBaseScope: { code, message: message.replace("'tokenGroups'", `'${name}'`) } };
}

/** Under access rules, an entry without read access to itself is not returned (slapd's send_search_entry). */
function readableEntry(engine: Engine, ctx: OperationContext, entry: Entry): boolean {
  return engine.access === undefined || engine.access.entryReadable(ctx.session.bindDN, entry);
}

/** Samba's paged search fetches each entry it found with a base search: tokenGroups is no refusal then. */
function pagedAsBase(engine: Engine, ctx: OperationContext): boolean {
  return (
    engine.profile.tokenGroups?.pagedAsBase === true && ctx.controls.some((c) => c.oid === pagedResultsOid)
  );
}

/** A non-base search for tokenGroups that found an entry; a subtree scan no index serves fails as a whole (Samba). */
function tokenGroupsAnswer(
  rules: NonNullable<Profile['tokenGroups']>,
  request: SearchRequest,
  filter: Filter,
  schema: Engine['directory']['schema'],
) {
  const unindexed = rules.unindexedSubtree;
  const fullScan = unindexed && request.scope === 'sub' && !unindexed.indexed(filter, schema);
  return fullScan ? unindexed.refusal : rules.nonBaseScope;
}

/** The result of a root DSE or subschema search, outside paging where the profile says so. */
function frontendResult(profile: Engine['profile']): LdapResult {
  return profile.limits.paging.frontendEntriesUnpaged
    ? { code: ResultCode.success, unpaged: true }
    : { code: ResultCode.success };
}

/** The filter as the profile reads it (AD's objectCategory and SID forms rewritten). */
export function effectiveFilter(engine: Engine, request: SearchRequest): Filter {
  return (
    engine.profile.rewriteFilter?.(request.filter, {
      namingContext: engine.options.baseDN,
      schema: engine.directory.schema,
      attributes: request.attributes,
    }) ?? request.filter
  );
}

export function filterEnvironment(engine: Engine, viewer: string): FilterEnvironment {
  const { directory, profile } = engine;
  return {
    schema: directory.schema,
    directory,
    values: (entry, type, description) => engine.values(entry, type, description),
    extensibleRule: (oid) => profile.extensibleRules.get(oid),
    // A filter on an attribute the viewer may not read matches nothing (slapd's ACL, AD's unicodePwd).
    visible: (type) => engine.readable(type.name.toLowerCase(), viewer),
    ...engine.access?.filterAccess(viewer),
    strictAssertionSyntax: profile.strictAssertionSyntax === true,
    ...(profile.approximateMatch && { approximateMatch: profile.approximateMatch }),
    ...(profile.filterLeaves && { leaves: profile.filterLeaves.evaluation }),
    ...(profile.outboundAttributes && { outboundAttributes: profile.outboundAttributes }),
  };
}

function withExternal(candidates: CandidateAttribute[]): void {
  const at = candidates.findIndex((a) => a.key === 'supportedsaslmechanisms');
  const values = [...(candidates[at]?.values ?? []), 'EXTERNAL'];
  const attribute = {
    key: 'supportedsaslmechanisms',
    type: 'supportedSASLMechanisms',
    operational: true,
    values,
  };
  if (at >= 0) candidates[at] = attribute;
  else candidates.push(attribute);
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
    // The frontend's entries hold no attribute with options: `(cn;lang-en=*)` finds nothing.
    values: (_entry, type, description) =>
      description.includes(';') ? undefined : byKey.get(type.name.toLowerCase()),
    extensibleRule: (oid) => engine.profile.extensibleRules.get(oid),
    strictAssertionSyntax: engine.profile.strictAssertionSyntax === true,
    ...(engine.profile.approximateMatch && { approximateMatch: engine.profile.approximateMatch }),
    ...(engine.profile.filterLeaves && { leaves: engine.profile.filterLeaves.evaluation }),
  };
  return compileFilter(effectiveFilter(engine, request), env)(listedEntry) === true;
}

/** The attributes without their values where the request asks for types only (and the profile honours it). */
function typesOnlyIf(
  request: SearchRequest,
  profile: Profile,
  attributes: EntryAttribute[],
): EntryAttribute[] {
  if (!(request.typesOnly && profile.honourTypesOnly)) return attributes;
  return attributes.map((a) => ({ type: a.type, values: [] }));
}

function byObjectGUID(a: Entry, b: Entry): number {
  return compareGuids(a.get('objectguid')?.values[0], b.get('objectguid')?.values[0]);
}

/** Stand-in entry for filters over the rootDSE and subschema, whose values come from a list. */
const listedEntry = { dn: '', ndn: '', parent: '', attributes: new Map() } as unknown as Entry;

/** Whether a search base parses as a DN (or is an extended `<SID=…>` form, judged later). */
function parsesAsBase(dn: string): boolean {
  if (dn.startsWith('<')) return true;
  try {
    normalizeDN(dn);
    return true;
  } catch {
    return false;
  }
}
