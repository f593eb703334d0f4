/**
 * Decoding of Active Directory's diagnostic text on a failed bind (and other errors), such as
 *
 *   80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563␀
 *
 * AD answers every failed simple bind with result 49 and puts the reason in the `data` field as a
 * Win32 error code in hex. ldapts appends ` Code: 0x31` to the text; both that suffix and the
 * trailing NUL are tolerated. Only `data` codes with a documented meaning get a named reason;
 * other AD texts (`000004DC: LdapErr: … data 0`) decode with reason `unknown`.
 */
import { AdBindData, type AdBindDataReason } from '../core/active-directory.js';

/** Why AD refused a bind, from the `data` code (see `AdBindData`). */
export type AdBindReason = AdBindDataReason | 'unknown';

export interface AdDiagnostic {
  /** The data code in lower case, as AD writes it: `'775'`, `'52e'`. */
  readonly data: string;
  readonly reason: AdBindReason;
  /** The leading error code in upper case: `'80090308'` for a bind, `'000004DC'`, `'0000208D'`. */
  readonly errorCode: string;
  /** The Win32 error number the data code stands for (`data 775` → 1909). */
  readonly win32: number;
}

const REASON_BY_DATA: ReadonlyMap<string, AdBindReason> = new Map(
  Object.entries(AdBindData).map(([reason, data]) => [data, reason as AdBindDataReason]),
);

/** Reasons that describe the account rather than the credentials typed. */
const ACCOUNT_STATES: ReadonlySet<AdBindReason> = new Set([
  'invalidLogonHours',
  'invalidWorkstation',
  'passwordExpired',
  'accountDisabled',
  'accountExpired',
  'passwordMustChange',
  'accountLocked',
]);

/** True for reasons about the account's state (locked, disabled, expired, …), not bad credentials. */
export function isAdAccountState(reason: AdBindReason): boolean {
  return ACCOUNT_STATES.has(reason);
}

// `8 hex digits: XxxErr:` marks an AD diagnostic (LdapErr, SvcErr, NameErr, RefErr, AtrErr, …).
// Fixed-width pieces only, so matching is linear in the text length.
const AD_PREFIX = /\b([0-9a-f]{8}): [a-z]{2,8}err:/i;
const DATA_FIELD = /(?:^|[\s,])data ([0-9a-f]{1,8})\b/i;

/**
 * Decodes an AD diagnostic message, or returns undefined when the text is not one (OpenLDAP's
 * texts, an empty message). Case-insensitive; the data code comes back lower-cased.
 */
export function parseAdDiagnostic(message: string): AdDiagnostic | undefined {
  if (typeof message !== 'string' || message.length === 0) return undefined;
  const prefix = AD_PREFIX.exec(message);
  if (prefix === null) return undefined;
  const field = DATA_FIELD.exec(message.slice(prefix.index));
  if (field === null) return undefined;
  const data = field[1]!.toLowerCase();
  return {
    data,
    reason: REASON_BY_DATA.get(data) ?? 'unknown',
    errorCode: prefix[1]!.toUpperCase(),
    win32: Number.parseInt(data, 16),
  };
}
