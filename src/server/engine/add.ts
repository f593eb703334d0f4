/**
 * Add (RFC 4511 §4.7): by an administrator; the profile's account rules check a password given
 * on add and fill in account defaults; the entry gets the profile's creation stamps. Where the
 * profile checks the request first (slapd), the order is: the request's names and values, who
 * asks, NO-USER-MODIFICATION, the entry's schema, its place in the tree, access to the parent.
 */
import { isResult } from '../accounts/account-rules.js';
import type { AddRequest, LdapResult, OperationContext } from '../operations.js';
import { checkAdRequest, checkSelfLinks } from './ad-request-checks.js';
import { checkAddPlace, checkAddRules } from './ad-write-checks.js';
import { danglingOnAdd } from './dangling-members.js';
import type { Engine } from './engine.js';
import {
  checkAttributesGiven,
  checkHeld,
  checkOwnEntries,
  checkRepeatedAttributes,
  checkValuesGiven,
} from './frontend-checks.js';
import { checkUnique, requestedEntry } from './unique-values.js';
import { requireEntryAccess } from './write-access.js';
import { withCreationStamps, withObjectClassChain, wordedWrite } from './write-rules.js';

const NO_PARENT_ACCESS = 'no write access to parent';

export function add(engine: Engine, ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
  checkAdRequest(engine, ctx, { operation: 'add', dn: request.dn, values: request.attributes });
  return wordedWrite(engine, { operation: 'add', dn: request.dn }, () => addEntry(engine, ctx, request));
}

async function addEntry(engine: Engine, ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
  checkValuesGiven(engine, 'add', request.attributes);
  engine.checkControls(ctx);
  engine.requireDN(request.dn);
  const requestFirst = engine.profile.frontend !== undefined;
  if (requestFirst) {
    checkAttributesGiven(engine, request.attributes);
    checkOwnEntries(engine, 'add', request.dn);
    engine.checkRequest(request.attributes);
    checkHeld(engine, 'add', request.dn);
    engine.refuseAnonymousWrite(ctx);
  } else if (!engine.profile.writes?.parentFirst) engine.requireWriter(ctx, NO_PARENT_ACCESS);
  checkAddRules(engine, ctx, request.dn, request.attributes);
  for (const attribute of request.attributes) engine.rejectNoUserModification(attribute.type);
  checkRepeatedAttributes(engine, request.attributes);
  const { unique } = engine.profile;
  if (unique) {
    const requested = requestedEntry(engine, request.dn, request.attributes);
    checkUnique(engine, unique, request.dn, requested, request.attributes);
  }
  // slapo-memberof: a member naming no entry kept, dropped or refused (dangling-members.ts).
  const members = danglingOnAdd(engine, request.attributes);
  const administrator = engine.isAdministrator(ctx.session.bindDN);
  const attributes = engine.accounts.newEntry?.(ctx, members, administrator) ?? members;
  if (isResult(attributes)) return attributes;
  const stamps = engine.profile.stamps.creation(ctx.session.bindDN, engine.now(), attributes);
  engine.directory.add(
    request.dn,
    withCreationStamps(engine, withObjectClassChain(engine, attributes), stamps),
    {
      validate: (entry) => {
        checkSelfLinks(engine, request.dn, request.attributes);
        checkAddPlace(engine, request.dn);
        engine.checkSchema(entry);
      },
      ...(requestFirst && {
        entryBeforePlace: true,
        placed: (entry) => requireEntryAccess(engine, ctx, 'add', entry, NO_PARENT_ACCESS),
      }),
      // Samba finds an existing entry last, once the new one is judged.
      ...(engine.profile.writes?.parentFirst && { entryBeforePlace: true }),
    },
  );
  return engine.success();
}
