/**
 * What each operation asks of slapd's access rules (olcAccess), where a configuration gives them,
 * with the answers back-mdb sends (measured against slapd 2.5):
 * - search: `search` on the base's `entry`, else 32 with nothing more (50 when `disclose` is
 *   granted); filter items on attributes without `search` are Undefined; an entry without `read`
 *   on `entry` is not returned, an attribute without `read` is left out.
 * - compare: `compare` on the attribute, else 50, or 32 without `disclose` on the entry — which
 *   also turns a 16 (no such attribute) into 32.
 * - bind: `auth` on userPassword for the anonymous session a bind starts from, else 49.
 * - add and delete: `add`/`delete` on the parent's `children` ("no write access to parent"),
 *   then on the entry's `entry` ("no write access to entry").
 * - modify: `add` for added values, `delete` for deleted ones, both for a replace; else 50.
 * - modify DN: the parent's `children` ("no write access to parent's children"), the entry's
 *   `entry` ("no write access to old entry"), the new superior's `children` ("no write access to
 *   new superior's children"), and `delete` on the old RDN's attributes of the renamed entry.
 * - a matched DN is sent only when `disclose` is granted on that entry.
 * The rootdn is never asked.
 */
import { parseDN } from '../../core/dn-parse.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import { AccessPolicy } from '../access/access-decision.js';
import { type AccessConfiguration, Privilege, type Privileges, WRITE } from '../access/access-rule.js';
import type { Entry } from '../directory/entry.js';
import type { ResolvedAttributeType } from '../directory/schema-attribute-types.js';
import type { LdapResult, ModifyChange, ModifyDNRequest } from '../operations.js';
import { accessEnvironment } from './access-environment.js';
import type { Engine } from './engine.js';

const { disclose, auth, compare, search, read, add, delete: del } = Privilege;
/** Stands for the rootdn, whom the rules are never asked about (no DN normalises to it). */
const ROOT = '\u0000root';

export class AccessChecks {
  private readonly policy: AccessPolicy<Entry>;
  private lastBindDN = '';
  private lastViewer = '';

  constructor(
    private readonly engine: Engine,
    configuration: AccessConfiguration,
  ) {
    this.policy = new AccessPolicy(configuration, accessEnvironment(engine));
  }

  /** Whether the session bound as `bindDN` holds `needed` on the attribute (`entry`, `children`). */
  may(bindDN: string, entry: Entry, attribute: string, needed: Privileges): boolean {
    const viewer = this.viewer(bindDN);
    if (viewer === ROOT) return true;
    return this.policy.allows({ entry, attribute: attribute.toLowerCase(), viewer }, needed);
  }

  /** The session's normal DN, or ROOT; the last one kept, as a search asks again and again. */
  private viewer(bindDN: string): string {
    if (bindDN !== this.lastBindDN) {
      this.lastViewer = bindDN === '' ? '' : this.engine.isRoot(bindDN) ? ROOT : this.normal(bindDN);
      this.lastBindDN = bindDN;
    }
    return this.lastViewer;
  }

  readable(bindDN: string, entry: Entry, attributeKey: string): boolean {
    return this.may(bindDN, entry, attributeKey.split(';')[0]!, read);
  }

  /** Filter items on attributes the session may not search are Undefined, entry by entry. */
  filterAccess(bindDN: string): {
    searchable: (entry: Entry, type: ResolvedAttributeType) => boolean;
  } {
    return { searchable: (entry, type) => this.may(bindDN, entry, type.name, search) };
  }

  requireSearchBase(bindDN: string, base: Entry): void {
    if (this.may(bindDN, base, 'entry', search)) return;
    throw this.hidden(bindDN, base);
  }

  /** Whether a search returns the entry at all. */
  entryReadable(bindDN: string, entry: Entry): boolean {
    return this.may(bindDN, entry, 'entry', read);
  }

  /** The refusal of a compare the session may not make, or undefined when it may. */
  compareRefusal(bindDN: string, entry: Entry, attribute: string): LdapResult | undefined {
    if (this.may(bindDN, entry, attribute, compare)) return undefined;
    const { code, diagnosticMessage } = this.hidden(bindDN, entry);
    return { code, diagnosticMessage };
  }

  /** A compare's answer other than true or false says nothing of an entry the session may not see. */
  compared(bindDN: string, entry: Entry, result: LdapResult): LdapResult {
    const verdict = result.code === ResultCode.compareTrue || result.code === ResultCode.compareFalse;
    return verdict || this.may(bindDN, entry, 'entry', disclose) ? result : { code: ResultCode.noSuchObject };
  }

  /** A bind is judged as the anonymous session it starts from: auth on the password attribute. */
  mayAuthenticate(entry: Entry): boolean {
    return this.policy.allows(
      { entry, attribute: this.engine.accounts.passwordAttribute.toLowerCase(), viewer: '' },
      auth,
    );
  }

  requireEntry(bindDN: string, operation: 'add' | 'delete', parent: Entry, entry: Entry): void {
    const needed = operation === 'add' ? add : del;
    this.require(bindDN, parent, 'children', needed, 'no write access to parent');
    this.require(bindDN, entry, 'entry', needed, 'no write access to entry');
  }

  requireModify(bindDN: string, entry: Entry, changes: readonly ModifyChange[]): void {
    const { schema } = this.engine.directory;
    for (const change of changes) {
      const type = schema.attributeType(change.type.split(';')[0]!);
      // slapd's acl_check_modlist leaves NO-USER-MODIFICATION attributes to their own check.
      if (type.noUserModification) continue;
      const needed =
        change.operation === 'add'
          ? add
          : change.operation === 'delete'
            ? del
            : change.values.length > 0
              ? WRITE
              : del;
      this.require(bindDN, entry, type.name, needed, '');
    }
  }

  /** Before the entry is looked up: the parent's children; then the entry and the new parent's. */
  requireRename(bindDN: string, parent: Entry, request: ModifyDNRequest): void {
    const { directory } = this.engine;
    // A new superior that is the old parent is no move (back-mdb drops it).
    const moving = request.newSuperior !== undefined && this.normal(request.newSuperior) !== parent.ndn;
    this.require(bindDN, parent, 'children', moving ? del : WRITE, "no write access to parent's children");
    const entry = directory.get(request.dn);
    if (!entry) return;
    this.require(bindDN, entry, 'entry', WRITE, 'no write access to old entry');
    const superior = moving ? directory.get(request.newSuperior!) : undefined;
    if (superior) {
      this.require(bindDN, superior, 'children', add, "no write access to new superior's children");
    }
  }

  /** deleteoldrdn: `delete` on the old RDN's attributes, judged on the entry under its new name. */
  requireOldRdnRemoval(bindDN: string, before: Entry, renamed: Entry): void {
    for (const ava of parseDN(before.dn)[0] ?? []) {
      const type = this.engine.directory.schema.attributeType(ava.type);
      if (renamed.get(type.name.toLowerCase())) {
        const kept = renamed.strings(type.name.toLowerCase());
        if (kept.some((value) => value.toLowerCase() === ava.value.toLowerCase())) continue;
      }
      this.require(bindDN, renamed, type.name, del, '');
    }
  }

  /** Password Modify writes the password attribute as a replace would. */
  mayWritePassword(bindDN: string, entry: Entry): boolean {
    return this.may(bindDN, entry, this.engine.accounts.passwordAttribute, WRITE);
  }

  /** A noSuchObject's matched DN, kept only where the session may know that entry exists. */
  matchedDN(bindDN: string, code: number, matchedDN: string): string {
    if (code !== ResultCode.noSuchObject || matchedDN === '') return matchedDN;
    const matched = this.engine.directory.get(matchedDN);
    return !matched || this.may(bindDN, matched, 'entry', disclose) ? matchedDN : '';
  }

  private normal(dn: string): string {
    try {
      return this.engine.directory.normalize(dn);
    } catch {
      return dn;
    }
  }

  /** An entry the session may not search: 50 where it may know the entry exists, else 32. */
  private hidden(bindDN: string, entry: Entry): LdapResultError {
    return this.may(bindDN, entry, 'entry', disclose)
      ? new LdapResultError(ResultCode.insufficientAccessRights)
      : new LdapResultError(ResultCode.noSuchObject);
  }

  private require(bindDN: string, entry: Entry, attribute: string, needed: Privileges, text: string): void {
    if (!this.may(bindDN, entry, attribute, needed)) {
      throw new LdapResultError(ResultCode.insufficientAccessRights, text);
    }
  }
}
