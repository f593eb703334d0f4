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
  SearchRequest,
  SearchSink,
  Session,
} from '../operations.js';
import { PasswordModifyOid, StartTlsOid, WhoAmIOid } from '../operations.js';
import { type AccountRules, isResult } from './account-rules.js';
import { type CandidateAttribute, parseAttributeRequest, selectAttributes } from './attribute-selection.js';
import { resolveBindName } from './bind-names.js';
import { resolveExtendedDN } from './extended-dn.js';
import { containingGroups } from './in-chain-rule.js';
import { passwordModify } from './password-modify.js';
import type { Profile, Refusal } from './profile.js';
import { updateReferences } from './referential-integrity.js';
import { rootDSEAttributes, subschemaAttributes } from './root-dse.js';
import { VirtualAttributes } from './virtual-attributes.js';

export interface ProfileHandlerOptions {
  /** The configured administrator that is not an entry (slapd's rootdn); '' for none. */
  readonly rootDN: string;
  readonly rootPassword: string;
  /** The first naming context: the domain root in AD. */
  readonly baseDN: string;
  /**
   * Check writes against the schema as slapd always does. Off (the default), only objectClass is
   * required, so fixtures and tests may use attributes no schema defines.
   */
  readonly strictSchema: boolean;
  readonly now?: () => Date;
}

/** The Domain Scope control: no continuation references (AD). */
const domainScopeOid = '1.2.840.113556.1.4.1339';

export class ProfileHandler implements LdapHandler {
  private readonly rootNdn: string;
  readonly accounts: AccountRules;
  private readonly virtual: VirtualAttributes;
  private readonly subschemaDN: string;
  readonly now: () => Date;

  constructor(
    readonly directory: Directory,
    readonly profile: Profile,
    private readonly options: ProfileHandlerOptions,
  ) {
    this.rootNdn = options.rootDN ? directory.normalize(options.rootDN) : '';
    this.now = options.now ?? (() => new Date());
    this.accounts = profile.accounts({ directory, now: this.now, baseDN: options.baseDN });
    this.subschemaDN = profile.subschema.dn(options.baseDN);
    this.virtual = new VirtualAttributes(directory, profile, this.accounts, options.baseDN, this.subschemaDN);
  }

  isRoot(bindDN: string): boolean {
    return this.rootNdn !== '' && bindDN !== '' && this.isSelf(bindDN, this.rootNdn);
  }

  /** Whether the session's bind DN names the entry with this normalised DN. */
  isSelf(bindDN: string, ndn: string): boolean {
    return bindDN !== '' && this.directory.normalize(bindDN) === ndn;
  }

  /** The rootdn, or a member (at any depth) of one of the profile's administrator groups. */
  isAdministrator(bindDN: string): boolean {
    if (this.isRoot(bindDN)) return true;
    if (bindDN === '' || this.profile.administratorGroups.length === 0) return false;
    const user = this.directory.get(bindDN);
    if (!user) return false;
    const groups = containingGroups(this.directory, user);
    return this.profile.administratorGroups.some((rdn) => {
      const group = this.directory.get(`${rdn},${this.options.baseDN}`);
      return group !== undefined && groups.has(group.ndn);
    });
  }

  /** What a fixture entry gets as if the rootdn had added it: account defaults and operational stamps. */
  loadedEntryAttributes(attributes: readonly NewAttribute[]): NewAttribute[] {
    const defaults = this.accounts.defaults?.(attributes) ?? [];
    const all = [...attributes, ...defaults];
    return [...defaults, ...this.profile.stamps.creation(this.options.rootDN, this.now(), all)];
  }

  // --- bind -------------------------------------------------------------------------------

  async bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
    const previous = ctx.session.bindDN;
    // RFC 4513 §4: a bind first returns the session to anonymous, so a failed bind leaves it so.
    ctx.session.bindDN = '';
    const result = this.authenticate(ctx, request);
    if (result.code !== 0 && this.profile.bind.failedBindKeepsIdentity) ctx.session.bindDN = previous;
    return result;
  }

  private authenticate(ctx: OperationContext, request: BindRequest): LdapResult {
    const rules = this.profile.bind;
    if (request.version !== 3) {
      return { code: ResultCode.protocolError, diagnosticMessage: 'requested protocol version not allowed' };
    }
    if (request.method === 'sasl') return refused(rules.saslUnsupported);
    if (request.name === '') {
      return request.password.length === 0 ? { code: 0 } : refused(rules.anonymousWithPassword);
    }
    const name = resolveBindName(this.directory, this.profile, this.options.baseDN, request.name);
    if (name === 'invalid') return refused(rules.invalidName);
    if (request.password.length === 0) {
      return rules.unauthenticated === 'anonymous' ? { code: 0 } : refused(rules.unauthenticated);
    }
    if (name.dn && this.isRoot(request.name)) {
      if (request.password.toString('utf8') !== this.options.rootPassword)
        return this.accounts.authenticate(ctx, undefined, request.password);
      ctx.session.bindDN = this.options.rootDN;
      return { code: 0 };
    }
    const result = this.accounts.authenticate(ctx, name.entry, request.password);
    if (result.code === 0 && name.entry) ctx.session.bindDN = name.entry.dn;
    return result;
  }

  // --- search -----------------------------------------------------------------------------

  async search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    this.checkControls(ctx);
    const attributes = parseAttributeRequest(
      request.attributes,
      this.directory.schema,
      this.profile.plusMeansOperational,
    );
    if (request.baseDN === '' && request.scope === 'base') {
      const roots = this.directory.roots().map((e) => e.dn);
      const candidates = rootDSEAttributes(this.profile, roots, this.subschemaDN, this.now());
      if (this.matchesListed(request, candidates))
        sink.entry({ dn: '', attributes: selectAttributes(attributes, candidates) });
      return { code: 0 };
    }
    this.requireBound(ctx.session);
    const baseDN = this.resolveDN(request.baseDN);
    this.requireDN(baseDN);
    const subschema = this.subschemaDN;
    if (normalizeDN(baseDN) === normalizeDN(subschema)) {
      const candidates = subschemaAttributes(this.profile, this.directory.schema, subschema);
      if (request.scope === 'base' && this.matchesListed(request, candidates)) {
        sink.entry({ dn: subschema, attributes: selectAttributes(attributes, candidates) });
      }
      return { code: 0 };
    }
    const base = this.requireEntry(baseDN);
    if (this.profile.tokenGroups && request.scope !== 'base' && attributes.named.has('tokengroups')) {
      return refused(this.profile.tokenGroups.nonBaseScope);
    }
    const viewer = ctx.session.bindDN;
    const filter =
      this.profile.rewriteFilter?.(request.filter, {
        namingContext: this.options.baseDN,
        schema: this.directory.schema,
      }) ?? request.filter;
    const matches = compileFilter(filter, this.filterEnvironment(viewer));
    const found: Entry[] = [];
    for (const entry of candidateEntries(this.directory, base, request.scope, filter, this.virtual)) {
      if (ctx.signal.aborted) break;
      if (matches(entry) === true) found.push(entry);
    }
    if (this.profile.order === 'objectGUID') found.sort(byObjectGUID);
    const typesOnly = request.typesOnly && this.profile.honourTypesOnly;
    for (const entry of found) {
      const candidates = this.candidateAttributes(entry, viewer);
      const { maxValueRange, rangePastEnd } = this.profile;
      const selected = selectAttributes(attributes, candidates, maxValueRange, rangePastEnd);
      sink.entry({
        dn: entry.dn,
        attributes: typesOnly ? selected.map((a) => ({ type: a.type, values: [] })) : selected,
      });
    }
    const { scope } = request;
    if (scope !== 'base' && base.parent === '' && !ctx.controls.some((c) => c.oid === domainScopeOid)) {
      for (const uri of this.profile.rootReferences(base.dn, ctx.session.encrypted, scope))
        sink.reference([uri]);
    }
    return { code: 0 };
  }

  private filterEnvironment(viewer: string): FilterEnvironment {
    const privileged = this.isRoot(viewer);
    const unreadable = new Set(this.profile.unreadableAttributes.map((a) => a.toLowerCase()));
    return {
      schema: this.directory.schema,
      directory: this.directory,
      values: (entry, type, description) => this.values(entry, type, description),
      extensibleRule: (oid) => this.profile.extensibleRules.get(oid),
      // slapd's ACL `to attrs=userPassword by self write by anonymous auth by * none`; AD's unicodePwd.
      visible: (type) => {
        const key = type.name.toLowerCase();
        return !unreadable.has(key) && (privileged || key !== 'userpassword');
      },
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
    const privileged = this.isRoot(viewer) || this.isSelf(viewer, entry.ndn);
    const unreadable = this.profile.unreadableAttributes.map((a) => a.toLowerCase());
    for (const [key, attribute] of entry.attributes) {
      if ((key === 'userpassword' && !privileged) || unreadable.includes(key)) continue;
      const base = key.split(';')[0]!;
      const type = schema.attributeType(base);
      const options = attribute.type.includes(';') ? attribute.type.slice(attribute.type.indexOf(';')) : '';
      const name = type.known ? type.name + options : attribute.type;
      const linked = this.profile.order === 'objectGUID' && key === 'member';
      const values = linked ? this.byLinkedGUID(attribute.values) : attribute.values;
      yield { key: base, type: name, operational: type.operational, values };
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

  /** Linked values (member) in the objectGUID order of the entries they name, as Samba returns them. */
  private byLinkedGUID(values: readonly AttributeValue[]): AttributeValue[] {
    const guid = (value: AttributeValue) =>
      this.directory.get(typeof value === 'string' ? value : value.toString('utf8'))?.get('objectguid')
        ?.values[0];
    return values
      .map((value) => ({ value, key: guid(value) }))
      .sort((a, b) => compareGuids(a.key, b.key))
      .map((v) => v.value);
  }

  /** The rootDSE and the subschema entry are not in the directory: filters test their listed values. */
  private matchesListed(request: SearchRequest, candidates: readonly CandidateAttribute[]): boolean {
    const byKey = new Map(candidates.map((a) => [a.key, a.values]));
    const env: FilterEnvironment = {
      schema: this.directory.schema,
      directory: this.directory,
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

  /** AD answers every operation of an unbound session but the rootDSE read with an error. */
  private requireBound(session: Session): void {
    const rule = this.profile.anonymousOperations;
    if (rule !== 'allowed' && session.bindDN === '') throw new LdapResultError(rule.code, rule.message);
  }

  // --- compare ----------------------------------------------------------------------------

  async compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    if (!this.profile.anonymousCompare) this.requireBound(ctx.session);
    const entry = this.requireEntry(this.resolveDN(request.dn));
    const type = this.directory.schema.attributeType(request.attribute.split(';')[0]!);
    if (!type.known) return { code: ResultCode.undefinedAttributeType };
    const bindDN = ctx.session.bindDN;
    const privileged = this.isRoot(bindDN) || this.isSelf(bindDN, entry.ndn);
    const key = type.name.toLowerCase();
    if (
      (key === 'userpassword' && !privileged) ||
      this.profile.unreadableAttributes.some((a) => a.toLowerCase() === key)
    ) {
      return refused(this.profile.errors.insufficientAccess);
    }
    const attributeKey = this.directory.attributeKey(request.attribute);
    const wanted = this.directory.normalizeValue(attributeKey, request.value);
    if (wanted === undefined) {
      return {
        code: ResultCode.invalidAttributeSyntax,
        diagnosticMessage: 'value does not conform to assertion syntax',
      };
    }
    const values = this.values(entry, type, request.attribute);
    if (!values || values.length === 0) return { code: ResultCode.noSuchAttribute };
    const equal = values.some((v) => this.directory.normalizeValue(attributeKey, v) === wanted);
    return { code: equal ? ResultCode.compareTrue : ResultCode.compareFalse };
  }

  // --- writes -----------------------------------------------------------------------------

  async add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, 'no write access to parent');
    for (const attribute of request.attributes) this.rejectNoUserModification(attribute.type);
    const administrator = this.isAdministrator(ctx.session.bindDN);
    const attributes = this.accounts.newEntry?.(ctx, request.attributes, administrator) ?? [
      ...request.attributes,
    ];
    if (isResult(attributes)) return attributes;
    const stamps = this.profile.stamps.creation(ctx.session.bindDN, this.now(), attributes);
    this.directory.add(request.dn, [...attributes, ...stamps], {
      validate: (entry) => this.checkSchema(entry),
    });
    return this.success();
  }

  async modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    const entry = this.requireEntry(this.resolveDN(request.dn));
    const bindDN = ctx.session.bindDN;
    const self = this.isSelf(bindDN, entry.ndn);
    const passwordKey = this.accounts.passwordAttribute.toLowerCase();
    const managed = new Set(
      [passwordKey, ...(this.accounts.managedAttributes ?? [])].map((a) => a.toLowerCase()),
    );
    const touchesPassword = request.changes.some((c) => managed.has(c.type.toLowerCase()));
    const onlyPassword = request.changes.every((c) => c.type.toLowerCase() === passwordKey);
    const administrator = this.isAdministrator(bindDN);
    if (!(self && onlyPassword)) this.requireWriter(ctx, '');
    for (const change of request.changes) this.rejectNoUserModification(change.type);
    let changes: DirectoryChange[] = [...request.changes];
    if (touchesPassword) {
      const checked = this.accounts.passwordChanges(ctx, entry, request.changes, administrator);
      if (isResult(checked)) return checked;
      changes = checked;
    }
    changes.push(...this.modificationStamps(bindDN));
    this.directory.modify(entry.dn, changes, (after) => this.checkSchema(after));
    return this.success();
  }

  async delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, 'no write access to parent');
    const entry = this.directory.delete(this.requireEntry(this.resolveDN(request.dn)).dn);
    updateReferences(this.directory, this.profile, entry.dn, undefined);
    return this.success();
  }

  async modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    this.checkControls(ctx);
    this.requireDN(request.dn);
    this.requireWriter(ctx, 'no write access to parent');
    const before = this.requireEntry(this.resolveDN(request.dn));
    const moved = [...this.directory.scope(before.ndn, 'sub')].map((e) => e.dn);
    const after = this.directory.rename(before.dn, request.newRDN, request.deleteOldRDN, request.newSuperior);
    // Every moved entry keeps its relative RDNs under the new name; references follow each one.
    const depth = parseDN(before.dn).length;
    const newBase = parseDN(after.dn);
    for (const oldDn of moved) {
      const rdns = parseDN(oldDn);
      const newDn = formatDN([...rdns.slice(0, rdns.length - depth), ...newBase], this.profile.dnStyle);
      updateReferences(this.directory, this.profile, oldDn, newDn);
    }
    return this.success();
  }

  private success(): LdapResult {
    return { code: 0, diagnosticMessage: this.profile.writeSuccessMessage };
  }

  /** The profile's operational stamps of a modify, as replace changes. */
  modificationStamps(modifier: string): DirectoryChange[] {
    return this.profile.stamps
      .modification(modifier, this.now())
      .map((a) => ({ operation: 'replace' as const, ...a }));
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

  /** Writes need an administrator; `parentMessage` is slapd's text when the parent is not writable. */
  private requireWriter(ctx: OperationContext, parentMessage: string): void {
    if (this.isAdministrator(ctx.session.bindDN)) return;
    const { anonymousWrite, insufficientAccess } = this.profile.errors;
    if (ctx.session.bindDN === '') {
      const rule = this.profile.anonymousOperations;
      throw rule === 'allowed' ? errorOf(anonymousWrite) : errorOf(rule);
    }
    throw new LdapResultError(insufficientAccess.code, parentMessage || insufficientAccess.message);
  }

  private requireDN(dn: string): void {
    if (this.profile.extendedDNs && dn.startsWith('<')) return;
    try {
      normalizeDN(dn);
    } catch {
      throw new LdapResultError(ResultCode.invalidDNSyntax, 'invalid DN');
    }
  }

  /** `<SID=…>` / `<GUID=…>` to the entry's DN where the profile takes them. */
  private resolveDN(dn: string): string {
    if (!this.profile.extendedDNs || !dn.startsWith('<')) return dn;
    const entry = resolveExtendedDN(this.directory, dn);
    if (entry === 'invalid') {
      throw new LdapResultError(ResultCode.invalidDNSyntax, "00002032: ldb_search: invalid basedn '(null)'");
    }
    if (!entry) throw errorOf(this.profile.extendedDNs.notFound(dn));
    return entry.dn;
  }

  requireEntry(dn: string): Entry {
    this.requireDN(dn);
    const entry = this.directory.get(dn);
    if (!entry) {
      const { message, matchedDN } = this.profile.noSuchObject(dn, this.directory.matchedDN(dn));
      throw new LdapResultError(ResultCode.noSuchObject, message, matchedDN);
    }
    return entry;
  }

  // --- extended ---------------------------------------------------------------------------

  async extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult> {
    this.checkControls(ctx);
    const supported = this.profile.rootDSE.supportedExtension.includes(request.oid);
    // StartTLS is answered even where it is not published (Samba lists no supportedExtension).
    switch (supported || request.oid === StartTlsOid ? request.oid : undefined) {
      case StartTlsOid: {
        const rules = this.profile.startTls;
        const name = rules.responseName ? { responseName: StartTlsOid } : {};
        if (ctx.session.encrypted) return { ...refused(rules.alreadyStarted), ...name };
        // slapd drops the identity on StartTLS: the client binds again over the secured channel.
        if (rules.resetsIdentity) ctx.session.bindDN = '';
        return { code: 0, ...name };
      }
      case WhoAmIOid:
        if (request.value !== undefined) {
          return { code: ResultCode.protocolError, diagnosticMessage: 'no request data expected' };
        }
        return { code: 0, responseValue: Buffer.from(this.authzId(ctx.session.bindDN), 'utf8') };
      case PasswordModifyOid:
        return passwordModify(this, ctx, request);
    }
    const { code, message, responseName } = this.profile.unsupportedExtendedOperation(request.oid);
    return { code, diagnosticMessage: message, ...(responseName !== undefined && { responseName }) };
  }

  /** RFC 4532 authorization identity: `dn:<DN>`, or AD's `u:DOMAIN\account`; '' when anonymous. */
  private authzId(bindDN: string): string {
    if (bindDN === '') return '';
    if (this.profile.whoAmI !== 'netbios') return `dn:${bindDN}`;
    const account = this.directory.get(bindDN)?.first('samaccountname');
    return account ? `u:${this.profile.bind.netbiosDomain}\\${account}` : `dn:${bindDN}`;
  }
}

function refused(refusal: Refusal): LdapResult {
  return { code: refusal.code, diagnosticMessage: refusal.message };
}

function errorOf(refusal: Refusal): LdapResultError {
  return new LdapResultError(refusal.code, refusal.message);
}

/** memcmp order of objectGUIDs (entries without one last), the order of Samba's index. */
function compareGuids(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : 1) : -1;
  return Buffer.compare(
    typeof a === 'string' ? Buffer.from(a) : a,
    typeof b === 'string' ? Buffer.from(b) : b,
  );
}

function byObjectGUID(a: Entry, b: Entry): number {
  return compareGuids(a.get('objectguid')?.values[0], b.get('objectguid')?.values[0]);
}

/** Stand-in entry for filters over the rootDSE and subschema, whose values come from a list. */
const listedEntry = { dn: '', ndn: '', parent: '', attributes: new Map() } as unknown as Entry;
