/**
 * Cancel (RFC 3909), as slapd 2.5 answers it. The mock's operations answer at once, so the only
 * one a Cancel can find outstanding is the Cancel itself, which slapd answers with success.
 * Measured: no value → 2 `no message ID supplied`, a value that is not `SEQUENCE { INTEGER }` →
 * 2 `message ID parse failed`, any other ID → 119 `message ID not found`.
 */
import { ResultCode } from '../../../core/result-code.js';
import type { ExtendedRequest, ExtendedResult, OperationContext } from '../../operations.js';
import type { Engine } from '../engine.js';

export function cancel(_engine: Engine, ctx: OperationContext, request: ExtendedRequest): ExtendedResult {
  if (request.value === undefined) {
    return { code: ResultCode.protocolError, diagnosticMessage: 'no message ID supplied' };
  }
  const id = request.cancel?.messageId;
  if (id === undefined)
    return { code: ResultCode.protocolError, diagnosticMessage: 'message ID parse failed' };
  if (id === ctx.messageId) return { code: ResultCode.success };
  return { code: ResultCode.noSuchOperation, diagnosticMessage: 'message ID not found' };
}
