/**
 * Encodes responses with ldapjs' BER writer. Entries are written from our own values: ldapjs'
 * SearchResultEntry re-serialises the DN (`,` → `\2c`, UTF-8 → hex) and base64-decodes string
 * values of `;binary` attributes, while LDAP servers return the stored DN and the stored octets.
 */
import asn1 from '@ldapjs/asn1';
import { ControlOid } from '../../core/control-oids.js';
import { PasswordModifyTag } from '../../core/extended-operations.js';
import type {
  ExtendedResult,
  LdapResult,
  PasswordPolicyError,
  ResponseControl,
  SearchResultEntry,
} from '../operations.js';
import { PagedResultsOid, PasswordPolicyOid } from '../operations.js';
import type { OperationName } from './decode-request.js';

type Writer = InstanceType<typeof asn1.BerWriter>;

const responseTags: Record<Exclude<OperationName, 'abandon' | 'unbind'>, number> = {
  bind: 0x61,
  search: 0x65,
  modify: 0x67,
  add: 0x69,
  delete: 0x6b,
  modifyDN: 0x6d,
  compare: 0x6f,
  extended: 0x78,
};

export type RespondingOperation = keyof typeof responseTags;

export function encodeResult(
  messageId: number,
  op: RespondingOperation,
  result: LdapResult | ExtendedResult,
): Buffer {
  return message(messageId, result.controls, (w) => {
    w.startSequence(responseTags[op]);
    w.writeEnumeration(result.code);
    w.writeString(result.matchedDN ?? '');
    w.writeString(result.diagnosticMessage ?? '');
    if (result.referrals && result.referrals.length > 0) {
      w.startSequence(0xa3);
      for (const uri of result.referrals) w.writeString(uri);
      w.endSequence();
    }
    if (op === 'extended') {
      const { responseName, responseValue, passwordModify } = result as ExtendedResult;
      if (responseName !== undefined) w.writeString(responseName, 0x8a);
      const value = passwordModify
        ? passwordModifyResponseValue(passwordModify.generatedPassword)
        : responseValue;
      if (value !== undefined) w.writeBuffer(value, 0x8b);
    }
    w.endSequence();
  });
}

/** RFC 3062 PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL }. */
function passwordModifyResponseValue(generatedPassword: Buffer): Buffer {
  const w = new asn1.BerWriter();
  w.startSequence();
  w.writeBuffer(generatedPassword, PasswordModifyTag.generatedPassword);
  w.endSequence();
  return w.buffer;
}

/** typesOnly is the profile's to apply: it sends attributes without values when it honours it. */
export function encodeSearchEntry(messageId: number, entry: SearchResultEntry): Buffer {
  return message(messageId, undefined, (w) => {
    w.startSequence(0x64);
    w.writeString(entry.dn);
    w.startSequence(0x30);
    for (const attribute of entry.attributes) {
      w.startSequence(0x30);
      w.writeString(attribute.type);
      w.startSequence(0x31);
      for (const value of attribute.values) {
        if (typeof value === 'string') w.writeString(value);
        else w.writeBuffer(value, 0x04);
      }
      w.endSequence();
      w.endSequence();
    }
    w.endSequence();
    w.endSequence();
  });
}

export function encodeSearchReference(messageId: number, uris: readonly string[]): Buffer {
  return message(messageId, undefined, (w) => {
    w.startSequence(0x73);
    for (const uri of uris) w.writeString(uri);
    w.endSequence();
  });
}

/** RFC 4511 §4.4.1: the unsolicited notice a server sends before it drops a connection. */
export function encodeNoticeOfDisconnection(code: number, diagnosticMessage: string): Buffer {
  return encodeResult(0, 'extended', { code, diagnosticMessage, responseName: '1.3.6.1.4.1.1466.20036' });
}

function message(
  messageId: number,
  controls: readonly ResponseControl[] | undefined,
  body: (w: Writer) => void,
) {
  const w = new asn1.BerWriter();
  w.startSequence(0x30);
  w.writeInt(messageId);
  body(w);
  if (controls && controls.length > 0) {
    w.startSequence(0xa0);
    for (const control of controls) writeControl(w, control);
    w.endSequence();
  }
  w.endSequence();
  return w.buffer;
}

const ppolicyErrors: readonly PasswordPolicyError[] = [
  'passwordExpired',
  'accountLocked',
  'changeAfterReset',
  'passwordModNotAllowed',
  'mustSupplyOldPassword',
  'insufficientPasswordQuality',
  'passwordTooShort',
  'passwordTooYoung',
  'passwordInHistory',
  'passwordTooLong',
];

function writeControl(w: Writer, control: ResponseControl): void {
  const value = new asn1.BerWriter();
  value.startSequence(0x30);
  let oid: string;
  if (control.type === 'paged') {
    oid = PagedResultsOid;
    value.writeInt(control.value.size);
    value.writeBuffer(control.value.cookie, 0x04);
  } else if (control.type === 'sortResult') {
    oid = ControlOid.sortResult;
    value.writeEnumeration(control.code);
    if (control.attribute !== undefined) value.writeString(control.attribute, 0x80);
  } else if (control.type === 'listView') {
    oid = ControlOid.virtualListViewResult;
    value.writeInt(control.targetPosition);
    value.writeInt(control.contentCount);
    value.writeEnumeration(control.code);
    if (control.contextID !== undefined) value.writeBuffer(control.contextID, 0x04);
  } else {
    oid = PasswordPolicyOid;
    if (control.timeBeforeExpiration !== undefined || control.graceAuthNsRemaining !== undefined) {
      value.startSequence(0xa0);
      if (control.timeBeforeExpiration !== undefined) value.writeInt(control.timeBeforeExpiration, 0x80);
      else value.writeInt(control.graceAuthNsRemaining ?? 0, 0x81);
      value.endSequence();
    }
    if (control.error !== undefined) value.writeEnumeration(ppolicyErrors.indexOf(control.error), 0x81);
  }
  value.endSequence();
  w.startSequence(0x30);
  w.writeString(oid);
  w.writeBuffer(value.buffer, 0x04);
  w.endSequence();
}
