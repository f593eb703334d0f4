/**
 * Bind (RFC 4511 §4.2, RFC 4513): simple binds by DN — or, where the profile allows, by UPN and
 * `DOMAIN\user` — the anonymous and unauthenticated forms, and the rootdn, which is no entry.
 * The password check and every account state belong to the profile's account rules.
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN } from '../../core/dn-parse.js';
import { ResultCode } from '../../core/result-code.js';
import { rootPasswordMatches } from '../accounts/root-password.js';
import type { BindRequest, LdapResult, OperationContext } from '../operations.js';
import { resolveBindName } from './bind-names.js';
import type { AuthzRule, Engine } from './engine.js';
import { refused } from './refusals.js';

export async function bind(engine: Engine, ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
  const previous = ctx.session.bindDN;
  // RFC 4513 §4: a bind first returns the session to anonymous, so a failed bind leaves it so.
  ctx.session.bindDN = '';
  const result = authenticate(engine, ctx, request);
  if (result.code !== ResultCode.success && engine.profile.bind.failedBindKeepsIdentity)
    ctx.session.bindDN = previous;
  return result;
}

function authenticate(engine: Engine, ctx: OperationContext, request: BindRequest): LdapResult {
  const { profile, directory, options, accounts } = engine;
  const rules = profile.bind;
  if (request.version !== 3) {
    return { code: ResultCode.protocolError, diagnosticMessage: 'requested protocol version not allowed' };
  }
  if (request.method === 'sasl') return saslBind(engine, ctx, request);
  if (request.name === '') {
    return request.password.length === 0
      ? { code: ResultCode.success }
      : refused(rules.anonymousWithPassword);
  }
  const name = resolveBindName(directory, profile, options.baseDN, request.name);
  if (name === 'invalid' || (name.dn && !engine.dnAccepted(request.name))) return refused(rules.invalidName);
  if (request.password.length === 0) {
    return rules.unauthenticated === 'anonymous'
      ? { code: ResultCode.success }
      : refused(rules.unauthenticated);
  }
  if (name.dn && engine.isRoot(request.name)) {
    if (!rootPasswordMatches(options.rootPassword, request.password)) {
      return accounts.authenticate(ctx, undefined, request.password);
    }
    ctx.session.bindDN = prettyName(engine, request.name);
    return { code: ResultCode.success };
  }
  // slapd judges a bind as the anonymous session it starts from: without auth access to the
  // password it fails as a wrong password does (measured: even on a rebind of a bound session).
  if (name.entry && engine.access && !engine.access.mayAuthenticate(name.entry))
    return accounts.authenticate(ctx, undefined, request.password);
  const result = accounts.authenticate(ctx, name.entry, request.password);
  if (result.code === ResultCode.success && name.entry) ctx.session.bindDN = name.entry.dn;
  return result;
}

/**
 * SASL: EXTERNAL only, where the profile has it, as the TLS client certificate's subject
 * (mapped by authz-regexp). Any other mechanism, or EXTERNAL without a verified certificate, is
 * the server's refusal of an unavailable mechanism.
 */
function saslBind(engine: Engine, ctx: OperationContext, request: BindRequest): LdapResult {
  const identity = ctx.session.clientIdentity;
  if (
    !engine.profile.bind.saslExternal ||
    request.saslMechanism?.toUpperCase() !== 'EXTERNAL' ||
    identity === undefined
  ) {
    return refused(engine.profile.bind.saslUnsupported);
  }
  ctx.session.bindDN = authzMapped(engine.options.authzRegexp ?? [], identity);
  return { code: ResultCode.success };
}

/** The first authz-regexp rule that matches the identity, applied; the identity itself when none does. */
export function authzMapped(rules: readonly AuthzRule[], identity: string): string {
  for (const rule of rules) {
    const match = new RegExp(rule.match, 'i').exec(identity);
    if (match) return rule.replace.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '');
  }
  return identity;
}

/**
 * The rootdn is no entry, so the session keeps the name as bound, in slapd's pretty form: schema
 * names for the types, values as written (`CN=Admin,DC=Example` → `cn=Admin,dc=Example`, which
 * WhoAmI returns).
 */
function prettyName(engine: Engine, name: string): string {
  const { schema } = engine.directory;
  const rdns = parseDN(name).map((rdn) =>
    rdn.map((ava) => ({ ...ava, type: schema.attributeType(ava.type).name })),
  );
  return formatDN(rdns, engine.profile.dnStyle);
}
