/**
 * Verification matchers on a mock server's journal, for vitest and jest alike (both call a
 * matcher with `this.isNot` and take `{ pass, message }`):
 *
 *   expect(server).toHaveBound('uid=alice,ou=people,dc=example,dc=org', { overTls: true })
 *   expect(server).toHaveSearched({ filter: '(uid=a\\2a)' })
 *   expect(server).toHaveSearchedTimes(1, { base: 'ou=people,dc=example,dc=org' })
 *   expect(server).not.toHaveReceivedPasswordInClear()
 *
 * When nothing matches, the message shows the closest operations and how each differs (a
 * near-miss diff), and why a search that found nobody found nobody.
 */
import type { BindQuery, Journal, JournalEntry, SearchQuery } from '../server/index.js';
import { describeQuery, matches } from '../server/journal/journal-query.js';
import { isSecretAttribute } from '../server/journal/secret-attributes.js';
import { describeEntry, missMessage } from './near-miss.js';

export type { BindQuery, SearchQuery };

interface MatcherContext {
  readonly isNot?: boolean;
}

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** A MockServer, or its journal. */
type Received = { readonly journal: Journal } | Journal;

function journalOf(received: unknown, matcher: string): Journal {
  const candidate = received as { journal?: unknown; all?: unknown } | null;
  if (candidate && typeof candidate === 'object') {
    if (typeof candidate.all === 'function') return candidate as Journal;
    const inner = candidate.journal as { all?: unknown } | undefined;
    if (inner && typeof inner.all === 'function') return inner as Journal;
  }
  throw new TypeError(`${matcher}: expected a MockServer (or its journal), got ${String(received)}`);
}

function listed(entries: readonly JournalEntry[]): string {
  return entries.map((entry) => `  ${describeEntry(entry)}`).join('\n');
}

/** Whether the server received at least one operation of `kind` matching the query. */
function received(kind: 'bind' | 'search', journal: Journal, query: BindQuery | SearchQuery): MatcherResult {
  const candidates = kind === 'bind' ? journal.binds() : journal.searches();
  const found = candidates.filter((entry) => matches(entry, query));
  return {
    pass: found.length > 0,
    message: () =>
      found.length > 0
        ? `expected no ${kind} matching ${describeQuery(query)}, but the server received:\n${listed(found)}`
        : missMessage(`a ${kind}`, kind, query, candidates),
  };
}

function toHaveBound(
  this: MatcherContext,
  server: Received,
  dn: string,
  options: Omit<BindQuery, 'dn'> = {},
): MatcherResult {
  return received('bind', journalOf(server, 'toHaveBound'), { result: 'success', ...options, dn });
}

function toHaveSearched(this: MatcherContext, server: Received, query: SearchQuery = {}): MatcherResult {
  return received('search', journalOf(server, 'toHaveSearched'), query);
}

function toHaveSearchedTimes(
  this: MatcherContext,
  received: Received,
  times: number,
  query: SearchQuery = {},
): MatcherResult {
  const journal = journalOf(received, 'toHaveSearchedTimes');
  const searches = journal.searches();
  const found = searches.filter((entry) => matches(entry, query));
  const expected = `${times} ${times === 1 ? 'search' : 'searches'} matching ${describeQuery(query)}`;
  return {
    pass: found.length === times,
    message: () => {
      if (this.isNot)
        return `expected other than ${expected}, and there were exactly ${times}:\n${listed(found)}`;
      if (found.length > 0) return `expected ${expected}, got ${found.length}:\n${listed(found)}`;
      return missMessage(expected.slice(0, expected.indexOf(' matching')), 'search', query, searches);
    },
  };
}

/** A password, a new password or a secret attribute's value the server received without TLS. */
function sentInClear(entry: JournalEntry): boolean {
  if (entry.tls) return false;
  if (entry.operation === 'bind') return entry.credentials !== undefined && entry.credentials !== '<empty>';
  if (entry.operation === 'extended') return entry.extendedName === 'passwordModify';
  if (entry.operation === 'compare') return isSecretAttribute(entry.attribute ?? '');
  return (entry.changes ?? []).some((change) => isSecretAttribute(change.type) && change.values.length > 0);
}

function toHaveReceivedPasswordInClear(this: MatcherContext, received: Received): MatcherResult {
  const journal = journalOf(received, 'toHaveReceivedPasswordInClear');
  const found = journal.all().filter(sentInClear);
  return {
    pass: found.length > 0,
    message: () =>
      found.length > 0
        ? `expected no password sent without TLS, but the server received ${found.length === 1 ? 'one' : found.length} on a connection in clear:\n${listed(found)}`
        : 'expected a password sent without TLS, but every one arrived over TLS (or none was sent)',
  };
}

/** Pass to `expect.extend()` (vitest or jest). */
export const ldapmockMatchers = {
  toHaveBound,
  toHaveSearched,
  toHaveSearchedTimes,
  toHaveReceivedPasswordInClear,
};

/** The matchers' types, to merge into the test framework's (`ldapmock/matchers/vitest` does it for vitest). */
export interface LdapMockMatchers<R = unknown> {
  /** A successful bind as `dn` (compared as a DN); options narrow it: `{ overTls: true }`, `{ result: 49 }`. */
  toHaveBound(dn: string, options?: Omit<BindQuery, 'dn'>): R;
  /** A search matching every field given: base, filter (as a filter, or a RegExp), scope, attributes… */
  toHaveSearched(query?: SearchQuery): R;
  toHaveSearchedTimes(times: number, query?: SearchQuery): R;
  /** A password (bind, Password Modify, or a password attribute's value) received on a connection without TLS. */
  toHaveReceivedPasswordInClear(): R;
}
