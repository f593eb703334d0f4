/**
 * The in-memory DIT: entries by normalised DN, a children index for the scopes, equality indexes
 * built on first use, atomic writes and O(1) snapshots. It knows the schema (to compare values)
 * but no profile: access control, operational policy and result texts are the layers' business.
 * Every refusal is a DirectoryViolation saying what rule was broken; the profile words it.
 *
 * This class is the directory's face; the work is done by its parts: entry-store.ts (entries and
 * indexes, snapshots), entry-keys.ts (DN and attribute keys), entry-writes.ts and apply-change.ts
 * (what each write stores and the checks that refuse it), value-equality.ts (value comparison).
 */
import type { AttributeValue, SearchScope } from '../operations.js';
import type { ChangeEvent, DirectoryChange, NewAttribute } from './directory-changes.js';
import type { Entry } from './entry.js';
import { attributeKey, matchedDN, normalizeEntryDN } from './entry-keys.js';
import { type DirectorySnapshot, EntryStore } from './entry-store.js';
import {
  type AddOptions,
  entryToAdd,
  entryToDelete,
  modifiedEntry,
  renamedSubtree,
  type WriteContext,
} from './entry-writes.js';
import type { Schema } from './schema.js';
import { type StorageRules, verbatimStorage } from './storage-rules.js';
import { valueKey } from './value-equality.js';

export class Directory {
  readonly #store: EntryStore;
  readonly #writes: WriteContext;
  readonly #listeners: ((event: ChangeEvent) => void)[] = [];

  constructor(
    readonly schema: Schema,
    storage: StorageRules = verbatimStorage,
  ) {
    this.#store = new EntryStore(schema);
    this.#writes = {
      schema,
      storage,
      store: this.#store,
      get: (dn) => this.get(dn),
      normalize: (dn) => this.normalize(dn),
      matchedDN: (dn) => this.matchedDN(dn),
    };
  }

  get size(): number {
    return this.#store.size;
  }

  /** Changes with every write and restore (see EntryStore). */
  get generation(): number {
    return this.#store.generation;
  }

  /** Normalised DNs of the entries that have no parent: the naming contexts. */
  roots(): Entry[] {
    return [...this.#store.values()].filter((e) => e.parent === '');
  }

  onChange(listener: (event: ChangeEvent) => void): void {
    this.#listeners.push(listener);
  }

  /** The entry at a DN in any spelling; undefined if absent or the DN is invalid. */
  get(dn: string): Entry | undefined {
    let ndn: string;
    try {
      ndn = this.normalize(dn);
    } catch {
      return undefined;
    }
    return this.#store.get(ndn);
  }

  getByNdn(ndn: string): Entry | undefined {
    return this.#store.get(ndn);
  }

  /** Normalised DN of the closest existing ancestor-or-self, as a stored DN ('' if none). */
  matchedDN(dn: string): string {
    return matchedDN(this.schema, dn, (ndn) => this.#store.get(ndn));
  }

  /**
   * The key of a DN: normalised (RFC 4514/4518), with every attribute type by its schema name, so
   * `userid=alice` and `0.9.2342.19200300.100.1.1=alice` name the same entry as `uid=alice`.
   */
  normalize(dn: string): string {
    return normalizeEntryDN(this.schema, dn);
  }

  /** Attribute key: canonical name in lower case plus options other than `binary`. */
  attributeKey(description: string): string {
    return attributeKey(this.schema, description);
  }

  /**
   * Adds an entry. `validate` sees the entry as it would be stored (RDN values included) and may
   * throw to refuse it; `allowRoot` lets an entry without a parent become a naming context, as
   * long as no ancestor of it exists (then its parent is simply missing: a typo, or files loaded
   * in the wrong order).
   */
  add(dn: string, attributes: readonly NewAttribute[], options: AddOptions = {}): Entry {
    const entry = entryToAdd(this.#writes, dn, attributes, options);
    this.#store.commit(undefined, entry);
    this.#emit({ kind: 'add', entry });
    return entry;
  }

  /** Applies all changes or none (RFC 4511 §4.6); `validate` may refuse the resulting entry. */
  modify(dn: string, changes: readonly DirectoryChange[], validate?: (entry: Entry) => void): Entry {
    const { before, after } = modifiedEntry(this.#writes, dn, changes, validate);
    this.#store.commit(before, after);
    this.#emit({ kind: 'modify', before, after });
    return after;
  }

  delete(dn: string): Entry {
    const entry = entryToDelete(this.#writes, dn);
    this.#store.commit(entry, undefined);
    this.#emit({ kind: 'delete', entry });
    return entry;
  }

  /**
   * modifyDN of a leaf or a subtree (RFC 4511 §4.9); `validate` may refuse the renamed entry (its
   * new RDN values). Returns the renamed entry.
   */
  rename(
    dn: string,
    newRDN: string,
    deleteOldRDN: boolean,
    newSuperior?: string,
    validate?: (entry: Entry) => void,
  ): Entry {
    const { before, after, removed, added } = renamedSubtree(
      this.#writes,
      dn,
      newRDN,
      deleteOldRDN,
      newSuperior,
    );
    validate?.(after);
    for (const old of removed) this.#store.commit(old, undefined);
    for (const entry of added) this.#store.commit(undefined, entry);
    this.#emit({ kind: 'rename', before, after });
    return after;
  }

  /** Entries in scope of a base, base first, parents before children. */
  scope(baseNdn: string, scope: SearchScope): Generator<Entry> {
    return this.#store.scope(baseNdn, scope);
  }

  hasChildren(ndn: string): boolean {
    return this.#store.hasChildren(ndn);
  }

  /** Normalised DNs of the entries whose `key` attribute has a value equal to `value` (index lookup). */
  lookup(key: string, value: AttributeValue): ReadonlySet<string> {
    return this.#store.lookup(key, value);
  }

  /** The comparison key of a value under the attribute's equality rule; undefined if invalid for it. */
  normalizeValue(key: string, value: AttributeValue): string | undefined {
    return valueKey(this.schema, key, value);
  }

  snapshot(): DirectorySnapshot {
    return this.#store.snapshot();
  }

  restore(snapshot: DirectorySnapshot): void {
    this.#store.restore(snapshot);
  }

  /** Takes over another directory's entries (a reload that succeeded), as one change. */
  replaceWith(other: Directory): void {
    this.#store.replaceWith(other.#store);
  }

  /** Holds these entries instead of its own, as one change: parents before children, as a load adds them. */
  hold(entries: readonly Entry[]): void {
    this.#store.hold(entries);
  }

  *all(): Generator<Entry> {
    yield* this.#store.values();
  }

  #emit(event: ChangeEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
