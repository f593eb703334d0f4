/** A directory's equality indexes: per attribute key, comparison key → normalised DNs, each built on first lookup and then kept in step. */
import type { AttributeValue } from '../operations.js';
import type { Entry } from './entry.js';
import { baseName } from './entry-keys.js';
import type { Schema } from './schema.js';
import { equalityRule, valueKey } from './value-equality.js';

const emptySet: ReadonlySet<string> = new Set();

export class EqualityIndexes {
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  /** `entries` are the directory's entries now, read when an index is first built. */
  constructor(
    private readonly schema: Schema,
    private readonly entries: () => Iterable<Entry>,
  ) {}

  /** Normalised DNs of the entries whose `key` attribute has a value equal to `value`. */
  lookup(key: string, value: AttributeValue): ReadonlySet<string> {
    const normalized = valueKey(this.schema, key, value);
    if (normalized === undefined) return emptySet;
    return this.#index(key).get(normalized) ?? emptySet;
  }

  /** Adds (1) or removes (-1) an entry's values in every index built so far. */
  update(entry: Entry, delta: 1 | -1): void {
    for (const [key, index] of this.#indexes) this.#indexEntry(index, key, entry, delta);
  }

  /** Forgets every index (the entries were replaced wholesale). */
  clear(): void {
    this.#indexes.clear();
  }

  #index(key: string): Map<string, Set<string>> {
    let index = this.#indexes.get(key);
    if (!index) {
      index = new Map();
      this.#indexes.set(key, index);
      for (const entry of this.entries()) this.#indexEntry(index, key, entry, 1);
    }
    return index;
  }

  #indexEntry(index: Map<string, Set<string>>, key: string, entry: Entry, delta: 1 | -1): void {
    const attribute = entry.attributes.get(key);
    if (!attribute) return;
    const rule = equalityRule(this.schema.attributeType(baseName(key)));
    for (const value of attribute.values) {
      const normalized = rule.normalize(value);
      if (normalized === undefined) continue;
      let set = index.get(normalized);
      if (delta > 0) {
        if (!set) index.set(normalized, (set = new Set()));
        set.add(entry.ndn);
      } else {
        set?.delete(entry.ndn);
        if (set?.size === 0) index.delete(normalized);
      }
    }
  }
}
