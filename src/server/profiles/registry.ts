/**
 * The profiles ldapmock emulates, in one list: each one's definition (loaded when first used, so
 * importing the package or starting the command line does not load every schema), its default
 * fixture, and what `serve` prints about that fixture. A new profile is one new file and one
 * entry here; `ProfileName`, `startMockServer({ profile })`, `serve --profile` and the banner
 * all derive from this list.
 */

import { identify } from '../content-identity.js';
import { packageFile } from '../package-files.js';
import type { Profile } from './profile.js';

export interface BannerFacts {
  /**
   * The administrator of the embedded fixture, as `name / password`; absent: the configured
   * rootdn and its password.
   */
  readonly administrator?: string;
  /** Who administers other data (a fixture of the user's own). */
  readonly administratorOfOtherData?: string;
  /**
   * Commands to try against the embedded fixture. Filled in: `{url}`, `{ldapsUrl}`, `{base}`,
   * `{tls}` (the LDAPTLS_CACERT setting), `{rootDN}`, `{rootPassword}`.
   */
  readonly examples: readonly string[];
}

export interface RegisteredProfile {
  readonly load: () => Promise<Profile>;
  /** The embedded fixture served when no LDIF is given. */
  readonly fixture: URL;
  readonly banner: BannerFacts;
}

const fixture = (path: string) => packageFile(`fixtures/${path}`);

/** The profile, named in images of data loaded on it; `schema`: whose built-in schema it has. */
function identified(name: string, schema: string, profile: Profile): Profile {
  identify(profile.schema, `${schema} schema`);
  return identify(profile, name);
}

const adExamples: readonly string[] = [
  `ldapsearch -x -H {url} -D alice@corp.example.com -w 'Alpha-Passw0rd!' -b {base} "(sAMAccountName=alice)" memberOf`,
  `ldapsearch -x -H {url} -D 'CORP\\alice' -w 'Alpha-Passw0rd!' -b CN=alice,CN=Users,{base} -s base tokenGroups`,
  `ldapsearch -x -H {url} -D 'CORP\\alice' -w 'Alpha-Passw0rd!' -b {base} "(member:1.2.840.113556.1.4.1941:=CN=alice,CN=Users,{base})" cn`,
  `ldapwhoami -x -H {url} -D locked@corp.example.com -w 'Lima-Passw0rd!'   # 49, data 775`,
  `{tls} ldapwhoami -x -H {ldapsUrl} -D 'CORP\\Administrator' -w 'Admin-Passw0rd!'`,
];

const adBanner: BannerFacts = {
  administrator: 'Administrator@corp.example.com / Admin-Passw0rd!',
  administratorOfOtherData: '(the Domain Admins of your data)',
  examples: adExamples,
};

export const PROFILE_REGISTRY = {
  openldap: {
    load: async () => identified('openldap', 'openldap', (await import('./openldap.js')).openldapProfile),
    fixture: fixture('openldap/default.ldif'),
    banner: {
      examples: [
        'ldapsearch -x -H {url} -b {base} "(uid=alice)"',
        'ldapwhoami -x -H {url} -D uid=alice,ou=people,{base} -w alice-password',
        '{tls} ldapwhoami -x -H {ldapsUrl} -D {rootDN} -w {rootPassword}',
      ],
    },
  },
  ad: {
    load: async () => identified('ad', 'ad', (await import('./ad.js')).adProfile),
    fixture: fixture('ad/default.ldif'),
    banner: adBanner,
  },
  samba: {
    load: async () => identified('samba', 'ad', (await import('./samba.js')).sambaProfile),
    fixture: fixture('ad/default.ldif'),
    banner: adBanner,
  },
} as const satisfies Readonly<Record<string, RegisteredProfile>>;

export type ProfileName = keyof typeof PROFILE_REGISTRY;

export const PROFILE_NAMES = Object.keys(PROFILE_REGISTRY) as readonly ProfileName[];

/** The registered profile of that name; undefined for an unknown name. */
export function registeredProfile(name: string): RegisteredProfile | undefined {
  return Object.hasOwn(PROFILE_REGISTRY, name) ? PROFILE_REGISTRY[name as ProfileName] : undefined;
}
