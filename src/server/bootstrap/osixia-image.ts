/**
 * What osixia's image (and rroemhild's, built the same way) does around a bootstrap folder: the
 * defaults its entrypoint derives from the environment, the rootdn's password it takes from
 * there, and the base and administrator entries it adds before the folder's data.
 */
import { rootpwOfClear } from '../accounts/root-password.js';
import type { LdifSource } from '../fixture-loader.js';

/**
 * The images' defaults, derived as their entrypoints derive them: osixia's (`LDAP_DOMAIN` →
 * `LDAP_BASE_DN`), bitnami's (`LDAP_ROOT`, `LDAP_ADMIN_USERNAME`), rroemhild's (`LDAP_BINDDN`,
 * `LDAP_SECRET`). Without any of them, the base is the one the folder's data is under.
 */
export function imageDefaults(
  env: Readonly<Record<string, string | undefined>>,
  dataBase: string | undefined,
): Record<string, string> {
  const named = env['LDAP_BASE_DN'] ?? env['LDAP_ROOT'];
  const domain = env['LDAP_DOMAIN'] ?? ((named ?? dataBase) ? domainOf(named ?? dataBase!) : 'example.org');
  const baseDN =
    named ?? (env['LDAP_DOMAIN'] || !dataBase ? `dc=${domain.split('.').join(',dc=')}` : dataBase);
  return {
    LDAP_DOMAIN: domain,
    LDAP_BASE_DN: baseDN,
    LDAP_ROOT: baseDN,
    LDAP_ORGANISATION: 'Example Inc.',
    LDAP_ADMIN_USERNAME: 'admin',
    LDAP_ADMIN_PASSWORD: env['LDAP_SECRET'] ?? 'admin',
    LDAP_BACKEND: 'mdb',
  };
}

/** `dc=planetexpress,dc=com` → `planetexpress.com`. */
function domainOf(dn: string): string {
  return [...dn.matchAll(/dc=([^,]+)/gi)].map((m) => m[1]).join('.') || 'example.org';
}

/** The rootdn's password as the image takes it: LDAP_ADMIN_PASSWORD, made a rootpw value. */
export function environmentRootPassword(env: Readonly<Record<string, string>>): string {
  return rootpwOfClear(env['LDAP_ADMIN_PASSWORD']!);
}

/** The image's base and administrator entries, as the data's first source. */
export function imageSources(env: Readonly<Record<string, string>>, rootDN: string): LdifSource[] {
  return [{ name: '<the image: base and admin entries>', text: imageEntries(env, rootDN) }];
}

/** What osixia's image adds before the folder: the base entry and the administrator's. */
function imageEntries(env: Readonly<Record<string, string>>, rootDN: string): string {
  const base = env['LDAP_BASE_DN']!;
  const dc = /^dc=([^,]+)/i.exec(base)?.[1] ?? 'example';
  const admin = /^cn=([^,]+)/i.exec(rootDN)?.[1] ?? 'admin';
  return [
    `dn: ${base}`,
    'objectClass: top',
    'objectClass: dcObject',
    'objectClass: organization',
    `o: ${env['LDAP_ORGANISATION']}`,
    `dc: ${dc}`,
    '',
    `dn: ${rootDN}`,
    'objectClass: simpleSecurityObject',
    'objectClass: organizationalRole',
    `cn: ${admin}`,
    'description: LDAP administrator',
    `userPassword: ${env['LDAP_ADMIN_PASSWORD']}`,
    '',
  ].join('\n');
}
