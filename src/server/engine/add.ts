/**
 * Add (RFC 4511 §4.7): by an administrator; the profile's account rules check a password given
 * on add and fill in account defaults; the entry gets the profile's creation stamps. Where the
 * profile checks the request first (slapd), the order is: the request's names and values, who
 * asks, NO-USER-MODIFICATION, the entry's schema, its place in the tree, access to the parent.
 */
import { isResult } from '../accounts/account-rules.js';
import type { AddRequest, LdapResult, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';
import { checkAddRules, withCreationStamps, withObjectClassChain, wordedWrite } from './write-rules.js';

const NO_PARENT_ACCESS = 'no write access to parent';

export function add(engine: Engine, ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
  return wordedWrite(engine, { operation: 'add', dn: request.dn }, () => addEntry(engine, ctx, request));
}

async function addEntry(engine: Engine, ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  const requestFirst = engine.profile.requestChecksFirst === true;
  if (requestFirst) {
    engine.checkRequest(request.attributes);
    engine.refuseAnonymousWrite(ctx);
  } else engine.requireWriter(ctx, NO_PARENT_ACCESS);
  checkAddRules(engine, request.dn, request.attributes);
  for (const attribute of request.attributes) engine.rejectNoUserModification(attribute.type);
  const administrator = engine.isAdministrator(ctx.session.bindDN);
  const attributes = engine.accounts.newEntry?.(ctx, request.attributes, administrator) ?? [
    ...request.attributes,
  ];
  if (isResult(attributes)) return attributes;
  const stamps = engine.profile.stamps.creation(ctx.session.bindDN, engine.now(), attributes);
  engine.directory.add(
    request.dn,
    withCreationStamps(engine, withObjectClassChain(engine, attributes), stamps),
    {
      validate: (entry) => engine.checkSchema(entry),
      ...(requestFirst && {
        entryBeforePlace: true,
        placed: () => engine.requireWriter(ctx, NO_PARENT_ACCESS),
      }),
      // Samba finds an existing entry last, once the new one is judged.
      ...(engine.profile.writes?.parentFirst && { entryBeforePlace: true }),
    },
  );
  return engine.success();
}
