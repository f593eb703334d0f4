/**
 * userPassword values as OpenLDAP keeps them: cleartext or `{SCHEME}base64`, the
 * scheme tag matched case-insensitively (`{ssha}` and `{SSHA}` are the same).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AttributeValue } from '../operations.js';

const digests: Record<string, string> = {
  sha: 'sha1',
  ssha: 'sha1',
  sha256: 'sha256',
  ssha256: 'sha256',
  sha512: 'sha512',
  ssha512: 'sha512',
  md5: 'md5',
  smd5: 'md5',
};

export function passwordMatches(stored: readonly AttributeValue[], candidate: Buffer): boolean {
  return stored.some((value) =>
    valueMatches(typeof value === 'string' ? Buffer.from(value, 'utf8') : value, candidate),
  );
}

function valueMatches(stored: Buffer, candidate: Buffer): boolean {
  const text = stored.toString('utf8');
  const scheme = /^\{([A-Za-z0-9-]+)\}/.exec(text);
  if (!scheme) return equal(stored, candidate);
  const name = scheme[1]!.toLowerCase();
  const payload = text.slice(scheme[0].length);
  if (name === 'cleartext') return equal(Buffer.from(payload, 'utf8'), candidate);
  const algorithm = digests[name];
  if (!algorithm) return false;
  const decoded = Buffer.from(payload, 'base64');
  const size = createHash(algorithm).digest().length;
  if (decoded.length < size) return false;
  const hash = decoded.subarray(0, size);
  const salt = name.startsWith('s') ? decoded.subarray(size) : Buffer.alloc(0);
  return equal(createHash(algorithm).update(candidate).update(salt).digest(), hash);
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The `{SCHEME}` of a hashed value when passwordMatches cannot check it (`{CRYPT}`, `{PBKDF2}`…). */
export function uncheckableScheme(value: string): string | undefined {
  const scheme = /^\{([A-Za-z0-9-]+)\}/.exec(value);
  if (!scheme) return undefined;
  const name = scheme[1]!.toLowerCase();
  return name === 'cleartext' || name in digests ? undefined : scheme[0];
}

/** A `{SCHEME}…` value (as opposed to cleartext). */
export function isHashed(value: AttributeValue): boolean {
  return /^\{[A-Za-z0-9-]+\}/.test(typeof value === 'string' ? value : value.toString('latin1'));
}

/** `{SSHA}`: SHA-1 of password and an 8-byte salt, then the salt, base64 — slapd's default scheme. */
export function hashPassword(value: AttributeValue): string {
  const salt = randomBytes(8);
  const password = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}
