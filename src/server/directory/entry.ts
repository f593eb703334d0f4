/**
 * An entry as the directory stores it. Entries are immutable: a write makes a new Entry, so a
 * snapshot is a shallow copy of the DN map and old readers never see a half-applied change.
 */
import { parseDN } from '../../core/dn-parse.js';
import type { AttributeValue } from '../operations.js';

export interface StoredAttribute {
  /** The attribute description as first stored (its case kept for output). */
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

export class Entry {
  constructor(
    /** The DN as stored, returned on the wire exactly like this. */
    readonly dn: string,
    /** Normalised DN, the key of the entry. */
    readonly ndn: string,
    /** Normalised DN of the parent; '' for a naming context (a root). */
    readonly parent: string,
    /** Keyed by {@link attributeKey}. */
    readonly attributes: ReadonlyMap<string, StoredAttribute>,
  ) {}

  private rdnCount: number | undefined;

  /** Number of RDNs: orders parents before children. */
  get depth(): number {
    this.rdnCount ??= parseDN(this.ndn).length;
    return this.rdnCount;
  }

  get(key: string): StoredAttribute | undefined {
    return this.attributes.get(key);
  }

  /** Values of an attribute as text (binary values decoded as UTF-8); [] when absent. */
  strings(key: string): string[] {
    const attribute = this.attributes.get(key);
    if (!attribute) return [];
    return attribute.values.map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  }

  first(key: string): string | undefined {
    const value = this.attributes.get(key)?.values[0];
    return value === undefined ? undefined : typeof value === 'string' ? value : value.toString('utf8');
  }

  with(attributes: ReadonlyMap<string, StoredAttribute>): Entry {
    return new Entry(this.dn, this.ndn, this.parent, attributes);
  }
}
