/**
 * Attributes a server computes instead of storing: entryDN, hasSubordinates, subschemaSubentry,
 * structuralObjectClass, memberOf (the back-link of group membership, read from the member
 * index instead of rewriting user entries on every group change), and in AD tokenGroups and
 * msDS-User-Account-Control-Computed.
 */
import { GroupType } from '../../core/active-directory.js';
import { parseDN } from '../../core/dn-parse.js';
import { decodeSid, encodeSid } from '../../core/sid.js';
import type { AccountRules } from '../accounts/account-rules.js';
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import { containingGroups } from '../matching/in-chain-rule.js';
import type { AttributeValue } from '../operations.js';
import type { Profile } from '../profiles/profile.js';
import { backLinkKey, customBackLinkValues, isCustomBackLink } from './member-of-back-link.js';

const listed = (value: string | undefined) => (value === undefined ? undefined : [value]);

/** AD's constructed token attributes (MS-ADTS 3.1.1.4.5.19-21), by key. */
export const TOKEN_GROUPS = ['tokengroups', 'tokengroupsglobalanduniversal', 'tokengroupsnogcacceptable'];

export class VirtualAttributes {
  /** Keys (lower-case canonical names) of the computed attributes. */
  readonly keys: ReadonlySet<string>;
  /** A custom back-link's key (olcMemberOfMemberOfAD): its stored values are read with the computed ones. */
  readonly storedToo: string | undefined;
  private readonly memberKey: string;
  private readonly backLink: string;
  private readonly groupClasses: ReadonlySet<string>;

  constructor(
    private readonly directory: Directory,
    private readonly profile: Profile,
    private readonly accounts: AccountRules,
    private readonly baseDN: string,
    private readonly subschemaDN: string,
  ) {
    this.memberKey = directory.attributeKey(profile.memberOfGroups.memberAttribute);
    this.groupClasses = new Set(profile.memberOfGroups.objectClasses.map((c) => c.toLowerCase()));
    this.backLink = backLinkKey(directory, profile);
    this.storedToo = isCustomBackLink(this.backLink) ? this.backLink : undefined;
    const keys = ['entrydn', 'hassubordinates', 'subschemasubentry', 'structuralobjectclass', this.backLink];
    if (profile.tokenGroups) keys.push(...TOKEN_GROUPS);
    if (accounts.computedControl) keys.push('msds-user-account-control-computed');
    if (accounts.passwordExpiryTime) keys.push('msds-userpasswordexpirytimecomputed');
    if (accounts.resultantPolicy) keys.push('msds-resultantpso');
    if (profile.namingAttributes) keys.push('distinguishedname', 'name');
    this.keys = new Set(keys);
  }

  /** Whether `*` leaves it out: operational attributes, and AD's constructed ones. */
  isOperational(key: string): boolean {
    if (key === this.backLink && this.storedToo) return this.directory.schema.attributeType(key).operational;
    if (key === 'memberof') return this.profile.memberOfIsOperational;
    return !(key === 'distinguishedname' || key === 'name');
  }

  /** Values of a computed attribute; undefined when the entry has none or `key` is not computed. */
  values(entry: Entry, key: string): readonly AttributeValue[] | undefined {
    if (key === this.backLink) return this.memberOf(entry);
    switch (key) {
      case 'entrydn':
        return [entry.dn];
      case 'hassubordinates':
        return [this.directory.hasChildren(entry.ndn) ? 'TRUE' : 'FALSE'];
      case 'subschemasubentry':
        return [this.subschemaDN];
      case 'structuralobjectclass': {
        const structural = this.directory.schema.structuralObjectClass(entry.strings('objectclass'));
        return structural ? [structural] : undefined;
      }
      case 'tokengroups':
      case 'tokengroupsnogcacceptable':
        return this.profile.tokenGroups && this.hasToken(entry) ? this.tokenGroups(entry, false) : undefined;
      case 'tokengroupsglobalanduniversal':
        return this.profile.tokenGroups && this.hasToken(entry) ? this.tokenGroups(entry, true) : undefined;
      case 'distinguishedname':
        return [entry.dn];
      case 'name': {
        const rdn = parseDN(entry.dn)[0]?.[0];
        return rdn ? [rdn.value] : undefined;
      }
      case 'msds-userpasswordexpirytimecomputed':
        return listed(this.accounts.passwordExpiryTime?.(entry));
      case 'msds-resultantpso':
        return listed(this.accounts.resultantPolicy?.(entry));
      case 'msds-user-account-control-computed':
        return listed(this.accounts.computedControl?.(entry)?.toString());
      default:
        return undefined;
    }
  }

  /**
   * `(memberOf=G)` holds for exactly the entries group G lists as members, so its candidates are
   * G's member values: the cost is the group's size, not the directory's.
   */
  candidates(key: string, value: Buffer): ReadonlySet<string> | undefined {
    if (key !== this.backLink) return undefined;
    const group = this.directory.get(value.toString('utf8'));
    // A custom back-link also matches where a client stored the value itself.
    const found = new Set<string>(this.storedToo ? this.directory.lookup(key, value) : []);
    if (!group || !this.isGroup(group)) return found;
    for (const member of group.strings(this.memberKey)) {
      const entry = this.directory.get(member);
      if (entry) found.add(entry.ndn);
    }
    return found;
  }

  /** Whether the entry has a security token: any principal, or only a user where the profile says (Samba). */
  private hasToken(entry: Entry): boolean {
    if (!this.profile.tokenGroups?.usersOnly) return true;
    return entry.strings('objectclass').some((c) => c.toLowerCase() === 'user');
  }

  private isGroup(entry: Entry): boolean {
    return entry.strings('objectclass').some((c) => this.groupClasses.has(c.toLowerCase()));
  }

  private memberOf(entry: Entry): AttributeValue[] | undefined {
    const groups: string[] = [];
    for (const ndn of this.directory.lookup(this.memberKey, entry.dn)) {
      const group = this.directory.getByNdn(ndn);
      if (group && this.isGroup(group)) groups.push(group.dn);
    }
    if (this.storedToo) return customBackLinkValues(this.directory, entry, this.storedToo, groups);
    return groups.length > 0 ? groups : undefined;
  }

  /**
   * The SIDs of every security group a user (or computer) belongs to, nested membership and the
   * primary group (and its groups) included, as binary SIDs; `globalAndUniversal` leaves out
   * domain-local and builtin groups. Samba 4.17 computes none for other objects (groups, foreign
   * security principals, the domain), measured.
   */
  private tokenGroups(entry: Entry, globalAndUniversal: boolean): Buffer[] | undefined {
    if (!entry.get('objectsid') || !entry.strings('objectclass').some((c) => c.toLowerCase() === 'user'))
      return undefined;
    const groups = new Map<string, Entry>();
    const add = (start: Entry) => {
      for (const ndn of containingGroups(
        this.directory,
        start,
        this.profile.memberOfGroups.memberAttribute,
      )) {
        const group = this.directory.getByNdn(ndn);
        if (group) groups.set(ndn, group);
      }
    };
    add(entry);
    const primary = this.primaryGroup(entry);
    if (primary) {
      groups.set(primary.ndn, primary);
      add(primary);
    }
    const sids: Buffer[] = [];
    for (const group of groups.values()) {
      const sid = group.get('objectsid')?.values[0];
      const groupType = Number(group.first('grouptype') ?? 0);
      const scopeKept =
        !globalAndUniversal || (groupType & (GroupType.globalScope | GroupType.universalScope)) !== 0;
      if (sid && (groupType & GroupType.security) !== 0 && scopeKept)
        sids.push(typeof sid === 'string' ? Buffer.from(sid) : sid);
    }
    return sids;
  }

  private primaryGroup(entry: Entry): Entry | undefined {
    const rid = entry.first('primarygroupid');
    const domainSid = this.directory.get(this.baseDN)?.get('objectsid')?.values[0];
    if (rid === undefined || !domainSid || typeof domainSid === 'string') return undefined;
    const sid = encodeSid(`${decodeSid(domainSid)}-${rid}`);
    const found = this.directory.lookup('objectsid', sid);
    return found.size === 1 ? this.directory.getByNdn(found.values().next().value!) : undefined;
  }
}
