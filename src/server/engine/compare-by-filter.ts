/**
 * Compare as Samba 4.17 answers it (Profile.compareAsFilter): a base search of the entry for the
 * filter `(attribute=value)` written from the request's text without escaping and read by ldb's
 * parser (core/ldb-filter-item.ts) — so `*` is a wildcard, a value ends at its first `)`, a `\`
 * that escapes nothing makes the filter unreadable (1) before the DN is even looked at. The root
 * DSE matches any filter; items read as searches read them (ldb's: an attribute by OID is none). compareTrue when the entry matches, compareFalse otherwise.
 */
import { ldbFilterItem } from '../../core/ldb-filter-item.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import { compileFilter } from '../directory/evaluate-filter.js';
import type { CompareRequest, LdapResult, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { errorOf, refused } from './refusals.js';
import { parsesAsDN } from './request-dn.js';
import { filterEnvironment } from './search.js';

export function compareByFilter(engine: Engine, ctx: OperationContext, request: CompareRequest): LdapResult {
  const { profile, directory } = engine;
  const rules = profile.compareAsFilter!;
  const text = typeof request.value === 'string' ? request.value : request.value.toString('utf8');
  const item = ldbFilterItem(request.attribute, text);
  if (!item) return refused(rules.unparsable);
  if (!parsesAsDN(engine, request.dn)) throw errorOf(profile.invalidBaseDN ?? rules.unparsable);
  const dn = engine.resolveDN(request.dn);
  if (dn === '') return { code: ResultCode.compareTrue };
  const entry = directory.get(dn);
  if (!entry) {
    const { code, message } = rules.noSuchEntry(request.dn);
    throw new LdapResultError(code, message);
  }
  const filter =
    profile.rewriteFilter?.(item, { namingContext: engine.options.baseDN, schema: directory.schema }) ?? item;
  const matches = compileFilter(filter, filterEnvironment(engine, ctx.session.bindDN));
  return { code: matches(entry) === true ? ResultCode.compareTrue : ResultCode.compareFalse };
}
