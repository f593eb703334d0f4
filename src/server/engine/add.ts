/**
 * Add (RFC 4511 §4.7): by an administrator; the profile's account rules check a password given
 * on add and fill in account defaults; the entry gets the profile's creation stamps.
 */
import { isResult } from '../accounts/account-rules.js';
import type { AddRequest, LdapResult, OperationContext } from '../operations.js';
import type { Engine } from './engine.js';

export async function add(engine: Engine, ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  engine.requireWriter(ctx, 'no write access to parent');
  for (const attribute of request.attributes) engine.rejectNoUserModification(attribute.type);
  const administrator = engine.isAdministrator(ctx.session.bindDN);
  const attributes = engine.accounts.newEntry?.(ctx, request.attributes, administrator) ?? [
    ...request.attributes,
  ];
  if (isResult(attributes)) return attributes;
  const stamps = engine.profile.stamps.creation(ctx.session.bindDN, engine.now(), attributes);
  engine.directory.add(request.dn, [...attributes, ...stamps], {
    validate: (entry) => engine.checkSchema(entry),
  });
  return engine.success();
}
