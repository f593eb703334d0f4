/** What AD accounts are configured with (the profile's texts and options) and the domain they work in. */
import type { AdBindData } from '../../core/active-directory.js';
import type { Directory } from '../directory/directory.js';
import type { LdapResult, Refusal } from '../operations.js';

export type PasswordProblem = 'tooShort' | 'notComplex' | 'inHistory';

export interface AdAccountTexts {
  /** The bind diagnostic for a `data` code (AD: `80090308: LdapErr: … data 52e, v4563` + NUL). */
  bindFailure(data: string): string;
  readonly wrongOldPassword: Refusal;
  passwordRejected(problem: PasswordProblem, minLength: number): Refusal;
  readonly resetNotAllowed: Refusal;
  readonly malformedPassword: Refusal;
}

export interface AdAccountOptions {
  readonly texts: AdAccountTexts;
  /** The data code for a name that matches no account (modern DCs say 52e; 525 is documented). */
  readonly unknownUserData: typeof AdBindData.invalidCredentials | typeof AdBindData.userNotFound;
  /** Samba 4.17 lets an account with pwdLastSet = 0 bind; Windows answers data 773. */
  readonly mustChangeBinds: boolean;
  /** Windows accepts unicodePwd only over TLS (else this); Samba 4.17 takes it over plain LDAP too. */
  readonly plaintextPasswordWrite?: Refusal;
  /** Samba's "old password allowed period": after a change the previous password still binds this long. */
  readonly oldPasswordMinutes?: number;
  /** Windows also refuses a password containing the account name; Samba 4.17 checks only the character classes. */
  readonly complexityForbidsAccountName: boolean;
  /**
   * Whether a simple bind writes lastLogon (Windows: on the DC that authenticates). Samba 4.17
   * writes it only when the bind resets a non-zero badPwdCount, else only lastLogonTimestamp.
   * Default true.
   */
  readonly lastLogonOnBind?: boolean;
  /** Samba assigns a new account's objectSid even when the add gives one (then refused as a second value). */
  readonly sidAlwaysAssigned?: boolean;
  /** Samba reads a new user's userAccountControl as a number (0 if it is none) and adds NORMAL_ACCOUNT when no account type is set. */
  readonly controlAsNumber?: boolean;
}

/** The domain the account rules work in: its directory, its root entry (the base DN), its clock. */
export interface AdDomain {
  readonly directory: Directory;
  readonly baseDN: string;
  readonly options: AdAccountOptions;
  /** Now, as a FILETIME. */
  nowFiletime(): bigint;
}

/** The result that refuses an operation with the profile's code and text. */
export function refuse(refusal: Refusal): LdapResult {
  return { code: refusal.code, diagnosticMessage: refusal.message };
}
