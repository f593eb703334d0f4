/**
 * The synthetic directories of the benchmark, written to temp files in batches (a 100k-entry
 * LDIF is tens of megabytes; it is never held as one string). Both servers load the same file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export const SUFFIX = 'dc=example,dc=org';

const suffixEntry = `dn: ${SUFFIX}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

`;

function organizationalUnit(ou: string): string {
  return `dn: ou=${ou},${SUFFIX}\nobjectClass: organizationalUnit\nou: ${ou}\n\n`;
}

function person(uid: string, ou: string, n: number): string {
  return `dn: uid=${uid},ou=${ou},${SUFFIX}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${uid} Person
sn: Person${n}
givenName: ${uid}
mail: ${uid}@example.org
employeeNumber: ${n}

`;
}

/** Appends chunks to a file, flushing every `batch` chunks. */
class LdifFile {
  private readonly fd: number;
  private pending: string[] = [];
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(chunk: string): void {
    this.pending.push(chunk);
    if (this.pending.length >= 2000) this.flush();
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
  private flush(): void {
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
  }
}

const bulkUid = (n: number): string => `bulk${String(n).padStart(6, '0')}`;

/** The suffix, ou=bulk and `count` inetOrgPerson entries uid=bulk000001…; returns the entry count. */
export function writeBulkLdif(path: string, count: number): number {
  const file = new LdifFile(path);
  file.write(suffixEntry);
  file.write(organizationalUnit('bulk'));
  for (let n = 1; n <= count; n++) file.write(person(bulkUid(n), 'bulk', n));
  file.close();
  return count + 2;
}

export interface GroupGraphShape {
  readonly users: number;
  readonly groups: number;
  /** Groups each user is a direct member of. */
  readonly groupsPerUser: number;
  /** Child groups per group: group k has the member groups k·fanOut+1 … k·fanOut+fanOut. */
  readonly fanOut: number;
}

export interface GroupGraph {
  readonly entries: number;
  readonly memberValues: number;
  /** Levels of nested groups below the root group g0000. */
  readonly depth: number;
  readonly readerDN: string;
  readonly readerPassword: string;
  readonly peopleBase: string;
  readonly groupDN: (k: number) => string;
  /** Users (entries under ou=people) that are direct members of group k. */
  readonly directUsers: (k: number) => number;
}

const userUid = (n: number): string => `user${String(n).padStart(5, '0')}`;

const groupName = (k: number): string => `g${String(k).padStart(4, '0')}`;

/**
 * Users under ou=people, groupOfNames under ou=groups: every user is a direct member of
 * `groupsPerUser` groups spread evenly, and the groups form a tree (deep and wide) through
 * nested group members. Groups are written leaves first so that every member exists when its
 * group is added (slapd's memberof overlay then writes memberOf on each member).
 */
export function writeGroupGraphLdif(path: string, shape: GroupGraphShape): GroupGraph {
  const { users, groups, groupsPerUser, fanOut } = shape;
  const groupDN = (k: number) => `cn=${groupName(k)},ou=groups,${SUFFIX}`;
  const userDN = (n: number) => `uid=${userUid(n)},ou=people,${SUFFIX}`;
  const readerDN = `uid=reader,ou=people,${SUFFIX}`;
  const readerPassword = 'reader-password';
  const membersOf: string[][] = Array.from({ length: groups }, () => []);
  // Offsets spread over the group range give each user distinct groups and each group the same size.
  const stride = Math.floor(groups / groupsPerUser);
  for (let n = 0; n < users; n++) {
    for (let j = 0; j < groupsPerUser; j++) membersOf[(n + j * stride) % groups]!.push(userDN(n));
  }
  let memberValues = 0;
  const file = new LdifFile(path);
  file.write(suffixEntry);
  file.write(organizationalUnit('people'));
  file.write(organizationalUnit('groups'));
  file.write(
    `dn: ${readerDN}\nobjectClass: inetOrgPerson\nuid: reader\ncn: reader\nsn: Reader\nuserPassword: ${readerPassword}\n\n`,
  );
  for (let n = 0; n < users; n++) file.write(person(userUid(n), 'people', n));
  for (let k = groups - 1; k >= 0; k--) {
    const members = [...membersOf[k]!];
    for (let child = k * fanOut + 1; child <= k * fanOut + fanOut && child < groups; child++)
      members.push(groupDN(child));
    memberValues += members.length;
    file.write(
      `dn: ${groupDN(k)}\nobjectClass: groupOfNames\ncn: ${groupName(k)}\n${members.map((m) => `member: ${m}\n`).join('')}\n`,
    );
  }
  file.close();
  let depth = 0;
  for (let k = groups - 1; k > 0; k = Math.floor((k - 1) / fanOut)) depth++;
  return {
    entries: 4 + users + groups,
    memberValues,
    depth,
    readerDN,
    readerPassword,
    peopleBase: `ou=people,${SUFFIX}`,
    groupDN,
    directUsers: (k) => membersOf[k]?.length ?? 0,
  };
}
