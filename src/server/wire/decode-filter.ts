/**
 * Decodes the BER search filter (RFC 4511 §4.5.1) straight into the core filter tree. ldapjs turns
 * the filter into a string and parses it again, which leaves values RFC 4515-escaped, corrupts
 * `\5c`, mangles non-UTF-8 bytes and crashes on `(`/`)` in extensible values; decoding the BER
 * keeps every value byte-exact.
 */
import type { Filter } from '../../core/filter-ast.js';
import type { BerInput } from './ber-input.js';

/** Deeper nesting than this is refused as a decoding error (filter nesting bombs). */
export const maxFilterDepth = 64;

export function decodeFilter(input: BerInput, depth = 1): Filter {
  if (depth > maxFilterDepth) throw input.error(`filter nested deeper than ${maxFilterDepth} levels`);
  const tag = input.peek();
  switch (tag) {
    case 0xa0:
    case 0xa1: {
      const end = input.sequence(tag);
      const filters: Filter[] = [];
      while (input.offset < end) filters.push(decodeFilter(input, depth + 1));
      return { type: tag === 0xa0 ? 'and' : 'or', filters };
    }
    case 0xa2: {
      const end = input.sequence(tag);
      const filter = decodeFilter(input, depth + 1);
      if (input.offset !== end) throw input.error('NOT filter holds more than one filter');
      return { type: 'not', filter };
    }
    case 0xa3:
    case 0xa5:
    case 0xa6:
    case 0xa8: {
      input.sequence(tag);
      const attribute = input.string();
      const value = input.octets();
      const type =
        tag === 0xa3 ? 'equality' : tag === 0xa5 ? 'greaterOrEqual' : tag === 0xa6 ? 'lessOrEqual' : 'approx';
      return { type, attribute, value };
    }
    case 0xa4:
      return decodeSubstrings(input);
    case 0x87:
      return { type: 'present', attribute: input.string(0x87) };
    case 0xa9:
      return decodeExtensible(input);
    default:
      throw input.error(tag === undefined ? 'missing filter' : `unknown filter choice 0x${tag.toString(16)}`);
  }
}

function decodeSubstrings(input: BerInput): Filter {
  input.sequence(0xa4);
  const attribute = input.string();
  const end = input.sequence(0x30);
  let initial: Buffer | undefined;
  let final: Buffer | undefined;
  const any: Buffer[] = [];
  while (input.offset < end) {
    const tag = input.peek();
    if (tag === 0x80 && initial === undefined && any.length === 0 && final === undefined)
      initial = input.octets(0x80);
    else if (tag === 0x81 && final === undefined) any.push(input.octets(0x81));
    else if (tag === 0x82 && final === undefined) final = input.octets(0x82);
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
  const end = input.sequence(0xa9);
  let matchingRule: string | undefined;
  let attribute: string | undefined;
  let value: Buffer | undefined;
  let dnAttributes = false;
  if (input.peek(end) === 0x81) matchingRule = input.string(0x81);
  if (input.peek(end) === 0x82) attribute = input.string(0x82);
  if (input.peek(end) === 0x83) value = input.octets(0x83);
  if (input.peek(end) === 0x84) dnAttributes = input.boolean(0x84);
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
