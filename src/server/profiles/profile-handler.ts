/**
 * LDAP operations on the in-memory directory, the way the profile's server performs them: who may
 * bind and how, what a search returns, which writes are allowed and what they maintain (memberOf,
 * refint, password policy), and the exact result codes and texts. The layers outside (limits,
 * faults, operation log) and the wire know nothing of this.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { formatDN, normalizeDN, parseDN } from '../../core/dn.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type { Directory, DirectoryChange } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import { compileFilter, type FilterEnvironment } from '../directory/evaluate-filter.js';
import type { ResolvedAttributeType } from '../directory/schema.js';
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
  ResponseControl,
  SearchRequest,
  SearchSink,
} from '../operations.js';
import { PasswordModifyOid, PasswordPolicyOid, StartTlsOid, WhoAmIOid } from '../operations.js';
import { type CandidateAttribute, parseAttributeRequest, selectAttributes } from './attribute-selection.js';
import { candidateEntries } from './candidates.js';
import { PasswordPolicy } from './password-policy.js';
import { passwordMatches } from './password-verify.js';
import type { Profile } from './profile.js';
import { rootDSEAttributes, subschemaAttributes } from './root-dse.js';

export interface ProfileHandlerOptions {
  /** The configured administrator (slapd's rootdn): not an entry, never limited, may write. */
  readonly rootDN: string;
  readonly rootPassword: string;
  /** Reject entries that break the schema (off: any attribute is accepted, as fixtures need). */
  readonly strictSchema: boolean;
  /** pwdPolicy entry for users without pwdPolicySubentry (slapo-ppolicy's olcPPolicyDefault). */
  readonly defaultPasswordPolicy?: string;
  readonly now?: () => Date;
}

const virtualOperational = ['entrydn', 'hassubordinates', 'subschemasubentry', 'structuralobjectclass'];

export class ProfileHandler implements LdapHandler {
  private readonly rootNdn: string;
  private readonly ppolicy: PasswordPolicy;
  private readonly filterEnv: FilterEnvironment;
  private readonly memberKey: string;

  constructor(
    readonly directory: Directory,
    readonly profile: Profile,
    private readonly options: ProfileHandlerOptions,
  ) {
    this.rootNdn = options.rootDN ? normalizeDN(options.rootDN) : '';
    this.ppolicy = new PasswordPolicy(
      directory,
      { enabled: profile.passwordPolicy.enabled, defaultPolicyDN: options.defaultPasswordPolicy },
      options.now ?? (() => new Date()),
    );
    this.memberKey = directory.attributeKey(profile.memberOfGroups.memberAttribute);
    this.filterEnv = {
      schema: directory.schema,
      values: (entry, type, description) => this.values(entry, type, description),
      extensibleRule: (oid) => profile.extensibleRules.get(oid),
    };
  }

  isRoot(bindDN: string): boolean {
    return this.rootNdn !== '' && bindDN !== '' && normalizeDN(bindDN) === this.rootNdn;
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
    const wantsPolicy = ctx.controls.some((c) => c.oid === PasswordPolicyOid);
    if (this.ppolicy.isLocked(entry)) {
      return {
        ...invalid,
        ...this.policyControl(wantsPolicy && this.profile.passwordPolicy.revealLockout, 'accountLocked'),
      };
    }
    if (!passwordMatches(stored, request.password)) {
      this.ppolicy.recordFailure(entry);
      return invalid;
    }
    this.ppolicy.recordSuccess(entry);
    ctx.session.bindDN = entry.dn;
    return { code: 0 };
  }

  private policyControl(
    send: boolean,
    error: NonNullable<Extract<ResponseControl, { type: 'passwordPolicy' }>['error']>,
  ) {
    return send ? { controls: [{ type: 'passwordPolicy' as const, error }] } : {};
  }

  // --- search -----------------------------------------------------------------------------

  async search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    this.checkControls(ctx);
    const attributes = parseAttributeRequest(request.attributes, this.directory.schema);
    if (request.baseDN === '' && request.scope === 'base') {
      const entry = { dn: '', attributes: selectAttributes(attributes, this.rootDSE()) };
      if (compileFilter(request.filter, this.rootFilterEnv(entry.attributes))(rootEntryStub) === true)
        sink.entry(entry);
      return { code: 0 };
    }
    let baseNdn: string;
    try {
      baseNdn = normalizeDN(request.baseDN);
    } catch {
      return { code: ResultCode.invalidDNSyntax, diagnosticMessage: 'invalid DN' };
    }
    if (baseNdn === normalizeDN(this.profile.rootDSE.subschemaSubentry)) {
      if (request.scope === 'base') {
        const candidates = subschemaAttributes(this.profile, this.directory.schema);
        const entry = {
          dn: this.profile.rootDSE.subschemaSubentry,
          attributes: selectAttributes(attributes, candidates),
        };
        if (compileFilter(request.filter, this.rootFilterEnv(entry.attributes))(rootEntryStub) === true)
          sink.entry(entry);
      }
      return { code: 0 };
    }
    const base = this.directory.getByNdn(baseNdn);
    if (!base) return { code: ResultCode.noSuchObject, matchedDN: this.directory.matchedDN(request.baseDN) };
    const matches = compileFilter(request.filter, this.filterEnv);
    const viewer = ctx.session.bindDN;
    for (const entry of candidateEntries(
      this.directory,
      base,
      request.scope,
      request.filter,
      this.virtualKeys(),
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

  private virtualKeys(): ReadonlySet<string> {
    return new Set([...virtualOperational, 'memberof']);
  }

  /** Attribute values as a search sees them: stored values plus the profile's virtual attributes. */
  private values(
    entry: Entry,
    type: ResolvedAttributeType,
    description: string,
  ): readonly AttributeValue[] | undefined {
    const key = type.name.toLowerCase();
    switch (key) {
      case 'memberof':
        return this.memberOf(entry);
      case 'entrydn':
        return [entry.dn];
      case 'hassubordinates':
        return [this.directory.hasChildren(entry.ndn) ? 'TRUE' : 'FALSE'];
      case 'subschemasubentry':
        return [this.profile.rootDSE.subschemaSubentry];
      case 'structuralobjectclass': {
        const structural = this.directory.schema.structuralObjectClass(entry.strings('objectclass'));
        return structural ? [structural] : undefined;
      }
      default:
        return entry.get(this.directory.attributeKey(description))?.values;
    }
  }

  private memberOf(entry: Entry): string[] | undefined {
    const groupClasses = new Set(this.profile.memberOfGroups.objectClasses.map((c) => c.toLowerCase()));
    const groups: string[] = [];
    for (const ndn of this.directory.lookup(this.memberKey, entry.dn)) {
      const group = this.directory.getByNdn(ndn);
      if (group?.strings('objectclass').some((c) => groupClasses.has(c.toLowerCase()))) groups.push(group.dn);
    }
    return groups.length > 0 ? groups : undefined;
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
    for (const key of [...virtualOperational, 'memberof']) {
      const type = schema.attributeType(key);
      const values = this.values(entry, type, key);
      if (values) {
        const operational = key === 'memberof' ? this.profile.memberOfIsOperational : true;
        yield { key, type: type.name, operational, values };
      }
    }
  }

  private rootDSE(): CandidateAttribute[] {
    return rootDSEAttributes(
      this.profile,
      this.directory.roots().map((e) => e.dn),
    );
  }

  /** The rootDSE and subschema entries are not in the directory; filters see their listed values. */
  private rootFilterEnv(
    attributes: readonly { type: string; values: readonly AttributeValue[] }[],
  ): FilterEnvironment {
    const byName = new Map(attributes.map((a) => [a.type.toLowerCase(), a.values]));
    return {
      ...this.filterEnv,
      values: (_entry, type) =>
        byName.get(type.name.toLowerCase()) ??
        (type.name.toLowerCase() === 'objectclass' ? ['top'] : undefined),
    };
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
    if (type.name.toLowerCase() === 'userpassword' && !this.isRoot(ctx.session.bindDN)) {
      return { code: ResultCode.insufficientAccessRights };
    }
    const values = this.values(entry, type, request.attribute);
    if (!values || values.length === 0) return { code: ResultCode.noSuchAttribute };
    const key = this.directory.attributeKey(request.attribute);
    const wanted = this.directory.normalizeValue(key, request.value);
    const equal = values.some((v) => this.directory.normalizeValue(key, v) === wanted);
    return { code: equal ? ResultCode.compareTrue : ResultCode.compareFalse };
  }

  // --- writes -----------------------------------------------------------------------------

  async add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, 'no write access to parent');
    if (!request.attributes.some((a) => a.type.toLowerCase() === 'objectclass')) {
      return { code: ResultCode.objectClassViolation, diagnosticMessage: 'no objectClass attribute' };
    }
    for (const attribute of request.attributes) this.rejectNoUserModification(attribute.type);
    if (this.options.strictSchema)
      this.checkSchema(request.attributes.map((a) => ({ type: a.type, values: a.values })));
    const stamp = this.stamp(ctx.session.bindDN, true);
    this.directory.add(request.dn, [...request.attributes, ...stamp]);
    return { code: 0 };
  }

  async modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    const entry = this.requireEntry(request.dn);
    const selfPassword =
      ctx.session.bindDN !== '' &&
      normalizeDN(ctx.session.bindDN) === entry.ndn &&
      request.changes.every((c) => c.type.toLowerCase() === 'userpassword');
    if (!selfPassword) this.requireWriter(ctx, 'no write access to entry');
    const changes: DirectoryChange[] = [];
    for (const change of request.changes) {
      this.rejectNoUserModification(change.type);
      if (change.type.toLowerCase() === 'userpassword' && change.operation !== 'delete') {
        for (const value of change.values) this.ppolicy.checkQuality(entry, value);
      }
      changes.push(change);
    }
    changes.push(
      ...this.stamp(ctx.session.bindDN, false).map((a) => ({ operation: 'replace' as const, ...a })),
    );
    const after = this.directory.modify(request.dn, changes);
    if (this.options.strictSchema) {
      this.checkSchema([...after.attributes.values()]);
    }
    return { code: 0 };
  }

  async delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, 'no write access to parent');
    const entry = this.directory.delete(request.dn);
    this.updateReferences(entry.dn, undefined);
    return { code: 0 };
  }

  async modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, 'no write access to parent');
    const before = this.requireEntry(request.dn);
    const moved = [...this.directory.scope(before.ndn, 'sub')].map((e) => e.dn);
    const after = this.directory.rename(
      request.dn,
      request.newRDN,
      request.deleteOldRDN,
      request.newSuperior,
    );
    const depth = parseDN(before.dn).length;
    const newBase = parseDN(after.dn);
    for (const oldDn of moved) {
      const rdns = parseDN(oldDn);
      this.updateReferences(oldDn, formatDN([...rdns.slice(0, rdns.length - depth), ...newBase]));
    }
    return { code: 0 };
  }

  /** slapo-refint: DN-valued references follow a delete (removed) or a rename (rewritten). */
  private updateReferences(oldDn: string, newDn: string | undefined): void {
    for (const attribute of this.profile.referentialIntegrity) {
      const key = this.directory.attributeKey(attribute);
      for (const ndn of [...this.directory.lookup(key, oldDn)]) {
        const holder = this.directory.getByNdn(ndn);
        if (!holder) continue;
        const values = holder.get(key)?.values ?? [];
        const target = this.directory.normalizeValue(key, oldDn);
        const kept = values.filter((v) => this.directory.normalizeValue(key, v) !== target);
        const next = newDn === undefined ? kept : [...kept, newDn];
        const placeholder = this.profile.referentialIntegrityPlaceholder;
        const finalValues = next.length === 0 && placeholder ? [placeholder] : next;
        this.directory.modify(holder.dn, [{ operation: 'replace', type: attribute, values: finalValues }]);
      }
    }
  }

  private stamp(bindDN: string, creating: boolean): { type: string; values: string[] }[] {
    const now = generalizedTimeNow(this.options.now?.() ?? new Date());
    const who = bindDN === '' ? '' : bindDN;
    const stamps = [
      { type: 'modifiersName', values: [who] },
      { type: 'modifyTimestamp', values: [now] },
      {
        type: 'entryCSN',
        values: [
          `${now.slice(0, 14)}.${randomBytes(3).readUIntBE(0, 3).toString().padStart(6, '0')}Z#000000#000#000000`,
        ],
      },
    ];
    if (creating) {
      stamps.push(
        { type: 'creatorsName', values: [who] },
        { type: 'createTimestamp', values: [now] },
        { type: 'entryUUID', values: [randomUUID()] },
      );
    }
    return stamps.filter((s) => s.values[0] !== '');
  }

  private rejectNoUserModification(description: string): void {
    const type = this.directory.schema.attributeType(description.split(';')[0]!);
    if (type.noUserModification) {
      throw new LdapResultError(ResultCode.constraintViolation, `${type.name}: no user modification allowed`);
    }
  }

  private checkSchema(attributes: readonly { type: string; values: readonly AttributeValue[] }[]): void {
    const objectClasses = attributes
      .filter((a) => a.type.toLowerCase() === 'objectclass')
      .flatMap((a) => a.values.map((v) => (typeof v === 'string' ? v : v.toString('utf8'))));
    const problem = this.directory.schema.checkEntry(
      objectClasses,
      attributes.map((a) => a.type.split(';')[0]!),
    );
    if (problem) throw new LdapResultError(problem.code, problem.message);
  }

  private requireWriter(ctx: OperationContext, message: string): void {
    if (!this.isRoot(ctx.session.bindDN))
      throw new LdapResultError(ResultCode.insufficientAccessRights, message);
  }

  private requireDN(dn: string): void {
    try {
      normalizeDN(dn);
    } catch {
      throw new LdapResultError(ResultCode.invalidDNSyntax, 'invalid DN');
    }
  }

  private requireEntry(dn: string): Entry {
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
        return { code: 0 };
      case WhoAmIOid:
        if (!this.profile.whoAmI.supported) break;
        if (request.value !== undefined && request.value.length > 0) {
          return {
            code: ResultCode.protocolError,
            diagnosticMessage: 'Who Am I? extended operation does not take a value',
          };
        }
        return {
          code: 0,
          responseValue: Buffer.from(ctx.session.bindDN === '' ? '' : `dn:${ctx.session.bindDN}`, 'utf8'),
        };
      case PasswordModifyOid:
        return this.passwordModify(ctx, request);
    }
    const { code, message } = this.profile.unsupportedExtendedOperation;
    return { code, diagnosticMessage: message };
  }

  /** RFC 3062 Password Modify, with slapd's rules and texts (servers/slapd/passwd.c). */
  private passwordModify(ctx: OperationContext, request: ExtendedRequest): ExtendedResult {
    const bindDN = ctx.session.bindDN;
    if (bindDN === '') {
      return {
        code: ResultCode.strongerAuthRequired,
        diagnosticMessage: 'only authenticated users may change passwords',
      };
    }
    const value = request.passwordModify ?? {};
    const targetDn = value.userIdentity ?? bindDN;
    const target = this.directory.get(targetDn);
    if (!target)
      return {
        code: ResultCode.noSuchObject,
        diagnosticMessage: '',
        matchedDN: this.directory.matchedDN(targetDn),
      };
    const self = target.ndn === normalizeDN(bindDN);
    if (!self && !this.isRoot(bindDN)) return { code: ResultCode.insufficientAccessRights };
    if (value.oldPassword !== undefined && value.oldPassword.length > 0) {
      const stored = target.get('userpassword')?.values ?? [];
      if (!passwordMatches(stored, value.oldPassword)) {
        return { code: ResultCode.unwillingToPerform, diagnosticMessage: 'unwilling to verify old password' };
      }
    }
    const generated = value.newPassword === undefined || value.newPassword.length === 0;
    const newPassword = generated ? Buffer.from(randomBytes(6).toString('base64url')) : value.newPassword!;
    this.ppolicy.checkQuality(target, newPassword);
    this.directory.modify(target.dn, [
      { operation: 'replace', type: 'userPassword', values: [newPassword] },
      ...this.stamp(bindDN, false).map((a) => ({ operation: 'replace' as const, ...a })),
    ]);
    if (!generated) return { code: 0 };
    // PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL }
    const responseValue = Buffer.concat([
      Buffer.from([0x30, newPassword.length + 2, 0x80, newPassword.length]),
      newPassword,
    ]);
    return { code: 0, responseValue };
  }
}

const rootEntryStub = { dn: '', ndn: '', parent: '', attributes: new Map() } as unknown as Entry;

function generalizedTimeNow(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
