/**
 * The LDAP engine: operations on the in-memory directory, the way the profile's server performs
 * them. Each operation is a file of its own (bind.ts, search.ts, … extended/); this class holds
 * what they share — who the session is to the server (rootdn, self, administrator), the checks
 * every operation makes, and the profile's answers — so each reads like the RFC section it
 * implements. The layers outside (limits, faults, journal) and the wire know nothing of it.
 */
import { normalizeDN } from '../../core/dn-normalize.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type { AccessConfiguration } from '../access/access-rule.js';
import type { AccountRules } from '../accounts/account-rules.js';
import type { Directory } from '../directory/directory.js';
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import type { ResolvedAttributeType } from '../directory/schema-attribute-types.js';
import { checkEntrySchema } from '../directory/schema-check.js';
import { DirectoryViolation } from '../directory/violation.js';
import { containingGroups } from '../matching/in-chain-rule.js';
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
import type { Profile } from '../profiles/profile.js';
import { AccessChecks } from './access-checks.js';
import { add } from './add.js';
import { bind } from './bind.js';
import { compare } from './compare.js';
import { deleteEntry } from './delete.js';
import { extended } from './extended/index.js';
import { resolveExtendedDN } from './extended-dn.js';
import { modify } from './modify.js';
import { modifyDN } from './modify-dn.js';
import { errorOf } from './refusals.js';
import { checkRequestAttributes, dnFitsSchema, type RequestAttribute } from './request-checks.js';
import { search } from './search.js';
import { VirtualAttributes } from './virtual-attributes.js';

export interface EngineOptions {
  /** The configured administrator that is not an entry (slapd's rootdn); '' for none. */
  readonly rootDN: string;
  readonly rootPassword: string;
  /** The first naming context: the domain root in AD. */
  readonly baseDN: string;
  /**
   * Check writes against the schema as the emulated server always does. Off (opted into with
   * `strictSchema: false`), only an objectClass is required, for data with undefined attributes.
   */
  readonly strictSchema: boolean;
  readonly now?: () => Date;
  /**
   * slapd's authz-regexp: rules that map an authentication identity (a client certificate's
   * subject) to the DN a SASL EXTERNAL bind is; the first that matches applies.
   */
  readonly authzRegexp?: readonly AuthzRule[];
  /** slapd's olcAccess rules, where a configuration gives them; else the profile's own read and write rules. */
  readonly access?: AccessConfiguration;
}

export interface AuthzRule {
  /** A regular expression over the identity (case-insensitive, as slapd's). */
  readonly match: string;
  /** The DN, `$1`… standing for the match's groups. */
  readonly replace: string;
}

export class Engine implements LdapHandler {
  private readonly rootNdn: string;
  readonly accounts: AccountRules;
  readonly virtual: VirtualAttributes;
  readonly subschemaDN: string;
  readonly now: () => Date;
  /** When this engine started serving (slapd's subschema entry carries it). */
  readonly started: Date;
  /** The configured access rules' checks (access-checks.ts); undefined without rules. */
  readonly access: AccessChecks | undefined;

  constructor(
    readonly directory: Directory,
    readonly profile: Profile,
    readonly options: EngineOptions,
  ) {
    this.rootNdn = options.rootDN ? directory.normalize(options.rootDN) : '';
    this.now = options.now ?? (() => new Date());
    this.started = this.now();
    this.accounts = profile.accounts({ directory, now: this.now, baseDN: options.baseDN });
    this.subschemaDN = profile.subschema.dn(options.baseDN);
    this.virtual = new VirtualAttributes(directory, profile, this.accounts, options.baseDN, this.subschemaDN);
    this.access = options.access ? new AccessChecks(this, options.access) : undefined;
  }

  bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
    return this.answer(() => bind(this, ctx, request));
  }
  search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    return this.answer(() => search(this, ctx, request, sink), ctx);
  }
  compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult> {
    return this.answer(() => compare(this, ctx, request), ctx);
  }
  add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    return this.answer(() => add(this, ctx, request));
  }
  modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    return this.answer(() => modify(this, ctx, request));
  }
  delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    return this.answer(() => deleteEntry(this, ctx, request));
  }
  modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    return this.answer(() => modifyDN(this, ctx, request));
  }
  extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult> {
    return this.answer(() => extended(this, ctx, request));
  }

  /**
   * Runs an operation; what the directory refused comes back in the profile's words. A search's
   * or compare's (`reader`) matched DN is sent only where the access rules let the session know of
   * that entry; back-mdb's add, modify and delete send it regardless (measured).
   */
  private async answer<R extends LdapResult>(
    operation: () => Promise<R>,
    reader?: OperationContext,
  ): Promise<R> {
    const access = reader && this.access;
    const conceal = (code: number, matchedDN: string) =>
      access ? access.matchedDN(reader.session.bindDN, code, matchedDN) : matchedDN;
    try {
      const result = await operation();
      if (!access || !result.matchedDN) return result;
      return { ...result, matchedDN: conceal(result.code, result.matchedDN) };
    } catch (error) {
      if (error instanceof LdapResultError && access && error.matchedDN !== '') {
        const { code, diagnosticMessage, matchedDN } = error;
        throw new LdapResultError(code, diagnosticMessage, conceal(code, matchedDN));
      }
      if (!(error instanceof DirectoryViolation)) throw error;
      const { code, message, matchedDN } = this.profile.violation(error.violation);
      throw new LdapResultError(code, message, conceal(code, matchedDN ?? ''));
    }
  }

  // --- who the session is -----------------------------------------------------------------

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
    const groups = containingGroups(this.directory, user, this.profile.memberOfGroups.memberAttribute);
    return this.profile.administratorGroups.some((rdn) => {
      const group = this.directory.get(`${rdn},${this.options.baseDN}`);
      return group !== undefined && groups.has(group.ndn);
    });
  }

  /**
   * Whether `viewer` may read the attribute of `entry` (undefined: of any entry, as a filter
   * asks): the profile's unreadable attributes never, its owner-readable ones (slapd's ACL on
   * userPassword) only by the entry itself and the rootdn.
   */
  readable(attributeKey: string, viewer: string, entry?: Entry): boolean {
    // Under access rules a filter asks entry by entry (AccessChecks.filterAccess).
    if (this.access) return entry === undefined || this.access.readable(viewer, entry, attributeKey);
    const { unreadableAttributes, ownerReadableAttributes } = this.profile;
    if (unreadableAttributes.some((name) => name.toLowerCase() === attributeKey)) return false;
    if (!ownerReadableAttributes.some((name) => name.toLowerCase() === attributeKey)) return true;
    return this.isRoot(viewer) || (entry !== undefined && this.isSelf(viewer, entry.ndn));
  }

  // --- checks every operation makes --------------------------------------------------------

  /** RFC 4511 §4.1.11: an unknown critical control fails the operation. */
  checkControls(ctx: OperationContext): void {
    const supported = this.profile.rootDSE.supportedControl;
    for (const control of ctx.controls) {
      if (control.critical && !supported.includes(control.oid)) {
        // slapd 2.5's words (measured); Samba sends no usable answer to compare with.
        throw new LdapResultError(
          ResultCode.unavailableCriticalExtension,
          'critical extension is not recognized',
        );
      }
    }
  }

  /** AD answers every operation of an unbound session but the rootDSE read with an error. */
  requireBound(session: Session): void {
    const rule = this.profile.anonymousOperations;
    if (rule !== 'allowed' && session.bindDN === '') throw new LdapResultError(rule.code, rule.message);
  }

  requireDN(dn: string): void {
    if (this.profile.extendedDNs && dn.startsWith('<')) return;
    try {
      normalizeDN(dn);
    } catch {
      throw new LdapResultError(ResultCode.invalidDNSyntax, 'invalid DN');
    }
    if (!this.dnAccepted(dn)) throw new LdapResultError(ResultCode.invalidDNSyntax, 'invalid DN');
  }

  /** False for a DN slapd refuses as invalid under schema checking (an undefined type, a bad value). */
  dnAccepted(dn: string): boolean {
    return !(this.profile.frontend && this.options.strictSchema) || dnFitsSchema(this.directory, dn);
  }

  /** The request's own attribute checks, where the profile makes them before anything else. */
  checkRequest(attributes: readonly RequestAttribute[]): void {
    if (this.profile.frontend) {
      checkRequestAttributes(this.directory, attributes, this.options.strictSchema);
    }
  }

  /** `<SID=…>` / `<GUID=…>` to the entry's DN where the profile takes them. */
  resolveDN(dn: string): string {
    const forms = this.profile.extendedDNs;
    if (!forms || !dn.startsWith('<')) return dn;
    const entry = resolveExtendedDN(this.directory, dn);
    if (entry === 'invalid') throw errorOf(forms.invalid);
    if (!entry) throw errorOf(forms.notFound(dn));
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

  /** Writes need an administrator; `parentMessage` is slapd's text when the parent is not writable. */
  requireWriter(ctx: OperationContext, parentMessage: string): void {
    if (this.isAdministrator(ctx.session.bindDN)) return;
    this.refuseAnonymousWrite(ctx);
    const { insufficientAccess } = this.profile.errors;
    throw new LdapResultError(insufficientAccess.code, parentMessage || insufficientAccess.message);
  }

  /** An unbound session may not write, whatever it writes: the first half of requireWriter. */
  refuseAnonymousWrite(ctx: OperationContext): void {
    if (ctx.session.bindDN !== '') return;
    const rule = this.profile.anonymousOperations;
    throw rule === 'allowed' ? errorOf(this.profile.errors.anonymousWrite) : errorOf(rule);
  }

  rejectNoUserModification(description: string): void {
    const type = this.directory.schema.attributeType(description.split(';')[0]!);
    if (type.noUserModification) {
      throw new LdapResultError(ResultCode.constraintViolation, `${type.name}: no user modification allowed`);
    }
  }

  /** Strict: the server's whole schema check. Lenient: only an objectClass is required. */
  checkSchema(entry: Entry): void {
    checkEntrySchema(this.directory.schema, entry, this.options.strictSchema);
  }

  // --- what writes leave behind ------------------------------------------------------------

  success(): LdapResult {
    return { code: ResultCode.success, diagnosticMessage: this.profile.writeSuccessMessage };
  }

  /** The profile's operational stamps of a modify, as replace changes. */
  modificationStamps(modifier: string): DirectoryChange[] {
    return this.profile.stamps
      .modification(modifier, this.now())
      .map((a) => ({ operation: 'replace' as const, ...a }));
  }

  /** Attribute values as a search sees them: stored values plus the computed ones. */
  values(
    entry: Entry,
    type: ResolvedAttributeType,
    description: string,
  ): readonly AttributeValue[] | undefined {
    const key = type.name.toLowerCase();
    if (this.virtual.keys.has(key)) return this.virtual.values(entry, key);
    return entry.get(this.directory.attributeKey(description))?.values;
  }
}
