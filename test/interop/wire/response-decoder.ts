/**
 * Decodes LDAP response messages (RFC 4511 §4) with ldapts' BerReader, keeping everything a probe
 * may want to compare: matchedDN, the exact diagnostic text, raw attribute bytes and *every*
 * response control. ldapts' own Client drops matchedDN, partial results before a non-zero
 * result code and controls it does not know, so the probes decode responses themselves.
 */
import { Ber, BerReader } from 'ldapts';

export interface WireControl {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Buffer | undefined;
}

export interface WireAttribute {
  readonly type: string;
  readonly values: Buffer[];
}

interface Envelope {
  readonly messageId: number;
  readonly controls: WireControl[];
}

export interface EntryMessage extends Envelope {
  readonly kind: 'entry';
  readonly dn: string;
  readonly attributes: WireAttribute[];
}

export interface ReferenceMessage extends Envelope {
  readonly kind: 'reference';
  readonly uris: string[];
}

export interface ResultMessage extends Envelope {
  readonly kind: 'result';
  /** BER application tag of the response (0x61 bind, 0x65 search done, 0x78 extended…). */
  readonly protocolOp: number;
  readonly resultCode: number;
  readonly matchedDN: string;
  readonly diagnosticMessage: string;
  readonly referrals: string[];
  readonly extendedName: string | undefined;
  readonly extendedValue: Buffer | undefined;
}

export interface IntermediateMessage extends Envelope {
  readonly kind: 'intermediate';
  readonly name: string | undefined;
  readonly value: Buffer | undefined;
}

export type ResponseMessage = EntryMessage | ReferenceMessage | ResultMessage | IntermediateMessage;

const Op = {
  bindResponse: 0x61,
  searchResultEntry: 0x64,
  searchResultDone: 0x65,
  modifyResponse: 0x67,
  addResponse: 0x69,
  delResponse: 0x6b,
  modDNResponse: 0x6d,
  compareResponse: 0x6f,
  searchResultReference: 0x73,
  extendedResponse: 0x78,
  intermediateResponse: 0x79,
} as const;

const RESULT_OPS: ReadonlySet<number> = new Set([
  Op.bindResponse,
  Op.searchResultDone,
  Op.modifyResponse,
  Op.addResponse,
  Op.delResponse,
  Op.modDNResponse,
  Op.compareResponse,
  Op.extendedResponse,
]);

const TAG_REFERRAL = 0xa3;
const TAG_SASL_CREDS = 0x87;
const TAG_EXTENDED_NAME = 0x8a;
const TAG_EXTENDED_VALUE = 0x8b;
const TAG_INTERMEDIATE_NAME = 0x80;
const TAG_INTERMEDIATE_VALUE = 0x81;
const TAG_CONTROLS = 0xa0;

/**
 * Length in bytes of the first complete BER element in `buffer`, or undefined while incomplete.
 * Used to frame LDAPMessages on a stream.
 */
export function completeElementLength(buffer: Buffer): number | undefined {
  if (buffer.length < 2) return undefined;
  const first = buffer[1] as number;
  if (first < 0x80) return buffer.length >= 2 + first ? 2 + first : undefined;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 4)
    throw new Error(`unsupported BER length form 0x${first.toString(16)}`);
  if (buffer.length < 2 + lengthBytes) return undefined;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + (buffer[2 + i] as number);
  const total = 2 + lengthBytes + length;
  return buffer.length >= total ? total : undefined;
}

function expectString(reader: BerReader, what: string, tag: number = Ber.OctetString): string {
  const value = reader.readString(tag);
  if (value === null) throw new Error(`truncated ${what}`);
  return value;
}

function expectBuffer(reader: BerReader, what: string, tag: number = Ber.OctetString): Buffer {
  const value = reader.readString(tag, true);
  if (value === null) throw new Error(`truncated ${what}`);
  return value;
}

/** End offset of the constructed element whose header readSequence just consumed. */
function sequenceEnd(reader: BerReader, tag: number, what: string): number {
  if (reader.readSequence(tag) === null) throw new Error(`truncated ${what}`);
  return reader.offset + reader.length;
}

function decodeControls(reader: BerReader, end: number): WireControl[] {
  const controls: WireControl[] = [];
  while (reader.offset < end) {
    const controlEnd = sequenceEnd(reader, 0x30, 'control');
    const oid = expectString(reader, 'control type');
    let critical = false;
    let value: Buffer | undefined;
    if (reader.offset < controlEnd && reader.peek() === Ber.Boolean) critical = reader.readBoolean() ?? false;
    if (reader.offset < controlEnd) value = expectBuffer(reader, 'control value');
    controls.push({ oid, critical, value });
    reader.offset = controlEnd;
  }
  return controls;
}

function decodeAttributes(reader: BerReader): WireAttribute[] {
  const end = sequenceEnd(reader, 0x30, 'attribute list');
  const attributes: WireAttribute[] = [];
  while (reader.offset < end) {
    const attributeEnd = sequenceEnd(reader, 0x30, 'attribute');
    const type = expectString(reader, 'attribute type');
    const valuesEnd = sequenceEnd(reader, 0x31, 'attribute values');
    const values: Buffer[] = [];
    while (reader.offset < valuesEnd) values.push(Buffer.from(expectBuffer(reader, `value of ${type}`)));
    attributes.push({ type, values });
    reader.offset = attributeEnd;
  }
  return attributes;
}

function decodeUris(reader: BerReader, end: number): string[] {
  const uris: string[] = [];
  while (reader.offset < end) uris.push(expectString(reader, 'URI'));
  return uris;
}

type OpPart = ResponseMessage extends infer M ? (M extends unknown ? Omit<M, keyof Envelope> : never) : never;

function decodeResult(reader: BerReader, protocolOp: number, opEnd: number): OpPart {
  const resultCode = reader.readEnumeration();
  if (resultCode === null) throw new Error('truncated resultCode');
  const matchedDN = expectString(reader, 'matchedDN');
  const diagnosticMessage = expectString(reader, 'diagnosticMessage');
  let referrals: string[] = [];
  let extendedName: string | undefined;
  let extendedValue: Buffer | undefined;
  if (reader.offset < opEnd && reader.peek() === TAG_REFERRAL) {
    referrals = decodeUris(reader, sequenceEnd(reader, TAG_REFERRAL, 'referral'));
  }
  if (reader.offset < opEnd && reader.peek() === TAG_SASL_CREDS)
    expectBuffer(reader, 'saslCreds', TAG_SASL_CREDS);
  if (reader.offset < opEnd && reader.peek() === TAG_EXTENDED_NAME)
    extendedName = expectString(reader, 'responseName', TAG_EXTENDED_NAME);
  if (reader.offset < opEnd && reader.peek() === TAG_EXTENDED_VALUE)
    extendedValue = Buffer.from(expectBuffer(reader, 'responseValue', TAG_EXTENDED_VALUE));
  return {
    kind: 'result',
    protocolOp,
    resultCode,
    matchedDN,
    diagnosticMessage,
    referrals,
    extendedName,
    extendedValue,
  };
}

function decodeProtocolOp(reader: BerReader, protocolOp: number, opEnd: number): OpPart {
  if (protocolOp === Op.searchResultEntry) {
    return { kind: 'entry', dn: expectString(reader, 'objectName'), attributes: decodeAttributes(reader) };
  }
  if (protocolOp === Op.searchResultReference) return { kind: 'reference', uris: decodeUris(reader, opEnd) };
  if (protocolOp === Op.intermediateResponse) {
    let name: string | undefined;
    let value: Buffer | undefined;
    if (reader.offset < opEnd && reader.peek() === TAG_INTERMEDIATE_NAME)
      name = expectString(reader, 'responseName', TAG_INTERMEDIATE_NAME);
    if (reader.offset < opEnd && reader.peek() === TAG_INTERMEDIATE_VALUE)
      value = Buffer.from(expectBuffer(reader, 'responseValue', TAG_INTERMEDIATE_VALUE));
    return { kind: 'intermediate', name, value };
  }
  if (RESULT_OPS.has(protocolOp)) return decodeResult(reader, protocolOp, opEnd);
  throw new Error(`unexpected protocolOp 0x${protocolOp.toString(16)}`);
}

/** Decodes one complete LDAPMessage (as framed by completeElementLength). */
export function decodeResponse(message: Buffer): ResponseMessage {
  const reader = new BerReader(message);
  const messageEnd = sequenceEnd(reader, 0x30, 'LDAPMessage');
  const messageId = reader.readInt();
  if (messageId === null) throw new Error('truncated messageID');
  const protocolOp = reader.peek();
  if (protocolOp === null) throw new Error(`message ${messageId}: missing protocolOp`);
  const opEnd = sequenceEnd(reader, protocolOp, 'protocolOp');
  const part = decodeProtocolOp(reader, protocolOp, opEnd);
  reader.offset = opEnd;
  let controls: WireControl[] = [];
  if (reader.offset < messageEnd && reader.peek() === TAG_CONTROLS) {
    controls = decodeControls(reader, sequenceEnd(reader, TAG_CONTROLS, 'controls'));
  }
  return { ...part, messageId, controls };
}
