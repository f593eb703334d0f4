/**
 * "Why did this search find nobody?" and "why did this bind fail?", answered from the directory
 * as it was when the operation ended: the base, the scope, access, or the filter items the
 * closest entries failed. Computed only for searches that returned nothing and for failed or
 * unauthenticated binds, and bounded, so a journal of busy tests stays cheap.
 */
import type { Filter } from '../../core/filter-ast.js';
import { ResultCode, resultCodeName } from '../../core/result-code.js';
import type { Entry } from '../directory/entry.js';
import { compileFilter, type FilterEnvironment } from '../directory/evaluate-filter.js';
import { displayFilter, displayValues } from '../journal/display-value.js';
import type { ClosestEntry, Explanation } from '../journal/explanation.js';
import { type BindRequest, type LdapResult, type SearchRequest, valueText } from '../operations.js';
import { resolveBindName } from './bind-names.js';
import type { Engine } from './engine.js';
import { effectiveFilter, filterEnvironment } from './search.js';

/** Entries examined at most per explanation: a directory of 100,000 entries is not scanned per miss. */
const MAX_EXAMINED = 20_000;
const MAX_CLOSEST = 3;
const MAX_ELSEWHERE = 3;
const MAX_VALUES = 5;

export function explainSearch(
  engine: Engine,
  viewer: string,
  request: SearchRequest,
  result: LdapResult,
): Explanation | undefined {
  if (request.baseDN === '' && request.scope === 'base') return undefined;
  if (result.code === ResultCode.noSuchObject) {
    const closest = result.matchedDN ? ` (the closest existing entry is ${result.matchedDN})` : '';
    return { reason: 'no-such-entry', summary: `the base ${request.baseDN} does not exist${closest}` };
  }
  if (result.code !== ResultCode.success) {
    const text = result.diagnosticMessage ? `: ${result.diagnosticMessage}` : '';
    return {
      reason: 'refused',
      summary: `the server answered ${resultCodeName(result.code)} (${result.code})${text}`,
    };
  }
  let base: Entry | undefined;
  try {
    base = engine.directory.get(engine.resolveDN(request.baseDN));
  } catch {
    return undefined;
  }
  if (!base) return undefined;
  const filter = effectiveFilter(engine, request);
  const env = filterEnvironment(engine, viewer);
  const asViewer = compileFilter(filter, env);
  const { visible: _, ...unrestricted } = env;
  const asAnyone = compileFilter(filter, unrestricted);
  const inScope = scopeTest(base, request.scope);

  const outOfScope: string[] = [];
  const hidden: string[] = [];
  let examined = 0;
  for (const entry of engine.directory.scope(base.ndn, 'sub')) {
    if (++examined > MAX_EXAMINED) break;
    const here = inScope(entry);
    if (!here && asViewer(entry) === true) outOfScope.push(entry.dn);
    else if (here && asAnyone(entry) === true) hidden.push(entry.dn);
  }
  const shown = displayFilter(filter);
  if (hidden.length > 0) {
    const unreadable = filterAttributes(filter).filter(
      (a) => !env.visible?.(engine.directory.schema.attributeType(a)),
    );
    const who = viewer === '' ? 'an anonymous client' : viewer;
    return {
      reason: 'access',
      summary: `${count(hidden.length)} in scope ${matchVerb(hidden.length)} ${shown}, but ${who} may not read ${unreadable.join(', ') || 'what it tests'}`,
      elsewhere: hidden.slice(0, MAX_ELSEWHERE),
    };
  }
  if (outOfScope.length > 0) {
    return {
      reason: 'scope',
      summary: `${count(outOfScope.length)} below the base ${matchVerb(outOfScope.length)} ${shown}, but scope ${request.scope} leaves ${outOfScope.length === 1 ? 'it' : 'them'} out`,
      elsewhere: outOfScope.slice(0, MAX_ELSEWHERE),
    };
  }
  const outside = matchesOutside(engine, base, asViewer);
  if (outside.length > 0) {
    return {
      reason: 'base',
      summary: `no entry under ${base.dn} matches ${shown}, but ${outside.length === 1 ? 'an entry outside it does' : 'entries outside it do'}: ${outside.join('; ')}`,
      elsewhere: outside,
    };
  }
  const closest = closestEntries(engine, base, request, filter, env);
  return {
    reason: 'filter',
    summary:
      closest.length === 0
        ? `no entry in scope ${request.scope} of ${base.dn} matches ${shown}`
        : `no entry in scope matches ${shown}; the closest is ${closest[0]!.dn}, where ${closest[0]!.failed.map(describeMiss).join(' and ')}`,
    closest,
  };
}

export function explainBind(
  engine: Engine,
  request: BindRequest,
  result: LdapResult,
): Explanation | undefined {
  if (request.method !== 'simple') return undefined;
  if (result.code === ResultCode.success && request.name !== '' && request.password.length === 0) {
    return {
      reason: 'unauthenticated',
      summary: `a name with an empty password is an unauthenticated bind (RFC 4513 §5.1.2): the connection is still anonymous, not ${request.name}`,
    };
  }
  if (result.code !== ResultCode.invalidCredentials) return undefined;
  const text = result.diagnosticMessage ? ` (${result.diagnosticMessage})` : '';
  if (isRootName(engine, request.name)) {
    return {
      reason: 'credentials',
      summary: `the password of the rootdn ${request.name} did not match${text}`,
    };
  }
  const named = resolveBindName(engine.directory, engine.profile, engine.options.baseDN, request.name);
  if (named !== 'invalid' && named.entry) {
    return {
      reason: 'credentials',
      summary: `${named.entry.dn} exists; the server refused its credentials${text}`,
    };
  }
  return { reason: 'no-such-entry', summary: `no entry answers to the name ${request.name}${text}` };
}

/** `(uid=alcie) is false (uid: alice)`. */
function describeMiss(miss: ClosestEntry['failed'][number]): string {
  const truth = miss.truth === false ? 'false' : 'undefined';
  const attribute = /^\(([^=~<>:()]+)/.exec(miss.item)?.[1];
  const has = miss.values.length > 0 ? miss.values.join(', ') : 'no value';
  return attribute ? `${miss.item} is ${truth} (${attribute}: ${has})` : `${miss.item} is ${truth}`;
}

/** The rootdn is no entry, so it is found by name. */
function isRootName(engine: Engine, name: string): boolean {
  try {
    return engine.isRoot(name);
  } catch {
    return false;
  }
}

function scopeTest(base: Entry, scope: SearchRequest['scope']): (entry: Entry) => boolean {
  if (scope === 'base') return (entry) => entry.ndn === base.ndn;
  if (scope === 'one') return (entry) => entry.parent === base.ndn;
  return () => true;
}

/** Entries elsewhere in the directory that the filter matches (the base may be the wrong subtree). */
function matchesOutside(
  engine: Engine,
  base: Entry,
  matches: (entry: Entry) => boolean | undefined,
): string[] {
  const found: string[] = [];
  let examined = 0;
  for (const root of engine.directory.roots()) {
    for (const entry of engine.directory.scope(root.ndn, 'sub')) {
      if (++examined > MAX_EXAMINED || found.length >= MAX_ELSEWHERE) return found;
      if (!isUnder(entry, base) && matches(entry) === true) found.push(entry.dn);
    }
  }
  return found;
}

function isUnder(entry: Entry, base: Entry): boolean {
  return entry.ndn === base.ndn || entry.ndn.endsWith(`,${base.ndn}`);
}

/** The entries in scope that satisfy most of the filter's top-level items, with the items they fail. */
function closestEntries(
  engine: Engine,
  base: Entry,
  request: SearchRequest,
  filter: Filter,
  env: FilterEnvironment,
): ClosestEntry[] {
  const items = filter.type === 'and' ? filter.filters : [filter];
  const compiled = items.map((item) => compileFilter(item, env));
  const scored: { entry: Entry; truths: (boolean | undefined)[]; score: number }[] = [];
  let examined = 0;
  for (const entry of engine.directory.scope(base.ndn, request.scope)) {
    if (++examined > MAX_EXAMINED) break;
    const truths = compiled.map((test) => test(entry));
    // Each item satisfied counts one; a failed item counts less than one when the entry has the
    // attribute, more the closer its value is to the one asserted (`alcie` is near `alice`).
    let score = 0;
    items.forEach((item, i) => {
      score += truths[i] === true ? 1 : nearness(engine, entry, item);
    });
    // Entries that neither satisfy an item nor hold an attribute tested say nothing about a near miss.
    if (score === 0) continue;
    scored.push({ entry, truths, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, MAX_CLOSEST).map(({ entry, truths }) => ({
    dn: entry.dn,
    failed: items
      .map((item, i) => ({ item, truth: truths[i] }))
      .filter(({ truth }) => truth !== true)
      .map(({ item, truth }) => ({
        item: displayFilter(item),
        truth: truth === false ? false : undefined,
        values: itemValues(engine, entry, item),
      })),
  }));
}

/** 0 without the attribute; 0.25–0.75 with it, by how close its nearest value is to the asserted one. */
function nearness(engine: Engine, entry: Entry, item: Filter): number {
  if (item.type === 'and' || item.type === 'or' || item.type === 'not' || !item.attribute) return 0;
  const type = engine.directory.schema.attributeType(item.attribute.split(';')[0]!);
  const values = engine.values(entry, type, item.attribute);
  if (!values || values.length === 0) return 0;
  const asserted = assertedText(item);
  if (asserted === undefined) return 0.25;
  let best = 0;
  for (const value of values.slice(0, 50))
    best = Math.max(best, similarity(asserted, valueText(value).toLowerCase()));
  return 0.25 + 0.5 * best;
}

function assertedText(item: Filter): string | undefined {
  switch (item.type) {
    case 'equality':
    case 'approx':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'extensible':
      return item.value.toString('utf8').toLowerCase();
    case 'substrings':
      return (item.initial ?? item.any[0] ?? item.final)?.toString('utf8').toLowerCase();
    default:
      return undefined;
  }
}

/** 1 for equal strings, 0 for nothing in common: one minus the edit distance over the longer length. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length > 64 || b.length > 64) return b.includes(a) || a.includes(b) ? 0.5 : 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return 1 - previous[b.length]! / Math.max(a.length, b.length);
}

/** The entry's values of the attribute an item tests (none for and/or/not items). */
function itemValues(engine: Engine, entry: Entry, item: Filter): string[] {
  if (item.type === 'and' || item.type === 'or' || item.type === 'not') return [];
  const description = item.attribute;
  if (!description) return [];
  const type = engine.directory.schema.attributeType(description.split(';')[0]!);
  const values = engine.values(entry, type, description) ?? [];
  const shown = displayValues(description, values.slice(0, MAX_VALUES));
  return values.length > MAX_VALUES ? [...shown, `… ${values.length - MAX_VALUES} more`] : shown;
}

/** Attribute names a filter tests. */
function filterAttributes(filter: Filter): string[] {
  if (filter.type === 'and' || filter.type === 'or')
    return [...new Set(filter.filters.flatMap(filterAttributes))];
  if (filter.type === 'not') return filterAttributes(filter.filter);
  return filter.attribute ? [filter.attribute] : [];
}

function count(n: number): string {
  return n === 1 ? '1 entry' : `${n} entries`;
}

function matchVerb(n: number): string {
  return n === 1 ? 'matches' : 'match';
}
