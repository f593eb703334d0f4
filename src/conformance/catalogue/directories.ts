/**
 * The principals of the default fixtures (fixtures/README.md) that scenarios log in as, the
 * configurations a careful operator writes for each directory, and the helpers that turn one
 * check into a scenario per profile.
 */
import type { ProfileName, Scenario, Topic } from '../scenario.js';

export const OPENLDAP = {
  base: 'dc=example,dc=org',
  people: 'ou=people,dc=example,dc=org',
  groups: 'ou=groups,dc=example,dc=org',
  admin: 'cn=admin,dc=example,dc=org',
  adminPassword: 'admin',
  alice: 'uid=alice,ou=people,dc=example,dc=org',
  alicePassword: 'alice-password',
  bob: 'uid=bob,ou=people,dc=example,dc=org',
  bobPassword: 'bob-password',
  /** uid `escaped`: a DN value with a leading `#`, comma, quotes, plus, non-ASCII and a trailing space. */
  escaped: 'cn=\\#Smith\\, \\"J\\+R\\" Müller\\ ,ou=people,dc=example,dc=org',
  escapedPassword: 'escaped-password',
  locked: 'uid=locked,ou=people,dc=example,dc=org',
  lockedPassword: 'locked-password',
} as const;

export const AD = {
  base: 'DC=corp,DC=example,DC=com',
  users: 'CN=Users,DC=corp,DC=example,DC=com',
  domain: 'corp.example.com',
  domainSid: 'S-1-5-21-2718281828-3141592653-1414213562',
  netbios: 'CORP',
  service: 'CN=svc-ldap,CN=Users,DC=corp,DC=example,DC=com',
  servicePassword: 'Sierra-Passw0rd!',
  administrator: 'CN=Administrator,CN=Users,DC=corp,DC=example,DC=com',
  administratorPassword: 'Admin-Passw0rd!',
  alice: 'CN=alice,CN=Users,DC=corp,DC=example,DC=com',
  alicePassword: 'Alpha-Passw0rd!',
  bob: 'CN=bob,CN=Users,DC=corp,DC=example,DC=com',
  bobPassword: 'Bravo-Passw0rd!',
  disabledPassword: 'Delta-Passw0rd!',
  lockedPassword: 'Lima-Passw0rd!',
  expiredPassword: 'Echo-Passw0rd!',
  mustChangePassword: 'Mike-Passw0rd!',
  obrien: "CN=o'brien(x),CN=Users,DC=corp,DC=example,DC=com",
  obrienPassword: 'Oscar-Passw0rd!',
  jsmith: 'CN=Smith\\, John,CN=Users,DC=corp,DC=example,DC=com',
  jsmithPassword: 'Juliett-Passw0rd!',
} as const;

/** The AD in-chain rule: transitive membership evaluated by the server. */
export const IN_CHAIN_GROUP_FILTER = '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={{.UserDN}}))';

/** OpenBao's service-account search against the openldap fixture. */
export const openldapSearch = {
  url: '$URL',
  binddn: OPENLDAP.admin,
  bindpass: OPENLDAP.adminPassword,
  userdn: OPENLDAP.people,
  userattr: 'uid',
  groupdn: OPENLDAP.groups,
} as const;

/** Direct bind: the bind DN is `uid=<name>,<userdn>`, no service account. */
export const openldapDirect = {
  url: '$URL',
  userdn: OPENLDAP.people,
  userattr: 'uid',
  groupdn: OPENLDAP.groups,
} as const;

/** The Vault documentation's AD setup: service account, sAMAccountName, nested groups by the in-chain rule. */
export const adSearch = {
  url: '$URL',
  binddn: AD.service,
  bindpass: AD.servicePassword,
  userdn: AD.users,
  userattr: 'sAMAccountName',
  groupdn: AD.users,
  groupfilter: IN_CHAIN_GROUP_FILTER,
} as const;

/** AD with upndomain: bind as `<name>@corp.example.com`, then look the DN up by UPN. */
export const adUpn = {
  url: '$URL',
  upndomain: AD.domain,
  userdn: AD.users,
  groupdn: AD.users,
  groupfilter: IN_CHAIN_GROUP_FILTER,
} as const;

/** AD with tokenGroups instead of a group search. */
export const adTokenGroups = {
  url: '$URL',
  binddn: AD.service,
  bindpass: AD.servicePassword,
  userdn: AD.users,
  userattr: 'sAMAccountName',
  use_token_groups: true,
} as const;

type ScenarioBody = Omit<Scenario, 'id' | 'topic' | 'profile'>;

/** One scenario: id `topic/name`. */
export function only(topic: Topic, name: string, profile: ProfileName, body: ScenarioBody): Scenario {
  return { id: `${topic}/${name}`, topic, profile, ...body };
}

/** The same check on several profiles: ids `topic/name@profile`. */
export function each(
  topic: Topic,
  name: string,
  profiles: readonly ProfileName[],
  body: (profile: ProfileName) => ScenarioBody,
): Scenario[] {
  return profiles.map((profile) => ({ id: `${topic}/${name}@${profile}`, topic, profile, ...body(profile) }));
}

export const AD_PROFILES: readonly ProfileName[] = ['ad', 'samba'];
export const ALL_PROFILES: readonly ProfileName[] = ['openldap', 'ad', 'samba'];

const openldapAlice = {
  config: openldapSearch,
  user: 'alice',
  userDN: OPENLDAP.alice,
  password: OPENLDAP.alicePassword,
  groups: ['developers'],
};
const adAlice = {
  config: adSearch,
  user: 'alice',
  userDN: AD.alice,
  password: AD.alicePassword,
  groups: ['Developers', 'Engineering', 'Announcements'],
};

/** The search configuration and a user of each profile's default fixture, for checks on every profile. */
export const DIRECTORY_OF: Readonly<Record<ProfileName, typeof openldapAlice | typeof adAlice>> = {
  openldap: openldapAlice,
  ad: adAlice,
  samba: adAlice,
};

/** A configuration without some keys (so they take OpenBao's defaults). */
export function omit<T extends object, K extends keyof T>(config: T, ...keys: K[]): Omit<T, K> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key as K))) as Omit<T, K>;
}
