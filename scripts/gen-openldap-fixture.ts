/**
 * Writes fixtures/openldap/default.ldif, the default directory of the `openldap` profile.
 * The same file is loaded into a real slapd by scripts/slapd-up.sh (ldapadd as rootdn) and into
 * the mock, so the differential suite compares the two servers on identical data.
 *
 * Run: npx tsx scripts/gen-openldap-fixture.ts [output path]
 *
 * Only schema from core, cosine, nis, inetorgperson and the ppolicy overlay's built-in schema is
 * used. Records are ordered so that every entry's parent and every group's members exist before
 * it (memberof only fills memberOf for members that exist when the group is written).
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type AttributeList = ReadonlyArray<readonly [name: string, value: string]>;

interface LdifRecord {
  readonly comment?: string;
  readonly dn: string;
  readonly attributes: AttributeList;
}

const BASE = 'dc=example,dc=org';
const PEOPLE = `ou=people,${BASE}`;
const GROUPS = `ou=groups,${BASE}`;
const POLICIES = `ou=policies,${BASE}`;
const BULK = `ou=bulk,${BASE}`;
export const BULK_USER_COUNT = 600;

/** The hostile display name: leading '#', comma, quotes, plus, non-ASCII and a trailing space. */
const ESCAPED_CN = '#Smith, "J+R" Müller ';
/** RFC 4514 form of ESCAPED_CN as an RDN value (backslash before each special character). */
const ESCAPED_RDN_VALUE = '\\#Smith\\, \\"J\\+R\\" Müller\\ ';
const ESCAPED_DN = `cn=${ESCAPED_RDN_VALUE},${PEOPLE}`;

/** RFC 2849: a value needs base64 when it is not a SAFE-STRING or ends with a space. */
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

function line(name: string, value: string): string {
  return needsBase64(value)
    ? `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`
    : `${name}: ${value}`;
}

function renderRecord(record: LdifRecord): string {
  const lines: string[] = [];
  if (record.comment !== undefined) {
    for (const commentLine of record.comment.split('\n')) lines.push(`# ${commentLine}`);
  }
  lines.push(line('dn', record.dn));
  for (const [name, value] of record.attributes) lines.push(line(name, value));
  return lines.join('\n');
}

function organizationalUnit(ou: string): LdifRecord {
  return {
    dn: `ou=${ou},${BASE}`,
    attributes: [
      ['objectClass', 'organizationalUnit'],
      ['ou', ou],
    ],
  };
}

interface PosixUser {
  readonly uid: string;
  readonly givenName: string;
  readonly sn: string;
  readonly uidNumber: number;
  readonly gidNumber: number;
  readonly password: string;
}

function posixUser(user: PosixUser, extra: AttributeList = []): LdifRecord {
  return {
    dn: `uid=${user.uid},${PEOPLE}`,
    attributes: [
      ['objectClass', 'inetOrgPerson'],
      ['objectClass', 'posixAccount'],
      ['uid', user.uid],
      ['cn', `${user.givenName} ${user.sn}`],
      ['givenName', user.givenName],
      ['sn', user.sn],
      ['mail', `${user.uid}@example.org`],
      ['uidNumber', String(user.uidNumber)],
      ['gidNumber', String(user.gidNumber)],
      ['homeDirectory', `/home/${user.uid}`],
      ['loginShell', '/bin/bash'],
      ['userPassword', user.password],
      ...extra,
    ],
  };
}

function bulkUser(index: number): LdifRecord {
  const id = String(index).padStart(4, '0');
  return {
    dn: `uid=bulk${id},${BULK}`,
    attributes: [
      ['objectClass', 'inetOrgPerson'],
      ['uid', `bulk${id}`],
      ['cn', `Bulk User ${id}`],
      ['sn', `User${id}`],
    ],
  };
}

export function openldapFixtureRecords(): LdifRecord[] {
  const records: LdifRecord[] = [
    {
      comment: 'Base entry',
      dn: BASE,
      attributes: [
        ['objectClass', 'dcObject'],
        ['objectClass', 'organization'],
        ['dc', 'example'],
        ['o', 'Example Org'],
      ],
    },
    organizationalUnit('people'),
    organizationalUnit('groups'),
    organizationalUnit('policies'),
    {
      comment:
        'ppolicy default policy (olcPPolicyDefault points here). Lockout after 5 failures for 5 minutes,\n' +
        'failures forgotten after 5 minutes, new passwords at least 8 characters.',
      dn: `cn=default,${POLICIES}`,
      attributes: [
        ['objectClass', 'device'],
        ['objectClass', 'pwdPolicy'],
        ['cn', 'default'],
        ['pwdAttribute', 'userPassword'],
        ['pwdLockout', 'TRUE'],
        ['pwdMaxFailure', '5'],
        ['pwdLockoutDuration', '300'],
        ['pwdFailureCountInterval', '300'],
        ['pwdMinLength', '8'],
        ['pwdCheckQuality', '1'],
        ['pwdAllowUserChange', 'TRUE'],
        ['pwdMustChange', 'FALSE'],
        ['pwdSafeModify', 'FALSE'],
      ],
    },
    {
      comment: 'alice / alice-password: member of cn=developers, which is a member of cn=engineering',
      ...posixUser({
        uid: 'alice',
        givenName: 'Alice',
        sn: 'Liddell',
        uidNumber: 10001,
        gidNumber: 10001,
        password: 'alice-password',
      }),
    },
    {
      comment: 'bob / bob-password: memberUid of posixGroup cn=ops, uniqueMember of cn=auditors',
      ...posixUser({
        uid: 'bob',
        givenName: 'Bob',
        sn: 'Builder',
        uidNumber: 10002,
        gidNumber: 5002,
        password: 'bob-password',
      }),
    },
    {
      comment:
        'uid=escaped / escaped-password: the RDN value needs escaping (leading #, comma, quotes,\n' +
        'plus, non-ASCII, trailing space). Member of cn=developers.',
      dn: ESCAPED_DN,
      attributes: [
        ['objectClass', 'inetOrgPerson'],
        ['cn', ESCAPED_CN],
        ['sn', 'Müller'],
        ['givenName', 'J+R'],
        ['uid', 'escaped'],
        ['mail', 'escaped@example.org'],
        ['userPassword', 'escaped-password'],
      ],
    },
    {
      comment:
        'locked / locked-password: permanently locked by ppolicy (000001010000Z = until an\n' +
        'administrator removes pwdAccountLockedTime); every bind gives 49.',
      ...posixUser(
        {
          uid: 'locked',
          givenName: 'Lou',
          sn: 'Locked',
          uidNumber: 10003,
          gidNumber: 10003,
          password: 'locked-password',
        },
        [['pwdAccountLockedTime', '000001010000Z']],
      ),
    },
    {
      comment: 'Groups. developers is itself a member of engineering (nested groupOfNames).',
      dn: `cn=developers,${GROUPS}`,
      attributes: [
        ['objectClass', 'groupOfNames'],
        ['cn', 'developers'],
        ['description', 'Application developers'],
        ['member', `uid=alice,${PEOPLE}`],
        ['member', ESCAPED_DN],
      ],
    },
    {
      dn: `cn=engineering,${GROUPS}`,
      attributes: [
        ['objectClass', 'groupOfNames'],
        ['cn', 'engineering'],
        ['description', 'All of engineering'],
        ['member', `cn=developers,${GROUPS}`],
      ],
    },
    {
      dn: `cn=ops,${GROUPS}`,
      attributes: [
        ['objectClass', 'posixGroup'],
        ['cn', 'ops'],
        ['gidNumber', '5002'],
        ['description', 'Operations (posixGroup, memberUid holds uids)'],
        ['memberUid', 'bob'],
      ],
    },
    {
      dn: `cn=auditors,${GROUPS}`,
      attributes: [
        ['objectClass', 'groupOfUniqueNames'],
        ['cn', 'auditors'],
        ['description', 'Auditors (groupOfUniqueNames)'],
        ['uniqueMember', `uid=bob,${PEOPLE}`],
      ],
    },
    {
      comment: `${BULK_USER_COUNT} users without passwords, more than the 500-entry size limit`,
      ...organizationalUnit('bulk'),
    },
  ];
  for (let i = 1; i <= BULK_USER_COUNT; i++) records.push(bulkUser(i));
  return records;
}

export function renderOpenldapFixture(): string {
  const header = [
    '# Default directory of the ldapmock "openldap" profile; see fixtures/README.md.',
    '# GENERATED by scripts/gen-openldap-fixture.ts: edit the generator, not this file.',
    '# Passwords are cleartext; a real slapd hashes them on add (ppolicy olcPPolicyHashCleartext).',
    'version: 1',
  ].join('\n');
  return `${header}\n\n${openldapFixtureRecords().map(renderRecord).join('\n\n')}\n`;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const here = dirname(fileURLToPath(import.meta.url));
  const target = process.argv[2] ?? resolve(here, '../fixtures/openldap/default.ldif');
  writeFileSync(target, renderOpenldapFixture());
  process.stdout.write(`wrote ${target}\n`);
}
