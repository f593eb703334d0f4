/**
 * Modify DN (RFC 4511 §4.9): rename or move a leaf or a subtree; references follow every entry
 * moved; the renamed entry (its new RDN values) must fit the schema.
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN } from '../../core/dn-parse.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import { DirectoryViolation } from '../directory/violation.js';
import type { LdapResult, ModifyDNRequest, OperationContext } from '../operations.js';
import { checkAdRequest } from './ad-request-checks.js';
import { checkRenamedEntry, checkRenameRules, deletesOldRdn } from './ad-write-checks.js';
import type { Engine } from './engine.js';
import {
  checkHeld,
  checkNewSuperior,
  checkOwnEntries,
  checkRenameDatabase,
  checkRenamePlace,
} from './frontend-checks.js';
import { updateReferences } from './referential-integrity.js';
import { checkUnique } from './unique-values.js';
import { requireOldRdnAccess, requireRenameAccess } from './write-access.js';
import { existingEntry, wordedWrite } from './write-rules.js';

export function modifyDN(
  engine: Engine,
  ctx: OperationContext,
  request: ModifyDNRequest,
): Promise<LdapResult> {
  const target = { operation: 'modifyDN' as const, dn: request.dn, newRDN: request.newRDN };
  checkAdRequest(engine, ctx, {
    operation: 'modifyDN',
    dn: request.dn,
    deleteOldRDN: request.deleteOldRDN,
    newRDN: request.newRDN,
    ...(request.newSuperior !== undefined && { newSuperior: request.newSuperior }),
  });
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
  checkNewSuperior(engine, request);
  checkOwnEntries(engine, 'modifyDN', request.dn);
  checkRenamePlace(engine, request);
  checkHeld(engine, 'modifyDN', request.dn);
  if (profile.frontend) engine.refuseAnonymousWrite(ctx);
  checkRenameDatabase(engine, request);
  if (profile.unique) {
    const written = parseDN(request.newRDN)[0]!.map((ava) => ({ type: ava.type, values: [ava.value] }));
    checkUnique(engine, profile.unique, request.dn, directory.get(request.dn), written);
  }
  // back-mdb looks the parent up first, and names no matched DN when it is missing.
  if (profile.frontend) requireParent(engine, request.dn);
  // Samba's acl module judges access once the objectclass module has the entry (ad-write-checks.ts).
  if (!profile.writes?.parentFirst)
    requireRenameAccess(engine, ctx, request, "no write access to parent's children");
  checkRenameRules(engine, request);
  const before = existingEntry(engine, request.dn);
  checkRenamedEntry(engine, ctx, request, before);
  const moved = [...directory.scope(before.ndn, 'sub')].map((e) => e.dn);
  const after = directory.rename(
    before.dn,
    request.newRDN,
    deletesOldRdn(engine, before, request),
    request.newSuperior,
    (entry) => {
      requireOldRdnAccess(engine, ctx, request, entry);
      engine.checkSchema(entry);
    },
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

function requireParent(engine: Engine, dn: string): void {
  const { directory } = engine;
  const rdns = parseDN(engine.resolveDN(dn));
  const parent = formatDN(rdns.slice(1));
  if (rdns.length <= 1 || directory.roots().some((root) => root.ndn === directory.normalize(formatDN(rdns))))
    return;
  if (!directory.get(parent)) throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: '' });
}
