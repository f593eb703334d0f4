/** Compare (RFC 4511 §4.10): one assertion against one entry, under the profile's read rules. */
import { ResultCode } from '../../core/result-code.js';
import type { CompareRequest, LdapResult, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { refused } from './refusals.js';

export async function compare(
  engine: Engine,
  ctx: OperationContext,
  request: CompareRequest,
): Promise<LdapResult> {
  const { directory, profile } = engine;
  engine.checkControls(ctx);
  if (!profile.anonymousCompare) engine.requireBound(ctx.session);
  const entry = engine.requireEntry(engine.resolveDN(request.dn));
  const type = directory.schema.attributeType(request.attribute.split(';')[0]!);
  if (!type.known) return { code: ResultCode.undefinedAttributeType };
  if (!engine.readable(type.name.toLowerCase(), ctx.session.bindDN, entry)) {
    return refused(profile.errors.insufficientAccess);
  }
  const attributeKey = directory.attributeKey(request.attribute);
  const wanted = directory.normalizeValue(attributeKey, request.value);
  if (wanted === undefined) {
    return {
      code: ResultCode.invalidAttributeSyntax,
      diagnosticMessage: 'value does not conform to assertion syntax',
    };
  }
  const values = engine.values(entry, type, request.attribute);
  if (!values || values.length === 0) return { code: ResultCode.noSuchAttribute };
  const equal = values.some((v) => directory.normalizeValue(attributeKey, v) === wanted);
  return { code: equal ? ResultCode.compareTrue : ResultCode.compareFalse };
}
