/** RFC 3062 Password Modify, with slapd's rules and texts (servers/slapd/passwd.c). */
import { randomBytes } from 'node:crypto';
import { normalizeDN } from '../../core/dn.js';
import { ResultCode } from '../../core/result-code.js';
import type { Directory } from '../directory/directory.js';
import type {
  ExtendedRequest,
  ExtendedResult,
  LdapResult,
  OperationContext,
  PasswordPolicyError,
} from '../operations.js';
import { modificationStamps } from './operational-stamps.js';
import type { PasswordPolicy } from './password-policy.js';
import { passwordMatches } from './user-password.js';

/** What the operation needs from the profile handler. */
export interface PasswordModifyHost {
  readonly directory: Directory;
  readonly ppolicy: PasswordPolicy;
  isRoot(bindDN: string): boolean;
  now(): Date;
  qualityFailure(ctx: OperationContext, problem: PasswordPolicyError): LdapResult;
}

export function passwordModify(
  handler: PasswordModifyHost,
  ctx: OperationContext,
  request: ExtendedRequest,
): ExtendedResult {
  const { directory, ppolicy } = handler;
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
  const self = target.ndn === normalizeDN(bindDN);
  if (!self && !handler.isRoot(bindDN)) return { code: ResultCode.insufficientAccessRights };
  if (value.oldPassword !== undefined && value.oldPassword.length > 0) {
    if (!passwordMatches(target.get('userpassword')?.values ?? [], value.oldPassword)) {
      return { code: ResultCode.unwillingToPerform, diagnosticMessage: 'unwilling to verify old password' };
    }
  }
  const generated = value.newPassword === undefined || value.newPassword.length === 0;
  const newPassword = generated ? Buffer.from(randomBytes(6).toString('base64url')) : value.newPassword!;
  const problem = ppolicy.qualityProblem(target, newPassword);
  if (problem) return handler.qualityFailure(ctx, problem);
  directory.modify(target.dn, [
    { operation: 'replace', type: 'userPassword', values: [newPassword] },
    ...ppolicy.changeRecords(target),
    ...modificationStamps(bindDN, handler.now()).map((a) => ({ operation: 'replace' as const, ...a })),
  ]);
  if (!generated) return { code: 0 };
  // PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL }
  const responseValue = Buffer.concat([
    Buffer.from([0x30, newPassword.length + 2, 0x80, newPassword.length]),
    newPassword,
  ]);
  return { code: 0, responseValue };
}
