/**
 * LDAP operations on the in-memory directory, the way the profile's server performs them: who may
 * bind and how, what a search returns, which writes are allowed and what they maintain (memberOf,
 * refint, password policy), and the exact result codes and texts. The layers outside (limits,
 * faults, operation log) and the wire know nothing of this.
 */
import { formatDN, normalizeDN, parseDN } from '../../core/dn.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type { Directory, DirectoryChange, NewAttribute } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import { compileFilter, type FilterEnvironment } from '../directory/evaluate-filter.js';
import type { ResolvedAttributeType } from '../directory/schema.js';
import { candidateEntries } from '../directory/search-candidates.js';
import type {
  AddRequest,
  AttributeValue,
  BindRequest,
  CompareRequest,
  DeleteRequest,
  ExtendedRequest,
  ExtendedResult,
  LdapHandler,
  LdapResult,
  ModifyDNRequest,
  ModifyRequest,
  OperationContext,
  PasswordPolicyError,
  SearchRequest,
  SearchSink,
} from '../operations.js';
import { PasswordModifyOid, PasswordPolicyOid, StartTlsOid, WhoAmIOid } from '../operations.js';
import { type CandidateAttribute, parseAttributeRequest, selectAttributes } from './attribute-selection.js';
import { creationStamps, modificationStamps } from './operational-stamps.js';
import { passwordModify } from './password-modify.js';
import { PasswordPolicy } from './password-policy.js';
import type { Profile } from './profile.js';
import { updateReferences } from './referential-integrity.js';
import { rootDSEAttributes, subschemaAttributes } from './root-dse.js';
import { passwordMatches } from './user-password.js';
import { VirtualAttributes } from './virtual-attributes.js';

export interface ProfileHandlerOptions {
  /** The configured administrator (slapd's rootdn): not an entry, never limited, may write. */
  readonly rootDN: string;
  readonly rootPassword: string;
  /**
   * Check writes against the schema as slapd always does. Off (the default), only objectClass is
   * required, so fixtures and tests may use attributes no schema defines.
   */
  readonly strictSchema: boolean;
  /** pwdPolicy entry for users without pwdPolicySubentry (slapo-ppolicy's olcPPolicyDefault). */
  readonly defaultPasswordPolicy?: string;
  readonly now?: () => Date;
}

/** The texts slapd sends when ACLs refuse a write (slapd `access to * by * read`). */
const writeRefusals = {
  anonymous: { code: ResultCode.strongerAuthRequired, message: 'modifications require authentication' },
  parent: { code: ResultCode.insufficientAccessRights, message: 'no write access to parent' },
  entry: { code: ResultCode.insufficientAccessRights, message: '' },
};

export class ProfileHandler implements LdapHandler {
  private readonly rootNdn: string;
  readonly ppolicy: PasswordPolicy;
  private readonly virtual: VirtualAttributes;
  readonly now: () => Date;

  constructor(
    readonly directory: Directory,
    readonly profile: Profile,
    private readonly options: ProfileHandlerOptions,
  ) {
    this.rootNdn = options.rootDN ? normalizeDN(options.rootDN) : '';
    this.now = options.now ?? (() => new Date());
    this.ppolicy = new PasswordPolicy(
      directory,
      { enabled: profile.passwordPolicy.enabled, defaultPolicyDN: options.defaultPasswordPolicy },
      this.now,
    );
    this.virtual = new VirtualAttributes(directory, profile);
  }

  isRoot(bindDN: string): boolean {
    return this.rootNdn !== '' && bindDN !== '' && normalizeDN(bindDN) === this.rootNdn;
  }

  /** Operational attributes a new entry gets, for fixtures loaded as if the rootdn added them. */
  creationStamps(): NewAttribute[] {
    return creationStamps(this.options.rootDN, this.now());
  }

  // --- bind -------------------------------------------------------------------------------

  async bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
    // RFC 4513 §4: a bind first returns the session to anonymous, so a failed bind leaves it so.
    ctx.session.bindDN = '';
    const rules = this.profile.bind;
    if (request.version !== 3) {
      return { code: ResultCode.protocolError, diagnosticMessage: 'requested protocol version not allowed' };
    }
    if (request.method === 'sasl') {
      return { code: rules.saslUnsupported.code, diagnosticMessage: rules.saslUnsupported.message };
    }
    if (request.name === '') {
      if (request.password.length === 0) return { code: 0 };
      return {
        code: rules.anonymousWithPassword.code,
        diagnosticMessage: rules.anonymousWithPassword.message,
      };
    }
    let ndn: string;
    try {
      ndn = normalizeDN(request.name);
    } catch {
      return { code: rules.invalidName.code, diagnosticMessage: rules.invalidName.message };
    }
    if (request.password.length === 0) {
      if (rules.unauthenticated === 'anonymous') return { code: 0 };
      return { code: rules.unauthenticated.code, diagnosticMessage: rules.unauthenticated.message };
    }
    const invalid: LdapResult = {
      code: ResultCode.invalidCredentials,
      diagnosticMessage: rules.invalidCredentialsMessage,
    };
    if (ndn === this.rootNdn) {
      if (request.password.toString('utf8') !== this.options.rootPassword) return invalid;
      ctx.session.bindDN = this.options.rootDN;
      return { code: 0 };
    }
    const entry = this.directory.getByNdn(ndn);
    const stored = entry?.get('userpassword')?.values;
    if (!entry || !stored) return invalid;
    if (this.ppolicy.isLocked(entry)) {
      return this.withPolicyControl(
        ctx,
        invalid,
        this.profile.passwordPolicy.revealLockout ? 'accountLocked' : undefined,
      );
    }
    if (!passwordMatches(stored, request.password)) {
      this.ppolicy.recordFailure(entry);
      return this.withPolicyControl(ctx, invalid);
    }
    this.ppolicy.recordSuccess(entry);
    ctx.session.bindDN = entry.dn;
    return this.withPolicyControl(ctx, { code: 0 });
  }

  /** slapo-ppolicy answers a request that carries its control with its control, error or not. */
  withPolicyControl(ctx: OperationContext, result: LdapResult, error?: PasswordPolicyError): LdapResult {
    const requested = ctx.controls.some((c) => c.oid === PasswordPolicyOid);
    if (!requested || !this.profile.passwordPolicy.enabled) return result;
    return { ...result, controls: [{ type: 'passwordPolicy', ...(error && { error }) }] };
  }

  // --- search -----------------------------------------------------------------------------

  async search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    this.checkControls(ctx);
    const attributes = parseAttributeRequest(request.attributes, this.directory.schema);
    if (request.baseDN === '' && request.scope === 'base') {
      const candidates = rootDSEAttributes(
        this.profile,
        this.directory.roots().map((e) => e.dn),
      );
      if (this.matchesListed(request, candidates))
        sink.entry({ dn: '', attributes: selectAttributes(attributes, candidates) });
      return { code: 0 };
    }
    let baseNdn: string;
    try {
      baseNdn = normalizeDN(request.baseDN);
    } catch {
      return { code: ResultCode.invalidDNSyntax, diagnosticMessage: 'invalid DN' };
    }
    const subschema = this.profile.rootDSE.subschemaSubentry;
    if (baseNdn === normalizeDN(subschema)) {
      const candidates = subschemaAttributes(this.profile, this.directory.schema);
      if (request.scope === 'base' && this.matchesListed(request, candidates)) {
        sink.entry({ dn: subschema, attributes: selectAttributes(attributes, candidates) });
      }
      return { code: 0 };
    }
    const base = this.directory.getByNdn(baseNdn);
    if (!base) return { code: ResultCode.noSuchObject, matchedDN: this.directory.matchedDN(request.baseDN) };
    const viewer = ctx.session.bindDN;
    const matches = compileFilter(request.filter, this.filterEnvironment(viewer));
    for (const entry of candidateEntries(
      this.directory,
      base,
      request.scope,
      request.filter,
      this.virtual.keys,
    )) {
      if (ctx.signal.aborted) break;
      if (matches(entry) !== true) continue;
      sink.entry({
        dn: entry.dn,
        attributes: selectAttributes(attributes, this.candidateAttributes(entry, viewer)),
      });
    }
    return { code: 0 };
  }

  private filterEnvironment(viewer: string): FilterEnvironment {
    const privileged = this.isRoot(viewer);
    return {
      schema: this.directory.schema,
      values: (entry, type, description) => this.values(entry, type, description),
      extensibleRule: (oid) => this.profile.extensibleRules.get(oid),
      // slapd's ACL `to attrs=userPassword by self write by anonymous auth by * none`.
      visible: (type) => privileged || type.name.toLowerCase() !== 'userpassword',
    };
  }

  /** Attribute values as a search sees them: stored values plus the computed ones. */
  private values(
    entry: Entry,
    type: ResolvedAttributeType,
    description: string,
  ): readonly AttributeValue[] | undefined {
    const key = type.name.toLowerCase();
    if (this.virtual.keys.has(key)) return this.virtual.values(entry, key);
    return entry.get(this.directory.attributeKey(description))?.values;
  }

  private *candidateAttributes(entry: Entry, viewer: string): Generator<CandidateAttribute> {
    const schema = this.directory.schema;
    const privileged = this.isRoot(viewer) || (viewer !== '' && normalizeDN(viewer) === entry.ndn);
    for (const [key, attribute] of entry.attributes) {
      if (key === 'userpassword' && !privileged) continue;
      const base = key.split(';')[0]!;
      const type = schema.attributeType(base);
      const options = attribute.type.includes(';') ? attribute.type.slice(attribute.type.indexOf(';')) : '';
      const name = type.known ? type.name + options : attribute.type;
      yield { key: base, type: name, operational: type.operational, values: attribute.values };
    }
    for (const key of this.virtual.keys) {
      const values = this.virtual.values(entry, key);
      if (values)
        yield {
          key,
          type: schema.attributeType(key).name,
          operational: this.virtual.isOperational(key),
          values,
        };
    }
  }

  /** The rootDSE and the subschema entry are not in the directory: filters test their listed values. */
  private matchesListed(request: SearchRequest, candidates: readonly CandidateAttribute[]): boolean {
    const byKey = new Map(candidates.map((a) => [a.key, a.values]));
    const env: FilterEnvironment = {
      schema: this.directory.schema,
      values: (_entry, type) => byKey.get(type.name.toLowerCase()),
      extensibleRule: (oid) => this.profile.extensibleRules.get(oid),
    };
    return compileFilter(request.filter, env)(listedEntry) === true;
  }

  /** RFC 4511 §4.1.11: an unknown critical control fails the operation. */
  private checkControls(ctx: OperationContext): void {
    const supported = this.profile.rootDSE.supportedControl;
    for (const control of ctx.controls) {
      if (control.critical && !supported.includes(control.oid)) {
        throw new LdapResultError(
          ResultCode.unavailableCriticalExtension,
          'critical extension is unavailable',
        );
      }
    }
  }

  // --- compare ----------------------------------------------------------------------------

  async compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    const entry = this.requireEntry(request.dn);
    const type = this.directory.schema.attributeType(request.attribute.split(';')[0]!);
    if (!type.known) return { code: ResultCode.undefinedAttributeType };
    const privileged =
      this.isRoot(ctx.session.bindDN) ||
      (ctx.session.bindDN !== '' && normalizeDN(ctx.session.bindDN) === entry.ndn);
    if (type.name.toLowerCase() === 'userpassword' && !privileged)
      return { code: ResultCode.insufficientAccessRights };
    const key = this.directory.attributeKey(request.attribute);
    const wanted = this.directory.normalizeValue(key, request.value);
    if (wanted === undefined) {
      return {
        code: ResultCode.invalidAttributeSyntax,
        diagnosticMessage: 'value does not conform to assertion syntax',
      };
    }
    const values = this.values(entry, type, request.attribute);
    if (!values || values.length === 0) return { code: ResultCode.noSuchAttribute };
    const equal = values.some((v) => this.directory.normalizeValue(key, v) === wanted);
    return { code: equal ? ResultCode.compareTrue : ResultCode.compareFalse };
  }

  // --- writes -----------------------------------------------------------------------------

  async add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, writeRefusals.parent);
    for (const attribute of request.attributes) this.rejectNoUserModification(attribute.type);
    this.directory.add(
      request.dn,
      [...request.attributes, ...creationStamps(ctx.session.bindDN, this.now())],
      {
        validate: (entry) => this.checkSchema(entry),
      },
    );
    return { code: 0 };
  }

  async modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    const entry = this.requireEntry(request.dn);
    const self = ctx.session.bindDN !== '' && normalizeDN(ctx.session.bindDN) === entry.ndn;
    const passwordOnly = request.changes.every((c) => c.type.toLowerCase() === 'userpassword');
    if (!(self && passwordOnly)) this.requireWriter(ctx, writeRefusals.entry);
    const changes: DirectoryChange[] = [];
    for (const change of request.changes) {
      this.rejectNoUserModification(change.type);
      changes.push(change);
      if (change.type.toLowerCase() !== 'userpassword' || change.operation === 'delete') continue;
      for (const value of change.values) {
        const problem = this.ppolicy.qualityProblem(entry, value);
        if (problem) return this.qualityFailure(ctx, problem);
      }
      changes.push(...this.ppolicy.changeRecords(entry));
    }
    changes.push(
      ...modificationStamps(ctx.session.bindDN, this.now()).map((a) => ({
        operation: 'replace' as const,
        ...a,
      })),
    );
    this.directory.modify(request.dn, changes, (after) => this.checkSchema(after));
    return { code: 0 };
  }

  qualityFailure(ctx: OperationContext, problem: PasswordPolicyError): LdapResult {
    return this.withPolicyControl(
      ctx,
      { code: ResultCode.constraintViolation, diagnosticMessage: 'Password fails quality checking policy' },
      problem,
    );
  }

  async delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, writeRefusals.parent);
    const entry = this.directory.delete(request.dn);
    updateReferences(this.directory, this.profile, entry.dn, undefined);
    return { code: 0 };
  }

  async modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, writeRefusals.parent);
    const before = this.requireEntry(request.dn);
    const moved = [...this.directory.scope(before.ndn, 'sub')].map((e) => e.dn);
    const after = this.directory.rename(
      request.dn,
      request.newRDN,
      request.deleteOldRDN,
      request.newSuperior,
    );
    // Every moved entry keeps its relative RDNs under the new name; references follow each one.
    const depth = parseDN(before.dn).length;
    const newBase = parseDN(after.dn);
    for (const oldDn of moved) {
      const rdns = parseDN(oldDn);
      const newDn = formatDN([...rdns.slice(0, rdns.length - depth), ...newBase], this.profile.dnStyle);
      updateReferences(this.directory, this.profile, oldDn, newDn);
    }
    return { code: 0 };
  }

  private rejectNoUserModification(description: string): void {
    const type = this.directory.schema.attributeType(description.split(';')[0]!);
    if (type.noUserModification) {
      throw new LdapResultError(ResultCode.constraintViolation, `${type.name}: no user modification allowed`);
    }
  }

  /** Strict: slapd's whole schema check. Lenient: only an objectClass is required. */
  private checkSchema(entry: Entry): void {
    const objectClasses = entry.strings('objectclass');
    if (objectClasses.length === 0) {
      throw new LdapResultError(ResultCode.objectClassViolation, 'no objectClass attribute');
    }
    if (!this.options.strictSchema) return;
    const types = [...entry.attributes.values()].map((a) => a.type);
    const problem = this.directory.schema.checkEntry(objectClasses, types);
    if (problem) throw new LdapResultError(problem.code, problem.message);
  }

  private requireWriter(ctx: OperationContext, refusal: { code: number; message: string }): void {
    if (this.isRoot(ctx.session.bindDN)) return;
    const { code, message } = ctx.session.bindDN === '' ? writeRefusals.anonymous : refusal;
    throw new LdapResultError(code, message);
  }

  private requireDN(dn: string): void {
    try {
      normalizeDN(dn);
    } catch {
      throw new LdapResultError(ResultCode.invalidDNSyntax, 'invalid DN');
    }
  }

  requireEntry(dn: string): Entry {
    this.requireDN(dn);
    const entry = this.directory.get(dn);
    if (!entry) throw new LdapResultError(ResultCode.noSuchObject, '', this.directory.matchedDN(dn));
    return entry;
  }

  // --- extended ---------------------------------------------------------------------------

  async extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult> {
    this.checkControls(ctx);
    switch (request.oid) {
      case StartTlsOid:
        // slapd drops the identity on StartTLS: the client binds again over the secured channel.
        ctx.session.bindDN = '';
        return { code: 0 };
      case WhoAmIOid:
        if (!this.profile.whoAmI.supported) break;
        if (request.value !== undefined) {
          return { code: ResultCode.protocolError, diagnosticMessage: 'no request data expected' };
        }
        return {
          code: 0,
          responseValue: Buffer.from(ctx.session.bindDN === '' ? '' : `dn:${ctx.session.bindDN}`, 'utf8'),
        };
      case PasswordModifyOid:
        return passwordModify(this, ctx, request);
    }
    const { code, message } = this.profile.unsupportedExtendedOperation;
    return { code, diagnosticMessage: message };
  }
}

/** Stand-in entry for filters over the rootDSE and subschema, whose values come from a list. */
const listedEntry = { dn: '', ndn: '', parent: '', attributes: new Map() } as unknown as Entry;
