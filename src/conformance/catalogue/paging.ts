/**
 * Size limits and paging of the group search: slapd's 500-entry limit (paged totals capped too,
 * rootdn exempt), AD's MaxPageSize of 1000, Samba's absence of one. Paging must stay opt-in
 * (vault#4162 → #17640 → #18875 → #20453).
 */
import { encodeSid } from '../../core/sid.js';
import type { Scenario } from '../scenario.js';
import { AD, IN_CHAIN_GROUP_FILTER, OPENLDAP, only, openldapSearch } from './directories.js';

const openldapTeams = (count: number) =>
  [
    'dn: ou=teams,dc=example,dc=org\nobjectClass: organizationalUnit\nou: teams\n',
    'dn: uid=svc,ou=people,dc=example,dc=org\nobjectClass: inetOrgPerson\nuid: svc\ncn: svc\nsn: svc\nuserPassword: svc-password\n',
    ...teamNames(count).map(
      (name) =>
        `dn: cn=${name},ou=teams,dc=example,dc=org\nobjectClass: groupOfNames\ncn: ${name}\nmember: ${OPENLDAP.alice}\n`,
    ),
  ].join('\n');

/** Groups with their SIDs written out (RIDs from 50001), as an export of a real domain carries them. */
const adTeams = (count: number) =>
  [
    'dn: OU=Teams,DC=corp,DC=example,DC=com\nobjectClass: organizationalUnit\nou: Teams\n',
    ...teamNames(count).map(
      (name, i) =>
        `dn: CN=${name},OU=Teams,DC=corp,DC=example,DC=com\nobjectClass: group\nsAMAccountName: ${name}\n` +
        `objectSid:: ${encodeSid(`${AD.domainSid}-${50_001 + i}`).toString('base64')}\nmember: ${AD.alice}\n`,
    ),
  ].join('\n');

function teamNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `team-${String(i + 1).padStart(4, '0')}`);
}

const OPENLDAP_TEAMS = openldapTeams(520);
const AD_TEAMS = adTeams(1100);

const teamsOL = {
  ...openldapSearch,
  groupdn: 'ou=teams,dc=example,dc=org',
  groupfilter: '(member={{.UserDN}})',
};
const serviceOL = { ...teamsOL, binddn: 'uid=svc,ou=people,dc=example,dc=org', bindpass: 'svc-password' };
const teamsAD = {
  url: '$URL',
  binddn: AD.service,
  bindpass: AD.servicePassword,
  userdn: AD.users,
  userattr: 'sAMAccountName',
  groupdn: 'OU=Teams,DC=corp,DC=example,DC=com',
  groupfilter: IN_CHAIN_GROUP_FILTER,
};
const aliceOL = { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword } as const;
const aliceAD = { kind: 'login', username: 'alice', password: AD.alicePassword } as const;

export const paging: Scenario[] = [
  only('paging', 'openldap-size-limit', 'openldap', {
    why: 'slapd stops a non-root search at 500 entries with 4 (sizeLimitExceeded): the group search fails loudly, never with a truncated group list (vault#4162)',
    fixture: OPENLDAP_TEAMS,
    config: serviceOL,
    action: aliceOL,
    expect: { error: 'group-search-failed' },
    requires: ['groups'],
  }),
  only('paging', 'openldap-paged-total-capped', 'openldap', {
    why: 'slapd caps a paged search’s total at the hard limit too (size.prtotal=hard): paging does not lift it',
    fixture: OPENLDAP_TEAMS,
    config: { ...serviceOL, max_page_size: 100 },
    action: aliceOL,
    expect: { error: 'group-search-failed' },
    requires: ['groups'],
  }),
  only('paging', 'openldap-rootdn-unlimited', 'openldap', {
    why: 'the rootdn is exempt from limits: all 520 groups come back without paging',
    fixture: OPENLDAP_TEAMS,
    config: teamsOL,
    action: aliceOL,
    expect: { login: { groups: teamNames(520) } },
    requires: ['groups'],
  }),
  only('paging', 'ad-max-page-size', 'ad', {
    why: 'AD’s MaxPageSize (1000) ends an unpaged search with 4; the login fails instead of missing 100 groups (ldapjs#311)',
    fixture: AD_TEAMS,
    config: teamsAD,
    action: aliceAD,
    expect: { error: 'group-search-failed' },
    requires: ['groups'],
  }),
  only('paging', 'ad-paged', 'ad', {
    why: 'max_page_size > 0 pages the group search and gets all 1,100 groups (vault#17640, #19032)',
    fixture: AD_TEAMS,
    config: { ...teamsAD, max_page_size: 500 },
    action: aliceAD,
    expect: { login: { groups: teamNames(1100) } },
    requires: ['groups'],
  }),
  only('paging', 'ad-page-above-max', 'ad', {
    why: 'a page size above MaxPageSize is cut to 1000 per page by AD; following the cookie still gets everything (RocketChat#8372)',
    fixture: AD_TEAMS,
    config: { ...teamsAD, max_page_size: 2000 },
    action: aliceAD,
    expect: { login: { groups: teamNames(1100) } },
    requires: ['groups'],
  }),
  only('paging', 'samba-unpaged', 'samba', {
    why: 'Samba 4.17 enforces no MaxPageSize: the unpaged search returns all 1,100 groups',
    fixture: AD_TEAMS,
    config: teamsAD,
    action: aliceAD,
    expect: { login: { groups: teamNames(1100) } },
    requires: ['groups'],
  }),
  only('paging', 'samba-paged', 'samba', {
    why: 'paging on Samba walks the same 1,100 groups in pages (Samba’s estimate and empty last page)',
    fixture: AD_TEAMS,
    config: { ...teamsAD, max_page_size: 300 },
    action: aliceAD,
    expect: { login: { groups: teamNames(1100) } },
    requires: ['groups'],
  }),
];
