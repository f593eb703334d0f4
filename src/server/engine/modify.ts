/**
 * Modify (RFC 4511 §4.6): all changes or none. Users may change their own password; anything
 * else needs an administrator. Password writes go through the profile's account rules
 * (ppolicy quality, AD's unicodePwd change and reset). Where the profile checks the request
 * first (slapd), the changes' names and values, who asks and NO-USER-MODIFICATION come before
 * the entry is looked up.
 */
import { isResult } from '../accounts/account-rules.js';
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import { DirectoryViolation } from '../directory/violation.js';
import type { LdapResult, ModifyRequest, OperationContext } from '../operations.js';
import { planAdModify } from './ad-object-class-changes.js';
import { checkAdRequest } from './ad-request-checks.js';
import { checkModifyRules } from './ad-write-checks.js';
import { danglingOnModify } from './dangling-members.js';
import type { Engine } from './engine.js';
import { checkHeld, checkOwnEntries, checkValuesGiven } from './frontend-checks.js';
import { checkUnique } from './unique-values.js';
import { requireModifyAccess } from './write-access.js';
import { existingEntry, wordedWrite } from './write-rules.js';

export function modify(engine: Engine, ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
  checkAdRequest(engine, ctx, { operation: 'modify', dn: request.dn, values: request.changes });
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
  checkValuesGiven(engine, 'modify', request.changes);
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  const requestFirst = engine.profile.frontend !== undefined;
  const rejectNoUserModification = () => {
    for (const change of request.changes) engine.rejectNoUserModification(change.type);
  };
  if (requestFirst) {
    engine.checkRequest(request.changes);
    checkOwnEntries(engine, 'modify', request.dn);
    checkHeld(engine, 'modify', request.dn);
    engine.refuseAnonymousWrite(ctx);
    rejectNoUserModification();
  }
  const entry = existingEntry(engine, request.dn);
  const bindDN = ctx.session.bindDN;
  const passwordKey = accounts.passwordAttribute.toLowerCase();
  const managed = new Set([passwordKey, ...(accounts.managedAttributes ?? [])].map((a) => a.toLowerCase()));
  const touchesPassword = request.changes.some((c) => managed.has(c.type.toLowerCase()));
  const onlyPassword = request.changes.every((c) => c.type.toLowerCase() === passwordKey);
  const passwordRules = () =>
    touchesPassword
      ? accounts.passwordChanges(ctx, entry, request.changes, engine.isAdministrator(bindDN))
      : [...request.changes];
  // slapo-ppolicy judges the passwords before the database checks access.
  let checked = requestFirst ? passwordRules() : undefined;
  if (checked !== undefined && isResult(checked)) return checked;
  // slapo-memberof judges the members a group gains before the database checks access.
  if (checked !== undefined) checked = danglingOnModify(engine, entry, checked);
  const emptied = checked?.length === 0 && request.changes.length > 0;
  if (engine.profile.unique) {
    const written = request.changes.filter((c) => c.operation !== 'delete');
    checkUnique(engine, engine.profile.unique, request.dn, entry, written);
  }
  // Samba's acl module judges access attribute by attribute (ad-write-checks.ts).
  const aclModule = engine.profile.writes?.parentFirst === true && !onlyPassword;
  if (emptied) {
    // memberof-dangling `drop` left nothing: slapd checks access change by change, so it refuses
    // nothing, and stamps the entry as modified by the user (measured).
  } else if (requireModifyAccess(engine, ctx, entry, request.changes)) {
    // slapd's olcAccess decided, attribute by attribute.
  } else if (!(engine.isSelf(bindDN, entry.ndn) && onlyPassword) && !aclModule) engine.requireWriter(ctx, '');
  checkModifyRules(engine, ctx, request.dn, entry, request.changes);
  if (!requestFirst) rejectNoUserModification();
  checked ??= passwordRules();
  if (isResult(checked)) return checked;
  // Samba's objectclass module applies objectClass changes after the others (ad-object-class-changes.ts).
  const planned = planAdModify(engine, entry, checked, engine.isAdministrator(bindDN));
  const changes: DirectoryChange[] = planned.changes;
  changes.push(...engine.modificationStamps(bindDN));
  engine.directory.modify(entry.dn, changes, (after) => {
    if (requestFirst && engine.options.strictSchema) keepStructuralClass(engine, entry, after);
    if (planned.refused) throw planned.refused;
    engine.checkSchema(after);
  });
  return engine.success();
}

/** slapd refuses a modify that changes the entry's structural class (69), once the new one is known. */
function keepStructuralClass(engine: Engine, before: Entry, after: Entry): void {
  const { schema } = engine.directory;
  const classes = after.strings('objectclass');
  // Unknown classes and a broken chain are the schema check's to report, first.
  if (!classes.every((name) => schema.objectClass(name))) return;
  const problem = schema.checkEntry(classes, ['objectClass']);
  if (problem?.kind === 'structuralChain' || problem?.kind === 'noStructuralClass') return;
  const was = schema.structuralObjectClass(before.strings('objectclass'));
  const is = schema.structuralObjectClass(classes);
  if (was !== undefined && is !== undefined && was !== is) {
    throw new DirectoryViolation({ kind: 'structuralClassChange', before: was, after: is });
  }
}
