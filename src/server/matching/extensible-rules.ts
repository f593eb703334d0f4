/** Extensible matching rules that some servers add to the standard ones. */
import type { Entry } from '../directory/entry.js';
import { allValues, type ExtensibleRule, valueLookup } from '../directory/evaluate-filter.js';

/** integerBitAndMatch / integerBitOrMatch (1.2.840.113556.1.4.803 / .804), e.g. userAccountControl flags. */
function bitwise(test: (value: bigint, mask: bigint) => boolean): ExtensibleRule {
  return (filter, env) => {
    const attribute = filter.attribute;
    const text = filter.value.toString('utf8').trim();
    if (!/^-?\d+$/.test(text)) return () => undefined;
    const mask = BigInt(text);
    // Without a type, every value of the entry the rule applies to (its matchingRuleUse).
    const lookup =
      attribute === undefined
        ? (entry: Entry) => allValues(entry, env, filter.matchingRule)
        : valueLookup(env, env.schema.attributeType(attribute), attribute);
    return (entry) => {
      const values = lookup(entry);
      if (values === null) return undefined;
      if (!values) return false;
      return values.some((v) => {
        const s = (typeof v === 'string' ? v : v.toString('utf8')).trim();
        return /^-?\d+$/.test(s) && test(BigInt(s), mask);
      });
    };
  };
}

export const bitAndRule = bitwise((value, mask) => (value & mask) === mask);
export const bitOrRule = bitwise((value, mask) => (value & mask) !== 0n);
