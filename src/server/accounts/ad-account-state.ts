/** What AD computes about an account's state: locked out, password expired, and the constructed msDS-* attributes that report them. */
import { UserAccountControl } from '../../core/active-directory.js';
import { filetimeNever, parseFiletime } from '../../core/filetime.js';
import type { Entry } from '../directory/entry.js';
import type { AdDomain } from './ad-account-context.js';
import { accountPolicy, forever, passwordSettings } from './ad-password-policy.js';

/** An AD account (user or computer) carries userAccountControl; the constructed msDS-* attributes are its. */
function isAccountEntry(entry: Entry): boolean {
  return entry.get('useraccountcontrol') !== undefined;
}

export function isLocked(domain: AdDomain, entry: Entry): boolean {
  if (Number(entry.first('useraccountcontrol') ?? 0) & UserAccountControl.lockout) return true;
  const since = parseFiletime(entry.first('lockouttime')) ?? 0n;
  if (since === 0n) return false;
  const { lockoutDuration } = accountPolicy(domain, entry);
  // Both AD's 0 and its minimum value mean: until an administrator unlocks the account.
  if (lockoutDuration === forever || lockoutDuration === 0n) return true;
  return domain.nowFiletime() - since < -lockoutDuration;
}

export function passwordExpired(domain: AdDomain, entry: Entry): boolean {
  const control = Number(entry.first('useraccountcontrol') ?? 0);
  if (control & UserAccountControl.dontExpirePassword) return false;
  const { maxPwdAge } = accountPolicy(domain, entry);
  const lastSet = parseFiletime(entry.first('pwdlastset')) ?? 0n;
  if (maxPwdAge === 0n || maxPwdAge === forever || lastSet === 0n) return false;
  return lastSet - maxPwdAge < domain.nowFiletime();
}

/** A constructed value: msDS-User-Account-Control-Computed. */
export function computedControl(domain: AdDomain, entry: Entry): number | undefined {
  if (!isAccountEntry(entry)) return undefined;
  const mustChange = parseFiletime(entry.first('pwdlastset')) === 0n;
  return (
    (isLocked(domain, entry) ? UserAccountControl.lockout : 0) |
    (passwordExpired(domain, entry) || mustChange ? UserAccountControl.passwordExpired : 0)
  );
}

/** msDS-UserPasswordExpiryTimeComputed: when the password expires; 0 when it must change now. */
export function passwordExpiryTime(domain: AdDomain, entry: Entry): string | undefined {
  if (!isAccountEntry(entry)) return undefined;
  const lastSet = parseFiletime(entry.first('pwdlastset')) ?? 0n;
  if (lastSet === 0n) return '0';
  const control = Number(entry.first('useraccountcontrol') ?? 0);
  const { maxPwdAge } = accountPolicy(domain, entry);
  if (control & UserAccountControl.dontExpirePassword || maxPwdAge === 0n || maxPwdAge === forever)
    return String(filetimeNever);
  return String(lastSet - maxPwdAge);
}

/** msDS-ResultantPSO: the fine-grained password policy that applies, if any. */
export function resultantPolicy(domain: AdDomain, entry: Entry): string | undefined {
  return isAccountEntry(entry) ? passwordSettings(domain, entry)?.dn : undefined;
}
