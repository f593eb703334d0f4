/**
 * Checks a scenario makes on what the server saw, from its journal, whatever the authenticator
 * reports: a password never sent on a connection without TLS, a username never turned into
 * wildcards. They hold for an authenticator in any language, since the server is ours.
 */
import type { Filter } from '../core/filter-ast.js';
import type { JournalEntry } from '../server/index.js';
import type { JournalExpectation } from './scenario.js';

/** One line per breach; [] when every expectation holds. */
export function journalDifferences(
  expectations: readonly JournalExpectation[],
  operations: readonly JournalEntry[],
): string[] {
  const out: string[] = [];
  for (const expectation of expectations) {
    switch (expectation.kind) {
      case 'no-password-in-clear': {
        const clear = operations.find(
          (op) =>
            op.operation === 'bind' &&
            !op.tls &&
            op.credentials !== undefined &&
            op.credentials !== '<empty>',
        );
        if (clear) {
          out.push(
            `journal: a password (${clear.credentials}) was sent without TLS: bind as ${JSON.stringify(clear.target)} on connection #${clear.connection}`,
          );
        }
        break;
      }
      case 'username-escaped': {
        const parts = expectation.value.split('*').filter((part) => part !== '');
        const wild = operations.find(
          (op) =>
            op.parsedFilter !== undefined &&
            wildcardItems(op.parsedFilter).some((item) => parts.some((p) => item.includes(p))),
        );
        if (wild) {
          out.push(
            `journal: the username ${JSON.stringify(expectation.value)} reached a filter unescaped, as wildcards: ${wild.filter} on connection #${wild.connection}`,
          );
        }
        break;
      }
    }
  }
  return out;
}

/** The fixed parts of every substrings item of a filter, as text. */
function wildcardItems(filter: Filter): string[] {
  switch (filter.type) {
    case 'and':
    case 'or':
      return filter.filters.flatMap(wildcardItems);
    case 'not':
      return wildcardItems(filter.filter);
    case 'substrings':
      return [filter.initial, ...filter.any, filter.final]
        .filter((part): part is Buffer => part !== undefined)
        .map((part) => part.toString('utf8'));
    default:
      return [];
  }
}
