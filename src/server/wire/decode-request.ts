/** Decodes one framed LDAPMessage PDU into the server's operation types (RFC 4511 §4). */
import { ExtendedOid, PasswordModifyTag } from '../../core/extended-operations.js';
import type {
  AddRequest,
  AnsweredRequest,
  BindRequest,
  CompareRequest,
  ExtendedRequest,
  ModifyChange,
  ModifyDNRequest,
  ModifyRequest,
  PasswordModifyValue,
  RequestControl,
  SearchRequest,
  SearchScope,
} from '../operations.js';
import { PagedResultsOid } from '../operations.js';
import { BerInput, ProtocolDecodeError } from './ber-input.js';
import { decodeControlValue } from './decode-control-values.js';
import { decodeFilter, defaultFilterLimits, type FilterLimits } from './decode-filter.js';

export type DecodedOperation =
  | AnsweredRequest
  | { readonly op: 'abandon'; readonly abandonId: number }
  | { readonly op: 'unbind' };

export type OperationName = DecodedOperation['op'];

export interface DecodedMessage {
  readonly messageId: number;
  readonly operation: DecodedOperation;
  readonly controls: readonly RequestControl[];
}

/**
 * A PDU whose envelope was readable but whose operation was not: the server answers it with
 * protocolError on the operation's own response type, as slapd does, and the connection lives on.
 */
export class OperationDecodeError extends ProtocolDecodeError {
  override name = 'OperationDecodeError';
  constructor(
    readonly messageId: number,
    readonly op: OperationName | undefined,
    message: string,
  ) {
    super(message);
  }
}

const operationTags: Record<number, OperationName> = {
  96: 'bind',
  66: 'unbind',
  99: 'search',
  102: 'modify',
  104: 'add',
  74: 'delete',
  108: 'modifyDN',
  110: 'compare',
  80: 'abandon',
  119: 'extended',
};

const scopes: readonly SearchScope[] = ['base', 'one', 'sub'];

export function decodeMessage(pdu: Buffer, limits: FilterLimits = defaultFilterLimits): DecodedMessage {
  const input = new BerInput(pdu);
  const end = input.sequence(0x30);
  const messageId = input.integer();
  if (messageId < 0 || messageId > 2147483647) throw input.error(`messageID ${messageId} out of range`);
  const tag = input.peek(end);
  const op = tag === undefined ? undefined : operationTags[tag];
  try {
    if (op === undefined) throw input.error(`unknown protocol operation 0x${tag?.toString(16) ?? '??'}`);
    const operation = decodeOperation(input, op, limits);
    const controls = input.peek(end) === 0xa0 ? decodeControls(input, limits) : [];
    return { messageId, operation, controls };
  } catch (error) {
    if (error instanceof ProtocolDecodeError) throw new OperationDecodeError(messageId, op, error.message);
    throw error;
  }
}

function decodeOperation(input: BerInput, op: OperationName, limits: FilterLimits): DecodedOperation {
  switch (op) {
    case 'bind':
      return { op, request: decodeBind(input) };
    case 'unbind':
      input.skip();
      return { op };
    case 'search':
      return { op, request: decodeSearch(input, limits) };
    case 'modify':
      return { op, request: decodeModify(input) };
    case 'add':
      return { op, request: decodeAdd(input) };
    case 'delete':
      return { op, request: { dn: input.string(0x4a) } };
    case 'modifyDN':
      return { op, request: decodeModifyDN(input) };
    case 'compare':
      return { op, request: decodeCompare(input) };
    case 'abandon':
      return { op, abandonId: input.integer(0x50) };
    case 'extended':
      return { op, request: decodeExtended(input) };
  }
}

function decodeBind(input: BerInput): BindRequest {
  input.sequence(0x60);
  const version = input.integer();
  const name = input.string();
  const choice = input.peek();
  if (choice === 0x80) return { version, name, method: 'simple', password: input.octets(0x80) };
  if (choice === 0xa3) {
    // ldapjs' parser throws on SASL and drops the connection; decoding it lets the profile answer.
    const end = input.sequence(0xa3);
    const saslMechanism = input.string();
    const password = input.peek(end) === 0x04 ? input.octets() : Buffer.alloc(0);
    return { version, name, method: 'sasl', saslMechanism, password };
  }
  throw input.error(`unknown authentication choice 0x${choice?.toString(16) ?? '??'}`);
}

function decodeSearch(input: BerInput, limits: FilterLimits): SearchRequest {
  input.sequence(0x63);
  const baseDN = input.string();
  const scopeNumber = input.enumeration();
  const scope = scopes[scopeNumber];
  if (scope === undefined) throw input.error(`unknown search scope ${scopeNumber}`);
  const derefAliases = input.enumeration();
  const sizeLimit = input.integer();
  const timeLimit = input.integer();
  const typesOnly = input.boolean();
  const filter = decodeFilter(input, limits);
  const end = input.sequence(0x30);
  const attributes: string[] = [];
  while (input.offset < end) attributes.push(input.string());
  return { baseDN, scope, derefAliases, sizeLimit, timeLimit, typesOnly, filter, attributes };
}

function decodeAttributeList(input: BerInput): { type: string; values: Buffer[] }[] {
  const end = input.sequence(0x30);
  const attributes: { type: string; values: Buffer[] }[] = [];
  while (input.offset < end) {
    input.sequence(0x30);
    const type = input.string();
    const valuesEnd = input.sequence(0x31);
    const values: Buffer[] = [];
    while (input.offset < valuesEnd) values.push(input.octets());
    attributes.push({ type, values });
  }
  return attributes;
}

function decodeAdd(input: BerInput): AddRequest {
  input.sequence(0x68);
  const dn = input.string();
  return { dn, attributes: decodeAttributeList(input) };
}

const modifyOperations = ['add', 'delete', 'replace', 'increment'] as const;

function decodeModify(input: BerInput): ModifyRequest {
  input.sequence(0x66);
  const dn = input.string();
  const end = input.sequence(0x30);
  const changes: ModifyChange[] = [];
  while (input.offset < end) {
    input.sequence(0x30);
    const number = input.enumeration();
    const operation = number === 3 ? 'increment' : modifyOperations[number];
    if (operation === undefined) throw input.error(`unknown modify operation ${number}`);
    input.sequence(0x30);
    const type = input.string();
    const valuesEnd = input.sequence(0x31);
    const values: Buffer[] = [];
    while (input.offset < valuesEnd) values.push(input.octets());
    changes.push({ operation, type, values });
  }
  return { dn, changes };
}

function decodeModifyDN(input: BerInput): ModifyDNRequest {
  const end = input.sequence(0x6c);
  const dn = input.string();
  const newRDN = input.string();
  const deleteOldRDN = input.boolean();
  const newSuperior = input.peek(end) === 0x80 ? input.string(0x80) : undefined;
  return { dn, newRDN, deleteOldRDN, ...(newSuperior !== undefined && { newSuperior }) };
}

function decodeCompare(input: BerInput): CompareRequest {
  input.sequence(0x6e);
  const dn = input.string();
  input.sequence(0x30);
  const attribute = input.string();
  const value = input.octets();
  return { dn, attribute, value };
}

function decodeExtended(input: BerInput): ExtendedRequest {
  const end = input.sequence(0x77);
  const oid = input.string(0x80);
  const value = input.peek(end) === 0x81 ? input.octets(0x81) : undefined;
  if (oid === ExtendedOid.passwordModify && value !== undefined && value.length > 0) {
    return { oid, value, passwordModify: decodePasswordModify(value) };
  }
  if (oid === ExtendedOid.cancel && value !== undefined) {
    return { oid, value, cancel: { messageId: decodeCancel(value) } };
  }
  return { oid, ...(value !== undefined && { value }) };
}

/** CancelRequestValue ::= SEQUENCE { cancelID MessageID }; undefined when it is not that. */
function decodeCancel(value: Buffer): number | undefined {
  try {
    const input = new BerInput(value, 'cancel request value');
    const end = input.sequence(0x30);
    const id = input.integer();
    return input.offset === end && end === value.length && id >= 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

function decodePasswordModify(value: Buffer): PasswordModifyValue {
  const input = new BerInput(value, 'Password Modify request value');
  const end = input.sequence(0x30);
  const userIdentity =
    input.peek(end) === PasswordModifyTag.userIdentity
      ? input.string(PasswordModifyTag.userIdentity)
      : undefined;
  const oldPassword =
    input.peek(end) === PasswordModifyTag.oldPassword
      ? input.octets(PasswordModifyTag.oldPassword)
      : undefined;
  const newPassword =
    input.peek(end) === PasswordModifyTag.newPassword
      ? input.octets(PasswordModifyTag.newPassword)
      : undefined;
  if (input.offset !== end) throw input.error('unexpected element');
  return {
    ...(userIdentity !== undefined && { userIdentity }),
    ...(oldPassword !== undefined && { oldPassword }),
    ...(newPassword !== undefined && { newPassword }),
  };
}

function decodeControls(input: BerInput, limits: FilterLimits): RequestControl[] {
  const end = input.sequence(0xa0);
  const controls: RequestControl[] = [];
  while (input.offset < end) {
    const controlEnd = input.sequence(0x30);
    const oid = input.string();
    const critical = input.peek(controlEnd) === 0x01 ? input.boolean() : false;
    const value = input.peek(controlEnd) === 0x04 ? input.octets() : undefined;
    if (input.offset !== controlEnd) throw input.error(`unexpected element in control ${oid}`);
    if (oid === PagedResultsOid) {
      if (value === undefined) throw input.error('paged results control without a value');
      const paged = new BerInput(value, 'paged results control value');
      paged.sequence(0x30);
      controls.push({ oid, critical, value, paged: { size: paged.integer(), cookie: paged.octets() } });
    } else {
      controls.push({
        oid,
        critical,
        ...(value !== undefined && { value }),
        ...decodeControlValue(oid, value, limits),
      });
    }
  }
  return controls;
}
