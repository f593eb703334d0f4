/**
 * Delete (RFC 4511 §4.8): a leaf, by an administrator; references to it follow (refint). Where
 * the profile checks the request first (slapd), a missing entry is reported before access.
 */
import type { DeleteRequest, LdapResult, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { updateReferences } from './referential-integrity.js';
import { existingEntry, wordedWrite } from './write-rules.js';

export function deleteEntry(
  engine: Engine,
  ctx: OperationContext,
  request: DeleteRequest,
): Promise<LdapResult> {
  return wordedWrite(engine, { operation: 'delete', dn: request.dn }, () => deleteLeaf(engine, ctx, request));
}

async function deleteLeaf(
  engine: Engine,
  ctx: OperationContext,
  request: DeleteRequest,
): Promise<LdapResult> {
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  let target: string;
  if (engine.profile.requestChecksFirst) {
    engine.refuseAnonymousWrite(ctx);
    target = existingEntry(engine, request.dn).dn;
    engine.requireWriter(ctx, 'no write access to parent');
  } else {
    engine.requireWriter(ctx, 'no write access to parent');
    target = existingEntry(engine, request.dn).dn;
  }
  const entry = engine.directory.delete(target);
  updateReferences(engine.directory, engine.profile, entry.dn, undefined);
  return engine.success();
}
