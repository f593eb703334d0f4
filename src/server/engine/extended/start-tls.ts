/**
 * StartTLS (RFC 4511 §4.14): a success tells the wire layer to start the handshake. The
 * profile says whether a second one is refused, whether the identity is dropped, and whether
 * the response names itself.
 */
import { ExtendedOid } from '../../../core/extended-operations.js';
import { ResultCode } from '../../../core/result-code.js';
import type { ExtendedRequest, ExtendedResult, OperationContext } from '../../operations.js';
import type { Engine } from '../engine.js';
import { refused } from '../refusals.js';

export function startTls(engine: Engine, ctx: OperationContext, _request: ExtendedRequest): ExtendedResult {
  const rules = engine.profile.startTls;
  const name = rules.responseName ? { responseName: ExtendedOid.startTls } : {};
  if (ctx.session.encrypted) return { ...refused(rules.alreadyStarted), ...name };
  // slapd drops the identity on StartTLS: the client binds again over the secured channel.
  if (rules.resetsIdentity) ctx.session.bindDN = '';
  return { code: ResultCode.success, ...name };
}
