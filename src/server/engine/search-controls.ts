/**
 * The search controls that change which entries come back, in which order and in which form —
 * each only where the profile publishes it in supportedControl, as the emulated server does:
 * server-side sorting (RFC 2891; Samba: no response control, entries without the key last),
 * AD's extended DN (`<GUID=…>;<SID=…>;dn` for the entry and every DN value that names an
 * entry), subentries (RFC 3672: visibility TRUE returns subentries only) and matched values
 * (RFC 3876: only the values some item matches, attributes without one left out).
 */
import { ControlOid } from '../../core/control-oids.js';
import { decodeGuid } from '../../core/guid.js';
import { decodeSid } from '../../core/sid.js';
import { SyntaxOid } from '../../core/syntaxes.js';
import type { Entry } from '../directory/entry.js';
import { compileFilter, type FilterEnvironment } from '../directory/evaluate-filter.js';
import { type MatchingRule, matchingRule } from '../directory/matching-rules.js';
import { equalityRule } from '../directory/value-equality.js';
import type {
  AttributeValue,
  EntryAttribute,
  OperationContext,
  RequestControl,
  SearchResultEntry,
  SortKey,
} from '../operations.js';
import type { Engine } from './engine.js';

/** The control `oid` of this request, when the profile publishes it (and so implements it). */
export function publishedControl(
  engine: Engine,
  ctx: OperationContext,
  oid: string,
): RequestControl | undefined {
  if (!engine.profile.rootDSE.supportedControl.includes(oid)) return undefined;
  return ctx.controls.find((c) => c.oid === oid);
}

const text = (value: AttributeValue) => (typeof value === 'string' ? value : value.toString('utf8'));

/** Sorts `entries` in place by the sort control's keys, if one was sent. */
export function sortEntries(engine: Engine, ctx: OperationContext, entries: Entry[]): void {
  const keys = publishedControl(engine, ctx, ControlOid.serverSort)?.sort;
  if (!keys || keys.length === 0) return;
  sortByKeys(
    entries,
    keys.map((key) => {
      const type = engine.directory.schema.attributeType(key.attribute);
      const rule = matchingRule(key.orderingRule ?? type.ordering) ?? equalityRule(type);
      return { key, rule, valuesOf: (entry: Entry) => engine.values(entry, type, key.attribute) ?? [] };
    }),
    'last',
  );
}

/** A sort key with the rule that orders it and the way to read its values. */
export interface ResolvedSortKey {
  readonly key: SortKey;
  readonly rule: MatchingRule;
  readonly valuesOf: (entry: Entry) => readonly AttributeValue[];
}

/**
 * Sorts in place (stable) by the keys, each by its lowest value (highest when reversed).
 * Entries without a value: always `last` (AD, Samba), or `largest` as RFC 2891 says (slapd).
 */
export function sortByKeys(
  entries: Entry[],
  keys: readonly ResolvedSortKey[],
  missing: 'last' | 'largest',
): void {
  const comparators = keys.map((key) => keyComparator(key, missing));
  entries.sort((a, b) => {
    for (const compare of comparators) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** The key's sort value of an entry: its lowest normalised value (highest when reversed). */
export function sortValue(key: ResolvedSortKey, entry: Entry): string | undefined {
  const compare = orderOf(key.rule);
  const sign = key.key.reverse ? -1 : 1;
  let best: string | undefined;
  for (const value of key.valuesOf(entry)) {
    const normalised = key.rule.normalize(text(value));
    if (normalised === undefined) continue;
    if (best === undefined || sign * compare(normalised, best) < 0) best = normalised;
  }
  return best;
}

export function orderOf(rule: MatchingRule): (x: string, y: string) => number {
  return rule.compare ?? ((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

function keyComparator(key: ResolvedSortKey, missing: 'last' | 'largest'): (a: Entry, b: Entry) => number {
  const compare = orderOf(key.rule);
  const sign = key.key.reverse ? -1 : 1;
  // RFC 2891: no value sorts as larger than any value, so first in reverse order.
  const absent = missing === 'last' ? 1 : sign;
  const cache = new Map<Entry, string | undefined>();
  const cached = (entry: Entry) => {
    if (!cache.has(entry)) cache.set(entry, sortValue(key, entry));
    return cache.get(entry);
  };
  return (a, b) => {
    const x = cached(a);
    const y = cached(b);
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : absent) : -absent;
    return sign * compare(x, y);
  };
}

/** Whether the subentries control leaves `entry` out of the result. */
export function subentryVisibility(
  engine: Engine,
  ctx: OperationContext,
): ((entry: Entry) => boolean) | undefined {
  const visibility = publishedControl(engine, ctx, ControlOid.subentries)?.subentries;
  if (visibility === undefined) return undefined;
  const isSubentry = (entry: Entry) =>
    entry.strings('objectclass').some((c) => c.toLowerCase() === 'subentry');
  return (entry) => isSubentry(entry) === visibility;
}

/**
 * The entry as the controls present it: only the values the matched values filter matches, and
 * DNs in extended form. `env` is the search's filter environment.
 */
export function presentEntry(
  engine: Engine,
  ctx: OperationContext,
  env: FilterEnvironment,
): ((entry: Entry, attributes: EntryAttribute[]) => SearchResultEntry) | undefined {
  const matched = publishedControl(engine, ctx, ControlOid.matchedValues)?.matchedValues;
  const form = publishedControl(engine, ctx, ControlOid.extendedDN)?.extendedDN;
  if (matched === undefined && form === undefined) return undefined;
  const keep = matched === undefined ? undefined : valueFilter(engine, env, matched);
  const extended = form === undefined ? undefined : extendedDN(engine, form);
  return (entry, attributes) => {
    let shown = attributes;
    if (keep) {
      shown = shown
        .map((a) => ({ type: a.type, values: a.values.filter((v) => keep(a.type, v)) }))
        .filter((a) => a.values.length > 0);
    }
    if (!extended) return { dn: entry.dn, attributes: shown };
    const schema = engine.directory.schema;
    return {
      dn: extended(entry.dn),
      attributes: shown.map((a) =>
        schema.attributeType(a.type.split(';')[0]!).syntax === SyntaxOid.distinguishedName
          ? { type: a.type, values: a.values.map((v) => extended(text(v))) }
          : a,
      ),
    };
  };
}

/** Whether one value of an attribute matches an item of the values return filter. */
function valueFilter(
  engine: Engine,
  env: FilterEnvironment,
  filter: NonNullable<RequestControl['matchedValues']>,
): (description: string, value: AttributeValue) => boolean {
  const schema = engine.directory.schema;
  let current: { key: string; value: AttributeValue } | undefined;
  const single: FilterEnvironment = {
    ...env,
    // The item sees the one value under test, on the type it belongs to, and nothing else.
    values: (_entry, type) =>
      current !== undefined && type.name.toLowerCase() === current.key ? [current.value] : undefined,
  };
  const compiled = compileFilter(filter, single);
  return (description, value) => {
    current = { key: schema.attributeType(description.split(';')[0]!).name.toLowerCase(), value };
    try {
      return compiled(probeEntry) === true;
    } finally {
      current = undefined;
    }
  };
}

const probeEntry = { dn: '', ndn: '', parent: '', attributes: new Map() } as unknown as Entry;

/** `<GUID=…>;<SID=…>;dn` of the entry `dn` names (no SID part without objectSid); other DNs as they are. */
function extendedDN(engine: Engine, form: 'hex' | 'string'): (dn: string) => string {
  return (dn) => {
    const entry = engine.directory.get(dn);
    const guid = entry?.get('objectguid')?.values[0];
    if (!entry || guid === undefined || typeof guid === 'string') return dn;
    const sid = entry.get('objectsid')?.values[0];
    const parts = [`<GUID=${form === 'hex' ? guid.toString('hex') : decodeGuid(guid)}>`];
    if (sid !== undefined && typeof sid !== 'string') {
      parts.push(`<SID=${form === 'hex' ? sid.toString('hex') : decodeSid(sid)}>`);
    }
    return `${parts.join(';')};${dn}`;
  };
}
