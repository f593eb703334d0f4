/**
 * Who may write, per operation: slapd's access rules where a configuration gives them
 * (access-checks.ts), else the profile's own rule (an administrator writes, Engine.requireWriter).
 * An entry without a parent (a naming context) keeps the profile's rule either way: what slapd
 * asks there (access to the children of the empty DN) is not emulated.
 */
import type { Entry } from '../directory/entry.js';
import type { ModifyChange, ModifyDNRequest, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { parentOf } from './request-dn.js';

/** An add or a delete: `add`/`delete` on the parent's children and on the entry, else the profile's rule. */
export function requireEntryAccess(
  engine: Engine,
  ctx: OperationContext,
  operation: 'add' | 'delete',
  entry: Entry,
  parentMessage: string,
): void {
  const parent = entry.parent === '' ? undefined : engine.directory.get(entry.parent);
  if (engine.access && parent) engine.access.requireEntry(ctx.session.bindDN, operation, parent, entry);
  else engine.requireWriter(ctx, parentMessage);
}

/** Under access rules; false when there are none and the caller's own rule applies. */
export function requireModifyAccess(
  engine: Engine,
  ctx: OperationContext,
  entry: Entry,
  changes: readonly ModifyChange[],
): boolean {
  if (!engine.access) return false;
  engine.access.requireModify(ctx.session.bindDN, entry, changes);
  return true;
}

/** Before the entry is looked up, as back-mdb checks the parent first. */
export function requireRenameAccess(
  engine: Engine,
  ctx: OperationContext,
  request: ModifyDNRequest,
  parentMessage: string,
): void {
  const parentDN = parentOf(engine.resolveDN(request.dn));
  const parent = parentDN === undefined ? undefined : engine.directory.get(parentDN);
  if (engine.access && parent) engine.access.requireRename(ctx.session.bindDN, parent, request);
  else engine.requireWriter(ctx, parentMessage);
}

/** deleteoldrdn under access rules: the old RDN's values are deleted from the renamed entry. */
export function requireOldRdnAccess(
  engine: Engine,
  ctx: OperationContext,
  request: ModifyDNRequest,
  renamed: Entry,
): void {
  if (!engine.access || !request.deleteOldRDN) return;
  const before = engine.directory.get(request.dn);
  if (before) engine.access.requireOldRdnRemoval(ctx.session.bindDN, before, renamed);
}
