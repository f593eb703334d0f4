/** RFC 3062 Password Modify, with slapd's rules and texts (servers/slapd/passwd.c). */
import { randomBytes } from 'node:crypto';
import { ResultCode } from '../../core/result-code.js';
import type { Directory, DirectoryChange } from '../directory/directory.js';
import type { ExtendedRequest, ExtendedResult, OperationContext } from '../operations.js';
import type { AccountRules } from './account-rules.js';
import { isResult } from './account-rules.js';
import { passwordMatches } from './user-password.js';

/** What the operation needs from the profile handler. */
export interface PasswordModifyHost {
  readonly directory: Directory;
  readonly accounts: AccountRules;
  isSelf(bindDN: string, ndn: string): boolean;
  isAdministrator(bindDN: string): boolean;
  modificationStamps(modifier: string): DirectoryChange[];
}

export function passwordModify(
  handler: PasswordModifyHost,
  ctx: OperationContext,
  request: ExtendedRequest,
): ExtendedResult {
  const { directory, accounts } = handler;
  const bindDN = ctx.session.bindDN;
  if (bindDN === '') {
    return {
      code: ResultCode.strongerAuthRequired,
      diagnosticMessage: 'only authenticated users may change passwords',
    };
  }
  const value = request.passwordModify ?? {};
  const target = directory.get(value.userIdentity ?? bindDN);
  if (!target) return { code: ResultCode.noSuchObject };
  const self = handler.isSelf(bindDN, target.ndn);
  const administrator = handler.isAdministrator(bindDN);
  if (!self && !administrator) return { code: ResultCode.insufficientAccessRights };
  if (value.oldPassword !== undefined && value.oldPassword.length > 0) {
    if (!passwordMatches(target.get('userpassword')?.values ?? [], value.oldPassword)) {
      return { code: ResultCode.unwillingToPerform, diagnosticMessage: 'unwilling to verify old password' };
    }
  }
  const generated = value.newPassword === undefined || value.newPassword.length === 0;
  const newPassword = generated ? Buffer.from(randomBytes(6).toString('base64url')) : value.newPassword!;
  const changes = accounts.passwordChanges(
    ctx,
    target,
    [{ operation: 'replace', type: accounts.passwordAttribute, values: [newPassword] }],
    administrator,
  );
  if (isResult(changes)) return changes;
  directory.modify(target.dn, [...changes, ...handler.modificationStamps(bindDN)]);
  if (!generated) return { code: 0 };
  // PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL }
  const responseValue = Buffer.concat([
    Buffer.from([0x30, newPassword.length + 2, 0x80, newPassword.length]),
    newPassword,
  ]);
  return { code: 0, responseValue };
}
