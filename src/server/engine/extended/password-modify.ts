/**
 * Password Modify (RFC 3062), with slapd's rules and texts (servers/slapd/passwd.c): users
 * change their own password, administrators anyone's; an absent new password asks the server
 * to generate one. The checks come in slapd's order (measured against slapd 2.5): empty values,
 * the identity's DN, the old password, the entry, ppolicy's quality check, then access. The wire layer decodes the request value and encodes the generated password.
 */
import { randomBytes } from 'node:crypto';
import { normalizeDN } from '../../../core/dn-normalize.js';
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
  // slapd_passwd_parse: a value present but empty is an error (absent asks for a generated one).
  if (value.oldPassword !== undefined && value.oldPassword.length === 0)
    return unwilling('old password value is empty');
  if (value.newPassword !== undefined && value.newPassword.length === 0)
    return unwilling('new password value is empty');
  const identity =
    value.userIdentity !== undefined && value.userIdentity !== '' ? value.userIdentity : bindDN;
  let ndn: string;
  try {
    ndn = normalizeDN(identity);
  } catch {
    return { code: ResultCode.invalidAttributeSyntax, diagnosticMessage: 'Invalid DN' };
  }
  const inContext = directory.roots().some((root) => ndn === root.ndn || ndn.endsWith(`,${root.ndn}`));
  // Outside every naming context slapd hands the request to SASL, which has no such user.
  if (!inContext && value.oldPassword === undefined) {
    return { code: ResultCode.other, diagnosticMessage: 'unable to retrieve SASL username' };
  }
  const target = inContext ? directory.get(identity) : undefined;
  // An old password is verified first; a missing entry cannot verify it either.
  if (value.oldPassword !== undefined) {
    if (!target || !passwordMatches(target.get('userpassword')?.values ?? [], value.oldPassword)) {
      return unwilling('unwilling to verify old password');
    }
  }
  if (!target) return { code: ResultCode.noSuchObject };
  const administrator = engine.isAdministrator(bindDN);
  const generated = value.newPassword === undefined;
  const newPassword = generated ? Buffer.from(randomBytes(6).toString('base64url')) : value.newPassword!;
  // ppolicy checks the new password's quality before the backend checks access.
  const changes = accounts.passwordChanges(
    ctx,
    target,
    [{ operation: 'replace', type: accounts.passwordAttribute, values: [newPassword] }],
    administrator,
  );
  if (isResult(changes)) return changes;
  // Under access rules, write access to the password decides (as the modify slapd makes would).
  const allowed = engine.access
    ? engine.access.mayWritePassword(bindDN, target)
    : engine.isSelf(bindDN, target.ndn) || administrator;
  if (!allowed) return { code: ResultCode.insufficientAccessRights };
  directory.modify(target.dn, [...changes, ...engine.modificationStamps(bindDN)]);
  return generated
    ? { code: ResultCode.success, passwordModify: { generatedPassword: newPassword } }
    : { code: ResultCode.success };
}

function unwilling(diagnosticMessage: string): ExtendedResult {
  return { code: ResultCode.unwillingToPerform, diagnosticMessage };
}
