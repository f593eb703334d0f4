/**
 * Delete (RFC 4511 §4.8): a leaf, by an administrator; references to it follow (refint). Where
 * the profile checks the request first (slapd), a missing entry is reported before access.
 */
import type { DeleteRequest, LdapResult, OperationContext } from '../operations.js';
import { checkAdRequest } from './ad-request-checks.js';
import { checkDeleteRules } from './ad-write-checks.js';
import type { Engine } from './engine.js';
import { checkHeld, checkOwnEntries } from './frontend-checks.js';
import { updateReferences } from './referential-integrity.js';
import { requireEntryAccess } from './write-access.js';
import { existingEntry, wordedWrite } from './write-rules.js';

export function deleteEntry(
  engine: Engine,
  ctx: OperationContext,
  request: DeleteRequest,
): Promise<LdapResult> {
  checkAdRequest(engine, ctx, { operation: 'delete', dn: request.dn });
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
  if (engine.profile.frontend) {
    checkOwnEntries(engine, 'delete', request.dn);
    checkHeld(engine, 'delete', request.dn);
    engine.refuseAnonymousWrite(ctx);
    const entry = existingEntry(engine, request.dn);
    target = entry.dn;
    // A naming context has no parent entry to be refused on: back-mdb says nothing more.
    requireEntryAccess(engine, ctx, 'delete', entry, entry.parent === '' ? '' : 'no write access to parent');
  } else if (engine.profile.writes?.parentFirst) {
    // Samba: the objectclass module finds the entry, the acl module judges access after it.
    const entry = existingEntry(engine, request.dn);
    checkDeleteRules(engine, ctx, entry);
    target = entry.dn;
  } else {
    engine.requireWriter(ctx, 'no write access to parent');
    target = existingEntry(engine, request.dn).dn;
  }
  const entry = engine.directory.delete(target);
  updateReferences(engine.directory, engine.profile, entry.dn, undefined);
  return engine.success();
}
