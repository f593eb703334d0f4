/**
 * The in-memory DIT: entries by normalised DN, a children index for the scopes, equality indexes
 * built on first use, atomic writes and O(1) snapshots. It knows the schema (to compare values)
 * but no profile: access control, operational policy and result texts are the layers' business.
 * Every refusal is a DirectoryViolation saying what rule was broken; the profile words it.
 */
import { type AVA, formatDN, normalizeDN, parseDN, type RDN } from '../../core/dn.js';
import type { AttributeValue, ModifyOperation, SearchScope } from '../operations.js';
import { Entry, type StoredAttribute } from './entry.js';
import { defaultMatchingRule, matchingRule } from './matching-rules.js';
import type { ResolvedAttributeType, Schema } from './schema.js';
import { DirectoryViolation } from './violation.js';

export interface NewAttribute {
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

export interface DirectoryChange {
  readonly operation: ModifyOperation;
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

/** What changed, for listeners such as persistence and memberOf maintenance. */
export type ChangeEvent =
  | { readonly kind: 'add'; readonly entry: Entry }
  | { readonly kind: 'modify'; readonly before: Entry; readonly after: Entry }
  | { readonly kind: 'delete'; readonly entry: Entry }
  | { readonly kind: 'rename'; readonly before: Entry; readonly after: Entry };

/**
 * How the emulated server stores what it is given: slapd rewrites DNs into its own escaping and
 * hashes cleartext passwords; a value read back is the stored form, not the one written.
 */
export interface StorageRules {
  dn(dn: string): string;
  value(type: ResolvedAttributeType, value: AttributeValue): AttributeValue;
}

/** Stores everything as given. */
export const verbatimStorage: StorageRules = { dn: (dn) => dn, value: (_type, value) => value };

export interface DirectorySnapshot {
  readonly generation: number;
  readonly entries: ReadonlyMap<string, Entry>;
}

export class Directory {
  private entries = new Map<string, Entry>();
  private childIndex: Map<string, Set<string>> | undefined;
  private readonly equalityIndexes = new Map<string, Map<string, Set<string>>>();
  private readonly listeners: ((event: ChangeEvent) => void)[] = [];
  private generation = 0;

  constructor(
    readonly schema: Schema,
    private readonly storage: StorageRules = verbatimStorage,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Normalised DNs of the entries that have no parent: the naming contexts. */
  roots(): Entry[] {
    return [...this.entries.values()].filter((e) => e.parent === '');
  }

  onChange(listener: (event: ChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The entry at a DN in any spelling; undefined if absent or the DN is invalid. */
  get(dn: string): Entry | undefined {
    const ndn = this.tryNormalize(dn);
    return ndn === undefined ? undefined : this.entries.get(ndn);
  }

  getByNdn(ndn: string): Entry | undefined {
    return this.entries.get(ndn);
  }

  /** Normalised DN of the closest existing ancestor-or-self, as a stored DN ('' if none). */
  matchedDN(dn: string): string {
    let rdns: RDN[];
    try {
      rdns = parseDN(dn);
    } catch {
      return '';
    }
    for (let i = 0; i < rdns.length; i++) {
      const entry = this.entries.get(this.normalize(formatDN(rdns.slice(i))));
      if (entry) return entry.dn;
    }
    return '';
  }

  /**
   * The key of a DN: normalised (RFC 4514/4518), with every attribute type by its schema name, so
   * `userid=alice` and `0.9.2342.19200300.100.1.1=alice` name the same entry as `uid=alice`.
   */
  normalize(dn: string): string {
    const ndn = normalizeDN(dn);
    for (const match of ndn.matchAll(/(?:^|[,+])([^=,+\\]+)=/g)) {
      const type = match[1]!;
      if (this.schema.attributeType(type).name.toLowerCase() !== type) return this.normalizeTypes(ndn);
    }
    return ndn;
  }

  private normalizeTypes(ndn: string): string {
    const rdns = parseDN(ndn).map((rdn) =>
      rdn.map((ava) => ({ ...ava, type: this.schema.attributeType(ava.type).name.toLowerCase() })),
    );
    return normalizeDN(formatDN(rdns));
  }

  private tryNormalize(dn: string): string | undefined {
    try {
      return this.normalize(dn);
    } catch {
      return undefined;
    }
  }

  /** Attribute key: canonical name in lower case plus options other than `binary`. */
  attributeKey(description: string): string {
    const semicolon = description.indexOf(';');
    const base = this.schema.attributeType(
      semicolon < 0 ? description : description.slice(0, semicolon),
    ).name;
    if (semicolon < 0) return base.toLowerCase();
    const options = description
      .slice(semicolon + 1)
      .toLowerCase()
      .split(';')
      .filter((o) => o !== '' && o !== 'binary')
      .sort();
    return [base.toLowerCase(), ...options].join(';');
  }

  /**
   * Adds an entry. `validate` sees the entry as it would be stored (RDN values included) and may
   * throw to refuse it; `allowRoot` lets an entry without a parent become a naming context, as
   * long as no ancestor of it exists (then its parent is simply missing: a typo, or files loaded
   * in the wrong order).
   */
  add(
    dn: string,
    attributes: readonly NewAttribute[],
    options: { allowRoot?: boolean; validate?: (entry: Entry) => void } = {},
  ): Entry {
    const rdns = parseOrThrow(dn);
    if (rdns.length === 0) throw new DirectoryViolation({ kind: 'addRootDSE' });
    const ndn = this.normalize(dn);
    if (this.entries.has(ndn)) throw new DirectoryViolation({ kind: 'entryExists' });
    const parent = rdns.length > 1 ? this.normalize(formatDN(rdns.slice(1))) : '';
    if (parent !== '' && !this.entries.has(parent)) {
      const matched = this.matchedDN(dn);
      if (!options.allowRoot || matched !== '')
        throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: matched });
    }
    const stored = new Map<string, StoredAttribute>();
    for (const attribute of attributes)
      this.applyChange(stored, { operation: 'add', type: attribute.type, values: attribute.values }, true);
    for (const ava of rdns[0]!) this.ensureRdnValue(stored, ava);
    const entry = new Entry(this.storage.dn(dn), ndn, this.entries.has(parent) ? parent : '', stored);
    options.validate?.(entry);
    this.commit(undefined, entry);
    this.emit({ kind: 'add', entry });
    return entry;
  }

  /** Applies all changes or none (RFC 4511 §4.6); `validate` may refuse the resulting entry. */
  modify(dn: string, changes: readonly DirectoryChange[], validate?: (entry: Entry) => void): Entry {
    const before = this.require(dn);
    const attributes = new Map(before.attributes);
    for (const change of changes) this.applyChange(attributes, change, false);
    for (const ava of parseDN(before.dn)[0]!) {
      const key = this.attributeKey(ava.type);
      if (!this.hasValue(attributes.get(key), key, ava.value)) {
        throw new DirectoryViolation({
          kind: 'namingAttributeMissing',
          attribute: this.schema.attributeType(ava.type).name,
        });
      }
    }
    const after = before.with(attributes);
    validate?.(after);
    this.commit(before, after);
    this.emit({ kind: 'modify', before, after });
    return after;
  }

  delete(dn: string): Entry {
    const entry = this.require(dn);
    if ((this.children().get(entry.ndn)?.size ?? 0) > 0) {
      throw new DirectoryViolation({ kind: 'notLeaf' });
    }
    this.commit(entry, undefined);
    this.emit({ kind: 'delete', entry });
    return entry;
  }

  /** modifyDN of a leaf or a subtree (RFC 4511 §4.9). Returns the renamed entry. */
  rename(dn: string, newRDN: string, deleteOldRDN: boolean, newSuperior?: string): Entry {
    const before = this.require(dn);
    const newRdns = parseOrThrow(newRDN);
    if (newRdns.length !== 1) throw new DirectoryViolation({ kind: 'invalidNewRDN' });
    let parentDn = parseDN(before.dn).slice(1);
    if (newSuperior !== undefined) {
      const superior = this.get(newSuperior);
      if (!superior) throw new DirectoryViolation({ kind: 'newSuperiorMissing' });
      parentDn = parseDN(superior.dn);
    }
    const newDn = this.storage.dn(formatDN([newRdns[0]!, ...parentDn]));
    const newNdn = this.normalize(newDn);
    if (newNdn !== before.ndn && this.entries.has(newNdn))
      throw new DirectoryViolation({ kind: 'entryExists' });
    if (newNdn.endsWith(`,${before.ndn}`)) {
      throw new DirectoryViolation({ kind: 'moveBelowItself' });
    }
    const attributes = new Map(before.attributes);
    if (deleteOldRDN) {
      for (const ava of parseDN(before.dn)[0]!) {
        const kept = newRdns[0]!.some(
          (n) =>
            this.attributeKey(n.type) === this.attributeKey(ava.type) &&
            this.sameValue(n.type, n.value, ava.value),
        );
        if (!kept)
          this.applyChange(
            attributes,
            { operation: 'delete', type: ava.type, values: [ava.value] },
            false,
            true,
          );
      }
    }
    for (const ava of newRdns[0]!) this.ensureRdnValue(attributes, ava);
    // The whole subtree moves: every descendant keeps its relative RDNs under the new DN.
    const subtree = [...this.scope(before.ndn, 'sub')];
    const depth = parseDN(before.dn).length;
    const newRdnsFull = parseDN(newDn);
    const renamed = new Map<string, Entry>();
    for (const old of subtree) {
      const oldRdns = parseDN(old.dn);
      const rdnsOut =
        old === before ? newRdnsFull : [...oldRdns.slice(0, oldRdns.length - depth), ...newRdnsFull];
      const dnOut = old === before ? newDn : this.storage.dn(formatDN(rdnsOut));
      const parentNdn = rdnsOut.length > 1 ? this.normalize(formatDN(rdnsOut.slice(1))) : '';
      renamed.set(
        old.ndn,
        new Entry(dnOut, this.normalize(dnOut), parentNdn, old === before ? attributes : old.attributes),
      );
    }
    for (const old of subtree) this.commit(old, undefined);
    for (const entry of renamed.values()) this.commit(undefined, entry);
    const after = renamed.get(before.ndn)!;
    this.emit({ kind: 'rename', before, after });
    return after;
  }

  /** Entries in scope of a base, base first, parents before children. */
  *scope(baseNdn: string, scope: SearchScope): Generator<Entry> {
    const base = this.entries.get(baseNdn);
    if (!base) return;
    if (scope === 'base') {
      yield base;
      return;
    }
    const children = this.children();
    if (scope === 'one') {
      for (const child of children.get(baseNdn) ?? []) {
        const entry = this.entries.get(child);
        if (entry) yield entry;
      }
      return;
    }
    const stack = [baseNdn];
    while (stack.length > 0) {
      const ndn = stack.pop()!;
      const entry = this.entries.get(ndn);
      if (!entry) continue;
      yield entry;
      const kids = children.get(ndn);
      if (kids) stack.push(...[...kids].reverse());
    }
  }

  hasChildren(ndn: string): boolean {
    return (this.children().get(ndn)?.size ?? 0) > 0;
  }

  /** Normalised DNs of the entries whose `key` attribute has a value equal to `value` (index lookup). */
  lookup(key: string, value: AttributeValue): ReadonlySet<string> {
    const normalized = this.normalizeValue(key, value);
    if (normalized === undefined) return emptySet;
    return this.equalityIndex(key).get(normalized) ?? emptySet;
  }

  /** The comparison key of a value under the attribute's equality rule; undefined if invalid for it. */
  normalizeValue(key: string, value: AttributeValue): string | undefined {
    return equalityRule(this.schema.attributeType(baseName(key))).normalize(value);
  }

  snapshot(): DirectorySnapshot {
    return { generation: this.generation, entries: new Map(this.entries) };
  }

  restore(snapshot: DirectorySnapshot): void {
    if (snapshot.generation === this.generation) return;
    this.entries = new Map(snapshot.entries);
    this.generation = snapshot.generation;
    this.childIndex = undefined;
    this.equalityIndexes.clear();
  }

  /** Takes over another directory's entries (a reload that succeeded), as one change. */
  replaceWith(other: Directory): void {
    this.entries = new Map(other.entries);
    this.generation = nextGeneration++;
    this.childIndex = undefined;
    this.equalityIndexes.clear();
  }

  *all(): Generator<Entry> {
    yield* this.entries.values();
  }

  private require(dn: string): Entry {
    parseOrThrow(dn);
    const entry = this.get(dn);
    if (!entry) throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: this.matchedDN(dn) });
    return entry;
  }

  private emit(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Replaces `before` by `after` (either may be absent) and keeps every index in step. */
  private commit(before: Entry | undefined, after: Entry | undefined): void {
    // Generations are unique across directories and never reused, so "nothing changed since the
    // snapshot" is an O(1) test in restore().
    this.generation = nextGeneration++;
    if (before) {
      this.entries.delete(before.ndn);
      this.childIndex?.get(before.parent)?.delete(before.ndn);
      this.reindex(before, -1);
    }
    if (after) {
      this.entries.set(after.ndn, after);
      if (this.childIndex && after.parent !== '') {
        let kids = this.childIndex.get(after.parent);
        if (!kids) this.childIndex.set(after.parent, (kids = new Set()));
        kids.add(after.ndn);
      }
      this.reindex(after, 1);
    }
  }

  private children(): Map<string, Set<string>> {
    if (!this.childIndex) {
      const index = new Map<string, Set<string>>();
      for (const entry of this.entries.values()) {
        if (entry.parent === '') continue;
        let kids = index.get(entry.parent);
        if (!kids) index.set(entry.parent, (kids = new Set()));
        kids.add(entry.ndn);
      }
      this.childIndex = index;
    }
    return this.childIndex;
  }

  private equalityIndex(key: string): Map<string, Set<string>> {
    let index = this.equalityIndexes.get(key);
    if (!index) {
      index = new Map();
      this.equalityIndexes.set(key, index);
      for (const entry of this.entries.values()) this.indexEntry(index, key, entry, 1);
    }
    return index;
  }

  private reindex(entry: Entry, delta: 1 | -1): void {
    for (const [key, index] of this.equalityIndexes) this.indexEntry(index, key, entry, delta);
  }

  private indexEntry(index: Map<string, Set<string>>, key: string, entry: Entry, delta: 1 | -1): void {
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

  private sameValue(type: string, a: AttributeValue, b: AttributeValue): boolean {
    const key = this.attributeKey(type);
    const x = this.normalizeValue(key, a);
    return x !== undefined && x === this.normalizeValue(key, b);
  }

  private hasValue(attribute: StoredAttribute | undefined, key: string, value: AttributeValue): boolean {
    if (!attribute) return false;
    const wanted = this.normalizeValue(key, value);
    return attribute.values.some((v) => this.normalizeValue(key, v) === wanted);
  }

  private ensureRdnValue(attributes: Map<string, StoredAttribute>, ava: AVA): void {
    const key = this.attributeKey(ava.type);
    // A `#`-BER value whose BER holds a string is that string; only other BER stays binary.
    const value: AttributeValue = ava.ber && ava.value.startsWith('#') ? ava.ber : ava.value;
    if (this.hasValue(attributes.get(key), key, value)) return;
    const existing = attributes.get(key);
    attributes.set(key, {
      type: existing?.type ?? this.schema.attributeType(ava.type).name,
      values: [...(existing?.values ?? []), value],
    });
  }

  /**
   * One modification on a working copy. `adding` is an add request (duplicates are an error
   * there too); `lenient` ignores a missing value (deleteoldrdn of a value already gone).
   */
  private applyChange(
    attributes: Map<string, StoredAttribute>,
    change: DirectoryChange,
    adding: boolean,
    lenient = false,
  ): void {
    const key = this.attributeKey(change.type);
    const type = this.schema.attributeType(baseName(key));
    const values = change.values.map((v) =>
      coerce(change.operation === 'delete' ? v : this.storage.value(type, v), type),
    );
    const rule = equalityRule(type);
    const existing = attributes.get(key);
    const keyOf = (v: AttributeValue, position: number): string => {
      const normalized = rule.normalize(v);
      if (normalized === undefined) {
        throw new DirectoryViolation({ kind: 'invalidSyntax', attribute: change.type, position });
      }
      return normalized;
    };
    switch (change.operation) {
      case 'add': {
        if (values.length === 0) {
          throw new DirectoryViolation({
            kind: 'noValues',
            attribute: change.type,
            during: adding ? 'add' : 'modify',
          });
        }
        const seen = new Set((existing?.values ?? []).map((v, i) => keyOf(v, i)));
        const merged = [...(existing?.values ?? [])];
        values.forEach((value, i) => {
          const k = keyOf(value, i);
          if (seen.has(k)) {
            throw new DirectoryViolation({
              kind: 'duplicateValue',
              attribute: change.type,
              position: i,
              during: adding ? 'add' : 'modifyAdd',
            });
          }
          seen.add(k);
          merged.push(value);
        });
        if (type.singleValue && merged.length > 1) {
          throw new DirectoryViolation({ kind: 'singleValue', attribute: type.name });
        }
        attributes.set(key, {
          type: existing?.type ?? change.type.split(';binary').join(''),
          values: merged,
        });
        return;
      }
      case 'delete': {
        if (!existing) {
          if (lenient) return;
          throw new DirectoryViolation({ kind: 'noSuchAttribute', attribute: change.type, during: 'delete' });
        }
        if (values.length === 0) {
          attributes.delete(key);
          return;
        }
        const remove = new Set(values.map((v, i) => keyOf(v, i)));
        const kept = existing.values.filter((v) => {
          const k = rule.normalize(v);
          if (k !== undefined && remove.has(k)) {
            remove.delete(k);
            return false;
          }
          return true;
        });
        if (remove.size > 0 && !lenient) {
          throw new DirectoryViolation({ kind: 'noSuchValue', attribute: change.type });
        }
        if (kept.length === 0) attributes.delete(key);
        else attributes.set(key, { type: existing.type, values: kept });
        return;
      }
      case 'replace': {
        if (values.length === 0) {
          attributes.delete(key);
          return;
        }
        const seen = new Set<string>();
        values.forEach((value, i) => {
          const k = keyOf(value, i);
          if (seen.has(k)) {
            throw new DirectoryViolation({
              kind: 'duplicateValue',
              attribute: change.type,
              position: i,
              during: 'modifyReplace',
            });
          }
          seen.add(k);
        });
        if (type.singleValue && values.length > 1) {
          throw new DirectoryViolation({ kind: 'singleValue', attribute: type.name });
        }
        attributes.set(key, { type: existing?.type ?? change.type, values });
        return;
      }
      case 'increment': {
        if (!existing) {
          throw new DirectoryViolation({
            kind: 'noSuchAttribute',
            attribute: change.type,
            during: 'increment',
          });
        }
        if (values.length !== 1)
          throw new DirectoryViolation({ kind: 'incrementValueCount', attribute: change.type });
        const step = textOf(values[0]!).trim();
        if (!/^-?\d+$/.test(step))
          throw new DirectoryViolation({ kind: 'incrementNotInteger', attribute: change.type });
        const by = BigInt(step);
        const next = existing.values.map((v) => {
          const s = textOf(v).trim();
          if (!/^-?\d+$/.test(s)) {
            throw new DirectoryViolation({ kind: 'incrementOriginalNotInteger', attribute: change.type });
          }
          return String(BigInt(s) + by);
        });
        attributes.set(key, { type: existing.type, values: next });
        return;
      }
    }
  }
}

let nextGeneration = 1;
const emptySet: ReadonlySet<string> = new Set();

function baseName(key: string): string {
  const semicolon = key.indexOf(';');
  return semicolon < 0 ? key : key.slice(0, semicolon);
}

export function equalityRule(type: ResolvedAttributeType) {
  return (
    matchingRule(type.equality) ?? (type.known ? matchingRule('octetStringMatch')! : defaultMatchingRule)
  );
}

function textOf(value: AttributeValue): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** Binary syntaxes keep octets; everything else is text (valid UTF-8 Buffers become strings). */
function coerce(value: AttributeValue, type: ResolvedAttributeType): AttributeValue {
  if (type.binary) return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (typeof value === 'string') return value;
  const text = value.toString('utf8');
  return Buffer.byteLength(text) === value.length && !text.includes('\uFFFD') ? text : value;
}

function parseOrThrow(dn: string): RDN[] {
  try {
    return parseDN(dn);
  } catch {
    throw new DirectoryViolation({ kind: 'invalidDN' });
  }
}
