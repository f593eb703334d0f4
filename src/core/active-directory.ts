/**
 * Active Directory facts that both the server's emulation and the client's decoding rest on:
 * the `data` code of a failed bind, and the userAccountControl and groupType flags (MS-ADTS
 * 2.2.16, 2.2.12).
 */

/** Win32 codes (hex, lower case, as AD writes them) in `data` of a failed bind's diagnostic. */
export const AdBindData = {
  /** No such user (modern DCs mostly answer 52e instead). */
  userNotFound: '525',
  /** Wrong user name or password; masks the codes below when the password is wrong. */
  invalidCredentials: '52e',
  /** Outside the permitted logon hours (only with the correct password). */
  invalidLogonHours: '530',
  /** Not permitted from this workstation (only with the correct password). */
  invalidWorkstation: '531',
  /** Password expired (only with the correct password). */
  passwordExpired: '532',
  /** Account disabled, userAccountControl ACCOUNTDISABLE (only with the correct password). */
  accountDisabled: '533',
  /** accountExpires has passed (only with the correct password). */
  accountExpired: '701',
  /** The user must change the password, pwdLastSet = 0 (only with the correct password). */
  passwordMustChange: '773',
  /** Locked out; reported even with a wrong password. */
  accountLocked: '775',
} as const;

export type AdBindDataReason = keyof typeof AdBindData;

/** userAccountControl flags. */
export const UserAccountControl = {
  accountDisable: 0x2,
  lockout: 0x10,
  passwordNotRequired: 0x20,
  normalAccount: 0x200,
  dontExpirePassword: 0x10000,
  passwordExpired: 0x800000,
  /** The account-type bits (temp duplicate, normal, interdomain, workstation, server trust). */
  accountTypes: 0x3b00,
} as const;

/** groupType flags; a security group has the sign bit, a distribution list does not. */
export const GroupType = {
  globalScope: 0x2,
  domainLocalScope: 0x4,
  universalScope: 0x8,
  security: 0x80000000,
} as const;
