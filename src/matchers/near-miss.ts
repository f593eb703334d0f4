/**
 * The message of a verification that found nothing: what was expected, how many operations of the
 * kind there were, and the closest ones with how each differs — and, for a search that found no
 * entries, why (the journal's explanation).
 */
import type { JournalEntry, JournalQuery } from '../server/index.js';
import { describeQuery, differences } from '../server/journal/journal-query.js';

const SHOWN = 3;

/** `#4 conn=2 search "ou=people,…" (uid=a*) → success (0), 0 entries [clear]`. */
export function describeEntry(entry: JournalEntry): string {
  const parts = [`#${entry.seq}`, `conn=${entry.connection}`, entry.operation, JSON.stringify(entry.target)];
  if (entry.filter !== undefined) parts.push(entry.filter);
  parts.push(`→ ${entry.result} (${entry.code})`);
  if (entry.entries !== undefined)
    parts.push(`${entry.entries} ${entry.entries === 1 ? 'entry' : 'entries'}`);
  parts.push(entry.tls ? '[TLS]' : '[clear]');
  return parts.join(' ');
}

/** The closest operations of `kind` to the query, each with its differences. */
export function nearMisses(candidates: readonly JournalEntry[], query: JournalQuery): string[] {
  const ranked = candidates
    .map((entry) => ({ entry, diffs: differences(entry, query) }))
    .sort((a, b) => a.diffs.length - b.diffs.length || b.entry.seq - a.entry.seq)
    .slice(0, SHOWN);
  const lines: string[] = [];
  for (const { entry, diffs } of ranked) {
    lines.push(`  ${describeEntry(entry)}`);
    for (const d of diffs) lines.push(`      ${d.field}: expected ${d.expected}, got ${d.actual}`);
    if (entry.explanation)
      lines.push(
        `      why ${entry.operation === 'search' ? 'nothing matched' : 'it failed'}: ${entry.explanation.summary}`,
      );
  }
  return lines;
}

/** `expected a search matching {…}, but none of the 2 searches the server received matched. Closest: …`. */
export function missMessage(
  expected: string,
  kind: 'bind' | 'search',
  query: JournalQuery,
  candidates: readonly JournalEntry[],
): string {
  const head = `expected ${expected} matching ${describeQuery(query)}`;
  if (candidates.length === 0) return `${head}, but the server received no ${kind}`;
  const plural = kind === 'bind' ? 'binds' : 'searches';
  const but =
    candidates.length === 1
      ? `the one ${kind} the server received does not match:`
      : `none of the ${candidates.length} ${plural} the server received matched. Closest:`;
  return [`${head}, but ${but}`, ...nearMisses(candidates, query)].join('\n');
}
