/** Who am I? (RFC 4532): `dn:<DN>`, AD's `u:DOMAIN\account`, or nothing when anonymous. */
import { ResultCode } from '../../../core/result-code.js';
import type { ExtendedRequest, ExtendedResult, OperationContext } from '../../operations.js';
import type { Engine } from '../engine.js';

export function whoAmI(engine: Engine, ctx: OperationContext, request: ExtendedRequest): ExtendedResult {
  if (request.value !== undefined) {
    return { code: ResultCode.protocolError, diagnosticMessage: 'no request data expected' };
  }
  return {
    code: ResultCode.success,
    responseValue: Buffer.from(authzId(engine, ctx.session.bindDN), 'utf8'),
  };
}

function authzId(engine: Engine, bindDN: string): string {
  if (bindDN === '') return '';
  if (engine.profile.whoAmI !== 'netbios') return `dn:${bindDN}`;
  const account = engine.directory.get(bindDN)?.first('samaccountname');
  return account ? `u:${engine.profile.bind.netbiosDomain}\\${account}` : `dn:${bindDN}`;
}
