/**
 * A journal entry as the journal keeps it: one compact object of a single shape per operation (a
 * journal holds thousands, and a test suite's garbage collector pays for every byte of them);
 * the parsed filter is read again from its string when asked for, not kept; the explanation is
 * worked out when first read (most are never read, and each costs a walk of the directory).
 */
import type { Filter } from '../../core/filter-ast.js';
import { parseFilter } from '../../core/filter-parse.js';
import type { Explanation } from './explanation.js';
import type { JournalEntry } from './journal-entry.js';

type Fields = {
  -readonly [K in Exclude<keyof JournalEntry, 'parsedFilter' | 'explanation'>]-?: JournalEntry[K];
};

/** Works out an explanation when it is first asked for. */
export type Explain = () => Explanation | undefined;

export class JournalRecord implements JournalEntry {
  readonly seq: JournalEntry['seq'];
  readonly time: JournalEntry['time'];
  readonly connection: JournalEntry['connection'];
  readonly remote: JournalEntry['remote'];
  readonly messageId: JournalEntry['messageId'];
  readonly tls: JournalEntry['tls'];
  readonly boundAs: JournalEntry['boundAs'];
  readonly operation: JournalEntry['operation'];
  readonly target: JournalEntry['target'];
  readonly controls: JournalEntry['controls'];
  readonly method: JournalEntry['method'];
  readonly mechanism: JournalEntry['mechanism'];
  readonly credentials: JournalEntry['credentials'];
  readonly filter: JournalEntry['filter'];
  readonly scope: JournalEntry['scope'];
  readonly attributes: JournalEntry['attributes'];
  readonly sizeLimit: JournalEntry['sizeLimit'];
  readonly timeLimit: JournalEntry['timeLimit'];
  readonly typesOnly: JournalEntry['typesOnly'];
  readonly entries: JournalEntry['entries'];
  readonly entryDNs: JournalEntry['entryDNs'];
  readonly attribute: JournalEntry['attribute'];
  readonly value: JournalEntry['value'];
  readonly changes: JournalEntry['changes'];
  readonly newRDN: JournalEntry['newRDN'];
  readonly deleteOldRDN: JournalEntry['deleteOldRDN'];
  readonly newSuperior: JournalEntry['newSuperior'];
  readonly extendedName: JournalEntry['extendedName'];
  readonly code: JournalEntry['code'];
  readonly result: JournalEntry['result'];
  readonly diagnosticMessage: JournalEntry['diagnosticMessage'];
  readonly matchedDN: JournalEntry['matchedDN'];
  readonly durationMs: JournalEntry['durationMs'];

  #explain: Explain | undefined;
  #explanation: Explanation | undefined;

  constructor(fields: Fields, explain?: Explain) {
    this.#explain = explain;
    this.seq = fields.seq;
    this.time = fields.time;
    this.connection = fields.connection;
    this.remote = fields.remote;
    this.messageId = fields.messageId;
    this.tls = fields.tls;
    this.boundAs = fields.boundAs;
    this.operation = fields.operation;
    this.target = fields.target;
    this.controls = fields.controls;
    this.method = fields.method;
    this.mechanism = fields.mechanism;
    this.credentials = fields.credentials;
    this.filter = fields.filter;
    this.scope = fields.scope;
    this.attributes = fields.attributes;
    this.sizeLimit = fields.sizeLimit;
    this.timeLimit = fields.timeLimit;
    this.typesOnly = fields.typesOnly;
    this.entries = fields.entries;
    this.entryDNs = fields.entryDNs;
    this.attribute = fields.attribute;
    this.value = fields.value;
    this.changes = fields.changes;
    this.newRDN = fields.newRDN;
    this.deleteOldRDN = fields.deleteOldRDN;
    this.newSuperior = fields.newSuperior;
    this.extendedName = fields.extendedName;
    this.code = fields.code;
    this.result = fields.result;
    this.diagnosticMessage = fields.diagnosticMessage;
    this.matchedDN = fields.matchedDN;
    this.durationMs = fields.durationMs;
  }

  get explanation(): Explanation | undefined {
    if (this.#explain) {
      try {
        this.#explanation = this.#explain();
      } catch {
        // an explanation is a courtesy: it never fails whoever asks for it
      }
      this.#explain = undefined;
    }
    return this.#explanation;
  }

  /** The entry as JSON, its explanation (a getter) included. */
  toJSON(): object {
    return { ...this, explanation: this.explanation };
  }

  get parsedFilter(): Filter | undefined {
    if (this.filter === undefined) return undefined;
    try {
      return parseFilter(this.filter);
    } catch {
      return undefined; // a filter no string can express (journal-layer.ts shows it as such)
    }
  }
}
