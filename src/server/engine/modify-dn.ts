/** Modify DN (RFC 4511 §4.9): rename or move a leaf or a subtree; references follow every entry moved. */
import { formatDN } from '../../core/dn-format.js';
import { parseDN } from '../../core/dn-parse.js';
import type { LdapResult, ModifyDNRequest, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { updateReferences } from './referential-integrity.js';

export async function modifyDN(
  engine: Engine,
  ctx: OperationContext,
  request: ModifyDNRequest,
): Promise<LdapResult> {
  const { directory, profile } = engine;
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  engine.requireWriter(ctx, 'no write access to parent');
  const before = engine.requireEntry(engine.resolveDN(request.dn));
  const moved = [...directory.scope(before.ndn, 'sub')].map((e) => e.dn);
  const after = directory.rename(before.dn, request.newRDN, request.deleteOldRDN, request.newSuperior);
  // Every moved entry keeps its relative RDNs under the new name.
  const depth = parseDN(before.dn).length;
  const newBase = parseDN(after.dn);
  for (const oldDn of moved) {
    const rdns = parseDN(oldDn);
    const newDn = formatDN([...rdns.slice(0, rdns.length - depth), ...newBase], profile.dnStyle);
    updateReferences(directory, profile, oldDn, newDn);
  }
  return engine.success();
}
