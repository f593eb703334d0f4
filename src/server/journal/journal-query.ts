/**
 * What a test asks of the journal ("a search under ou=people with this filter, over TLS") and how
 * far each operation is from it: the differences drive both the queries and the near-miss diff.
 */
import { normalizeDN } from '../../core/dn-normalize.js';
import type { Filter } from '../../core/filter-ast.js';
import { formatFilter } from '../../core/filter-format.js';
import { parseFilter } from '../../core/filter-parse.js';
import { resultCodeName } from '../../core/result-code.js';
import type { OperationName, SearchScope } from '../operations.js';
import type { JournalEntry } from './journal-entry.js';

/** `success`, `failure` (any other code), or a result code. */
export type ResultQuery = 'success' | 'failure' | number;

interface CommonQuery {
  /** The connection was (true) or was not (false) encrypted when the request arrived. */
  readonly overTls?: boolean;
  /** Who the connection was bound as ('' for anonymous); compared as DNs. */
  readonly boundAs?: string;
  readonly result?: ResultQuery;
  readonly connection?: number;
}

export interface BindQuery extends CommonQuery {
  /** The bind name; compared as a DN (case and spacing of the types and values do not matter). */
  readonly dn?: string;
  /** `empty`: an unauthenticated or anonymous bind; `given`: a password was sent. */
  readonly credentials?: 'empty' | 'given';
}

export interface SearchQuery extends CommonQuery {
  readonly base?: string;
  /**
   * The filter as a string: compared with the filter as sent after both are read as filters, so
   * `(UID=a\2A)` and `(uid=a\2a)` are the same and `(uid=a*)` is not; or a RegExp on the sent form.
   */
  readonly filter?: string | RegExp;
  readonly scope?: SearchScope;
  /** The attributes asked for, in any order and case. */
  readonly attributes?: readonly string[];
  /** How many entries went back. */
  readonly entries?: number;
}

export interface OperationQuery extends CommonQuery {
  readonly operation?: OperationName;
  /** The DN the operation names, compared as a DN (or the extended OID). */
  readonly target?: string;
}

export type JournalQuery = BindQuery & SearchQuery & OperationQuery;

export interface Difference {
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

/** How `entry` differs from `query` (none: it matches). The operation kind is the caller's filter. */
export function differences(entry: JournalEntry, query: JournalQuery): Difference[] {
  const found: Difference[] = [];
  const differ = (field: string, expected: unknown, actual: unknown) =>
    found.push({
      field,
      expected: String(expected),
      actual: actual === undefined ? '(none)' : String(actual),
    });
  if (query.operation !== undefined && entry.operation !== query.operation)
    differ('operation', query.operation, entry.operation);
  const dn = query.dn ?? query.base ?? query.target;
  if (dn !== undefined && !sameDN(dn, entry.target))
    differ(query.dn !== undefined ? 'dn' : query.base !== undefined ? 'base' : 'target', dn, entry.target);
  if (query.filter !== undefined && !filterMatches(query.filter, entry))
    differ('filter', query.filter, entry.filter);
  if (query.scope !== undefined && entry.scope !== query.scope) differ('scope', query.scope, entry.scope);
  if (query.attributes !== undefined && !sameSet(query.attributes, entry.attributes ?? []))
    differ(
      'attributes',
      query.attributes.join(' ') || '(none)',
      (entry.attributes ?? []).join(' ') || '(none)',
    );
  if (query.entries !== undefined && entry.entries !== query.entries)
    differ('entries', query.entries, entry.entries);
  if (query.credentials !== undefined) {
    const actual =
      entry.credentials === undefined ? undefined : entry.credentials === '<empty>' ? 'empty' : 'given';
    if (actual !== query.credentials) differ('credentials', query.credentials, actual);
  }
  if (query.overTls !== undefined && entry.tls !== query.overTls) differ('overTls', query.overTls, entry.tls);
  if (query.boundAs !== undefined && !sameDN(query.boundAs, entry.boundAs))
    differ('boundAs', query.boundAs || '(anonymous)', entry.boundAs || '(anonymous)');
  if (query.connection !== undefined && entry.connection !== query.connection)
    differ('connection', query.connection, entry.connection);
  if (query.result !== undefined && !resultMatches(query.result, entry.code))
    differ('result', resultText(query.result), `${entry.result} (${entry.code})`);
  return found;
}

export function matches(entry: JournalEntry, query: JournalQuery): boolean {
  return differences(entry, query).length === 0;
}

/** The query in one line, for messages: `{ dn: "uid=alice,…", overTls: true }`. */
export function describeQuery(query: JournalQuery): string {
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value instanceof RegExp ? String(value) : JSON.stringify(value)}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

function resultMatches(query: ResultQuery, code: number): boolean {
  if (query === 'success') return code === 0;
  if (query === 'failure') return code !== 0;
  return code === query;
}

function resultText(query: ResultQuery): string {
  return typeof query === 'number' ? `${resultCodeName(query)} (${query})` : query;
}

function sameDN(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return normalizeDN(a) === normalizeDN(b);
  } catch {
    return a.toLowerCase() === b.toLowerCase();
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}

function filterMatches(query: string | RegExp, entry: JournalEntry): boolean {
  if (entry.filter === undefined) return false;
  if (query instanceof RegExp) return query.test(entry.filter);
  const sent = entry.parsedFilter;
  if (!sent) return false;
  let expected: Filter;
  try {
    expected = parseFilter(query);
  } catch (error) {
    throw new TypeError(
      `filter ${JSON.stringify(query)} is not a valid LDAP filter: ${(error as Error).message}`,
    );
  }
  return canonical(expected) === canonical(sent);
}

/** A filter's string with attribute names in lower case: names are case-insensitive, values are as sent. */
function canonical(filter: Filter): string {
  try {
    return formatFilter(lowerCaseNames(filter));
  } catch {
    return '';
  }
}

function lowerCaseNames(filter: Filter): Filter {
  switch (filter.type) {
    case 'and':
    case 'or':
      return { type: filter.type, filters: filter.filters.map(lowerCaseNames) };
    case 'not':
      return { type: 'not', filter: lowerCaseNames(filter.filter) };
    case 'extensible':
      return filter.attribute === undefined
        ? filter
        : { ...filter, attribute: filter.attribute.toLowerCase() };
    default:
      return { ...filter, attribute: filter.attribute.toLowerCase() };
  }
}
