/**
 * Encodes responses (ber-output.ts). Entries are written from our own values: ldapjs'
 * SearchResultEntry re-serialises the DN (`,` → `\2c`, UTF-8 → hex) and base64-decodes string
 * values of `;binary` attributes, while LDAP servers return the stored DN and the stored octets.
 */
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
import { BerOutput } from './ber-output.js';
import type { OperationName } from './decode-request.js';

/** Every response is written here, one at a time (encoding is synchronous). */
const out = new BerOutput();

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
  return message(messageId, result.controls, () => {
    out.start(responseTags[op]);
    out.enumerated(result.code);
    out.string(result.matchedDN ?? '');
    out.string(result.diagnosticMessage ?? '');
    if (result.referrals && result.referrals.length > 0) {
      out.start(0xa3);
      for (const uri of result.referrals) out.string(uri);
      out.end();
    }
    if (op === 'extended') {
      const { responseName, responseValue, passwordModify } = result as ExtendedResult;
      if (responseName !== undefined) out.string(responseName, 0x8a);
      if (passwordModify) {
        // RFC 3062 PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL }.
        out.start(0x8b);
        out.start(0x30);
        out.octets(passwordModify.generatedPassword, PasswordModifyTag.generatedPassword);
        out.end();
        out.end();
      } else if (responseValue !== undefined) out.octets(responseValue, 0x8b);
    }
    out.end();
  });
}

/** typesOnly is the profile's to apply: it sends attributes without values when it honours it. */
export function encodeSearchEntry(messageId: number, entry: SearchResultEntry): Buffer {
  return message(messageId, undefined, () => {
    out.start(0x64);
    out.string(entry.dn);
    out.start(0x30);
    for (const attribute of entry.attributes) {
      out.start(0x30);
      out.string(attribute.type);
      out.start(0x31);
      for (const value of attribute.values) {
        if (typeof value === 'string') out.string(value);
        else out.octets(value);
      }
      out.end();
      out.end();
    }
    out.end();
    out.end();
  });
}

export function encodeSearchReference(messageId: number, uris: readonly string[]): Buffer {
  return message(messageId, undefined, () => {
    out.start(0x73);
    for (const uri of uris) out.string(uri);
    out.end();
  });
}

/** RFC 4511 §4.4.1: the unsolicited notice a server sends before it drops a connection. */
export function encodeNoticeOfDisconnection(code: number, diagnosticMessage: string): Buffer {
  return encodeResult(0, 'extended', { code, diagnosticMessage, responseName: '1.3.6.1.4.1.1466.20036' });
}

function message(messageId: number, controls: readonly ResponseControl[] | undefined, body: () => void) {
  try {
    out.start(0x30);
    out.integer(messageId);
    body();
    if (controls && controls.length > 0) {
      out.start(0xa0);
      for (const control of controls) writeControl(control);
      out.end();
    }
    out.end();
    return out.take();
  } catch (error) {
    out.reset();
    throw error;
  }
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

/** Control ::= SEQUENCE { controlType, controlValue OCTET STRING } — the value's BER written in place. */
function writeControl(control: ResponseControl): void {
  out.start(0x30);
  out.string(controlOid(control));
  out.start(0x04);
  out.start(0x30);
  if (control.type === 'paged') {
    out.integer(control.value.size);
    out.octets(control.value.cookie);
  } else if (control.type === 'sortResult') {
    out.enumerated(control.code);
    if (control.attribute !== undefined) out.string(control.attribute, 0x80);
  } else if (control.type === 'listView') {
    out.integer(control.targetPosition);
    out.integer(control.contentCount);
    out.enumerated(control.code);
    if (control.contextID !== undefined) out.octets(control.contextID);
  } else {
    if (control.timeBeforeExpiration !== undefined || control.graceAuthNsRemaining !== undefined) {
      out.start(0xa0);
      if (control.timeBeforeExpiration !== undefined) out.integer(control.timeBeforeExpiration, 0x80);
      else out.integer(control.graceAuthNsRemaining ?? 0, 0x81);
      out.end();
    }
    if (control.error !== undefined) out.enumerated(ppolicyErrors.indexOf(control.error), 0x81);
  }
  out.end();
  out.end();
  out.end();
}

function controlOid(control: ResponseControl): string {
  switch (control.type) {
    case 'paged':
      return PagedResultsOid;
    case 'sortResult':
      return ControlOid.sortResult;
    case 'listView':
      return ControlOid.virtualListViewResult;
    default:
      return PasswordPolicyOid;
  }
}
