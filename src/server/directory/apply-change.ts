/** One modification applied to a working copy of an entry's attributes, with its checks (RFC 4511 §4.6); and the RDN values an entry must hold. */
import { BoundedMemo } from '../../core/bounded-memo.js';
import type { AVA } from '../../core/dn-parse.js';
import { type AttributeValue, valueText } from '../operations.js';
import type { DirectoryChange } from './directory-changes.js';
import type { StoredAttribute } from './entry.js';
import { attributeKey, baseName } from './entry-keys.js';
import type { MatchingRule } from './matching-rules.js';
import type { Schema } from './schema.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';
import type { StorageRules } from './storage-rules.js';
import { equalityRule, valueKey } from './value-equality.js';
import { DirectoryViolation } from './violation.js';

/** What a change needs to know of an attribute description under a schema. */
interface AttributePlan {
  readonly key: string;
  readonly type: ResolvedAttributeType;
  readonly rule: MatchingRule;
  /** The description the attribute is stored under: without `;binary`. */
  readonly stored: string;
}

/** Plans by schema, worked out once per spelling: a load asks for the same few dozen a million times. */
const plans = new WeakMap<Schema, (description: string) => AttributePlan>();
function attributePlan(schema: Schema, description: string): AttributePlan {
  let plan = plans.get(schema);
  if (!plan) {
    const memo = new BoundedMemo<AttributePlan>(4096);
    const work = (d: string): AttributePlan => {
      const key = attributeKey(schema, d);
      const type = schema.attributeType(baseName(key));
      return { key, type, rule: equalityRule(type), stored: d.split(';binary').join('') };
    };
    plans.set(schema, (plan = (d) => memo.get(d, work)));
  }
  return plan(description);
}

/**
 * Object classes and operational stamps with one value are shared with the entry written before
 * when it held the same: a load stamps thousands of entries in a row with the same creator,
 * timestamps and classes. Entries are immutable (these are frozen, so a write in place would fail
 * loudly rather than change other entries).
 */
const lastOneValue = new Map<string, StoredAttribute>();
function oneValue(type: ResolvedAttributeType, stored: string, value: AttributeValue): StoredAttribute {
  if (typeof value !== 'string' || !(type.operational || type.oid === OBJECT_CLASS))
    return { type: stored, values: [value] };
  const last = lastOneValue.get(stored);
  if (last?.values[0] === value) return last;
  const attribute: StoredAttribute = Object.freeze({ type: stored, values: Object.freeze([value]) });
  lastOneValue.set(stored, attribute);
  return attribute;
}
const OBJECT_CLASS = '2.5.4.0';

/** What a change is judged by: the schema, and how the server stores values. */
export interface AttributeRules {
  readonly schema: Schema;
  readonly storage: StorageRules;
}

/**
 * One modification on a working copy. `adding` is an add request (duplicates are an error
 * there too); `lenient` ignores a missing value (deleteoldrdn of a value already gone).
 */
export function applyChange(
  rules: AttributeRules,
  attributes: Map<string, StoredAttribute>,
  change: DirectoryChange,
  adding: boolean,
  lenient = false,
): void {
  const { key, type, rule, stored: storedType } = attributePlan(rules.schema, change.type);
  const values = change.values.map((v) =>
    coerce(change.operation === 'delete' ? v : rules.storage.value(type, v), type),
  );
  const existing = attributes.get(key);
  if (change.operation === 'add' && values.length === 1 && !existing) {
    // The common case (a new attribute, one value): no duplicate to look for, only its syntax.
    if (rule.normalize(values[0]!) === undefined)
      throw new DirectoryViolation({ kind: 'invalidSyntax', attribute: change.type, position: 0 });
    attributes.set(key, oneValue(type, storedType, values[0]!));
    return;
  }
  // Where the server's database finds duplicates octet by octet (deletes still match by the rule).
  const exact = change.operation !== 'delete' && rules.storage.exactDuplicates?.(type) === true;
  const singleValue = type.singleValue || rules.storage.singleValued?.(type, attributes) === true;
  const singleFirst = rules.storage.singleValueFirst === true && singleValue;
  const keyOf = (v: AttributeValue, position: number): string => {
    const normalized = rule.normalize(v);
    if (normalized === undefined) {
      throw new DirectoryViolation({ kind: 'invalidSyntax', attribute: change.type, position });
    }
    return exact ? valueText(v) : normalized;
  };
  switch (change.operation) {
    case 'add': {
      if (values.length === 0) {
        throw new DirectoryViolation({
          kind: 'noValues',
          attribute: change.type,
          during: adding ? 'add' : 'modify',
          typeName: type.name,
        });
      }
      if (singleFirst && !adding && ((existing?.values.length ?? 0) > 0 || values.length > 1)) {
        throw new DirectoryViolation({ kind: 'singleValue', attribute: type.name, during: 'modify' });
      }
      const stored = new Set((existing?.values ?? []).map((v, i) => keyOf(v, i)));
      // Each value's first occurrence in the change: Samba names that one.
      const seen = new Map<string, AttributeValue>([...stored].map((k) => [k, '']));
      const merged = [...(existing?.values ?? [])];
      values.forEach((value, i) => {
        const k = keyOf(value, i);
        const first = seen.get(k);
        if (first !== undefined) {
          const inEntry = stored.has(k);
          throw new DirectoryViolation({
            kind: 'duplicateValue',
            attribute: change.type,
            position: i,
            during: adding ? 'add' : 'modifyAdd',
            typeName: type.name,
            value: valueText(inEntry ? value : first),
            existing: inEntry,
            ...(inEntry && { storedAttributes: storedOids(rules.schema, attributes), oid: type.oid }),
          });
        }
        seen.set(k, value);
        merged.push(value);
      });
      if (singleValue && merged.length > 1) {
        throw new DirectoryViolation({
          kind: 'singleValue',
          attribute: type.name,
          during: adding ? 'add' : 'modify',
        });
      }
      attributes.set(key, { type: existing?.type ?? storedType, values: merged });
      return;
    }
    case 'delete': {
      if (!existing) {
        if (lenient) return;
        throw new DirectoryViolation({
          kind: 'noSuchAttribute',
          attribute: change.type,
          during: 'delete',
          typeName: type.name,
          withValues: values.length > 0,
        });
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
        throw new DirectoryViolation({ kind: 'noSuchValue', attribute: change.type, typeName: type.name });
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
      if (singleFirst && values.length > 1) {
        throw new DirectoryViolation({ kind: 'singleValue', attribute: type.name, during: 'modify' });
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
            typeName: type.name,
            value: valueText(value),
          });
        }
        seen.add(k);
      });
      if (singleValue && values.length > 1) {
        throw new DirectoryViolation({ kind: 'singleValue', attribute: type.name, during: 'modify' });
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
      const step = valueText(values[0]!).trim();
      if (!/^-?\d+$/.test(step))
        throw new DirectoryViolation({ kind: 'incrementNotInteger', attribute: change.type });
      const by = BigInt(step);
      const next = existing.values.map((v) => {
        const s = valueText(v).trim();
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

/**
 * Adds an RDN's value to the attributes unless an equal value is there already. A rename adds it
 * as a modify would (`renaming`): a single-valued type that holds another value refuses it; a
 * new entry whose single-valued RDN attribute holds another value is refused (rdnMismatch).
 */
export function ensureRdnValue(
  schema: Schema,
  attributes: Map<string, StoredAttribute>,
  ava: AVA,
  renaming = false,
): void {
  const key = attributeKey(schema, ava.type);
  // A `#`-BER value whose BER holds a string is that string; only other BER stays binary.
  const value: AttributeValue = ava.ber && ava.value.startsWith('#') ? ava.ber : ava.value;
  if (hasValue(schema, attributes.get(key), key, value)) return;
  const existing = attributes.get(key);
  const type = schema.attributeType(ava.type);
  if (renaming && existing && type.singleValue) {
    throw new DirectoryViolation({ kind: 'singleValue', attribute: type.name });
  }
  // A new entry naming itself by a value its single-valued RDN attribute does not hold.
  if (!renaming && existing && type.singleValue) {
    throw new DirectoryViolation({
      kind: 'rdnMismatch',
      attribute: ava.type,
      typeName: type.name,
      value: valueText(value),
      given: existing.values.map(valueText),
    });
  }
  attributes.set(key, {
    type: existing?.type ?? type.name,
    values: [...(existing?.values ?? []), value],
  });
}

/** True when the attribute `key` holds a value equal to `value` under its equality rule. */
export function hasValue(
  schema: Schema,
  attribute: StoredAttribute | undefined,
  key: string,
  value: AttributeValue,
): boolean {
  if (!attribute) return false;
  const wanted = valueKey(schema, key, value);
  return attribute.values.some((v) => valueKey(schema, key, v) === wanted);
}

/** True when two values of the attribute `type` are equal under its equality rule (and valid for it). */
export function sameValue(schema: Schema, type: string, a: AttributeValue, b: AttributeValue): boolean {
  const key = attributeKey(schema, type);
  const x = valueKey(schema, key, a);
  return x !== undefined && x === valueKey(schema, key, b);
}

/** The OIDs of the attributes an entry stores, in its order (what Samba's `value #N` counts in). */
function storedOids(schema: Schema, attributes: Map<string, StoredAttribute>): string[] {
  return [...attributes.values()].map((a) => schema.attributeType(baseName(a.type)).oid);
}

/** Binary syntaxes keep octets; everything else is text (valid UTF-8 Buffers become strings). */
function coerce(value: AttributeValue, type: ResolvedAttributeType): AttributeValue {
  if (type.binary) return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (typeof value === 'string') return value;
  const text = value.toString('utf8');
  return Buffer.byteLength(text) === value.length && !text.includes('\uFFFD') ? text : value;
}
