/** How a directory compares attribute values: each type's equality rule and the comparison key of a value under it. */
import type { AttributeValue } from '../operations.js';
import { baseName } from './entry-keys.js';
import { defaultMatchingRule, matchingRule } from './matching-rules.js';
import type { Schema } from './schema.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';

/** The type's EQUALITY rule; octetStringMatch for a known type without one; the lenient default for an unknown type. */
export function equalityRule(type: ResolvedAttributeType) {
  return (
    matchingRule(type.equality) ?? (type.known ? matchingRule('octetStringMatch')! : defaultMatchingRule)
  );
}

/** The comparison key of a value under the equality rule of the attribute `key`; undefined if invalid for it. */
export function valueKey(schema: Schema, key: string, value: AttributeValue): string | undefined {
  return equalityRule(schema.attributeType(baseName(key))).normalize(value);
}
