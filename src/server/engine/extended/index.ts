/**
 * Extended operations (RFC 4511 §4.12), registered by OID. An operation the profile does not
 * publish gets the profile's answer for an unknown one; StartTLS is answered even where it is
 * not published (Samba lists no supportedExtension).
 */
import { ExtendedOid } from '../../../core/extended-operations.js';
import type { ExtendedRequest, ExtendedResult, OperationContext } from '../../operations.js';
import type { Engine } from '../engine.js';
import { cancel } from './cancel.js';
import { passwordModify } from './password-modify.js';
import { startTls } from './start-tls.js';
import { whoAmI } from './who-am-i.js';

export type ExtendedOperation = (
  engine: Engine,
  ctx: OperationContext,
  request: ExtendedRequest,
) => ExtendedResult | Promise<ExtendedResult>;

const OPERATIONS: ReadonlyMap<string, ExtendedOperation> = new Map([
  [ExtendedOid.startTls, startTls],
  [ExtendedOid.whoAmI, whoAmI],
  [ExtendedOid.passwordModify, passwordModify],
  [ExtendedOid.cancel, cancel],
]);

export async function extended(
  engine: Engine,
  ctx: OperationContext,
  request: ExtendedRequest,
): Promise<ExtendedResult> {
  engine.checkControls(ctx);
  const published = engine.profile.rootDSE.supportedExtension.includes(request.oid);
  const operation =
    published || request.oid === ExtendedOid.startTls ? OPERATIONS.get(request.oid) : undefined;
  if (operation) return operation(engine, ctx, request);
  const { code, message, responseName } = engine.profile.unsupportedExtendedOperation(request.oid);
  return { code, diagnosticMessage: message, ...(responseName !== undefined && { responseName }) };
}
