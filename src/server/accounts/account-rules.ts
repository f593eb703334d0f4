/**
 * What differs between servers about accounts: how a bind's password is checked and what a
 * failure says (slapo-ppolicy's bare 49 vs AD's `data 775`), and how a write to the password is
 * judged (quality, TLS, change vs reset). A profile picks one implementation.
 */
import type { DirectoryChange, NewAttribute } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { LdapResult, ModifyChange, OperationContext } from '../operations.js';

export interface AccountRules {
  /** The attribute holding the password; its owner may write it. */
  readonly passwordAttribute: string;
  /** Other attributes whose writes go through passwordChanges (AD's pwdLastSet). */
  readonly managedAttributes?: readonly string[];
  /** A simple bind with a non-empty password to `entry`; undefined when the name matched nothing. */
  authenticate(ctx: OperationContext, entry: Entry | undefined, password: Buffer): LdapResult;
  /**
   * The changes of a modify that touches the password attribute, checked and completed with the
   * bookkeeping the server does; or the result that refuses the modify.
   */
  passwordChanges(
    ctx: OperationContext,
    entry: Entry,
    changes: readonly ModifyChange[],
    byAdministrator: boolean,
  ): DirectoryChange[] | LdapResult;
  /**
   * The attributes of a new entry as stored: a password given on add checked and encoded, and the
   * account defaults the server fills in; or the result that refuses the add.
   */
  newEntry?(
    ctx: OperationContext,
    attributes: readonly NewAttribute[],
    byAdministrator: boolean,
  ): NewAttribute[] | LdapResult;
  /** The account attributes the server fills in on a new entry that lacks them (AD: SID, defaults). */
  defaults?(attributes: readonly NewAttribute[]): NewAttribute[];
  /** AD's msDS-User-Account-Control-Computed (lockout and password-expired bits); undefined for a non-account. */
  computedControl?(entry: Entry): number | undefined;
  /** AD's msDS-UserPasswordExpiryTimeComputed; undefined for a non-account. */
  passwordExpiryTime?(entry: Entry): string | undefined;
  /** AD's msDS-ResultantPSO: DN of the fine-grained password policy that applies, if any. */
  resultantPolicy?(entry: Entry): string | undefined;
}

export function isResult<T>(value: T[] | LdapResult): value is LdapResult {
  return !Array.isArray(value);
}
