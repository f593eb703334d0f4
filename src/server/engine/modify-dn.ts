/**
 * Modify DN (RFC 4511 §4.9): rename or move a leaf or a subtree; references follow every entry
 * moved; the renamed entry (its new RDN values) must fit the schema.
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN } from '../../core/dn-parse.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type { LdapResult, ModifyDNRequest, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { updateReferences } from './referential-integrity.js';
import { checkRenameRules, existingEntry, wordedWrite } from './write-rules.js';

export function modifyDN(
  engine: Engine,
  ctx: OperationContext,
  request: ModifyDNRequest,
): Promise<LdapResult> {
  const target = { operation: 'modifyDN' as const, dn: request.dn, newRDN: request.newRDN };
  return wordedWrite(
    engine,
    { ...target, ...(request.newSuperior !== undefined && { newSuperior: request.newSuperior }) },
    () => rename(engine, ctx, request),
  );
}

async function rename(engine: Engine, ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
  const { directory, profile } = engine;
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  // slapd refuses a new RDN the schema does not accept before anything else.
  if (!engine.dnAccepted(request.newRDN)) {
    throw new LdapResultError(ResultCode.invalidDNSyntax, 'invalid new RDN');
  }
  engine.requireWriter(ctx, "no write access to parent's children");
  checkRenameRules(engine, request);
  const before = existingEntry(engine, request.dn);
  const moved = [...directory.scope(before.ndn, 'sub')].map((e) => e.dn);
  const after = directory.rename(
    before.dn,
    request.newRDN,
    request.deleteOldRDN,
    request.newSuperior,
    (entry) => engine.checkSchema(entry),
  );
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
