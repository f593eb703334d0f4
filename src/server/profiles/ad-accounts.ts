/**
 * Active Directory accounts: the password is unicodePwd (quoted UTF-16LE, write-only); a bind
 * fails with 49 and a `data` code that says why — 775 locked (even with a wrong password), 52e
 * bad name or password, and with the right password 533 disabled, 701 expired, 773 must change,
 * 532 password expired; lockout after the domain's lockoutThreshold bad passwords; password
 * change (delete old + add new) and reset (replace) with the domain's length, complexity and
 * history rules (MS-ADTS 3.1.1.3.1.5.1, 3.1.1.4.5.17).
 */
import { dateToFiletime, filetimeNever, parseFiletime } from '../../core/filetime.js';
import { ResultCode } from '../../core/result-code.js';
import type { Directory, DirectoryChange } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import type { AttributeValue, LdapResult, ModifyChange, OperationContext } from '../operations.js';
import type { AccountRules } from './account-rules.js';
import { containingGroups } from './in-chain-rule.js';
import type { Refusal } from './profile.js';

/** userAccountControl flags (MS-ADTS 2.2.16). */
export const uac = {
  disabled: 0x2,
  lockout: 0x10,
  dontExpirePassword: 0x10000,
  passwordExpired: 0x800000,
} as const;

/** lockoutDuration meaning "until an administrator unlocks" (the minimum signed 64-bit value). */
const forever = -9_223_372_036_854_775_808n;

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
  readonly unknownUserData: '52e' | '525';
  /** Samba 4.17 lets an account with pwdLastSet = 0 bind; Windows answers data 773. */
  readonly mustChangeBinds: boolean;
  /** Windows accepts unicodePwd only over TLS (else this); Samba 4.17 takes it over plain LDAP too. */
  readonly plaintextPasswordWrite?: Refusal;
}

/** Domain-wide policy, read from the domain root entry (the base DN). */
interface DomainPolicy {
  readonly lockoutThreshold: number;
  readonly lockoutDuration: bigint;
  readonly observationWindow: bigint;
  readonly minPwdLength: number;
  readonly historyLength: number;
  readonly maxPwdAge: bigint;
  readonly complexity: boolean;
}

export class AdAccounts implements AccountRules {
  readonly passwordAttribute = 'unicodePwd';

  constructor(
    private readonly directory: Directory,
    private readonly baseDN: string,
    private readonly now: () => Date,
    private readonly options: AdAccountOptions,
  ) {}

  authenticate(_ctx: OperationContext, entry: Entry | undefined, password: Buffer): LdapResult {
    const stored = entry?.get('unicodepwd')?.values;
    if (!entry || !stored) return this.failure(this.options.unknownUserData);
    if (this.isLocked(entry)) return this.failure('775');
    if (!stored.some((value) => encodedPassword(password.toString('utf8')).equals(toBuffer(value)))) {
      this.recordBadPassword(entry);
      return this.failure('52e');
    }
    const control = Number(entry.first('useraccountcontrol') ?? 0);
    if (control & uac.disabled) return this.failure('533');
    const expires = parseFiletime(entry.first('accountexpires')) ?? 0n;
    if (expires !== 0n && expires !== filetimeNever && expires < this.nowFiletime())
      return this.failure('701');
    const pwdLastSet = parseFiletime(entry.first('pwdlastset'));
    if (pwdLastSet === 0n && !this.options.mustChangeBinds) return this.failure('773');
    if (this.passwordExpired(entry)) return this.failure('532');
    if (entry.get('badpwdcount') && entry.first('badpwdcount') !== '0') {
      this.directory.modify(entry.dn, [{ operation: 'replace', type: 'badPwdCount', values: ['0'] }]);
    }
    return { code: 0 };
  }

  /** A constructed value: msDS-User-Account-Control-Computed. */
  computedControl(entry: Entry): number {
    return (this.isLocked(entry) ? uac.lockout : 0) | (this.passwordExpired(entry) ? uac.passwordExpired : 0);
  }

  isLocked(entry: Entry): boolean {
    if (Number(entry.first('useraccountcontrol') ?? 0) & uac.lockout) return true;
    const since = parseFiletime(entry.first('lockouttime')) ?? 0n;
    if (since === 0n) return false;
    const { lockoutDuration } = this.policy(entry);
    // Both AD's 0 and its minimum value mean: until an administrator unlocks the account.
    if (lockoutDuration === forever || lockoutDuration === 0n) return true;
    return this.nowFiletime() - since < -lockoutDuration;
  }

  private passwordExpired(entry: Entry): boolean {
    const control = Number(entry.first('useraccountcontrol') ?? 0);
    if (control & uac.dontExpirePassword) return false;
    const { maxPwdAge } = this.policy(entry);
    const lastSet = parseFiletime(entry.first('pwdlastset')) ?? 0n;
    if (maxPwdAge === 0n || maxPwdAge === forever || lastSet === 0n) return false;
    return lastSet - maxPwdAge < this.nowFiletime();
  }

  private recordBadPassword(entry: Entry): void {
    const { lockoutThreshold, observationWindow } = this.policy(entry);
    const now = this.nowFiletime();
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
    this.directory.modify(entry.dn, changes);
  }

  passwordChanges(
    ctx: OperationContext,
    entry: Entry,
    changes: readonly ModifyChange[],
    byAdministrator: boolean,
  ): DirectoryChange[] | LdapResult {
    const password = changes.filter((c) => c.type.toLowerCase() === 'unicodepwd');
    const others = changes.filter((c) => c.type.toLowerCase() !== 'unicodepwd');
    const { plaintextPasswordWrite, texts } = this.options;
    if (plaintextPasswordWrite && !ctx.session.encrypted) return refuse(plaintextPasswordWrite);
    const removed = password.filter((c) => c.operation === 'delete').flatMap((c) => c.values);
    const added = password.filter((c) => c.operation !== 'delete').flatMap((c) => c.values);
    const isChange = removed.length > 0;
    if (added.length !== 1) return refuse(texts.malformedPassword);
    if (!isChange && !byAdministrator) return refuse(texts.resetNotAllowed);
    const stored = entry.get('unicodepwd')?.values ?? [];
    if (isChange && !removed.every((old) => stored.some((s) => toBuffer(s).equals(old)))) {
      this.recordBadPassword(entry);
      return refuse(texts.wrongOldPassword);
    }
    const newPassword = decodePassword(added[0]!);
    if (newPassword === undefined) return refuse(texts.malformedPassword);
    const problem = this.policyProblem(entry, newPassword, isChange);
    if (problem) return refuse(texts.passwordRejected(problem, this.policy().minPwdLength));
    const history = [...stored, ...(entry.get('ntpwdhistory')?.values ?? [])].slice(
      0,
      this.policy().historyLength,
    );
    return [
      ...others,
      { operation: 'replace', type: 'unicodePwd', values: [encodedPassword(newPassword)] },
      { operation: 'replace', type: 'ntPwdHistory', values: dedupe(history) },
      { operation: 'replace', type: 'pwdLastSet', values: [String(this.nowFiletime())] },
      { operation: 'replace', type: 'badPwdCount', values: ['0'] },
    ];
  }

  private policyProblem(entry: Entry, password: string, isChange: boolean): PasswordProblem | undefined {
    const { minPwdLength, complexity, historyLength } = this.policy(entry);
    if ([...password].length < minPwdLength) return 'tooShort';
    if (complexity && !isComplex(password, entry)) return 'notComplex';
    if (isChange && historyLength > 0) {
      const encoded = encodedPassword(password);
      const history = [
        ...(entry.get('unicodepwd')?.values ?? []),
        ...(entry.get('ntpwdhistory')?.values ?? []),
      ];
      if (history.slice(0, historyLength).some((old) => toBuffer(old).equals(encoded))) return 'inHistory';
    }
    return undefined;
  }

  /**
   * The password and lockout policy of an account: the fine-grained policy (msDS-PasswordSettings)
   * with the lowest precedence that applies to it or one of its groups, else the domain's.
   */
  private policy(entry?: Entry): DomainPolicy {
    const settings = entry ? this.passwordSettings(entry) : undefined;
    if (settings) {
      const number = (key: string) => Number(settings.first(key) ?? 0);
      const interval = (key: string) => parseFiletime(settings.first(key)) ?? 0n;
      return {
        lockoutThreshold: number('msds-lockoutthreshold'),
        lockoutDuration: interval('msds-lockoutduration'),
        observationWindow: interval('msds-lockoutobservationwindow'),
        minPwdLength: number('msds-minimumpasswordlength'),
        historyLength: number('msds-passwordhistorylength'),
        maxPwdAge: interval('msds-maximumpasswordage'),
        complexity: settings.first('msds-passwordcomplexityenabled')?.toUpperCase() === 'TRUE',
      };
    }
    const domain = this.directory.get(this.baseDN);
    const number = (key: string, fallback: number) => Number(domain?.first(key) ?? fallback);
    const interval = (key: string, fallback: bigint) => parseFiletime(domain?.first(key)) ?? fallback;
    return {
      lockoutThreshold: number('lockoutthreshold', 0),
      lockoutDuration: interval('lockoutduration', -18_000_000_000n),
      observationWindow: interval('lockoutobservationwindow', -18_000_000_000n),
      minPwdLength: number('minpwdlength', 7),
      historyLength: number('pwdhistorylength', 24),
      maxPwdAge: interval('maxpwdage', 0n),
      complexity: (number('pwdproperties', 1) & 1) === 1,
    };
  }

  private passwordSettings(entry: Entry): Entry | undefined {
    const targets = [
      entry,
      ...[...containingGroups(this.directory, entry)].flatMap((ndn) => this.directory.getByNdn(ndn) ?? []),
    ];
    let best: Entry | undefined;
    for (const target of targets) {
      for (const ndn of this.directory.lookup('msds-psoappliesto', target.dn)) {
        const settings = this.directory.getByNdn(ndn);
        if (!settings) continue;
        const precedence = Number(
          settings.first('msds-passwordsettingsprecedence') ?? Number.MAX_SAFE_INTEGER,
        );
        if (
          !best ||
          precedence < Number(best.first('msds-passwordsettingsprecedence') ?? Number.MAX_SAFE_INTEGER)
        )
          best = settings;
      }
    }
    return best;
  }

  private failure(data: string): LdapResult {
    return { code: ResultCode.invalidCredentials, diagnosticMessage: this.options.texts.bindFailure(data) };
  }

  private nowFiletime(): bigint {
    return dateToFiletime(this.now());
  }
}

/** The unicodePwd value of a password: the password in double quotes, UTF-16LE. */
export function encodedPassword(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/** The password in a unicodePwd value, or undefined when it is not quoted UTF-16LE. */
function decodePassword(value: Buffer): string | undefined {
  if (value.length < 4 || value.length % 2 !== 0) return undefined;
  const text = value.toString('utf16le');
  return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : undefined;
}

/** AD complexity: three of upper, lower, digit, other; and not containing the account name. */
function isComplex(password: string, entry: Entry): boolean {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const account = entry.first('samaccountname')?.toLowerCase();
  const containsName =
    account !== undefined && account.length >= 3 && password.toLowerCase().includes(account);
  return classes >= 3 && !containsName;
}

function toBuffer(value: AttributeValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function dedupe(values: readonly AttributeValue[]): Buffer[] {
  const seen = new Set<string>();
  const out: Buffer[] = [];
  for (const value of values.map(toBuffer)) {
    const key = value.toString('hex');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}

function refuse(refusal: Refusal): LdapResult {
  return { code: refusal.code, diagnosticMessage: refusal.message };
}
