/**
 * Active Directory accounts: the password is unicodePwd (quoted UTF-16LE, write-only); a bind
 * fails with 49 and a `data` code that says why (ad-bind.ts); lockout after the policy's
 * lockoutThreshold bad passwords; password change (delete old + add new) and reset (replace) with
 * the policy's length, complexity and history rules (ad-password-change.ts); the defaults a DC
 * fills in on a new object (ad-new-entries.ts). MS-ADTS 3.1.1.3.1.5.1, 3.1.1.4.5.17.
 */
import { dateToFiletime } from '../../core/filetime.js';
import type { Directory } from '../directory/directory.js';
import type { DirectoryChange, NewAttribute } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { LdapResult, ModifyChange, OperationContext } from '../operations.js';
import type { AccountRules } from './account-rules.js';
import type { AdAccountOptions, AdDomain } from './ad-account-context.js';
import { computedControl, isLocked, passwordExpiryTime, resultantPolicy } from './ad-account-state.js';
import { authenticate } from './ad-bind.js';
import { accountDefaults, newEntry } from './ad-new-entries.js';
import { passwordChanges } from './ad-password-change.js';
import { trackRids } from './ad-rid-pool.js';

export class AdAccounts implements AccountRules {
  readonly passwordAttribute = 'unicodePwd';
  readonly managedAttributes = ['pwdLastSet'];
  readonly #domain: AdDomain;

  constructor(directory: Directory, baseDN: string, now: () => Date, options: AdAccountOptions) {
    this.#domain = { directory, baseDN, options, nowFiletime: () => dateToFiletime(now()) };
    trackRids(directory, baseDN);
  }

  authenticate(_ctx: OperationContext, entry: Entry | undefined, password: Buffer): LdapResult {
    return authenticate(this.#domain, entry, password);
  }

  /** A constructed value: msDS-User-Account-Control-Computed. */
  computedControl(entry: Entry): number | undefined {
    return computedControl(this.#domain, entry);
  }

  /** msDS-UserPasswordExpiryTimeComputed: when the password expires; 0 when it must change now. */
  passwordExpiryTime(entry: Entry): string | undefined {
    return passwordExpiryTime(this.#domain, entry);
  }

  /** msDS-ResultantPSO: the fine-grained password policy that applies, if any. */
  resultantPolicy(entry: Entry): string | undefined {
    return resultantPolicy(this.#domain, entry);
  }

  isLocked(entry: Entry): boolean {
    return isLocked(this.#domain, entry);
  }

  passwordChanges(
    ctx: OperationContext,
    entry: Entry,
    changes: readonly ModifyChange[],
    byAdministrator: boolean,
  ): DirectoryChange[] | LdapResult {
    return passwordChanges(this.#domain, ctx, entry, changes, byAdministrator);
  }

  newEntry(
    ctx: OperationContext,
    attributes: readonly NewAttribute[],
    _byAdministrator: boolean,
  ): NewAttribute[] | LdapResult {
    return newEntry(this.#domain, ctx, attributes);
  }

  /**
   * What the DC fills in on a new object that does not carry it: the objectCategory of its class,
   * and for users and groups a SID with the next RID and the account defaults.
   */
  defaults(attributes: readonly NewAttribute[]): NewAttribute[] {
    return accountDefaults(this.#domain, attributes);
  }
}
