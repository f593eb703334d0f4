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
import { decodeSid, encodeSid } from '../../core/sid.js';
import type { Directory, DirectoryChange, NewAttribute } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import { objectCategoryOf } from '../matching/ad-object-category.js';
import { containingGroups } from '../matching/in-chain-rule.js';
import type { AttributeValue, LdapResult, ModifyChange, OperationContext } from '../operations.js';
import type { Refusal } from '../profiles/profile.js';
import type { AccountRules } from './account-rules.js';

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
  /** Samba's "old password allowed period": after a change the previous password still binds this long. */
  readonly oldPasswordMinutes?: number;
  /** Windows also refuses a password containing the account name; Samba 4.17 checks only the character classes. */
  readonly complexityForbidsAccountName: boolean;
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
  readonly managedAttributes = ['pwdLastSet'];

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
    const candidate = encodedPassword(password.toString('utf8'));
    if (
      !stored.some((value) => candidate.equals(toBuffer(value))) &&
      !this.previousPasswordStillValid(entry, candidate)
    ) {
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
    this.recordLogon(entry);
    return { code: 0 };
  }

  /** A successful logon: badPwdCount back to 0, lastLogon now, lastLogonTimestamp when 14 days old (MS-ADTS 3.1.1.5.3.3). */
  private recordLogon(entry: Entry): void {
    const now = this.nowFiletime();
    const changes: DirectoryChange[] = [{ operation: 'replace', type: 'lastLogon', values: [String(now)] }];
    if (entry.first('badpwdcount') !== '0')
      changes.push({ operation: 'replace', type: 'badPwdCount', values: ['0'] });
    const timestamp = parseFiletime(entry.first('lastlogontimestamp')) ?? 0n;
    if (now - timestamp > 14n * 864_000_000_000n) {
      changes.push({ operation: 'replace', type: 'lastLogonTimestamp', values: [String(now)] });
    }
    this.directory.modify(entry.dn, changes);
  }

  private previousPasswordStillValid(entry: Entry, candidate: Buffer): boolean {
    const minutes = this.options.oldPasswordMinutes ?? 0;
    const previous = entry.get('ntpwdhistory')?.values[0];
    const changed = parseFiletime(entry.first('pwdlastset')) ?? 0n;
    if (minutes === 0 || !previous || !candidate.equals(toBuffer(previous))) return false;
    return this.nowFiletime() - changed < BigInt(minutes) * 600_000_000n;
  }

  /** A constructed value: msDS-User-Account-Control-Computed. */
  computedControl(entry: Entry): number | undefined {
    if (!isAccountEntry(entry)) return undefined;
    const mustChange = parseFiletime(entry.first('pwdlastset')) === 0n;
    return (
      (this.isLocked(entry) ? uac.lockout : 0) |
      (this.passwordExpired(entry) || mustChange ? uac.passwordExpired : 0)
    );
  }

  /** msDS-UserPasswordExpiryTimeComputed: when the password expires; 0 when it must change now. */
  passwordExpiryTime(entry: Entry): string | undefined {
    if (!isAccountEntry(entry)) return undefined;
    const lastSet = parseFiletime(entry.first('pwdlastset')) ?? 0n;
    if (lastSet === 0n) return '0';
    const control = Number(entry.first('useraccountcontrol') ?? 0);
    const { maxPwdAge } = this.policy(entry);
    if (control & uac.dontExpirePassword || maxPwdAge === 0n || maxPwdAge === forever)
      return String(filetimeNever);
    return String(lastSet - maxPwdAge);
  }

  /** msDS-ResultantPSO: the fine-grained password policy that applies, if any. */
  resultantPolicy(entry: Entry): string | undefined {
    return isAccountEntry(entry) ? this.passwordSettings(entry)?.dn : undefined;
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
    const others = this.pwdLastSetChanges(changes.filter((c) => c.type.toLowerCase() !== 'unicodepwd'));
    if (password.length === 0) return others;
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
    if (problem) return refuse(texts.passwordRejected(problem, this.policy(entry).minPwdLength));
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

  /** Names a Windows password may not contain (Samba checks none). */
  private forbiddenNames(account: string | undefined, displayName: string | undefined): string[] {
    if (!this.options.complexityForbidsAccountName) return [];
    return [account, displayName].filter((n): n is string => n !== undefined);
  }

  /** pwdLastSet takes only 0 (must change at next logon) and -1 (now): MS-ADTS 3.1.1.5.3.2. */
  private pwdLastSetChanges(changes: readonly DirectoryChange[]): DirectoryChange[] {
    return changes.map((change) => {
      if (change.type.toLowerCase() !== 'pwdlastset') return change;
      const values = change.values.map((v) =>
        toBuffer(v).toString('utf8').trim() === '-1' ? String(this.nowFiletime()) : v,
      );
      return { ...change, values };
    });
  }

  newEntry(
    ctx: OperationContext,
    attributes: readonly NewAttribute[],
    _byAdministrator: boolean,
  ): NewAttribute[] | LdapResult {
    const password = attributes.find((a) => a.type.toLowerCase() === 'unicodepwd')?.values[0];
    if (password === undefined || !isAccount(attributes))
      return [...attributes, ...this.defaults(attributes)];
    const out = attributes.filter((a) => a.type.toLowerCase() !== 'unicodepwd');
    const { plaintextPasswordWrite, texts } = this.options;
    if (plaintextPasswordWrite && !ctx.session.encrypted) return refuse(plaintextPasswordWrite);
    const text = decodePassword(toBuffer(password));
    if (text === undefined) return refuse(texts.malformedPassword);
    const { minPwdLength, complexity } = this.policy();
    if ([...text].length < minPwdLength) return refuse(texts.passwordRejected('tooShort', minPwdLength));
    const attributeText = (type: string) => {
      const value = attributes.find((a) => a.type.toLowerCase() === type)?.values[0];
      return value === undefined ? undefined : toBuffer(value).toString('utf8');
    };
    const names = this.forbiddenNames(attributeText('samaccountname'), attributeText('displayname'));
    if (complexity && !isComplex(text, names))
      return refuse(texts.passwordRejected('notComplex', minPwdLength));
    out.push({ type: 'unicodePwd', values: [encodedPassword(text)] });
    out.push({ type: 'pwdLastSet', values: [String(this.nowFiletime())] });
    return [...out, ...this.defaults(attributes)];
  }

  /**
   * What the DC fills in on a new object that does not carry it: the objectCategory of its class,
   * and for users and groups a SID with the next RID and the account defaults (an ldapadd gets
   * them; so does an entry loaded from a fixture).
   */
  defaults(attributes: readonly NewAttribute[]): NewAttribute[] {
    const classes = objectClasses(attributes);
    const isUser = classes.includes('user');
    const isGroup = classes.includes('group');
    const has = (type: string) => attributes.some((a) => a.type.toLowerCase() === type.toLowerCase());
    const out: NewAttribute[] = [];
    const category = has('objectCategory') ? undefined : objectCategoryOf(classes, this.baseDN);
    if (category) out.push({ type: 'objectCategory', values: [category] });
    if (!isUser && !isGroup) return out;
    if (!has('objectSid')) {
      const sid = this.nextSid();
      if (sid) out.push({ type: 'objectSid', values: [sid] });
    }
    if (isUser) {
      const password = has('unicodePwd');
      if (!password && !has('pwdLastSet')) out.push({ type: 'pwdLastSet', values: ['0'] });
      if (!has('primaryGroupID')) out.push({ type: 'primaryGroupID', values: ['513'] });
      if (!has('sAMAccountType')) out.push({ type: 'sAMAccountType', values: ['805306368'] });
      if (!has('accountExpires')) out.push({ type: 'accountExpires', values: [String(filetimeNever)] });
      if (!has('userAccountControl'))
        out.push({ type: 'userAccountControl', values: [password ? '512' : '546'] });
    }
    if (isGroup && !has('groupType')) out.push({ type: 'groupType', values: ['-2147483646'] });
    return out;
  }

  /** The domain SID with the next free RID (AD's RID master hands them out in order). */
  private nextSid(): Buffer | undefined {
    const domainSid = this.directory.get(this.baseDN)?.get('objectsid')?.values[0];
    if (!domainSid || typeof domainSid === 'string') return undefined;
    // A domain account's SID is the domain SID with one more sub-authority (the RID, little-endian
    // in the last four bytes) and the count in byte 1 one higher: compared as bytes, not decoded.
    let highest = 1000;
    for (const entry of this.directory.all()) {
      const sid = entry.get('objectsid')?.values[0];
      if (!sid || typeof sid === 'string' || sid.length !== domainSid.length + 4) continue;
      if (
        sid[1] !== domainSid[1]! + 1 ||
        sid.compare(domainSid, 2, domainSid.length, 2, domainSid.length) !== 0
      )
        continue;
      highest = Math.max(highest, sid.readUInt32LE(domainSid.length));
    }
    return encodeSid(`${decodeSid(domainSid)}-${highest + 1}`);
  }

  private policyProblem(entry: Entry, password: string, isChange: boolean): PasswordProblem | undefined {
    const { minPwdLength, complexity, historyLength } = this.policy(entry);
    if ([...password].length < minPwdLength) return 'tooShort';
    if (
      complexity &&
      !isComplex(password, this.forbiddenNames(entry.first('samaccountname'), entry.first('displayname')))
    ) {
      return 'notComplex';
    }
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

  /**
   * The fine-grained policy of an account (msDS-ResultantPSO, MS-ADTS 3.1.1.4.5.36): among those
   * applied to the user itself, the lowest precedence; only when there is none, among those of
   * its groups.
   */
  private passwordSettings(entry: Entry): Entry | undefined {
    const own = this.settingsAppliedTo([entry]);
    if (own) return own;
    const groups = [...containingGroups(this.directory, entry, 'member')].flatMap(
      (ndn) => this.directory.getByNdn(ndn) ?? [],
    );
    return this.settingsAppliedTo(groups);
  }

  private settingsAppliedTo(targets: readonly Entry[]): Entry | undefined {
    const precedence = (settings: Entry) =>
      Number(settings.first('msds-passwordsettingsprecedence') ?? Number.MAX_SAFE_INTEGER);
    let best: Entry | undefined;
    for (const target of targets) {
      for (const ndn of this.directory.lookup('msds-psoappliesto', target.dn)) {
        const settings = this.directory.getByNdn(ndn);
        if (settings && (!best || precedence(settings) < precedence(best))) best = settings;
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
/**
 * AD complexity: three of upper case, lower case, digits, other characters (letters of any
 * script count as letters); and, where the profile says so, no account name or display-name
 * token of three or more characters inside it.
 */
function isComplex(password: string, names: readonly string[]): boolean {
  const classes = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) =>
    re.test(password),
  ).length;
  const lower = password.toLowerCase();
  const containsName = names
    .flatMap((name) => [name, ...name.split(/[,.\-_ #\t]+/)])
    .some((token) => token.length >= 3 && lower.includes(token.toLowerCase()));
  return classes >= 3 && !containsName;
}

/** An AD account (user or computer) carries userAccountControl; the constructed msDS-* attributes are its. */
function isAccountEntry(entry: Entry): boolean {
  return entry.get('useraccountcontrol') !== undefined;
}

function objectClasses(attributes: readonly NewAttribute[]): string[] {
  return attributes
    .filter((a) => a.type.toLowerCase() === 'objectclass')
    .flatMap((a) => a.values.map((v) => toBuffer(v).toString('utf8').toLowerCase()));
}

function isAccount(attributes: readonly NewAttribute[]): boolean {
  const classes = objectClasses(attributes);
  return classes.includes('user') || classes.includes('group');
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
