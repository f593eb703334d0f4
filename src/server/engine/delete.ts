/** Delete (RFC 4511 §4.8): a leaf, by an administrator; references to it follow (refint). */
import type { DeleteRequest, LdapResult, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { updateReferences } from './referential-integrity.js';

export async function deleteEntry(
  engine: Engine,
  ctx: OperationContext,
  request: DeleteRequest,
): Promise<LdapResult> {
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  engine.requireWriter(ctx, 'no write access to parent');
  const entry = engine.directory.delete(engine.requireEntry(engine.resolveDN(request.dn)).dn);
  updateReferences(engine.directory, engine.profile, entry.dn, undefined);
  return engine.success();
}
