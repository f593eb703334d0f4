/**
 * The journal of a server: every operation it handled, newest last, bounded (the oldest go
 * first), queryable by kind, connection and content, exportable as JSON lines, and followed
 * live by the log and the console. Clearing it leaves the data alone.
 */
import type { OperationName } from '../operations.js';
import type { JournalEntry } from './journal-entry.js';
import { type BindQuery, type JournalQuery, matches, type SearchQuery } from './journal-query.js';

export const DEFAULT_JOURNAL_CAPACITY = 10_000;

export class Journal {
  readonly #entries: JournalEntry[] = [];
  readonly #listeners = new Set<(entry: JournalEntry) => void>();
  #seq = 0;

  constructor(readonly capacity = DEFAULT_JOURNAL_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new TypeError(`journal capacity must be a positive integer, got ${capacity}`);
  }

  /** Every operation still held, oldest first. */
  all(): JournalEntry[] {
    return [...this.#entries];
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The operations that match the query (all fields given must hold). */
  find(query: JournalQuery = {}): JournalEntry[] {
    return this.#entries.filter((entry) => matches(entry, query));
  }

  binds(query: BindQuery = {}): JournalEntry[] {
    return this.#of('bind', query);
  }

  searches(query: SearchQuery = {}): JournalEntry[] {
    return this.#of('search', query);
  }

  byConnection(connection: number): JournalEntry[] {
    return this.#entries.filter((entry) => entry.connection === connection);
  }

  /** Forgets the operations (not the data); sequence numbers go on from where they were. */
  clear(): void {
    this.#entries.length = 0;
  }

  /** One JSON object per line, oldest first. */
  toJSONLines(): string {
    return this.#entries.map((entry) => `${journalJSON(entry)}\n`).join('');
  }

  /** Called with each operation as it ends; returns the function that stops it. */
  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The next sequence number, for the journal layer to build an entry with. */
  nextSeq(): number {
    return ++this.#seq;
  }

  /** For the journal layer: keeps an entry (numbered by nextSeq()) and tells the listeners. */
  record(stamped: JournalEntry): JournalEntry {
    if (this.#entries.length >= this.capacity) this.#entries.shift();
    this.#entries.push(stamped);
    for (const listener of this.#listeners) listener(stamped);
    return stamped;
  }

  #of(operation: OperationName, query: JournalQuery): JournalEntry[] {
    return this.find({ ...query, operation });
  }
}

/** An entry as one line of JSON (the parsed filter is left out: the filter's string is its exact image; the explanation is in). */
export function journalJSON(entry: JournalEntry): string {
  return JSON.stringify(entry);
}
