/**
 * Bind (RFC 4511 §4.2, RFC 4513): simple binds by DN — or, where the profile allows, by UPN and
 * `DOMAIN\user` — the anonymous and unauthenticated forms, and the rootdn, which is no entry.
 * The password check and every account state belong to the profile's account rules.
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN } from '../../core/dn-parse.js';
import { ResultCode } from '../../core/result-code.js';
import type { BindRequest, LdapResult, OperationContext } from '../operations.js';
import { resolveBindName } from './bind-names.js';
import type { Engine } from './engine.js';
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
  if (request.method === 'sasl') return refused(rules.saslUnsupported);
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
    if (request.password.toString('utf8') !== options.rootPassword) {
      return accounts.authenticate(ctx, undefined, request.password);
    }
    ctx.session.bindDN = prettyName(engine, request.name);
    return { code: ResultCode.success };
  }
  const result = accounts.authenticate(ctx, name.entry, request.password);
  if (result.code === ResultCode.success && name.entry) ctx.session.bindDN = name.entry.dn;
  return result;
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
