/**
 * Writes fixtures/ad/default.ldif, the default directory of the `ad` and `samba` profiles: what an
 * export of a small Active Directory domain (corp.example.com, NetBIOS CORP) looks like. The mock
 * loads it as-is; scripts/samba-ad-up.sh provisions a real Samba AD DC with the same domain SID
 * and domain GUID and loads every entry Samba does not create itself, keeping objectSid and
 * objectGUID, so both servers hold the same principals under the same SIDs.
 *
 * Run: npx tsx scripts/gen-ad-fixture.ts [output path]
 *
 * Output is deterministic: GUIDs are derived from a hash of each entry's DN, times are fixed
 * instants. Records are ordered so that every entry's parent and every group's members come
 * before it. memberOf is not written: it is AD's back-link of member, computed by the server.
 * Built-in objects (Administrator, Guest, krbtgt, the well-known groups of CN=Users and
 * CN=Builtin, the foreign security principals) are those a Samba 4.17 provision creates, with the
 * same RIDs, group types, descriptions and memberships, so a search over CN=Users finds the same
 * entries on both servers.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dateToFiletime, filetimeNever } from '../src/core/filetime.js';
import { decodeGuid } from '../src/core/guid.js';
import { parseLdif } from '../src/core/ldif-reader.js';
import { encodeSid } from '../src/core/sid.js';

type Value = string | Buffer;
type AttributeList = ReadonlyArray<readonly [name: string, value: Value]>;

interface AdRecord {
  readonly comment?: string;
  readonly dn: string;
  readonly attributes: AttributeList;
}

export const BASE = 'DC=corp,DC=example,DC=com';
export const DNS_DOMAIN = 'corp.example.com';
export const NETBIOS_DOMAIN = 'CORP';
export const DOMAIN_SID = 'S-1-5-21-2718281828-3141592653-1414213562';
export const USERS = `CN=Users,${BASE}`;
export const BUILTIN = `CN=Builtin,${BASE}`;
export const FSP = `CN=ForeignSecurityPrincipals,${BASE}`;
export const BULK = `OU=bulk,${BASE}`;
export const SYSTEM = `CN=System,${BASE}`;
export const PSO_CONTAINER = `CN=Password Settings Container,${SYSTEM}`;
export const LOCKED_PSO = `CN=Lockout Until Unlocked,${PSO_CONTAINER}`;
const SCHEMA = `CN=Schema,CN=Configuration,${BASE}`;

export const BULK_USER_COUNT = 1600;
/** RID of bulk user n (1-based) is BULK_RID_BASE + n. */
const BULK_RID_BASE = 2000;
/** First RID Samba may allocate after loading (provision --next-rid): above every fixture RID. */
export const NEXT_RID = 4000;
export const BIG_GROUP_MEMBER_COUNT = 1600;

// Fixed instants, so the file never changes; see fixtures/README.md for what each one means.
const PASSWORD_SET_AT = dateToFiletime(new Date('2025-01-06T09:00:00Z'));
const EXPIRED_AT = dateToFiletime(new Date('2025-01-01T00:00:00Z'));
const LOCKED_AT = dateToFiletime(new Date('2026-01-01T00:00:00Z'));
/** AD's "no limit" for an interval (maxPwdAge, forceLogoff): the most negative 64-bit integer. */
const INTERVAL_NEVER = '-9223372036854775808';
const THIRTY_MINUTES = String(-30n * 60n * 10_000_000n);

/** A user account and its password, for tests and for the fixture README. */
export interface Principal {
  readonly sam: string;
  readonly cn: string;
  readonly password: string;
  readonly rid: number;
}

// AD's complexity rule rejects a password that contains the account name or a token of the
// display name, so no password here mentions its user.
export const ADMINISTRATOR: Principal = {
  sam: 'Administrator',
  cn: 'Administrator',
  password: 'Admin-Passw0rd!',
  rid: 500,
};
export const SVC_LDAP: Principal = {
  sam: 'svc-ldap',
  cn: 'svc-ldap',
  password: 'Sierra-Passw0rd!',
  rid: 1103,
};
export const ALICE: Principal = { sam: 'alice', cn: 'alice', password: 'Alpha-Passw0rd!', rid: 1104 };
export const BOB: Principal = { sam: 'bob', cn: 'bob', password: 'Bravo-Passw0rd!', rid: 1105 };
export const DISABLED: Principal = {
  sam: 'disabled',
  cn: 'disabled',
  password: 'Delta-Passw0rd!',
  rid: 1106,
};
export const LOCKED: Principal = { sam: 'locked', cn: 'locked', password: 'Lima-Passw0rd!', rid: 1107 };
export const EXPIRED: Principal = { sam: 'expired', cn: 'expired', password: 'Echo-Passw0rd!', rid: 1108 };
export const MUSTCHANGE: Principal = {
  sam: 'mustchange',
  cn: 'mustchange',
  password: 'Mike-Passw0rd!',
  rid: 1109,
};
/** sAMAccountName with RFC 4515 specials; AD forbids `*` in sAMAccountName, so there is none. */
export const OBRIEN: Principal = {
  sam: "o'brien(x)",
  cn: "o'brien(x)",
  password: 'Oscar-Passw0rd!',
  rid: 1110,
};
/** CN with a comma: the DN is CN=Smith\, John,CN=Users,… */
export const JSMITH: Principal = {
  sam: 'jsmith',
  cn: 'Smith, John',
  password: 'Juliett-Passw0rd!',
  rid: 1111,
};

export const DEVELOPERS_RID = 1120;
export const ENGINEERING_RID = 1121;
export const ANNOUNCEMENTS_RID = 1122;
export const BIG_GROUP_RID = 1123;

/** CN value as written in a DN: AD backslash-escapes `,` (and the other RFC 4514 specials). */
function rdnValue(cn: string): string {
  return cn.replace(/[,\\#+<>;"=]/g, (c) => `\\${c}`);
}

export function userDN(principal: Principal): string {
  return `CN=${rdnValue(principal.cn)},${USERS}`;
}

export function domainSid(rid: number): string {
  return `${DOMAIN_SID}-${rid}`;
}

/** A GUID that looks random but is a function of the seed (RFC 4122 version-5 layout). */
export function fixtureGuid(seed: string): Buffer {
  const hash = createHash('sha256').update(`ldapmock ad fixture ${seed.toLowerCase()}`).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  // In the binary form the version nibble sits in byte 7 and the variant in byte 8.
  bytes[7] = ((bytes[7] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return bytes;
}

export function fixtureGuidString(dn: string): string {
  return decodeGuid(fixtureGuid(dn));
}

/** RFC 2849: a text value needs base64 when it is not a SAFE-STRING or ends with a space. */
function needsBase64(value: string): boolean {
  if (value === '') return false;
  const first = value.charCodeAt(0);
  if (first === 0x20 || first === 0x3a || first === 0x3c) return true;
  if (value.endsWith(' ')) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d || c > 0x7f) return true;
  }
  return false;
}

function line(name: string, value: Value): string {
  if (Buffer.isBuffer(value)) return `${name}:: ${value.toString('base64')}`;
  return needsBase64(value)
    ? `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`
    : `${name}: ${value}`;
}

function renderRecord(record: AdRecord): string {
  const lines: string[] = [];
  if (record.comment !== undefined) {
    for (const commentLine of record.comment.split('\n')) lines.push(`# ${commentLine}`);
  }
  lines.push(line('dn', record.dn));
  for (const [name, value] of record.attributes) lines.push(line(name, value));
  return lines.join('\n');
}

/** unicodePwd as AD takes it: the password in double quotes, UTF-16LE. */
export function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

function identity(dn: string, sid: string | undefined): AttributeList {
  const out: Array<readonly [string, Value]> = [['objectGUID', fixtureGuid(dn)]];
  if (sid !== undefined) out.push(['objectSid', encodeSid(sid)]);
  return out;
}

function category(name: string): readonly [string, string] {
  return ['objectCategory', `CN=${name},${SCHEMA}`];
}

function container(
  cn: string,
  objectClass: string,
  categoryName: string,
  description?: string,
  parent = BASE,
): AdRecord {
  const dn = `CN=${cn},${parent}`;
  return {
    dn,
    attributes: [
      ['objectClass', 'top'],
      ['objectClass', objectClass],
      ['cn', cn],
      ...(description === undefined ? [] : [['description', description] as const]),
      ...identity(dn, undefined),
      category(categoryName),
    ],
  };
}

// groupType values (signed 32-bit, as AD writes them) and the matching sAMAccountType.
const GLOBAL_SECURITY = -2147483646;
const DOMAIN_LOCAL_SECURITY = -2147483644;
const BUILTIN_LOCAL_SECURITY = -2147483643;
const UNIVERSAL_SECURITY = -2147483640;
const GLOBAL_DISTRIBUTION = 2;
const SAM_ACCOUNT_TYPE: ReadonlyMap<number, string> = new Map([
  [GLOBAL_SECURITY, '268435456'],
  [UNIVERSAL_SECURITY, '268435456'],
  [DOMAIN_LOCAL_SECURITY, '536870912'],
  [BUILTIN_LOCAL_SECURITY, '536870912'],
  [GLOBAL_DISTRIBUTION, '268435457'],
]);
const USER_ACCOUNT_TYPE = '805306368';

interface GroupSpec {
  readonly cn: string;
  readonly sid: string;
  readonly groupType: number;
  readonly description?: string;
  readonly members?: readonly string[];
  readonly builtin?: boolean;
  readonly comment?: string;
  readonly parent?: string;
}

function group(spec: GroupSpec): AdRecord {
  const dn = `CN=${rdnValue(spec.cn)},${spec.parent ?? USERS}`;
  const accountType = SAM_ACCOUNT_TYPE.get(spec.groupType);
  if (accountType === undefined) throw new Error(`no sAMAccountType for groupType ${spec.groupType}`);
  return {
    ...(spec.comment === undefined ? {} : { comment: spec.comment }),
    dn,
    attributes: [
      ['objectClass', 'top'],
      ['objectClass', 'group'],
      ['cn', spec.cn],
      ...(spec.description === undefined ? [] : [['description', spec.description] as const]),
      ['sAMAccountName', spec.cn],
      ['groupType', String(spec.groupType)],
      ['sAMAccountType', accountType],
      ...identity(dn, spec.sid),
      category('Group'),
      ...(spec.builtin === true ? [['isCriticalSystemObject', 'TRUE'] as const] : []),
      ...(spec.members ?? []).map((m) => ['member', m] as const),
    ],
  };
}

interface UserSpec {
  readonly principal: Principal;
  readonly givenName?: string;
  readonly sn?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly userAccountControl?: number;
  readonly pwdLastSet?: bigint;
  readonly accountExpires?: bigint;
  readonly primaryGroupID?: number;
  readonly withPassword?: boolean;
  readonly extra?: AttributeList;
  readonly comment?: string;
}

function user(spec: UserSpec): AdRecord {
  const p = spec.principal;
  const dn = userDN(p);
  const text = (name: string, value: string | undefined): Array<readonly [string, Value]> =>
    value === undefined ? [] : [[name, value]];
  const withPassword = spec.withPassword ?? true;
  return {
    ...(spec.comment === undefined ? {} : { comment: spec.comment }),
    dn,
    attributes: [
      ['objectClass', 'top'],
      ['objectClass', 'person'],
      ['objectClass', 'organizationalPerson'],
      ['objectClass', 'user'],
      ['cn', p.cn],
      ...text('sn', spec.sn),
      ...text('givenName', spec.givenName),
      ...text('displayName', spec.displayName),
      ...text('description', spec.description),
      ['sAMAccountName', p.sam],
      ...(p.rid === ADMINISTRATOR.rid || !withPassword
        ? []
        : [
            ['userPrincipalName', `${p.sam}@${DNS_DOMAIN}`] as const,
            ['mail', `${p.sam}@${DNS_DOMAIN}`] as const,
          ]),
      ['userAccountControl', String(spec.userAccountControl ?? 512)],
      ['sAMAccountType', USER_ACCOUNT_TYPE],
      ['primaryGroupID', String(spec.primaryGroupID ?? 513)],
      ...identity(dn, domainSid(p.rid)),
      category('Person'),
      ['accountExpires', String(spec.accountExpires ?? filetimeNever)],
      ['pwdLastSet', String(spec.pwdLastSet ?? (withPassword ? PASSWORD_SET_AT : 0n))],
      ...(withPassword ? [['unicodePwd', unicodePwd(p.password)] as const] : []),
      ...(spec.extra ?? []),
    ],
  };
}

export function bulkUserDN(index: number): string {
  return `CN=bulk${String(index).padStart(4, '0')},${BULK}`;
}

function bulkUser(index: number): AdRecord {
  const id = String(index).padStart(4, '0');
  const dn = bulkUserDN(index);
  const sam = `bulk${id}`;
  return {
    dn,
    attributes: [
      ['objectClass', 'top'],
      ['objectClass', 'person'],
      ['objectClass', 'organizationalPerson'],
      ['objectClass', 'user'],
      ['cn', sam],
      ['sn', `User${id}`],
      ['givenName', 'Bulk'],
      ['sAMAccountName', sam],
      ['userPrincipalName', `${sam}@${DNS_DOMAIN}`],
      // 546 = NORMAL_ACCOUNT | ACCOUNTDISABLE | PASSWD_NOTREQD: what AD gives a user added without
      // a password.
      ['userAccountControl', '546'],
      ['sAMAccountType', USER_ACCOUNT_TYPE],
      ['primaryGroupID', '513'],
      ...identity(dn, domainSid(BULK_RID_BASE + index)),
      category('Person'),
      ['accountExpires', String(filetimeNever)],
      ['pwdLastSet', '0'],
    ],
  };
}

const users = (cn: string) => `CN=${cn},${USERS}`;
const fsp = (sid: string) => `CN=${sid},${FSP}`;

/** The well-known groups of CN=Users as Samba 4.17 provisions them (RID, type, description). */
function wellKnownDomainGroups(): AdRecord[] {
  const specs: GroupSpec[] = [
    {
      cn: 'Domain Admins',
      sid: domainSid(512),
      groupType: GLOBAL_SECURITY,
      description: 'Designated administrators of the domain',
      members: [users('Administrator')],
    },
    {
      cn: 'Domain Users',
      sid: domainSid(513),
      groupType: GLOBAL_SECURITY,
      description: 'All domain users',
      comment:
        'Primary group (primaryGroupID 513) of every user: members through primaryGroupID are never listed in member.',
    },
    {
      cn: 'Domain Guests',
      sid: domainSid(514),
      groupType: GLOBAL_SECURITY,
      description: 'All domain guests',
    },
    {
      cn: 'Domain Computers',
      sid: domainSid(515),
      groupType: GLOBAL_SECURITY,
      description: 'All workstations and servers joined to the domain',
    },
    {
      cn: 'Domain Controllers',
      sid: domainSid(516),
      groupType: GLOBAL_SECURITY,
      description: 'All domain controllers in the domain',
    },
    {
      cn: 'Cert Publishers',
      sid: domainSid(517),
      groupType: DOMAIN_LOCAL_SECURITY,
      description: 'Members of this group are permitted to publish certificates to the directory',
    },
    {
      cn: 'Schema Admins',
      sid: domainSid(518),
      groupType: UNIVERSAL_SECURITY,
      description: 'Designated administrators of the schema',
      members: [users('Administrator')],
    },
    {
      cn: 'Enterprise Admins',
      sid: domainSid(519),
      groupType: UNIVERSAL_SECURITY,
      description: 'Designated administrators of the enterprise',
      members: [users('Administrator')],
    },
    {
      cn: 'Group Policy Creator Owners',
      sid: domainSid(520),
      groupType: GLOBAL_SECURITY,
      description: 'Members in this group can modify group policy for the domain',
      members: [users('Administrator')],
    },
    {
      cn: 'Read-only Domain Controllers',
      sid: domainSid(521),
      groupType: GLOBAL_SECURITY,
      description: 'Members of this group are Read-Only Domain Controllers in the domain',
    },
    {
      cn: 'Enterprise Read-only Domain Controllers',
      sid: domainSid(498),
      groupType: UNIVERSAL_SECURITY,
      description: 'Members of this group are Read-Only Domain Controllers in the enterprise',
    },
    {
      cn: 'Protected Users',
      sid: domainSid(525),
      groupType: GLOBAL_SECURITY,
      description:
        'Members of this group are afforded additional protections against authentication security threats',
    },
    {
      cn: 'RAS and IAS Servers',
      sid: domainSid(553),
      groupType: DOMAIN_LOCAL_SECURITY,
      description: 'Servers in this group can access remote access properties of users',
    },
    {
      cn: 'Allowed RODC Password Replication Group',
      sid: domainSid(571),
      groupType: DOMAIN_LOCAL_SECURITY,
      description:
        'Members in this group can have their passwords replicated to all read-only domain controllers in the domain',
    },
    {
      cn: 'Denied RODC Password Replication Group',
      sid: domainSid(572),
      groupType: DOMAIN_LOCAL_SECURITY,
      description:
        'Members in this group cannot have their passwords replicated to any read-only domain controllers in the domain',
      members: [
        users('Enterprise Admins'),
        users('Group Policy Creator Owners'),
        users('Schema Admins'),
        users('Domain Admins'),
        users('Cert Publishers'),
        users('Read-only Domain Controllers'),
        users('Domain Controllers'),
        users('krbtgt'),
      ],
    },
  ];
  return specs.map((spec) => group({ ...spec, builtin: true }));
}

/** CN=Builtin's domain-local groups (S-1-5-32-…) as Samba 4.17 provisions them. */
function builtinGroups(): AdRecord[] {
  const specs: Array<[cn: string, rid: number, description: string, members?: string[]]> = [
    [
      'Administrators',
      544,
      'Administrators have complete and unrestricted access to the computer/domain',
      [users('Administrator'), users('Enterprise Admins'), users('Domain Admins')],
    ],
    [
      'Users',
      545,
      'Users are prevented from making accidental or intentional system-wide changes and can run most applications',
      [users('Domain Users'), fsp('S-1-5-4'), fsp('S-1-5-11')],
    ],
    [
      'Guests',
      546,
      'Guests have the same access as members of the Users group by default, except for the Guest account which is further restricted',
      [users('Domain Guests'), users('Guest')],
    ],
    ['Account Operators', 548, 'Members can administer domain user and group accounts'],
    ['Server Operators', 549, 'Members can administer domain servers'],
    ['Print Operators', 550, 'Members can administer domain printers'],
    [
      'Backup Operators',
      551,
      'Backup Operators can override security restrictions for the sole purpose of backing up or restoring files',
    ],
    ['Replicator', 552, 'Supports file replication in a domain'],
    [
      'Pre-Windows 2000 Compatible Access',
      554,
      'A backward compatibility group which allows read access on all users and groups in the domain',
      [fsp('S-1-5-11')],
    ],
    ['Remote Desktop Users', 555, 'Members in this group are granted the right to logon remotely'],
    [
      'Network Configuration Operators',
      556,
      'Members in this group can have some administrative privileges to manage configuration of networking features',
    ],
    [
      'Incoming Forest Trust Builders',
      557,
      'Members of this group can create incoming, one-way trusts to this forest',
    ],
    [
      'Performance Monitor Users',
      558,
      'Members of this group can access performance counter data locally and remotely',
    ],
    [
      'Performance Log Users',
      559,
      'Members of this group may schedule logging of performance counters, enable trace providers, and collect event traces both locally and via remote access to this computer',
    ],
    [
      'Windows Authorization Access Group',
      560,
      'Members of this group have access to the computed tokenGroupsGlobalAndUniversal attribute on User objects',
      [fsp('S-1-5-9')],
    ],
    [
      'Terminal Server License Servers',
      561,
      'Members of this group can update user accounts in Active Directory with information about license issuance, for the purpose of tracking and reporting TS Per User CAL usage',
    ],
    [
      'Distributed COM Users',
      562,
      'Members are allowed to launch, activate and use Distributed COM objects on this machine.',
    ],
    ['IIS_IUSRS', 568, 'Built-in group used by Internet Information Services.', [fsp('S-1-5-17')]],
    ['Cryptographic Operators', 569, 'Members are authorized to perform cryptographic operations.'],
    ['Event Log Readers', 573, 'Members of this group can read event logs from local machine'],
    [
      'Certificate Service DCOM Access',
      574,
      'Members of this group are allowed to connect to Certification Authorities in the enterprise',
    ],
  ];
  return specs.map(([cn, rid, description, members]) =>
    group({
      cn,
      sid: `S-1-5-32-${rid}`,
      groupType: BUILTIN_LOCAL_SECURITY,
      description,
      ...(members === undefined ? {} : { members }),
      builtin: true,
      parent: BUILTIN,
    }),
  );
}

function foreignSecurityPrincipal(sid: string): AdRecord {
  const dn = fsp(sid);
  return {
    dn,
    attributes: [
      ['objectClass', 'top'],
      ['objectClass', 'foreignSecurityPrincipal'],
      ['cn', sid],
      ...identity(dn, sid),
      category('Foreign-Security-Principal'),
    ],
  };
}

/** The records this generator writes itself (scripts/capture-samba-provision.ts captures the rest). */
export function ownFixtureRecords(): AdRecord[] {
  const developers = `CN=Developers,${USERS}`;
  const records: AdRecord[] = [
    {
      comment:
        'Domain root. Lockout: 5 bad passwords within 30 minutes lock an account for 30 minutes\n' +
        '(intervals are negative 100-ns counts, as AD writes them). maxPwdAge is "never" so the\n' +
        'fixed pwdLastSet values below never make a password expire; minPwdAge 0 lets a user change\n' +
        'its password twice in a row; pwdProperties 1 = complexity on.',
      dn: BASE,
      attributes: [
        ['objectClass', 'top'],
        ['objectClass', 'domain'],
        ['objectClass', 'domainDNS'],
        ['dc', 'corp'],
        ...identity(BASE, DOMAIN_SID),
        category('Domain-DNS'),
        ['lockoutThreshold', '5'],
        ['lockoutDuration', THIRTY_MINUTES],
        ['lockOutObservationWindow', THIRTY_MINUTES],
        ['maxPwdAge', INTERVAL_NEVER],
        ['minPwdAge', '0'],
        ['minPwdLength', '7'],
        ['pwdHistoryLength', '24'],
        ['pwdProperties', '1'],
        ['msDS-Behavior-Version', '4'],
      ],
    },
    container('Users', 'container', 'Container', 'Default container for upgraded user accounts'),
    container('Computers', 'container', 'Container', 'Default container for upgraded computer accounts'),
    {
      dn: BUILTIN,
      attributes: [
        ['objectClass', 'top'],
        ['objectClass', 'builtinDomain'],
        ['cn', 'Builtin'],
        ...identity(BUILTIN, 'S-1-5-32'),
        category('Builtin-Domain'),
      ],
    },
    container(
      'ForeignSecurityPrincipals',
      'container',
      'Container',
      'Default container for security identifiers (SIDs) associated with objects from external, trusted domains',
    ),
    {
      dn: `OU=Domain Controllers,${BASE}`,
      attributes: [
        ['objectClass', 'top'],
        ['objectClass', 'organizationalUnit'],
        ['ou', 'Domain Controllers'],
        ['description', 'Default container for domain controllers'],
        ...identity(`OU=Domain Controllers,${BASE}`, undefined),
        category('Organizational-Unit'),
      ],
    },
    container(
      'Managed Service Accounts',
      'container',
      'Container',
      'Default container for managed service accounts',
    ),
    container('Program Data', 'container', 'Container', 'Default location for storage of application data.'),
    container('System', 'container', 'Container', 'Builtin system settings'),
    container('LostAndFound', 'lostAndFound', 'Lost-And-Found', 'Default container for orphaned objects'),
    container('Infrastructure', 'infrastructureUpdate', 'Infrastructure-Update'),
    container(
      'NTDS Quotas',
      'msDS-QuotaContainer',
      'ms-DS-Quota-Container',
      'Quota specifications container',
    ),
    {
      ...container(
        'Password Settings Container',
        'msDS-PasswordSettingsContainer',
        'ms-DS-Password-Settings-Container',
        undefined,
        SYSTEM,
      ),
    },
    ...['S-1-5-4', 'S-1-5-9', 'S-1-5-11', 'S-1-5-17'].map(foreignSecurityPrincipal),
    user({
      principal: ADMINISTRATOR,
      description: 'Built-in account for administering the computer/domain',
      extra: [
        ['adminCount', '1'],
        ['isCriticalSystemObject', 'TRUE'],
      ],
      comment: `Administrator / ${ADMINISTRATOR.password}: the domain administrator (bind as its DN, Administrator@${DNS_DOMAIN} or ${NETBIOS_DOMAIN}\\Administrator).`,
    }),
    user({
      principal: { sam: 'Guest', cn: 'Guest', password: '', rid: 501 },
      description: 'Built-in account for guest access to the computer/domain',
      userAccountControl: 66082,
      primaryGroupID: 514,
      withPassword: false,
      extra: [['isCriticalSystemObject', 'TRUE']],
    }),
    user({
      principal: { sam: 'krbtgt', cn: 'krbtgt', password: '', rid: 502 },
      description: 'Key Distribution Center Service Account',
      userAccountControl: 514,
      withPassword: false,
      // The provision gives krbtgt a random password: set, never "must change".
      pwdLastSet: PASSWORD_SET_AT,
      extra: [
        ['adminCount', '1'],
        ['isCriticalSystemObject', 'TRUE'],
        ['showInAdvancedViewOnly', 'TRUE'],
      ],
    }),
    ...wellKnownDomainGroups(),
    ...builtinGroups(),
    user({
      principal: SVC_LDAP,
      givenName: 'LDAP',
      sn: 'Service',
      displayName: 'LDAP Service',
      description: 'Service account the applications bind with',
      userAccountControl: 66048,
      comment: `svc-ldap / ${SVC_LDAP.password}: service account (66048 = NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD).`,
    }),
    user({
      principal: ALICE,
      givenName: 'Alice',
      sn: 'Liddell',
      displayName: 'Alice Liddell',
      comment: `alice / ${ALICE.password}: in Developers (so transitively in Engineering) and in the\ndistribution group Announcements; primary group Domain Users.`,
    }),
    user({
      principal: BOB,
      givenName: 'Bob',
      sn: 'Builder',
      displayName: 'Bob Builder',
      comment: `bob / ${BOB.password}: directly in Engineering.`,
    }),
    user({
      principal: DISABLED,
      givenName: 'Dora',
      sn: 'Disabled',
      displayName: 'Disabled User',
      userAccountControl: 514,
      comment: `disabled / ${DISABLED.password}: userAccountControl 514 (ACCOUNTDISABLE): bind → 49 data 533.`,
    }),
    user({
      principal: LOCKED,
      givenName: 'Lou',
      sn: 'Locked',
      displayName: 'Locked User',
      extra: [
        ['lockoutTime', String(LOCKED_AT)],
        ['badPwdCount', '5'],
        ['badPasswordTime', String(LOCKED_AT)],
      ],
      comment:
        `locked / ${LOCKED.password}: locked out since 2026-01-01 (lockoutTime). The fine-grained password\n` +
        'policy CN=Lockout Until Unlocked (msDS-LockoutDuration 0 = until an administrator unlocks)\n' +
        'applies to it, so the lock never expires: bind → 49 data 775, with the right or a wrong password.',
    }),
    user({
      principal: EXPIRED,
      givenName: 'Ed',
      sn: 'Expired',
      displayName: 'Expired User',
      accountExpires: EXPIRED_AT,
      comment: `expired / ${EXPIRED.password}: accountExpires 2025-01-01 (in the past): bind → 49 data 701.`,
    }),
    user({
      principal: MUSTCHANGE,
      givenName: 'Max',
      sn: 'Mustchange',
      displayName: 'Must Change',
      pwdLastSet: 0n,
      comment: `mustchange / ${MUSTCHANGE.password}: pwdLastSet 0 (must change password at next logon).`,
    }),
    user({
      principal: OBRIEN,
      givenName: 'Dan',
      sn: "O'Brien",
      displayName: "Dan O'Brien (X)",
      comment: `o'brien(x) / ${OBRIEN.password}: sAMAccountName with an apostrophe and parentheses (RFC 4515 escaping).`,
    }),
    user({
      principal: JSMITH,
      givenName: 'John',
      sn: 'Smith',
      displayName: 'Smith, John',
      comment: `jsmith / ${JSMITH.password}: CN with a comma, DN CN=Smith\\, John,CN=Users,…; in Developers.`,
    }),
    {
      comment:
        'Fine-grained password policy for the locked user: as the domain policy, except that a lockout\n' +
        'lasts until an administrator unlocks the account (msDS-LockoutDuration 0).',
      dn: LOCKED_PSO,
      attributes: [
        ['objectClass', 'top'],
        ['objectClass', 'msDS-PasswordSettings'],
        ['cn', 'Lockout Until Unlocked'],
        ...identity(LOCKED_PSO, undefined),
        category('ms-DS-Password-Settings'),
        ['msDS-PasswordSettingsPrecedence', '1'],
        ['msDS-PasswordReversibleEncryptionEnabled', 'FALSE'],
        ['msDS-PasswordHistoryLength', '24'],
        ['msDS-PasswordComplexityEnabled', 'TRUE'],
        ['msDS-MinimumPasswordLength', '7'],
        ['msDS-MinimumPasswordAge', '0'],
        ['msDS-MaximumPasswordAge', INTERVAL_NEVER],
        ['msDS-LockoutThreshold', '5'],
        ['msDS-LockoutObservationWindow', THIRTY_MINUTES],
        ['msDS-LockoutDuration', '0'],
        ['msDS-PSOAppliesTo', userDN(LOCKED)],
      ],
    },
    group({
      cn: 'Developers',
      sid: domainSid(DEVELOPERS_RID),
      groupType: GLOBAL_SECURITY,
      description: 'Application developers',
      members: [userDN(ALICE), userDN(JSMITH)],
      comment: 'Global security groups. Developers is itself a member of Engineering (nesting).',
    }),
    group({
      cn: 'Engineering',
      sid: domainSid(ENGINEERING_RID),
      groupType: GLOBAL_SECURITY,
      description: 'All of engineering',
      members: [developers, userDN(BOB), userDN(OBRIEN)],
    }),
    group({
      cn: 'Announcements',
      sid: domainSid(ANNOUNCEMENTS_RID),
      groupType: GLOBAL_DISTRIBUTION,
      description: 'Distribution list (not a security group: absent from tokenGroups)',
      members: [userDN(ALICE), userDN(BOB)],
      comment: 'A distribution group (groupType 2): in memberOf, never in tokenGroups.',
    }),
    {
      comment: `${BULK_USER_COUNT} users without passwords (more than AD's MaxPageSize of 1000).`,
      dn: BULK,
      attributes: [
        ['objectClass', 'top'],
        ['objectClass', 'organizationalUnit'],
        ['ou', 'bulk'],
        ['description', 'Bulk users'],
        ...identity(BULK, undefined),
        category('Organizational-Unit'),
      ],
    },
  ];
  for (let i = 1; i <= BULK_USER_COUNT; i++) records.push(bulkUser(i));
  const bigGroupMembers: string[] = [];
  for (let i = 1; i <= BIG_GROUP_MEMBER_COUNT; i++) bigGroupMembers.push(bulkUserDN(i));
  records.push(
    group({
      cn: 'Big Group',
      sid: domainSid(BIG_GROUP_RID),
      groupType: GLOBAL_SECURITY,
      description: `${BIG_GROUP_MEMBER_COUNT} members: more than AD's MaxValRange of 1500 (range retrieval)`,
      members: bigGroupMembers,
      comment: `Big Group: ${BIG_GROUP_MEMBER_COUNT} members (every bulk user), for range retrieval.`,
    }),
  );
  return records;
}

/**
 * The fixture: the generator's own records, with what fixtures/ad/samba-provision.ldif (measured
 * on a real Samba DC) adds — the attributes Samba gives those records, after theirs, and the
 * entries Samba provisions that the generator does not write, after every own record (the
 * capture lists parents first, and every parent of a provisioned entry is provisioned or own).
 */
export function adFixtureRecords(): AdRecord[] {
  const captured = provisionRecords();
  const byDN = new Map(captured.map((record) => [record.dn.toLowerCase(), record]));
  const own = ownFixtureRecords().map((record) => {
    const more = byDN.get(record.dn.toLowerCase());
    byDN.delete(record.dn.toLowerCase());
    return more === undefined
      ? record
      : { ...record, attributes: [...record.attributes, ...more.attributes] };
  });
  const provisioned = captured
    .filter((record) => byDN.has(record.dn.toLowerCase()))
    // Samba's GUIDs are random; the fixture's are derived from the DN, as for every entry.
    .map((record) => ({ ...record, attributes: [...identity(record.dn, undefined), ...record.attributes] }));
  return [...own, ...provisioned];
}

/** fixtures/ad/samba-provision.ldif as records (in its order, values as it writes them). */
function provisionRecords(): AdRecord[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = resolve(here, '../fixtures/ad/samba-provision.ldif');
  return parseLdif(readFileSync(path), { fileName: path }).map((record) => {
    if (record.kind !== 'content') throw new Error(`${path}:${record.line}: not a content record`);
    return {
      dn: record.dn,
      attributes: record.attributes.flatMap((a) => a.values.map((value) => [a.type, value] as const)),
    };
  });
}

export function renderAdFixture(): string {
  const header = [
    '# Default directory of the ldapmock "ad" and "samba" profiles; see fixtures/README.md.',
    '# GENERATED by scripts/gen-ad-fixture.ts: edit the generator, not this file.',
    `# Domain ${DNS_DOMAIN} (NetBIOS ${NETBIOS_DOMAIN}), domain SID ${DOMAIN_SID}.`,
    '# unicodePwd values are the passwords in double quotes, UTF-16LE, base64 (as AD takes them).',
    'version: 1',
  ].join('\n');
  return `${header}\n\n${adFixtureRecords().map(renderRecord).join('\n\n')}\n`;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const here = dirname(fileURLToPath(import.meta.url));
  const target = process.argv[2] ?? resolve(here, '../fixtures/ad/default.ldif');
  writeFileSync(target, renderAdFixture());
  process.stdout.write(`wrote ${target}\n`);
}
