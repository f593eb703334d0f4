/** A write to an AD account's password (change or reset) judged by the policy, and pwdLastSet's two writable values. */
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { LdapResult, ModifyChange, OperationContext } from '../operations.js';
import { type AdDomain, type PasswordProblem, refuse } from './ad-account-context.js';
import { recordBadPassword } from './ad-bind.js';
import { accountPolicy } from './ad-password-policy.js';
import {
  decodePassword,
  dedupe,
  encodedPassword,
  forbiddenNames,
  isComplex,
  toBuffer,
} from './ad-passwords.js';

/**
 * A modify touching unicodePwd: a change (delete the old value, add the new) or an
 * administrator's reset (replace), judged by the policy's length, complexity and history rules
 * (MS-ADTS 3.1.1.4.5.17) and completed with the history, pwdLastSet and badPwdCount updates.
 */
export function passwordChanges(
  domain: AdDomain,
  ctx: OperationContext,
  entry: Entry,
  changes: readonly ModifyChange[],
  byAdministrator: boolean,
): DirectoryChange[] | LdapResult {
  const password = changes.filter((c) => c.type.toLowerCase() === 'unicodepwd');
  const others = pwdLastSetChanges(
    domain,
    changes.filter((c) => c.type.toLowerCase() !== 'unicodepwd'),
  );
  if (password.length === 0) return others;
  const { plaintextPasswordWrite, texts } = domain.options;
  if (plaintextPasswordWrite && !ctx.session.encrypted) return refuse(plaintextPasswordWrite);
  const removed = password.filter((c) => c.operation === 'delete').flatMap((c) => c.values);
  const added = password.filter((c) => c.operation !== 'delete').flatMap((c) => c.values);
  const isChange = removed.length > 0;
  if (added.length !== 1) return refuse(texts.malformedPassword);
  if (!isChange && !byAdministrator) return refuse(texts.resetNotAllowed);
  const stored = entry.get('unicodepwd')?.values ?? [];
  if (isChange && !removed.every((old) => stored.some((s) => toBuffer(s).equals(old)))) {
    recordBadPassword(domain, entry);
    return refuse(texts.wrongOldPassword);
  }
  const newPassword = decodePassword(added[0]!);
  if (newPassword === undefined) return refuse(texts.malformedPassword);
  const problem = policyProblem(domain, entry, newPassword, isChange);
  if (problem) return refuse(texts.passwordRejected(problem, accountPolicy(domain, entry).minPwdLength));
  const history = [...stored, ...(entry.get('ntpwdhistory')?.values ?? [])].slice(
    0,
    accountPolicy(domain).historyLength,
  );
  return [
    ...others,
    { operation: 'replace', type: 'unicodePwd', values: [encodedPassword(newPassword)] },
    { operation: 'replace', type: 'ntPwdHistory', values: dedupe(history) },
    { operation: 'replace', type: 'pwdLastSet', values: [String(domain.nowFiletime())] },
    { operation: 'replace', type: 'badPwdCount', values: ['0'] },
  ];
}

/** pwdLastSet takes only 0 (must change at next logon) and -1 (now): MS-ADTS 3.1.1.5.3.2. */
function pwdLastSetChanges(domain: AdDomain, changes: readonly DirectoryChange[]): DirectoryChange[] {
  return changes.map((change) => {
    if (change.type.toLowerCase() !== 'pwdlastset') return change;
    const values = change.values.map((v) =>
      toBuffer(v).toString('utf8').trim() === '-1' ? String(domain.nowFiletime()) : v,
    );
    return { ...change, values };
  });
}

function policyProblem(
  domain: AdDomain,
  entry: Entry,
  password: string,
  isChange: boolean,
): PasswordProblem | undefined {
  const { minPwdLength, complexity, historyLength } = accountPolicy(domain, entry);
  if ([...password].length < minPwdLength) return 'tooShort';
  if (
    complexity &&
    !isComplex(
      password,
      forbiddenNames(domain.options, entry.first('samaccountname'), entry.first('displayname')),
    )
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
