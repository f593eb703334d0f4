/**
 * Password Modify (RFC 3062), with slapd's rules and texts (servers/slapd/passwd.c): users
 * change their own password, administrators anyone's; an empty new password asks the server
 * to generate one. The wire layer decodes the request value and encodes the generated password.
 */
import { randomBytes } from 'node:crypto';
import { ResultCode } from '../../../core/result-code.js';
import { isResult } from '../../accounts/account-rules.js';
import { passwordMatches } from '../../accounts/user-password.js';
import type { ExtendedRequest, ExtendedResult, OperationContext } from '../../operations.js';
import type { Engine } from '../engine.js';

export function passwordModify(
  engine: Engine,
  ctx: OperationContext,
  request: ExtendedRequest,
): ExtendedResult {
  const { directory, accounts } = engine;
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
  const administrator = engine.isAdministrator(bindDN);
  if (!engine.isSelf(bindDN, target.ndn) && !administrator)
    return { code: ResultCode.insufficientAccessRights };
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
  directory.modify(target.dn, [...changes, ...engine.modificationStamps(bindDN)]);
  return generated
    ? { code: ResultCode.success, passwordModify: { generatedPassword: newPassword } }
    : { code: ResultCode.success };
}
