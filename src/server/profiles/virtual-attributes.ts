/**
 * Attributes a server computes instead of storing: entryDN, hasSubordinates, subschemaSubentry,
 * structuralObjectClass, and memberOf (the back-link of group membership, kept consistent by
 * reading the member index instead of rewriting user entries on every group change).
 */
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import type { AttributeValue } from '../operations.js';
import type { Profile } from './profile.js';

export class VirtualAttributes {
  /** Keys (lower-case canonical names) of the computed attributes. */
  readonly keys: ReadonlySet<string> = new Set([
    'entrydn',
    'hassubordinates',
    'subschemasubentry',
    'structuralobjectclass',
    'memberof',
  ]);
  private readonly memberKey: string;
  private readonly groupClasses: ReadonlySet<string>;

  constructor(
    private readonly directory: Directory,
    private readonly profile: Profile,
  ) {
    this.memberKey = directory.attributeKey(profile.memberOfGroups.memberAttribute);
    this.groupClasses = new Set(profile.memberOfGroups.objectClasses.map((c) => c.toLowerCase()));
  }

  isOperational(key: string): boolean {
    return key === 'memberof' ? this.profile.memberOfIsOperational : true;
  }

  /** Values of a computed attribute; undefined when the entry has none or `key` is not computed. */
  values(entry: Entry, key: string): readonly AttributeValue[] | undefined {
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
        return undefined;
    }
  }

  private memberOf(entry: Entry): string[] | undefined {
    const groups: string[] = [];
    for (const ndn of this.directory.lookup(this.memberKey, entry.dn)) {
      const group = this.directory.getByNdn(ndn);
      if (group?.strings('objectclass').some((c) => this.groupClasses.has(c.toLowerCase())))
        groups.push(group.dn);
    }
    return groups.length > 0 ? groups : undefined;
  }
}
