/** The directory's writes (add, modify, delete, modifyDN), computed and checked without changing the store. */
import { formatDN } from '../../core/dn-format.js';
import { normalizedParent } from '../../core/dn-normalize.js';
import { parseDN, type RDN } from '../../core/dn-parse.js';
import { type AttributeRules, applyChange, ensureRdnValue, hasValue, sameValue } from './apply-change.js';
import type { DirectoryChange, NewAttribute } from './directory-changes.js';
import { Entry, type StoredAttribute } from './entry.js';
import { attributeKey } from './entry-keys.js';
import type { EntryStore } from './entry-store.js';
import { DirectoryViolation } from './violation.js';

/**
 * What a write reads: the schema, how values are stored, the entries, and DN resolution. Each
 * write below returns what to commit, or throws the DirectoryViolation that refuses it; nothing
 * here changes the store: the Directory commits and announces the result.
 */
export interface WriteContext extends AttributeRules {
  readonly store: EntryStore;
  /** The entry at a DN in any spelling; undefined if absent or the DN is invalid. */
  get(dn: string): Entry | undefined;
  /** The key of a DN (entry-keys.ts); throws on an invalid DN. */
  normalize(dn: string): string;
  /** The closest existing ancestor-or-self of a DN, as a stored DN ('' if none). */
  matchedDN(dn: string): string;
}

export interface AddOptions {
  /** An entry without a parent may become a naming context. */
  allowRoot?: boolean;
  /** Sees the entry as it would be stored and may throw to refuse it. */
  validate?: (entry: Entry) => void;
  /**
   * Judge the entry (its values, then `validate`) before its place in the tree — whether it
   * exists already, whether its parent does — as slapd's back-mdb does; default after.
   */
  entryBeforePlace?: boolean;
  /** Runs last, once the entry is valid and its place free: may throw (slapd's access to the parent). */
  placed?: (entry: Entry) => void;
}

/** A modifyDN: the subtree's entries as they were and as they will be, each list base first. */
export interface SubtreeRename {
  readonly before: Entry;
  readonly after: Entry;
  readonly removed: readonly Entry[];
  readonly added: readonly Entry[];
}

/**
 * The entry an add stores. `validate` sees the entry as it would be stored (RDN values included)
 * and may throw to refuse it; `allowRoot` lets an entry without a parent become a naming context,
 * as long as no ancestor of it exists (then its parent is simply missing: a typo, or files loaded
 * in the wrong order).
 */
export function entryToAdd(
  context: WriteContext,
  dn: string,
  attributes: readonly NewAttribute[],
  options: AddOptions,
): Entry {
  const { store } = context;
  const rdns = parseOrThrow(dn);
  if (rdns.length === 0) throw new DirectoryViolation({ kind: 'addRootDSE' });
  const ndn = context.normalize(dn);
  const parent = normalizedParent(ndn);
  const checkPlace = () => {
    if (store.has(ndn)) throw new DirectoryViolation({ kind: 'entryExists' });
    if (parent !== '' && !store.has(parent)) {
      const matched = context.matchedDN(dn);
      if (!options.allowRoot || matched !== '')
        throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: matched });
    }
  };
  if (!options.entryBeforePlace) checkPlace();
  const stored = new Map<string, StoredAttribute>();
  for (const attribute of attributes)
    applyChange(context, stored, { operation: 'add', type: attribute.type, values: attribute.values }, true);
  for (const ava of rdns[0]!) ensureRdnValue(context.schema, stored, ava);
  const storedDN = context.storage.dn(dn, rdns);
  // Most DNs are stored as their own normalised form: one string serves as both.
  const entry = new Entry(storedDN === ndn ? ndn : storedDN, ndn, store.has(parent) ? parent : '', stored);
  options.validate?.(entry);
  if (options.entryBeforePlace) checkPlace();
  options.placed?.(entry);
  return entry;
}

/** A modify: all changes or none (RFC 4511 §4.6); `validate` may refuse the resulting entry. */
export function modifiedEntry(
  context: WriteContext,
  dn: string,
  changes: readonly DirectoryChange[],
  validate?: (entry: Entry) => void,
): { readonly before: Entry; readonly after: Entry } {
  const { schema } = context;
  const before = existingEntry(context, dn);
  const attributes = new Map(before.attributes);
  for (const change of changes) applyChange(context, attributes, change, false);
  for (const ava of parseDN(before.dn)[0]!) {
    const key = attributeKey(schema, ava.type);
    if (!hasValue(schema, attributes.get(key), key, ava.value)) {
      throw new DirectoryViolation({
        kind: 'namingAttributeMissing',
        attribute: schema.attributeType(ava.type).name,
        attributePresent: attributes.has(key),
      });
    }
  }
  const after = before.with(attributes);
  validate?.(after);
  return { before, after };
}

/** The entry a delete removes: only a leaf may go. */
export function entryToDelete(context: WriteContext, dn: string): Entry {
  const entry = existingEntry(context, dn);
  if (context.store.hasChildren(entry.ndn)) {
    throw new DirectoryViolation({
      kind: 'notLeaf',
      children: [...context.store.scope(entry.ndn, 'one')].length,
    });
  }
  return entry;
}

/** modifyDN of a leaf or a subtree (RFC 4511 §4.9). */
export function renamedSubtree(
  context: WriteContext,
  dn: string,
  newRDN: string,
  deleteOldRDN: boolean,
  newSuperior?: string,
): SubtreeRename {
  const { schema, storage, store } = context;
  const before = existingEntry(context, dn);
  const newRdns = parseOrThrow(newRDN);
  if (newRdns.length !== 1) throw new DirectoryViolation({ kind: 'invalidNewRDN' });
  let parentDn = parseDN(before.dn).slice(1);
  if (newSuperior !== undefined) {
    const superior = context.get(newSuperior);
    if (!superior) throw new DirectoryViolation({ kind: 'newSuperiorMissing' });
    parentDn = parseDN(superior.dn);
  }
  const newDn = storage.dn(formatDN([newRdns[0]!, ...parentDn]));
  const newNdn = context.normalize(newDn);
  if (newNdn !== before.ndn && store.has(newNdn)) throw new DirectoryViolation({ kind: 'entryExists' });
  if (newNdn.endsWith(`,${before.ndn}`)) {
    throw new DirectoryViolation({ kind: 'moveBelowItself' });
  }
  const attributes = new Map(before.attributes);
  if (deleteOldRDN) {
    for (const ava of parseDN(before.dn)[0]!) {
      const kept = newRdns[0]!.some(
        (n) =>
          attributeKey(schema, n.type) === attributeKey(schema, ava.type) &&
          sameValue(schema, n.type, n.value, ava.value),
      );
      if (!kept)
        applyChange(
          context,
          attributes,
          { operation: 'delete', type: ava.type, values: [ava.value] },
          false,
          true,
        );
    }
  }
  for (const ava of newRdns[0]!) ensureRdnValue(schema, attributes, ava, true);
  // The whole subtree moves: every descendant keeps its relative RDNs under the new DN.
  const subtree = [...store.scope(before.ndn, 'sub')];
  const depth = parseDN(before.dn).length;
  const newRdnsFull = parseDN(newDn);
  const renamed = new Map<string, Entry>();
  for (const old of subtree) {
    const oldRdns = parseDN(old.dn);
    const rdnsOut =
      old === before ? newRdnsFull : [...oldRdns.slice(0, oldRdns.length - depth), ...newRdnsFull];
    const dnOut = old === before ? newDn : storage.dn(formatDN(rdnsOut));
    const parentNdn = rdnsOut.length > 1 ? context.normalize(formatDN(rdnsOut.slice(1))) : '';
    renamed.set(
      old.ndn,
      new Entry(dnOut, context.normalize(dnOut), parentNdn, old === before ? attributes : old.attributes),
    );
  }
  return { before, after: renamed.get(before.ndn)!, removed: subtree, added: [...renamed.values()] };
}

/** The entry a modify, delete or modifyDN works on; noSuchEntry (with the matched DN) when absent. */
function existingEntry(context: WriteContext, dn: string): Entry {
  parseOrThrow(dn);
  const entry = context.get(dn);
  if (!entry) throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: context.matchedDN(dn) });
  return entry;
}

function parseOrThrow(dn: string): RDN[] {
  try {
    return parseDN(dn);
  } catch {
    throw new DirectoryViolation({ kind: 'invalidDN' });
  }
}
