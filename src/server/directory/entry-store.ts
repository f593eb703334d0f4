/**
 * The entries of one directory by normalised DN, with the children and equality indexes kept in
 * step on every commit, and copy-on-write snapshots: a snapshot and a restore share the map of
 * (immutable) entries, and the first commit after either copies it — O(1) each, whatever the size.
 */
import type { AttributeValue, SearchScope } from '../operations.js';
import type { Entry } from './entry.js';
import { EqualityIndexes } from './equality-index.js';
import type { Schema } from './schema.js';

export interface DirectorySnapshot {
  readonly generation: number;
  readonly entries: ReadonlyMap<string, Entry>;
}

// Generations are unique across directories and never reused, so "nothing changed since the
// snapshot" is an O(1) test in restore().
let nextGeneration = 1;

export class EntryStore {
  #entries = new Map<string, Entry>();
  /** A snapshot holds #entries too: copy it before the next change. */
  #shared = false;
  /** Parent ndn → children's ndns; built on first use. */
  #childIndex: Map<string, Set<string>> | undefined;
  readonly #equality: EqualityIndexes;
  #generation = 0;

  constructor(schema: Schema) {
    this.#equality = new EqualityIndexes(schema, () => this.#entries.values());
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Changes with every commit and restore: "nothing changed since" is an equal generation. */
  get generation(): number {
    return this.#generation;
  }

  get(ndn: string): Entry | undefined {
    return this.#entries.get(ndn);
  }

  has(ndn: string): boolean {
    return this.#entries.has(ndn);
  }

  values(): IterableIterator<Entry> {
    return this.#entries.values();
  }

  hasChildren(ndn: string): boolean {
    return (this.#children().get(ndn)?.size ?? 0) > 0;
  }

  /** Entries in scope of a base, base first, parents before children. */
  *scope(baseNdn: string, scope: SearchScope): Generator<Entry> {
    const base = this.#entries.get(baseNdn);
    if (!base) return;
    if (scope === 'base') {
      yield base;
      return;
    }
    const children = this.#children();
    if (scope === 'one') {
      for (const child of children.get(baseNdn) ?? []) {
        const entry = this.#entries.get(child);
        if (entry) yield entry;
      }
      return;
    }
    const stack = [baseNdn];
    while (stack.length > 0) {
      const ndn = stack.pop()!;
      const entry = this.#entries.get(ndn);
      if (!entry) continue;
      yield entry;
      const kids = children.get(ndn);
      if (kids) stack.push(...[...kids].reverse());
    }
  }

  /** Normalised DNs of the entries whose `key` attribute has a value equal to `value` (index lookup). */
  lookup(key: string, value: AttributeValue): ReadonlySet<string> {
    return this.#equality.lookup(key, value);
  }

  /** Replaces `before` by `after` (either may be absent) and keeps every index in step. */
  commit(before: Entry | undefined, after: Entry | undefined): void {
    this.#generation = nextGeneration++;
    if (this.#shared) {
      this.#entries = new Map(this.#entries);
      this.#shared = false;
    }
    if (before) {
      this.#entries.delete(before.ndn);
      this.#childIndex?.get(before.parent)?.delete(before.ndn);
      this.#equality.update(before, -1);
    }
    if (after) {
      this.#entries.set(after.ndn, after);
      if (this.#childIndex && after.parent !== '') {
        let kids = this.#childIndex.get(after.parent);
        if (!kids) this.#childIndex.set(after.parent, (kids = new Set()));
        kids.add(after.ndn);
      }
      this.#equality.update(after, 1);
    }
  }

  snapshot(): DirectorySnapshot {
    this.#shared = true;
    return { generation: this.#generation, entries: this.#entries };
  }

  restore(snapshot: DirectorySnapshot): void {
    if (snapshot.generation === this.#generation) return;
    // Never changed in place: every store copies a shared map before its first change.
    this.#entries = snapshot.entries as Map<string, Entry>;
    this.#shared = true;
    this.#generation = snapshot.generation;
    this.#forgetIndexes();
  }

  /** Takes over another store's entries, as one change. */
  replaceWith(other: EntryStore): void {
    this.#entries = other.#entries;
    this.#shared = true;
    other.#shared = true;
    this.#generation = nextGeneration++;
    this.#forgetIndexes();
  }

  /** Holds these entries instead of its own, as one change (a directory read from a fixture image). */
  hold(entries: readonly Entry[]): void {
    this.#entries = new Map(entries.map((entry) => [entry.ndn, entry]));
    this.#shared = false;
    this.#generation = nextGeneration++;
    this.#forgetIndexes();
  }

  #forgetIndexes(): void {
    this.#childIndex = undefined;
    this.#equality.clear();
  }

  #children(): Map<string, Set<string>> {
    if (!this.#childIndex) {
      const index = new Map<string, Set<string>>();
      for (const entry of this.#entries.values()) {
        if (entry.parent === '') continue;
        let kids = index.get(entry.parent);
        if (!kids) index.set(entry.parent, (kids = new Set()));
        kids.add(entry.ndn);
      }
      this.#childIndex = index;
    }
    return this.#childIndex;
  }
}
