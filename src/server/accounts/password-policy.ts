/**
 * slapo-ppolicy: lockout after repeated bind failures and password quality on change, driven by
 * pwdPolicy entries in the directory (the user's pwdPolicySubentry, else the default policy).
 */
import { parseGeneralizedTime } from '../../core/generalized-time.js';
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import { generalizedTime } from '../directory/operational-stamps.js';
import type { AttributeValue, PasswordPolicyError } from '../operations.js';

/** pwdAccountLockedTime value meaning "locked until an administrator unlocks". */
const lockedForever = '000001010000Z';

export interface PasswordPolicyConfig {
  /** The pwdPolicy entry for users without pwdPolicySubentry (slapo-ppolicy's olcPPolicyDefault). */
  readonly defaultPolicyDN?: string | undefined;
}

export class PasswordPolicy {
  constructor(
    private readonly directory: Directory,
    private readonly config: PasswordPolicyConfig,
    private readonly now: () => Date,
  ) {}

  /** The policy of an entry, stored or about to be added (only its pwdPolicySubentry is read). */
  private policyFor(entry: Pick<Entry, 'first'>): Entry | undefined {
    const dn = entry.first('pwdpolicysubentry') ?? this.config.defaultPolicyDN;
    return dn === undefined ? undefined : this.directory.get(dn);
  }

  isLocked(entry: Entry): boolean {
    const policy = this.policyFor(entry);
    const locked = entry.first('pwdaccountlockedtime');
    if (!policy || locked === undefined) return false;
    if (locked === lockedForever) return true;
    const since = parseGeneralizedTime(locked);
    const duration = number(policy, 'pwdlockoutduration') ?? 0;
    return since !== undefined && (duration === 0 || since + duration * 1000 > this.now().getTime());
  }

  recordFailure(entry: Entry): void {
    const policy = this.policyFor(entry);
    if (policy?.first('pwdlockout')?.toUpperCase() !== 'TRUE') return;
    const now = this.now().getTime();
    const interval = number(policy, 'pwdfailurecountinterval') ?? 0;
    const failures = entry
      .strings('pwdfailuretime')
      .filter((t) => interval === 0 || (parseGeneralizedTime(t) ?? 0) > now - interval * 1000);
    failures.push(generalizedTime(this.now(), true));
    const changes = [{ operation: 'replace' as const, type: 'pwdFailureTime', values: failures }];
    const maxFailure = number(policy, 'pwdmaxfailure') ?? 0;
    if (maxFailure > 0 && failures.length >= maxFailure) {
      changes.push({
        operation: 'replace',
        type: 'pwdAccountLockedTime',
        values: [generalizedTime(this.now())],
      });
    }
    this.directory.modify(entry.dn, changes);
  }

  recordSuccess(entry: Entry): void {
    const changes = [];
    if (entry.get('pwdfailuretime'))
      changes.push({ operation: 'delete' as const, type: 'pwdFailureTime', values: [] });
    const locked = entry.first('pwdaccountlockedtime');
    if (locked !== undefined && !this.isLocked(entry)) {
      changes.push({ operation: 'delete' as const, type: 'pwdAccountLockedTime', values: [] });
    }
    if (changes.length > 0) this.directory.modify(entry.dn, changes);
  }

  /** pwdCheckQuality with pwdMinLength/pwdMaxLength: what is wrong with a new password, if anything. */
  qualityProblem(entry: Pick<Entry, 'first'>, password: AttributeValue): PasswordPolicyError | undefined {
    const policy = this.policyFor(entry);
    if (!policy || (number(policy, 'pwdcheckquality') ?? 0) === 0) return undefined;
    const length = [...(typeof password === 'string' ? password : password.toString('utf8'))].length;
    if (length < (number(policy, 'pwdminlength') ?? 0)) return 'passwordTooShort';
    const max = number(policy, 'pwdmaxlength') ?? 0;
    if (max > 0 && length > max) return 'passwordTooLong';
    return undefined;
  }

  /** A new entry's password dated (pwdChangedTime) where its policy ages passwords (pwdMaxAge, pwdMinAge). */
  creationRecords(entry: Pick<Entry, 'first'>): { type: string; values: string[] }[] {
    const policy = this.policyFor(entry);
    const ages = (number(policy, 'pwdmaxage') ?? 0) > 0 || (number(policy, 'pwdminage') ?? 0) > 0;
    if (!ages || entry.first('pwdchangedtime') !== undefined) return [];
    return [{ type: 'pwdChangedTime', values: [generalizedTime(this.now())] }];
  }

  /** Bookkeeping of a successful password change: pwdChangedTime, failures forgotten. */
  changeRecords(entry: Entry): { operation: 'replace'; type: string; values: string[] }[] {
    if (!this.policyFor(entry)) return [];
    return [
      { operation: 'replace', type: 'pwdChangedTime', values: [generalizedTime(this.now())] },
      { operation: 'replace', type: 'pwdFailureTime', values: [] },
    ];
  }
}

function number(entry: Entry | undefined, key: string): number | undefined {
  const value = entry?.first(key);
  return value === undefined ? undefined : Number(value);
}
