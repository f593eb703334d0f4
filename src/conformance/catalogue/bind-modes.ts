/**
 * How the user's bind DN is found: a service-account search, an anonymous search (discoverdn),
 * a DN built from the name, or AD's `name@upndomain` — and the service account's own name forms.
 */
import type { Scenario } from '../scenario.js';
import {
  AD,
  AD_PROFILES,
  adSearch,
  adUpn,
  DIRECTORY_OF,
  each,
  IN_CHAIN_GROUP_FILTER,
  OPENLDAP,
  omit,
  only,
  openldapDirect,
  openldapSearch,
} from './directories.js';

const aliceAD = { kind: 'login', username: 'alice', password: AD.alicePassword } as const;
const aliceOL = { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword } as const;
const adGroups = ['Developers', 'Engineering', 'Announcements'];

export const bindModes: Scenario[] = [
  only('bind-modes', 'search', 'openldap', {
    why: 'the service account finds the user, the user binds, the service account searches the groups (vault#2534)',
    config: openldapSearch,
    action: aliceOL,
    expect: { login: { userDN: OPENLDAP.alice, groups: ['developers'], alias: 'alice' } },
  }),
  only('bind-modes', 'direct', 'openldap', {
    why: 'without a service account the bind DN is `uid=<name>,<userdn>` and the user reads the groups',
    config: openldapDirect,
    action: aliceOL,
    expect: { login: { userDN: OPENLDAP.alice, groups: ['developers'] } },
  }),
  only('bind-modes', 'discoverdn', 'openldap', {
    why: 'discoverdn finds the DN with an anonymous search, so users outside a flat userdn can log in (OpenBao basic_discover)',
    config: {
      url: '$URL',
      discoverdn: true,
      userdn: OPENLDAP.base,
      userattr: 'uid',
      groupdn: OPENLDAP.groups,
    },
    action: aliceOL,
    expect: { login: { userDN: OPENLDAP.alice, groups: ['developers'] } },
  }),
  ...each('bind-modes', 'discoverdn-anonymous-refused', AD_PROFILES, () => ({
    why: 'AD refuses anonymous searches (000004DC): discoverdn cannot find anyone, and the login is refused, not crashed',
    config: { url: '$URL', discoverdn: true, userdn: AD.users, userattr: 'sAMAccountName' },
    action: aliceAD,
    expect: { error: ['denied', 'failed'] },
  })),
  ...each('bind-modes', 'upndomain', AD_PROFILES, () => ({
    why: 'AD binds as `alice@corp.example.com`; the DN then comes from a filter-escaped UPN search',
    config: adUpn,
    action: aliceAD,
    expect: { login: { userDN: AD.alice, groups: adGroups } },
  })),
  ...each('bind-modes', 'upndomain-unknown-user', AD_PROFILES, () => ({
    why: 'a UPN bind for a name with no account must be refused (52e), not mistaken for an anonymous bind',
    config: adUpn,
    action: { kind: 'login', username: 'nobody', password: AD.alicePassword },
    expect: { error: 'denied' },
  })),
  ...each('bind-modes', 'service-account-netbios-name', AD_PROFILES, () => ({
    why: 'AD service accounts are often written `CORP\\svc-ldap` (jupyterhub/ldapauthenticator#12)',
    config: { ...adSearch, binddn: `${AD.netbios}\\svc-ldap` },
    action: aliceAD,
    expect: { login: { userDN: AD.alice, groups: adGroups } },
  })),
  ...each('bind-modes', 'service-account-upn', AD_PROFILES, () => ({
    why: 'AD service accounts written as a UPN must bind too (ldapjs#222)',
    config: { ...adSearch, binddn: `svc-ldap@${AD.domain}` },
    action: aliceAD,
    expect: { login: { userDN: AD.alice, groups: adGroups } },
  })),
  ...each('bind-modes', 'search-without-group-filter', AD_PROFILES, () => ({
    why: 'with groupdn set but an in-chain filter missing, OpenBao’s default filter finds direct member groups only',
    config: omit(adSearch, 'groupfilter'),
    action: aliceAD,
    expect: { login: { groups: ['Developers', 'Announcements'] } },
    requires: ['groups'],
  })),
  ...each('bind-modes', 'wrong-service-password', ['openldap', 'ad'], (profile) => ({
    why: 'a wrong bindpass refuses every login with the same generic error, never falls back to an anonymous search',
    config: { ...DIRECTORY_OF[profile].config, bindpass: 'Wrong-Passw0rd!' },
    action: { kind: 'login', username: 'alice', password: DIRECTORY_OF[profile].password },
    expect: { error: 'denied' },
  })),
  only('bind-modes', 'direct-wrong-userattr', 'openldap', {
    why: 'direct bind with the wrong naming attribute (`cn=alice,…`) names no entry: refused with 49, not 32 leaked as a crash',
    config: { ...openldapDirect, userattr: 'cn' },
    action: aliceOL,
    expect: { error: 'denied' },
  }),
  only('bind-modes', 'search-base-missing', 'openldap', {
    why: 'a userdn that does not exist (32 noSuchObject) refuses the login',
    config: { ...openldapSearch, userdn: 'ou=nowhere,dc=example,dc=org' },
    action: aliceOL,
    expect: { error: ['denied', 'failed'] },
  }),
  only('bind-modes', 'wrong-password', 'openldap', {
    why: 'the plain case: the user bind fails with 49',
    config: openldapSearch,
    action: { kind: 'login', username: 'alice', password: 'not-alice-password' },
    expect: { error: 'denied' },
  }),
  only('bind-modes', 'in-chain-groups-without-service-account', 'ad', {
    why: 'with upndomain and no service account the user searches its own groups over the same connection',
    config: { ...adUpn, groupfilter: IN_CHAIN_GROUP_FILTER },
    action: { kind: 'login', username: 'bob', password: AD.bobPassword },
    expect: { login: { groups: ['Engineering', 'Announcements'] } },
    requires: ['groups'],
  }),
];
