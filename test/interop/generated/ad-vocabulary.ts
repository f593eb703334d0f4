/**
 * The generator's words for Samba ↔ samba: names and values of fixtures/ad/default.ldif (see
 * test/interop/probes-ad/fixture-names.ts), and the entries a sequence owns (CN=gen-…). Fixture
 * accounts bind with their right password only and fixture entries are not modified: a real DC
 * keeps bad-password counts and change stamps that no reset can take back.
 */
import { ADMINISTRATOR, domainSid, fixtureGuidString, userDN } from '../../../scripts/gen-ad-fixture.js';
import type { Account } from '../probes-ad/fixture-names.js';
import {
  ALICE,
  ANNOUNCEMENTS,
  BASE,
  BOB,
  BULK,
  DEVELOPERS,
  DISABLED,
  DOMAIN_USERS,
  ENGINEERING,
  EXPIRED,
  JSMITH,
  LOCKED,
  MUSTCHANGE,
  OBRIEN,
  SVC,
  USERS,
} from '../probes-ad/fixture-names.js';
import type { AddMutation, OwnEntry, Principal, Vocabulary } from './vocabulary.js';

const ADMINISTRATOR_DN = userDN(ADMINISTRATOR);
const GEN_OU = `OU=gen-ou,${BASE}`;
const GEN_1 = `CN=gen-1,${USERS}`;
const GEN_GROUP = `CN=gen-group,${USERS}`;
const MISSING = `CN=nobody,${USERS}`;

function accountPrincipal(account: Account, rightPasswordOnly = true): Principal {
  return {
    forms: [account.dn, account.upn, account.nt4, account.dn.toUpperCase(), account.sam],
    password: account.password,
    rightPasswordOnly,
  };
}

/** unicodePwd as AD takes it (the password quoted, UTF-16LE), as a generated value's bytes. */
const unicodePwd = (password: string) =>
  `base64:${Buffer.from(`"${password}"`, 'utf16le').toString('base64')}`;
const GEN_4 = `CN=gen-4,${USERS}`;
const GEN_4_PASSWORD = 'Gen4-Passw0rd!';

const user = (name: string, parent: string, extra: [string, string[]][] = []): OwnEntry => ({
  dn: `CN=${name},${parent}`,
  attributes: [['objectClass', ['user']], ['cn', [name]], ['sAMAccountName', [name]], ...extra],
});

const OWN_ENTRIES: readonly OwnEntry[] = [
  user('gen-1', USERS, [
    ['description', ['generated']],
    ['mail', ['gen-1@corp.example.com']],
  ]),
  user('gen-2', USERS, [['userAccountControl', ['514']]]),
  {
    dn: GEN_OU,
    attributes: [
      ['objectClass', ['organizationalUnit']],
      ['ou', ['gen-ou']],
    ],
  },
  user('gen-3', GEN_OU),
  // An account of the sequence's own, with a password: wrong and empty passwords bind against it
  // (its bad-password count and lockout go with it when the sequence ends).
  {
    ...user('gen-4', USERS, [
      ['userPrincipalName', ['gen-4@corp.example.com']],
      ['unicodePwd', [unicodePwd(GEN_4_PASSWORD)]],
      ['userAccountControl', ['512']],
    ]),
    password: GEN_4_PASSWORD,
  },
  {
    dn: GEN_GROUP,
    attributes: [
      ['objectClass', ['group']],
      ['cn', ['gen-group']],
      ['sAMAccountName', ['gen-group']],
      ['member', [ALICE.dn, GEN_1]],
    ],
  },
];

const replaceType =
  (type: string, values: string[]): AddMutation =>
  (attributes) => [...attributes.filter(([t]) => t.toLowerCase() !== type.toLowerCase()), [type, values]];

const ADD_MUTATIONS: readonly AddMutation[] = [
  replaceType('fooBarBaz', ['x']),
  replaceType('objectClass', ['noSuchClass']),
  replaceType('objectClass', ['top']),
  replaceType('objectClass', ['user', 'organizationalUnit']),
  replaceType('description', []),
  replaceType('description', ['one', 'one']),
  replaceType('mail', ['a@corp.example.com', 'b@corp.example.com']),
  replaceType('cn', ['someone-else']),
  replaceType('member', ['not a dn']),
  replaceType('member', [MISSING]),
  replaceType('userAccountControl', ['abc']),
  replaceType('objectSid', ['S-1-5-21-1-2-3-4']),
  replaceType('whenCreated', ['20200101000000.0Z']),
  (attributes) => attributes.filter(([t]) => t.toLowerCase() !== 'samaccountname'),
];

export const AD_VOCABULARY: Vocabulary = {
  principals: [
    {
      forms: [ADMINISTRATOR_DN, `${ADMINISTRATOR.sam}@corp.example.com`, `CORP\\${ADMINISTRATOR.sam}`],
      password: ADMINISTRATOR.password,
      rightPasswordOnly: true,
    },
    accountPrincipal(SVC),
    {
      // Samba also takes an account's SID (bare or <SID=…>), its <GUID=…> and user@NETBIOS.
      ...accountPrincipal(ALICE),
      forms: [
        ...accountPrincipal(ALICE).forms,
        `<SID=${domainSid(1104)}>`,
        domainSid(1104),
        `<GUID=${fixtureGuidString(ALICE.dn)}>`,
        'alice@CORP',
      ],
    },
    {
      forms: [GEN_4, 'gen-4@corp.example.com', 'CORP\\gen-4', 'gen-4'],
      password: GEN_4_PASSWORD,
    },
    accountPrincipal(BOB),
    accountPrincipal(JSMITH),
    accountPrincipal(OBRIEN),
    accountPrincipal(DISABLED),
    accountPrincipal(LOCKED),
    accountPrincipal(EXPIRED),
    accountPrincipal(MUSTCHANGE),
  ],
  otherBindNames: ['', MISSING, 'nobody@corp.example.com', 'CORP\\nobody', 'not a dn', DEVELOPERS, GEN_1],
  otherPasswords: ['wrong-password', '', 'New-Passw0rd!'],
  searchBases: [
    BASE,
    USERS,
    ALICE.dn,
    ALICE.dn.toUpperCase(),
    JSMITH.dn,
    DEVELOPERS,
    ENGINEERING,
    DOMAIN_USERS,
    `<SID=${domainSid(1104)}>`,
    '',
    `CN=Aggregate,CN=Schema,CN=Configuration,${BASE}`,
    MISSING,
    `CN=x,OU=missing,${BASE}`,
    'DC=elsewhere,DC=test',
    'not a dn',
    GEN_1,
    GEN_OU,
    GEN_GROUP,
    `CN=bulk0007,${BULK}`,
  ],
  largeBases: [BASE, BULK],
  filterAttributes: [
    'objectClass',
    'objectCategory',
    'cn',
    'name',
    'sAMAccountName',
    'userPrincipalName',
    'mail',
    'displayName',
    'givenName',
    'sn',
    'description',
    'member',
    'memberOf',
    'userAccountControl',
    'primaryGroupID',
    'groupType',
    'sAMAccountType',
    'distinguishedName',
    'whenCreated',
    'CN',
    'SAMACCOUNTNAME',
    '2.5.4.3',
    'fooBarBaz',
    'cn;x',
  ],
  values: {
    objectclass: ['user', 'USER', 'person', 'top', 'group', 'organizationalUnit', 'computer', 'noSuchClass'],
    objectcategory: ['person', 'Person', 'user', 'group', `CN=Person,CN=Schema,CN=Configuration,${BASE}`],
    cn: ['alice', 'Alice', 'Developers', 'Smith, John', "O'Brien", 'gen-1', 'bulk0007'],
    name: ['alice', 'Developers'],
    samaccountname: ['alice', 'ALICE', 'bob', 'svc-ldap', 'Developers', 'gen-1', 'nobody'],
    userprincipalname: ['alice@corp.example.com', 'ALICE@CORP.EXAMPLE.COM'],
    mail: ['alice@corp.example.com', 'gen-1@corp.example.com'],
    displayname: ['Alice Liddell'],
    givenname: ['Alice'],
    sn: ['Liddell'],
    description: ['Application developers', 'generated'],
    member: [ALICE.dn, JSMITH.dn, GEN_1, DEVELOPERS],
    memberof: [DEVELOPERS, ENGINEERING, ANNOUNCEMENTS],
    useraccountcontrol: ['512', '514', '66048', '2', 'abc'],
    primarygroupid: ['513', '512'],
    grouptype: ['-2147483646', '2'],
    samaccounttype: ['805306368', '268435456'],
    distinguishedname: [ALICE.dn],
    whencreated: ['20000101000000.0Z', '29991231235959.0Z'],
    '2.5.4.3': ['alice'],
    foobarbaz: ['x'],
  },
  oddValues: ['', ' ', '*', '(', ')', '\\', 'é', 'Ali', 'lice'],
  matchingRules: [
    '1.2.840.113556.1.4.803',
    '1.2.840.113556.1.4.804',
    '1.2.840.113556.1.4.1941',
    'caseIgnoreMatch',
    '2.5.13.2',
    '1.2.3.4',
  ],
  requestAttributes: [
    '*',
    '+',
    '1.1',
    'cn',
    'CN',
    'sAMAccountName',
    'mail',
    'memberOf',
    'member',
    'objectClass',
    'objectCategory',
    'objectSid',
    'objectGUID',
    'distinguishedName',
    'name',
    'whenCreated',
    'userAccountControl',
    'primaryGroupID',
    'tokenGroups',
    'fooBarBaz',
    'namingContexts',
    'supportedControl',
    'unicodePwd',
    '2.5.4.3',
    'member;range=0-1',
    'member;range=1-*',
    'cn;x',
  ],
  fixtureEntries: [ALICE.dn, BOB.dn, JSMITH.dn, DEVELOPERS, ENGINEERING, DOMAIN_USERS, USERS],
  writableFixtureEntries: [],
  nonLeafEntries: [BASE, USERS, BULK],
  missingEntries: [MISSING, `CN=x,OU=missing,${BASE}`, 'CN=x,DC=elsewhere,DC=test', 'not a dn', ''],
  ownEntries: OWN_ENTRIES,
  addMutations: ADD_MUTATIONS,
  modifyTypes: [
    'description',
    'mail',
    'displayName',
    'cn',
    'name',
    'sAMAccountName',
    'objectClass',
    'userAccountControl',
    'member',
    'memberOf',
    'objectSid',
    'whenCreated',
    'fooBarBaz',
    'DESCRIPTION',
  ],
  newRdns: ['CN=gen-1', 'CN=gen-9', 'CN=alice', 'OU=gen-x', 'fooBarBaz=x', 'bad'],
  parents: [USERS, GEN_OU, `OU=missing,${BASE}`, 'DC=elsewhere,DC=test'],
  passwordTargets: [ALICE.dn, GEN_1, MISSING, 'not a dn'],
};
