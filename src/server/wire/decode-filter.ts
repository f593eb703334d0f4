/**
 * Decodes the BER search filter (RFC 4511 §4.5.1) straight into the core filter tree. ldapjs turns
 * the filter into a string and parses it again, which leaves values RFC 4515-escaped, corrupts
 * `\5c`, mangles non-UTF-8 bytes and crashes on `(`/`)` in extensible values; decoding the BER
 * keeps every value byte-exact.
 */
import type { Filter } from '../../core/filter-ast.js';
import { ExtensibleTag, FilterTag, SubstringTag } from '../../core/filter-tags.js';
import type { BerInput } from './ber-input.js';

/** What a filter may be: deeper or larger is refused as a decoding error (filter bombs). */
export interface FilterLimits {
  readonly maxFilterDepth: number;
  /** Encoded bytes. */
  readonly maxFilterSize: number;
}

/** slapd has no such limits; these keep a filter bomb from costing more than a refusal. */
export const defaultFilterLimits: FilterLimits = { maxFilterDepth: 64, maxFilterSize: 1024 * 1024 };

export function decodeFilter(input: BerInput, limits: FilterLimits): Filter {
  const size = input.elementEnd() - input.offset;
  if (size > limits.maxFilterSize) {
    throw input.error(`filter of ${size} bytes exceeds the limit of ${limits.maxFilterSize} bytes`);
  }
  return decodeNested(input, limits.maxFilterDepth, 1);
}

function decodeNested(input: BerInput, maxDepth: number, depth: number): Filter {
  if (depth > maxDepth) throw input.error(`filter nested deeper than ${maxDepth} levels`);
  const tag = input.peek();
  switch (tag) {
    case FilterTag.and:
    case FilterTag.or: {
      const end = input.sequence(tag);
      const filters: Filter[] = [];
      while (input.offset < end) filters.push(decodeNested(input, maxDepth, depth + 1));
      return { type: tag === FilterTag.and ? 'and' : 'or', filters };
    }
    case FilterTag.not: {
      const end = input.sequence(tag);
      const filter = decodeNested(input, maxDepth, depth + 1);
      if (input.offset !== end) throw input.error('NOT filter holds more than one filter');
      return { type: 'not', filter };
    }
    case FilterTag.equality:
    case FilterTag.greaterOrEqual:
    case FilterTag.lessOrEqual:
    case FilterTag.approx: {
      input.sequence(tag);
      const attribute = input.string();
      const value = input.octets();
      const type =
        tag === FilterTag.equality
          ? 'equality'
          : tag === FilterTag.greaterOrEqual
            ? 'greaterOrEqual'
            : tag === FilterTag.lessOrEqual
              ? 'lessOrEqual'
              : 'approx';
      return { type, attribute, value };
    }
    case FilterTag.substrings:
      return decodeSubstrings(input);
    case FilterTag.present:
      return { type: 'present', attribute: input.string(FilterTag.present) };
    case FilterTag.extensible:
      return decodeExtensible(input);
    default:
      throw input.error(tag === undefined ? 'missing filter' : `unknown filter choice 0x${tag.toString(16)}`);
  }
}

function decodeSubstrings(input: BerInput): Filter {
  input.sequence(FilterTag.substrings);
  const attribute = input.string();
  const end = input.sequence(0x30);
  let initial: Buffer | undefined;
  let final: Buffer | undefined;
  const any: Buffer[] = [];
  while (input.offset < end) {
    const tag = input.peek();
    if (tag === SubstringTag.initial && initial === undefined && any.length === 0 && final === undefined)
      initial = input.octets(SubstringTag.initial);
    else if (tag === SubstringTag.any && final === undefined) any.push(input.octets(SubstringTag.any));
    else if (tag === SubstringTag.final && final === undefined) final = input.octets(SubstringTag.final);
    else throw input.error('substrings out of order (initial, any…, final)');
  }
  if (initial === undefined && any.length === 0 && final === undefined)
    throw input.error('empty substrings filter');
  return {
    type: 'substrings',
    attribute,
    any,
    ...(initial !== undefined && { initial }),
    ...(final !== undefined && { final }),
  };
}

function decodeExtensible(input: BerInput): Filter {
  const end = input.sequence(FilterTag.extensible);
  let matchingRule: string | undefined;
  let attribute: string | undefined;
  let value: Buffer | undefined;
  let dnAttributes = false;
  if (input.peek(end) === ExtensibleTag.matchingRule) matchingRule = input.string(ExtensibleTag.matchingRule);
  if (input.peek(end) === ExtensibleTag.type) attribute = input.string(ExtensibleTag.type);
  if (input.peek(end) === ExtensibleTag.matchValue) value = input.octets(ExtensibleTag.matchValue);
  if (input.peek(end) === ExtensibleTag.dnAttributes)
    dnAttributes = input.boolean(ExtensibleTag.dnAttributes);
  if (input.offset !== end) throw input.error('unexpected element in extensible match');
  if (value === undefined) throw input.error('extensible match without matchValue');
  if (matchingRule === undefined && attribute === undefined) {
    throw input.error('extensible match needs a matching rule or an attribute type');
  }
  return {
    type: 'extensible',
    dnAttributes,
    value,
    ...(matchingRule !== undefined && { matchingRule }),
    ...(attribute !== undefined && { attribute }),
  };
}
