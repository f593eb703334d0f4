/**
 * The rootdn's password as slapd keeps it (olcRootPW, slapd.conf's `rootpw`, the `rootPassword`
 * option): cleartext, or a `{SCHEME}` hash as slappasswd makes it. slapd checks a bind against
 * it as it checks a userPassword value, so a hashed rootpw binds with the clear password it was
 * made from.
 */
import { hashPassword, isHashed, passwordMatches } from './user-password.js';

export function rootPasswordMatches(rootpw: string, candidate: Buffer): boolean {
  return passwordMatches([rootpw], candidate);
}

/**
 * A clear password the images hash themselves before it becomes the rootpw (LDAP_ADMIN_PASSWORD,
 * LDAP_SECRET), as a rootpw value: unchanged, unless it merely looks like `{SCHEME}…` — then its
 * own {SSHA} hash, so that it stays a password and is not read as a hash.
 */
export function rootpwOfClear(clear: string): string {
  return isHashed(clear) ? hashPassword(clear) : clear;
}
