/**
 * Compare (RFC 4511 §4.10): one assertion against one entry, under the profile's read rules. An
 * assertion on a supertype (`name`) holds when any subtype's value (cn, sn…) matches, as in slapd.
 * Where the profile says so (slapd's frontend), the assertion is checked before the entry is
 * looked up, and the root DSE and the subschema entry can be compared too.
 */
import { normalizeDN } from '../../core/dn-normalize.js';
import { ResultCode } from '../../core/result-code.js';
import { assertionAllowed } from '../directory/assertion-syntax.js';
import type { Entry } from '../directory/entry.js';
import type { ResolvedAttributeType } from '../directory/schema-attribute-types.js';
import type { AttributeValue, CompareRequest, LdapResult, OperationContext } from '../operations.js';
import type { CandidateAttribute } from './attribute-selection.js';
import { compareByFilter } from './compare-by-filter.js';
import type { Engine } from './engine.js';
import { heldByNamingContext } from './frontend-checks.js';
import { refused } from './refusals.js';
import { rootDSEAttributes, subschemaAttributes } from './root-dse.js';

const invalidAssertion: LdapResult = {
  code: ResultCode.invalidAttributeSyntax,
  diagnosticMessage: 'value does not conform to assertion syntax',
};

export async function compare(
  engine: Engine,
  ctx: OperationContext,
  request: CompareRequest,
): Promise<LdapResult> {
  const { directory, profile } = engine;
  engine.checkControls(ctx);
  if (!profile.anonymousCompare) engine.requireBound(ctx.session);
  if (profile.compareAsFilter) return compareByFilter(engine, ctx, request);
  const dn = engine.resolveDN(request.dn);
  const type = directory.schema.attributeType(request.attribute.split(';')[0]!);
  const attributeKey = directory.attributeKey(request.attribute);
  const wanted = directory.normalizeValue(attributeKey, request.value);
  const disallowed =
    profile.strictAssertionSyntax === true && !assertionAllowed(directory.schema, type, request.value);
  if (profile.compareAssertionFirst) {
    engine.requireDN(dn);
    if (!type.known) return { code: ResultCode.undefinedAttributeType };
    // A type without an equality rule cannot be compared (supportedLDAPVersion), wherever it is.
    if (type.equality === undefined && type.name.toLowerCase() !== 'objectclass') {
      return { code: ResultCode.inappropriateMatching, diagnosticMessage: 'inappropriate matching request' };
    }
    if (wanted === undefined || disallowed) return invalidAssertion;
    const listed = listedEntry(engine, dn);
    if (listed)
      return verdict(
        listed.find((a) => a.key === type.name.toLowerCase())?.values,
        wanted,
        text(request.value),
        engine,
        attributeKey,
      );
    // No database holds the DN: slapd's referral without a referral URL becomes a bare 32.
    if (!heldByNamingContext(engine, dn)) return { code: ResultCode.noSuchObject };
    // Values slapd adds only on the way out of a search.
    if (type.name.toLowerCase() === 'entrydn' || type.name.toLowerCase() === 'subschemasubentry') {
      return { code: ResultCode.unwillingToPerform, diagnosticMessage: `${type.name} compare not supported` };
    }
    // slapd's frontend compares hasSubordinates itself, and answers a missing entry with the
    // success code it started with when the client may know that the entry is missing.
    if (type.name.toLowerCase() === 'hassubordinates' && !directory.get(dn))
      return { code: ResultCode.success };
  }
  const entry = engine.requireEntry(dn);
  if (!type.known) return { code: ResultCode.undefinedAttributeType };
  const { access } = engine;
  const refusal = access
    ? access.compareRefusal(ctx.session.bindDN, entry, type.name)
    : engine.readable(type.name.toLowerCase(), ctx.session.bindDN, entry)
      ? undefined
      : refused(profile.errors.insufficientAccess);
  if (refusal) return refusal;
  if (wanted === undefined || disallowed) return invalidAssertion;
  const result = verdict(
    valuesOf(engine, entry, type, request.attribute, ctx.session.bindDN),
    wanted,
    text(request.value),
    engine,
    attributeKey,
  );
  return access ? access.compared(ctx.session.bindDN, entry, result) : result;
}

/** The attributes of the root DSE or the subschema entry when `dn` names one, else undefined. */
function listedEntry(engine: Engine, dn: string): readonly CandidateAttribute[] | undefined {
  const { directory, profile } = engine;
  const ndn = normalizeDN(dn);
  if (ndn === '') {
    const roots = directory.roots().map((e) => e.dn);
    // A search shows the root DSE's entryDN and subschemaSubentry (added on the way out); the
    // entry compared has neither.
    return rootDSEAttributes(profile, roots, engine.subschemaDN, engine.now()).filter(
      (a) => a.key !== 'entrydn' && a.key !== 'subschemasubentry',
    );
  }
  if (ndn === normalizeDN(engine.subschemaDN)) {
    return subschemaAttributes(profile, directory.schema, engine.subschemaDN, engine.started).filter(
      (a) => a.key !== 'subschemasubentry',
    );
  }
  return undefined;
}

/** The type's values and those of its subtypes the viewer may read; undefined when there are none. */
function valuesOf(
  engine: Engine,
  entry: Entry,
  type: ResolvedAttributeType,
  description: string,
  viewer: string,
): AttributeValue[] | undefined {
  const found: AttributeValue[] = [];
  for (const t of engine.directory.schema.subtypes(type.name)) {
    if (t !== type && !engine.readable(t.name.toLowerCase(), viewer, entry)) continue;
    const values = engine.values(entry, t, t === type ? description : t.name);
    if (values) found.push(...values);
  }
  return found.length > 0 ? found : undefined;
}

const text = (v: AttributeValue) => (typeof v === 'string' ? v : v.toString('utf8'));

function verdict(
  values: readonly AttributeValue[] | undefined,
  wanted: string,
  asserted: string,
  engine: Engine,
  attributeKey: string,
): LdapResult {
  if (!values || values.length === 0) return { code: ResultCode.noSuchAttribute };
  const { schema } = engine.directory;
  // An entry of class inetOrgPerson is also a person and a top, as in a filter.
  const equal = values.some(
    (v) =>
      engine.directory.normalizeValue(attributeKey, v) === wanted ||
      (attributeKey === 'objectclass' && schema.isSubclassOf(text(v), asserted)),
  );
  return { code: equal ? ResultCode.compareTrue : ResultCode.compareFalse };
}
