/**
 * slapo-sssvlv: server-side sorting (RFC 2891) and the virtual list view, as slapd's overlay
 * serves them. The keys are checked where slapd parses the control — an unknown attribute is 16,
 * no ordering rule 18, critical or not, before the search looks at its base — then the overlay's
 * own refusals; the sorted entries come back whole or as one window of the list, with the
 * sortResult control and the view's position. Entries without a key's value sort as larger than
 * any value (RFC 2891), entries with equal keys in the order the search found them.
 */

import { randomBytes } from 'node:crypto';
import { ControlOid } from '../../core/control-oids.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type { Entry } from '../directory/entry.js';
import { matchingRule } from '../directory/matching-rules.js';
import {
  type LdapResult,
  type ListViewRequest,
  type OperationContext,
  PagedResultsOid,
  type ResponseControl,
} from '../operations.js';
import type { SortedViewRules } from '../profiles/overlay-rules.js';
import type { Engine } from './engine.js';
import { orderOf, type ResolvedSortKey, sortByKeys, sortValue } from './search-controls.js';

/** VirtualListViewResponse's result when the target is outside the list (the draft's offsetRangeError). */
const OFFSET_RANGE_ERROR = 77;
/** LDAP_VLV_ERROR: the search's result when the view fails. */
const VLV_ERROR = 76;

/** A search's sorted view, once its controls are checked. */
export interface SortedViewRequest {
  readonly keys: readonly ResolvedSortKey[];
  readonly listView?: ListViewRequest;
}

/**
 * The sort keys, resolved as slapd does when it parses the control; undefined without one.
 * Throws the control's refusal.
 */
export function parseSortKeys(engine: Engine, ctx: OperationContext): readonly ResolvedSortKey[] | undefined {
  const keys = ctx.controls.find((c) => c.oid === ControlOid.serverSort)?.sort;
  if (!keys) return undefined;
  const { schema } = engine.directory;
  return keys.map((key) => {
    const type = schema.attributeType(key.attribute);
    if (!type.known) {
      throw new LdapResultError(
        ResultCode.noSuchAttribute,
        'serverSort control: Unrecognized attribute type in sort key',
      );
    }
    const rule = matchingRule(key.orderingRule ?? type.ordering);
    if (!rule)
      throw new LdapResultError(ResultCode.inappropriateMatching, 'serverSort control: No ordering rule');
    return { key, rule, valuesOf: (entry: Entry) => engine.values(entry, type, key.attribute) ?? [] };
  });
}

/**
 * What the overlay checks before the search runs: a view needs a sort, at most `maxKeys` keys,
 * and no paging beside a view. A refusal is returned (it carries the view's control) or thrown.
 */
export function sortedViewRequest(
  rules: SortedViewRules,
  ctx: OperationContext,
  keys: readonly ResolvedSortKey[] | undefined,
): SortedViewRequest | LdapResult | undefined {
  const listView = ctx.controls.find((c) => c.oid === ControlOid.virtualListView)?.listView;
  if (!keys) {
    if (!listView) return undefined;
    return {
      code: VLV_ERROR,
      diagnosticMessage: 'Sort control is required with VLV',
      controls: [{ type: 'listView', targetPosition: 0, contentCount: 0, code: VLV_ERROR }],
    };
  }
  if (keys.length > rules.maxKeys)
    throw new LdapResultError(ResultCode.unwillingToPerform, 'Too many sort keys');
  if (listView && ctx.controls.some((c) => c.oid === PagedResultsOid)) {
    throw new LdapResultError(ResultCode.unwillingToPerform, 'VLV incompatible with PagedResults');
  }
  return { keys, ...(listView && { listView }) };
}

/** The entries to send and the result, once the search's entries are sorted (and cut to the view). */
export function sortedView(
  request: SortedViewRequest,
  found: Entry[],
): { readonly entries: readonly Entry[]; readonly result: LdapResult } {
  sortByKeys(found, request.keys, 'largest');
  const sorted: ResponseControl = { type: 'sortResult', code: ResultCode.success };
  const view = request.listView;
  if (!view) return { entries: found, result: { code: ResultCode.success, controls: [sorted] } };
  const contextID = view.contextID ?? randomBytes(8);
  const answer = (targetPosition: number, code: number): ResponseControl => ({
    type: 'listView',
    targetPosition,
    contentCount: found.length,
    code,
    contextID,
  });
  if (found.length === 0) {
    return { entries: [], result: { code: ResultCode.success, controls: [sorted, answer(0, 0)] } };
  }
  const target = targetOf(view, request.keys[0]!, found);
  if ('failed' in target) {
    return { entries: [], result: { code: VLV_ERROR, controls: [answer(0, target.failed)] } };
  }
  // Past the end: the window ends at the last entry, which counts as one of those before.
  let start = target.index ?? found.length - 1;
  let before = target.index === undefined ? 1 : 0;
  for (; before < view.before && start > 0; before++) start--;
  const end = Math.min(found.length, start + before + view.after + 1);
  return {
    entries: found.slice(start, end),
    result: { code: ResultCode.success, controls: [sorted, answer(target.position, 0)] },
  };
}

/** The target entry (its index, undefined past the end) and the position the response gives. */
function targetOf(
  view: ListViewRequest,
  firstKey: ResolvedSortKey,
  sorted: readonly Entry[],
): { readonly index: number | undefined; readonly position: number } | { readonly failed: number } {
  const n = sorted.length;
  if ('offset' in view.target) {
    const { offset, contentCount } = view.target;
    if (offset === contentCount) return { index: n - 1, position: n };
    if (offset === 1) return { index: 0, position: 1 };
    let position: number;
    if (contentCount !== 0 && contentCount !== n) {
      if (offset > contentCount) return { failed: OFFSET_RANGE_ERROR };
      position = Math.floor((n * offset) / contentCount);
    } else {
      if (offset > n) return { failed: OFFSET_RANGE_ERROR };
      position = offset;
    }
    return { index: Math.max(position - 1, 0), position };
  }
  const value = firstKey.rule.normalize(view.target.greaterThanOrEqual);
  if (value === undefined) return { failed: ResultCode.inappropriateMatching };
  const compare = orderOf(firstKey.rule);
  const sign = firstKey.key.reverse ? -1 : 1;
  const index = sorted.findIndex((entry) => {
    const key = sortValue(firstKey, entry);
    // No value sorts as larger than any (RFC 2891): at or after the value unless reversed.
    if (key === undefined) return sign > 0;
    return sign * compare(key, value) >= 0;
  });
  return index < 0 ? { index: undefined, position: n + 1 } : { index, position: index + 1 };
}
