/**
 * OpenLDAP accounts: userPassword checked as slapd does, slapo-ppolicy lockout and quality, and
 * ppolicy's response control whenever the request carried it. Every failure is a bare 49.
 */
import { ResultCode } from '../../core/result-code.js';
import type { DirectoryChange, NewAttribute } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { LdapResult, ModifyChange, OperationContext, PasswordPolicyError } from '../operations.js';
import { PasswordPolicyOid } from '../operations.js';
import type { AccountRules } from './account-rules.js';
import type { PasswordPolicy } from './password-policy.js';
import { passwordMatches } from './user-password.js';

const qualityRefusal: LdapResult = {
  code: ResultCode.constraintViolation,
  diagnosticMessage: 'Password fails quality checking policy',
};

const onePasswordOnly: LdapResult = {
  code: ResultCode.constraintViolation,
  diagnosticMessage: 'Password policy only allows one password value',
};

/** A new entry's attributes read as an entry's (first value by lower-case name, as text). */
function newEntryView(attributes: readonly NewAttribute[]): Pick<Entry, 'first'> {
  return {
    first: (key) => {
      const value = attributes.find((a) => a.type.toLowerCase() === key)?.values[0];
      return value === undefined ? undefined : value.toString();
    },
  };
}

export interface PpolicyOptions {
  /** ppolicy_use_lockout: say "account locked" in the response control. */
  readonly revealLockout: boolean;
}

export class PpolicyAccounts implements AccountRules {
  readonly passwordAttribute = 'userPassword';

  constructor(
    private readonly policy: PasswordPolicy,
    private readonly options: PpolicyOptions,
  ) {}

  authenticate(ctx: OperationContext, entry: Entry | undefined, password: Buffer): LdapResult {
    const invalid: LdapResult = { code: ResultCode.invalidCredentials, diagnosticMessage: '' };
    const stored = entry?.get('userpassword')?.values;
    if (!entry || !stored) return invalid;
    if (this.policy.isLocked(entry)) {
      return this.withControl(ctx, invalid, this.options.revealLockout ? 'accountLocked' : undefined);
    }
    if (!passwordMatches(stored, password)) {
      this.policy.recordFailure(entry);
      return this.withControl(ctx, invalid);
    }
    this.policy.recordSuccess(entry);
    return this.withControl(ctx, { code: ResultCode.success });
  }

  /**
   * `byAdministrator` is the rootdn here (the profile has no administrator groups): slapo-ppolicy
   * lets it set any password, by modify or Password Modify, and keeps the bookkeeping
   * (pwdChangedTime); everybody else's new password must pass the quality checks.
   */
  passwordChanges(
    ctx: OperationContext,
    entry: Entry,
    changes: readonly ModifyChange[],
    byAdministrator: boolean,
  ): DirectoryChange[] | LdapResult {
    // slapo-ppolicy: one new password at most, whoever sets it.
    const setting = changes.filter(
      (c) => c.type.toLowerCase() === 'userpassword' && c.operation !== 'delete' && c.values.length > 0,
    );
    if (setting.length > 1 || setting.some((c) => c.values.length > 1)) {
      return this.withControl(ctx, onePasswordOnly);
    }
    const out: DirectoryChange[] = [...changes];
    for (const change of changes) {
      if (change.type.toLowerCase() !== 'userpassword' || change.operation === 'delete') continue;
      for (const value of byAdministrator ? [] : change.values) {
        const problem = this.policy.qualityProblem(entry, value);
        if (problem) return this.withControl(ctx, qualityRefusal, problem);
      }
      out.push(...this.policy.changeRecords(entry));
    }
    return out;
  }

  /**
   * slapo-ppolicy on add, before the database looks at the entry: one password value only, and
   * its quality checked under the new entry's policy unless the rootdn adds it.
   */
  newEntry(
    ctx: OperationContext,
    attributes: readonly NewAttribute[],
    byAdministrator: boolean,
  ): NewAttribute[] | LdapResult {
    const password = attributes.find((a) => a.type.toLowerCase() === 'userpassword');
    const [value, ...others] = password?.values ?? [];
    if (others.length > 0) return onePasswordOnly;
    if (value !== undefined && !byAdministrator) {
      const problem = this.policy.qualityProblem(newEntryView(attributes), value);
      if (problem) return this.withControl(ctx, qualityRefusal, problem);
    }
    return [...attributes, ...this.defaults(attributes)];
  }

  /** slapo-ppolicy dates a new entry's password where its policy ages passwords. */
  defaults(attributes: readonly NewAttribute[]): NewAttribute[] {
    const entry = newEntryView(attributes);
    return entry.first('userpassword') === undefined ? [] : this.policy.creationRecords(entry);
  }

  /** slapo-ppolicy answers a request that carries its control with its control, error or not. */
  private withControl(ctx: OperationContext, result: LdapResult, error?: PasswordPolicyError): LdapResult {
    if (!ctx.controls.some((c) => c.oid === PasswordPolicyOid)) return result;
    return { ...result, controls: [{ type: 'passwordPolicy', ...(error && { error }) }] };
  }
}
