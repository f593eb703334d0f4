/**
 * Modify (RFC 4511 §4.6): all changes or none. Users may change their own password; anything
 * else needs an administrator. Password writes go through the profile's account rules
 * (ppolicy quality, AD's unicodePwd change and reset). Where the profile checks the request
 * first (slapd), the changes' names and values, who asks and NO-USER-MODIFICATION come before
 * the entry is looked up.
 */
import { isResult } from '../accounts/account-rules.js';
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { LdapResult, ModifyRequest, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { checkModifyRules, existingEntry, wordedWrite } from './write-rules.js';

export function modify(engine: Engine, ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
  return wordedWrite(engine, { operation: 'modify', dn: request.dn }, () =>
    modifyEntry(engine, ctx, request),
  );
}

async function modifyEntry(
  engine: Engine,
  ctx: OperationContext,
  request: ModifyRequest,
): Promise<LdapResult> {
  const { accounts } = engine;
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  const requestFirst = engine.profile.requestChecksFirst === true;
  const rejectNoUserModification = () => {
    for (const change of request.changes) engine.rejectNoUserModification(change.type);
  };
  if (requestFirst) {
    engine.checkRequest(request.changes);
    engine.refuseAnonymousWrite(ctx);
    rejectNoUserModification();
  }
  const entry = existingEntry(engine, request.dn);
  const bindDN = ctx.session.bindDN;
  const passwordKey = accounts.passwordAttribute.toLowerCase();
  const managed = new Set([passwordKey, ...(accounts.managedAttributes ?? [])].map((a) => a.toLowerCase()));
  const touchesPassword = request.changes.some((c) => managed.has(c.type.toLowerCase()));
  const onlyPassword = request.changes.every((c) => c.type.toLowerCase() === passwordKey);
  if (!(engine.isSelf(bindDN, entry.ndn) && onlyPassword)) engine.requireWriter(ctx, '');
  checkModifyRules(engine, request.dn, entry, request.changes);
  if (!requestFirst) rejectNoUserModification();
  let changes: DirectoryChange[] = [...request.changes];
  if (touchesPassword) {
    const checked = accounts.passwordChanges(ctx, entry, request.changes, engine.isAdministrator(bindDN));
    if (isResult(checked)) return checked;
    changes = checked;
  }
  changes.push(...engine.modificationStamps(bindDN));
  engine.directory.modify(entry.dn, changes, (after) => engine.checkSchema(after));
  return engine.success();
}
