/** An AD simple bind: the `data` code of each failure, bad passwords counted towards lockout, a logon recorded. */
import { AdBindData, UserAccountControl } from '../../core/active-directory.js';
import { filetimeNever, parseFiletime } from '../../core/filetime.js';
import { ResultCode } from '../../core/result-code.js';
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { LdapResult } from '../operations.js';
import type { AdDomain } from './ad-account-context.js';
import { isLocked, passwordExpired } from './ad-account-state.js';
import { accountPolicy } from './ad-password-policy.js';
import { encodedPassword, toBuffer } from './ad-passwords.js';

/**
 * A failure is 49 with a `data` code that says why: 775 locked (even with a wrong password), 52e
 * bad name or password, and with the right password 533 disabled, 701 expired, 773 must change,
 * 532 password expired (MS-ADTS 3.1.1.3.1.5.1).
 */
export function authenticate(domain: AdDomain, entry: Entry | undefined, password: Buffer): LdapResult {
  const { options } = domain;
  const stored = entry?.get('unicodepwd')?.values;
  if (!entry || !stored) return failure(domain, options.unknownUserData);
  if (isLocked(domain, entry)) return failure(domain, AdBindData.accountLocked);
  const candidate = encodedPassword(password.toString('utf8'));
  if (
    !stored.some((value) => candidate.equals(toBuffer(value))) &&
    !previousPasswordStillValid(domain, entry, candidate)
  ) {
    recordBadPassword(domain, entry);
    return failure(domain, AdBindData.invalidCredentials);
  }
  const control = Number(entry.first('useraccountcontrol') ?? 0);
  if (control & UserAccountControl.accountDisable) return failure(domain, AdBindData.accountDisabled);
  const expires = parseFiletime(entry.first('accountexpires')) ?? 0n;
  if (expires !== 0n && expires !== filetimeNever && expires < domain.nowFiletime())
    return failure(domain, AdBindData.accountExpired);
  const pwdLastSet = parseFiletime(entry.first('pwdlastset'));
  if (pwdLastSet === 0n && !options.mustChangeBinds) return failure(domain, AdBindData.passwordMustChange);
  if (passwordExpired(domain, entry)) return failure(domain, AdBindData.passwordExpired);
  recordLogon(domain, entry);
  return { code: ResultCode.success };
}

/** A wrong password: badPwdCount up (restarted after the observation window), locked out at the threshold. */
export function recordBadPassword(domain: AdDomain, entry: Entry): void {
  const { lockoutThreshold, observationWindow } = accountPolicy(domain, entry);
  const now = domain.nowFiletime();
  const lastBad = parseFiletime(entry.first('badpasswordtime')) ?? 0n;
  const previous = now - lastBad < -observationWindow ? Number(entry.first('badpwdcount') ?? 0) : 0;
  const count = previous + 1;
  const changes: DirectoryChange[] = [
    { operation: 'replace', type: 'badPwdCount', values: [String(count)] },
    { operation: 'replace', type: 'badPasswordTime', values: [String(now)] },
  ];
  if (lockoutThreshold > 0 && count >= lockoutThreshold) {
    changes.push({ operation: 'replace', type: 'lockoutTime', values: [String(now)] });
  }
  domain.directory.modify(entry.dn, changes);
}

/** A successful logon: badPwdCount back to 0, lastLogon now, lastLogonTimestamp when 14 days old (MS-ADTS 3.1.1.5.3.3). */
function recordLogon(domain: AdDomain, entry: Entry): void {
  const now = domain.nowFiletime();
  const failedBefore = entry.first('badpwdcount') !== '0';
  // Samba writes lastLogon only with the badPwdCount it resets (measured on 4.17).
  const changes: DirectoryChange[] =
    domain.options.lastLogonOnBind === false && !failedBefore
      ? []
      : [{ operation: 'replace', type: 'lastLogon', values: [String(now)] }];
  if (failedBefore) changes.push({ operation: 'replace', type: 'badPwdCount', values: ['0'] });
  const timestamp = parseFiletime(entry.first('lastlogontimestamp')) ?? 0n;
  if (now - timestamp > 14n * 864_000_000_000n) {
    changes.push({ operation: 'replace', type: 'lastLogonTimestamp', values: [String(now)] });
  }
  if (changes.length > 0) domain.directory.modify(entry.dn, changes);
}

function previousPasswordStillValid(domain: AdDomain, entry: Entry, candidate: Buffer): boolean {
  const minutes = domain.options.oldPasswordMinutes ?? 0;
  const previous = entry.get('ntpwdhistory')?.values[0];
  const changed = parseFiletime(entry.first('pwdlastset')) ?? 0n;
  if (minutes === 0 || !previous || !candidate.equals(toBuffer(previous))) return false;
  return domain.nowFiletime() - changed < BigInt(minutes) * 600_000_000n;
}

function failure(domain: AdDomain, data: string): LdapResult {
  return { code: ResultCode.invalidCredentials, diagnosticMessage: domain.options.texts.bindFailure(data) };
}
