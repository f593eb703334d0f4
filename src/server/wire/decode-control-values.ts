/**
 * The values of the search controls the engine reads beyond paging: server-side sorting (RFC
 * 2891), AD's extended DN (MS-ADTS 3.1.1.3.4.1.5), subentries (RFC 3672) and matched values (RFC
 * 3876). A value that does not decode is a decoding error, as for the paged results control.
 */
import { ControlOid } from '../../core/control-oids.js';
import type { Filter } from '../../core/filter-ast.js';
import type { ListViewRequest, RequestControl, SortKey } from '../operations.js';
import { BerInput } from './ber-input.js';
import { decodeFilter, defaultFilterLimits, type FilterLimits } from './decode-filter.js';

type Decoded = Pick<RequestControl, 'sort' | 'listView' | 'extendedDN' | 'subentries' | 'matchedValues'>;

/** The decoded form of a known control's value; {} for other controls. */
export function decodeControlValue(
  oid: string,
  value: Buffer | undefined,
  limits: FilterLimits = defaultFilterLimits,
): Decoded {
  switch (oid) {
    case ControlOid.serverSort:
      return { sort: sortKeys(required(oid, value)) };
    case ControlOid.virtualListView:
      return { listView: listViewRequest(required(oid, value)) };
    case ControlOid.extendedDN:
      return { extendedDN: value === undefined || value.length === 0 ? 'hex' : extendedDNForm(value) };
    case ControlOid.subentries:
      return { subentries: new BerInput(required(oid, value), 'subentries control value').boolean() };
    case ControlOid.matchedValues:
      return { matchedValues: valuesReturnFilter(required(oid, value), limits) };
    default:
      return {};
  }
}

function required(oid: string, value: Buffer | undefined): Buffer {
  if (value === undefined) throw new BerInput(Buffer.alloc(0), `control ${oid}`).error('value missing');
  return value;
}

/** SortKeyList ::= SEQUENCE OF SEQUENCE { attributeType, orderingRule [0] OPTIONAL, reverseOrder [1] BOOLEAN DEFAULT FALSE } */
function sortKeys(value: Buffer): SortKey[] {
  const input = new BerInput(value, 'sort control value');
  const end = input.sequence(0x30);
  const keys: SortKey[] = [];
  while (input.offset < end) {
    const keyEnd = input.sequence(0x30);
    const attribute = input.string();
    const orderingRule = input.peek(keyEnd) === 0x80 ? input.string(0x80) : undefined;
    const reverse = input.peek(keyEnd) === 0x81 ? input.boolean(0x81) : false;
    keys.push({ attribute, reverse, ...(orderingRule !== undefined && { orderingRule }) });
  }
  return keys;
}

/**
 * VirtualListViewRequest ::= SEQUENCE { beforeCount INTEGER, afterCount INTEGER, target CHOICE {
 * byOffset [0] SEQUENCE { offset INTEGER, contentCount INTEGER }, greaterThanOrEqual [1]
 * AssertionValue }, contextID OCTET STRING OPTIONAL }
 */
function listViewRequest(value: Buffer): ListViewRequest {
  const input = new BerInput(value, 'virtual list view control value');
  const end = input.sequence(0x30);
  const before = input.integer();
  const after = input.integer();
  let target: ListViewRequest['target'];
  if (input.peek(end) === 0xa0) {
    input.sequence(0xa0);
    target = { offset: input.integer(), contentCount: input.integer() };
  } else {
    target = { greaterThanOrEqual: input.octets(0x81) };
  }
  const contextID = input.peek(end) === 0x04 ? input.octets(0x04) : undefined;
  return { before, after, target, ...(contextID !== undefined && { contextID }) };
}

/** ExtendedDNRequestValue ::= SEQUENCE { option INTEGER }: 0 hexadecimal, 1 string form. */
function extendedDNForm(value: Buffer): 'hex' | 'string' {
  const input = new BerInput(value, 'extended DN control value');
  input.sequence(0x30);
  return input.integer() === 1 ? 'string' : 'hex';
}

/** ValuesReturnFilter ::= SEQUENCE OF SimpleFilterItem, read as the OR of its items. */
function valuesReturnFilter(value: Buffer, limits: FilterLimits): Filter {
  const input = new BerInput(value, 'matched values control value');
  const end = input.sequence(0x30);
  const filters: Filter[] = [];
  while (input.offset < end) filters.push(decodeFilter(input, limits));
  return { type: 'or', filters };
}
